/**
 * The secretary's view of 结穷亲 coverage on `today` (Asia/Shanghai): households tagged 困难户 with
 * no active pairing, households with more than one, cadres under their quota (from the compliance
 * report, so the figures agree with the dashboard and the report), and active pairings whose
 * cadre is no longer an active cadre (deactivated, moved to another role, or without a level).
 */
import { orgWhere, zoneWhere, type Reach } from "../../auth/reach.ts";
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import type { Db } from "../../db/client.ts";
import { HARDSHIP_TAG } from "../../core/labels.ts";
import { tagWhere } from "../residents/queries.ts";
import { buildComplianceReport } from "../compliance/report.ts";
import { activeOn } from "./queries.ts";

const LIMIT = 500;

/** The coverage figures for the actor's reach on `today`. `kx`: Kysely on the same database. */
export async function pairingCoverage(db: Db, kx: Kysely<DB>, reach: Reach, today: string) {
  const zones = zoneWhere(reach);
  const resident = { id: true, name: true, tags: true, zone: { select: { id: true, name: true } } } as const;
  const unpaired = await db.resident.findMany({
    where: { deletedAt: null, zone: zones, ...tagWhere(HARDSHIP_TAG), pairings: { none: activeOn(today) } },
    select: resident,
    orderBy: [{ zoneId: "asc" }, { name: "asc" }],
    take: LIMIT,
  });
  const multi = await kx
    .selectFrom("Pairing as p")
    .innerJoin("Resident as r", (j) => j.onRef("r.id", "=", "p.residentId").on("r.deletedAt", "is", null))
    .select((eb) => ["p.residentId as id", eb.fn.countAll<number>().as("n")])
    .where("p.startedOn", "<=", today)
    .where((eb) => eb.or([eb("p.endedOn", "is", null), eb("p.endedOn", ">", today)]))
    .groupBy("p.residentId")
    .having((eb) => eb.fn.countAll(), ">", 1)
    .limit(LIMIT)
    .execute();
  const multiRows = await db.resident.findMany({
    where: { id: { in: multi.map((m) => m.id) }, zone: zones },
    select: { ...resident, pairings: { where: activeOn(today), select: { cadre: { select: { name: true } } } } },
    orderBy: [{ zoneId: "asc" }, { name: "asc" }],
  });

  const cadreIds = (await db.member.findMany({ where: { active: true, role: { in: ["CADRE", "SECRETARY"] }, cadreLevel: { not: null }, branch: orgWhere(reach) }, select: { id: true } })).map((m) => m.id);
  const report = cadreIds.length ? await buildComplianceReport(kx, { year: Number(today.slice(0, 4)), asOf: today, memberIds: cadreIds }) : null;
  const underQuota = (report?.members ?? []).filter((m) => m.pairings && m.pairings.status !== "met");

  const orphaned = await db.pairing.findMany({
    where: { ...activeOn(today), resident: { zone: zones }, OR: [{ cadre: { active: false } }, { cadre: { role: { notIn: ["CADRE", "SECRETARY"] } } }, { cadre: { cadreLevel: null } }] },
    include: { cadre: { select: { id: true, name: true, active: true, role: true } }, resident: { select: resident } },
    orderBy: { startedOn: "asc" },
    take: LIMIT,
  });
  return { unpaired, multi: multiRows, underQuota, orphaned, limit: LIMIT };
}
