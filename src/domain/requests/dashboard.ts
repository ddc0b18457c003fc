/**
 * The dashboard's section on work with the masses: "my open requests" (owned by the actor, not
 * closed, oldest first, with overdue marks) and the actor's zone's 院坝会 this month (from the
 * compliance report, so the figure agrees with the zone page and the report).
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { courtyardQuota } from "../zones/page.ts";
import { zoneIdOn } from "../zones/reach.ts";
import { openRequestsOf } from "./queries.ts";

export async function liaisonSummary(db: Db, kx: Kysely<DB>, actor: Actor, today: string) {
  const openRequests = await openRequestsOf(db, actor.id, today);
  const zoneId = await zoneIdOn(db, actor.id, today);
  const zone = zoneId === null ? null : await db.zone.findUnique({ where: { id: zoneId }, select: { id: true, name: true } });
  const courtyard = zone ? (await courtyardQuota(kx, zone.id, today)).thisMonth : null;
  return { openRequests, overdue: openRequests.filter((r) => r.overdue).length, zone, courtyard };
}
