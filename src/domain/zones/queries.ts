/**
 * The admin's reads of zones: every zone with its leader, its members on `today` and the year's
 * talks and line visits attributed by date (src/domain/zones/totals.ts); one zone's members on a
 * date; and the roster to pick from when moving members in bulk (each with the zone held today).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { containsText } from "../../db/like.ts";
import type { Db } from "../../db/client.ts";
import { zoneRecordTotals } from "./totals.ts";
import { heldOn } from "../held-on.ts";
import { openFirstNatural } from "../natural-order.ts";
import type { Prisma } from "../../generated/prisma/client.ts";


/** `scope`: the branches the admin manages (auth/reach.ts adminOrgWhere); every zone when absent. */
export async function listZones(db: Db, kx: Kysely<DB>, today: string, scope: Prisma.OrgWhereInput = {}) {
  const year = Number(today.slice(0, 4));
  const [zones, counts, totals] = await Promise.all([
    db.zone.findMany({ where: { branch: scope }, orderBy: [{ retiredOn: "asc" }, { name: "asc" }], include: { leader: { select: { name: true } } } }).then(openFirstNatural),
    db.zoneAssignment.groupBy({ by: ["zoneId"], where: heldOn(today), _count: { _all: true } }),
    zoneRecordTotals(kx, year),
  ]);
  const members = new Map(counts.map((c) => [c.zoneId, c._count._all]));
  return {
    year,
    zones: zones.map((z) => ({ ...z, members: members.get(z.id) ?? 0, talks: totals.talks.get(z.id) ?? 0, visits: totals.visits.get(z.id) ?? 0 })),
    unassigned: { talks: totals.talks.get(null) ?? 0, visits: totals.visits.get(null) ?? 0 },
  };
}

/** Members assigned to the zone on `date`, by name, with their assignment's start. */
export async function zoneMembersOn(db: Db, zoneId: number, date: string) {
  const rows = await db.zoneAssignment.findMany({
    where: { zoneId, ...heldOn(date) },
    include: { member: { select: { id: true, username: true, name: true, role: true, active: true } } },
    orderBy: { member: { name: "asc" } },
  });
  return rows.map((r) => ({ ...r.member, fromOn: r.fromOn }));
}

/** Active accounts to pick for a bulk move: filtered by text and current zone (0 = none), max 500. */
export async function pickableMembers(db: Db, today: string, filters: { q: string; zoneId?: number; none?: boolean }, scope: Prisma.OrgWhereInput = {}) {
  const rows = await db.member.findMany({
    where: {
      active: true,
      branch: scope,
      ...(filters.q ? { OR: [await containsText(db, "Member", "name", filters.q), await containsText(db, "Member", "username", filters.q.toLowerCase())] } : {}),
      ...(filters.zoneId ? { zoneAssignments: { some: { zoneId: filters.zoneId, ...heldOn(today) } } } : {}),
      ...(filters.none ? { zoneAssignments: { none: heldOn(today) } } : {}),
    },
    orderBy: { username: "asc" },
    take: 500,
    select: { id: true, username: true, name: true, role: true, zoneAssignments: { where: heldOn(today), select: { zone: { select: { name: true } } }, take: 1 } },
  });
  return rows.map((m) => ({ id: m.id, username: m.username, name: m.name, role: m.role, zone: m.zoneAssignments[0]?.zone.name ?? "" }));
}
