/**
 * Who reaches a responsibility zone (责任区). A member belongs to one zone at a time
 * (ZoneAssignment with `fromOn ≤ date ≤ toOn`, toOn null = still); the zone's members on today,
 * the secretary of its branch and an admin above it act in the zone: they see its residents'
 * personal data on a resident's own page, record its meetings, requests and activists' notes.
 * A reviewer whose subtree holds the zone reads it (as the secretary sees it) but does not act.
 * Everyone else gets 404 for the zone's scoped records (ARCHITECTURE.md, authorization layer 2).
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { Db } from "../../db/client.ts";
import type { DB } from "../../db/kysely.ts";
import { prepared } from "../../db/prepared.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { zoneWhere } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { NotFoundError } from "../../core/errors.ts";
import { heldOn } from "../held-on.ts";
import { openFirstNatural } from "../natural-order.ts";

type Reader = Db | Prisma.TransactionClient;


/** The zone id `memberId` is assigned to on `date`, or null. */
export async function zoneIdOn(db: Reader, memberId: number, date: string): Promise<number | null> {
  const a = await db.zoneAssignment.findFirst({ where: { memberId, ...heldOn(date) }, orderBy: { fromOn: "desc" }, select: { zoneId: true } });
  return a?.zoneId ?? null;
}

/** Does the actor act in zone `zoneId` on `today` (its member then, its branch's secretary or admin)? */
export async function actsInZone(db: Reader, actor: Viewer, zoneId: number, today: string): Promise<boolean> {
  if ((await zoneIdOn(db, actor.id, today)) === zoneId) return true;
  const branch = await branchOfZone(db, zoneId);
  return branch !== null && can.actInBranch(actor.reach, branch);
}

/** Does the actor read zone `zoneId` on `today` (acts in it, or a reviewer's subtree holds it)? */
export async function readsZone(db: Reader, actor: Viewer, zoneId: number, today: string): Promise<boolean> {
  if ((await zoneIdOn(db, actor.id, today)) === zoneId) return true;
  const branch = await branchOfZone(db, zoneId);
  return branch !== null && can.readOrg(actor.reach, branch);
}

/** The branch (id, path) of a zone, or null when there is no such zone. */
export async function branchOfZone(db: Reader, zoneId: number): Promise<{ id: number; path: string } | null> {
  const z = await db.zone.findUnique({ where: { id: zoneId }, select: { branch: { select: { id: true, path: true } } } });
  return z?.branch ?? null;
}

/** The zone, when the actor reads it; NotFoundError otherwise (or when it does not exist). */
export async function findReachableZone(db: Reader, actor: Viewer, zoneId: number, today: string) {
  const zone = await db.zone.findUnique({ where: { id: zoneId }, include: { leader: { select: { id: true, name: true, phone: true } } } });
  if (!zone || !(await readsZone(db, actor, zone.id, today))) throw new NotFoundError();
  return zone;
}

// assertReadsZone's reads, compiled once (db/prepared.ts): every zone page makes them.
const zoneWithBranchPath = prepared((kx: Kysely<DB>, zoneId: number) =>
  kx.selectFrom("Zone as z").innerJoin("Org as b", "b.id", "z.branchId").select(["z.id", "b.path"]).where("z.id", "=", zoneId),
);
const assignedZoneOn = prepared((kx: Kysely<DB>, memberId: number, today: string) =>
  kx
    .selectFrom("ZoneAssignment")
    .select("zoneId")
    .where("memberId", "=", memberId)
    .where("fromOn", "<=", today)
    .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", today)]))
    .orderBy("fromOn", "desc")
    .limit(1),
);

/**
 * `findReachableZone` on Kysely (either engine), for a page that needs only the check (a zone's
 * year, read per request; issue 16: its three Prisma reads cost ~2 ms of CPU): the zone's branch,
 * then, only when that branch is out of the actor's reach, the actor's zone on `today`
 * (`readsZone`'s rule: either one lets them read it).
 * @throws NotFoundError when there is no such zone or the actor does not read it.
 */
export async function assertReadsZone(kx: Kysely<DB>, actor: Viewer, zoneId: number, today: string): Promise<void> {
  const [zone] = await zoneWithBranchPath(kx, zoneId);
  if (!zone) throw new NotFoundError();
  if (can.readOrg(actor.reach, zone)) return; // an overseer of its branch: their own zone need not be read
  const [own] = await assignedZoneOn(kx, actor.id, today);
  if (own?.zoneId !== zoneId) throw new NotFoundError();
}

/** Zones the actor reads on `today`: their own, and every zone of the branches they reach; open ones first, in natural order. */
export async function zonesOfActor(db: Reader, actor: Viewer, today: string) {
  const id = await zoneIdOn(db, actor.id, today);
  const or: Prisma.ZoneWhereInput[] = [zoneWhere(actor.reach)];
  if (id !== null) or.push({ id });
  return openFirstNatural(await db.zone.findMany({ where: { OR: or }, select: { id: true, name: true, retiredOn: true } }));
}

/**
 * The zone's members on `date` (active accounts), by role then name: the roster (名单). ADMIN
 * accounts are system operators outside the quotas, never a zone's member, even if assigned
 * (QA 20; the compliance report omits them the same way).
 */
export async function rosterOn(db: Reader, zoneId: number, date: string) {
  const rows = await db.zoneAssignment.findMany({
    where: { zoneId, ...heldOn(date), member: { active: true, role: { not: "ADMIN" } } },
    select: { member: { select: { id: true, name: true, username: true, role: true, cadreLevel: true, phone: true } } },
  });
  const order: Record<string, number> = { SECRETARY: 0, CADRE: 1, MEMBER: 2 };
  return rows
    .map((r) => r.member)
    .sort((a, b) => (order[a.role] ?? 9) - (order[b.role] ?? 9) || a.name.localeCompare(b.name, "zh-CN") || a.id - b.id);
}
