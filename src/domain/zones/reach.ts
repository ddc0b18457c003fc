/**
 * Who reaches a responsibility zone (责任区). A member belongs to one zone at a time
 * (ZoneAssignment with `fromOn ≤ date ≤ toOn`, toOn null = still); the zone's members on today,
 * the secretary and the admin act in the zone: they see its residents' personal data on a
 * resident's own page, record its meetings, requests and activists' notes. Everyone else gets
 * 404 for the zone's scoped records (ARCHITECTURE.md, authorization layer 2).
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { readsEveryone, type Actor } from "../actor.ts";
import { NotFoundError } from "../errors.ts";
import { heldOn } from "../held-on.ts";
import { openFirstNatural } from "../natural-order.ts";

type Reader = Db | Prisma.TransactionClient;


/** The zone id `memberId` is assigned to on `date`, or null. */
export async function zoneIdOn(db: Reader, memberId: number, date: string): Promise<number | null> {
  const a = await db.zoneAssignment.findFirst({ where: { memberId, ...heldOn(date) }, orderBy: { fromOn: "desc" }, select: { zoneId: true } });
  return a?.zoneId ?? null;
}

/** Does the actor act in zone `zoneId` on `today` (its member then, or secretary/admin)? */
export async function actsInZone(db: Reader, actor: Actor, zoneId: number, today: string): Promise<boolean> {
  return readsEveryone(actor) || (await zoneIdOn(db, actor.id, today)) === zoneId;
}

/** The zone, when the actor acts in it; NotFoundError otherwise (or when it does not exist). */
export async function findReachableZone(db: Reader, actor: Actor, zoneId: number, today: string) {
  const zone = await db.zone.findUnique({ where: { id: zoneId }, include: { leader: { select: { id: true, name: true, phone: true } } } });
  if (!zone || !(await actsInZone(db, actor, zone.id, today))) throw new NotFoundError();
  return zone;
}

/** Zones the actor acts in on `today` (every zone for the secretary and admin), by name. */
export async function zonesOfActor(db: Reader, actor: Actor, today: string) {
  if (readsEveryone(actor)) return openFirstNatural(await db.zone.findMany({ select: { id: true, name: true, retiredOn: true } }));
  const id = await zoneIdOn(db, actor.id, today);
  return id === null ? [] : db.zone.findMany({ where: { id }, select: { id: true, name: true, retiredOn: true } });
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
