/**
 * Scoped reads of 三进三同 stays. A stay is read by its cadre and by whoever reaches the cadre
 * (auth/reach.ts memberWhere: the secretary of their branch, reviewers and admins of a subtree
 * holding it); anyone else gets NotFoundError (404). Soft-deleted stays are never returned.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";
import { zoneIdOn } from "../zones/reach.ts";

type Reader = Db | Prisma.TransactionClient;

const show = {
  cadre: { select: { id: true, name: true, username: true } },
  resident: { select: { id: true, name: true, zoneId: true, zone: { select: { name: true } } } },
} as const;

/** The stay `id` when the actor reaches its cadre; NotFoundError otherwise. */
export async function findReadableStay(db: Db, actor: Viewer, id: number) {
  const stay = await db.stay.findFirst({ where: { id, deletedAt: null, cadre: memberWhere(actor.reach) }, include: show });
  if (!stay) throw new NotFoundError();
  return stay;
}

/** The actor's own stay `id`; NotFoundError otherwise. */
export async function findOwnStay(db: Reader, actor: Actor, id: number) {
  const stay = await db.stay.findFirst({ where: { id, cadreId: actor.id, deletedAt: null } });
  if (!stay) throw new NotFoundError();
  return stay;
}

/**
 * The households a cadre may record a stay with on `today`: the residents of the zone they belong
 * to that day and their own 结穷亲 households (running or ended), by name. At most 1,000.
 */
export async function stayCandidates(db: Reader, actor: Actor, today: string) {
  const zoneId = await zoneIdOn(db, actor.id, today);
  const or: Prisma.ResidentWhereInput[] = [{ pairings: { some: { cadreId: actor.id } } }];
  if (zoneId !== null) or.push({ zoneId });
  return db.resident.findMany({
    where: { deletedAt: null, OR: or },
    select: { id: true, name: true, zone: { select: { name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 1000,
  });
}

/** Is resident `residentId` one the cadre may stay with (stayCandidates' rule)? */
export async function mayStayWith(db: Reader, actor: Actor, residentId: number, today: string): Promise<boolean> {
  const zoneId = await zoneIdOn(db, actor.id, today);
  const or: Prisma.ResidentWhereInput[] = [{ pairings: { some: { cadreId: actor.id } } }];
  if (zoneId !== null) or.push({ zoneId });
  return (await db.resident.count({ where: { id: residentId, deletedAt: null, OR: or } })) > 0;
}

/** A member's stays beginning in `year`, oldest first (their dashboard, year page and binder). */
export async function staysOfMember(db: Reader, memberId: number, year: number) {
  return db.stay.findMany({
    where: { cadreId: memberId, deletedAt: null, fromOn: { gte: `${year}-01-01`, lte: `${year}-12-31` } },
    include: { resident: { select: { id: true, name: true } } },
    orderBy: [{ fromOn: "asc" }, { id: "asc" }],
  });
}
