/**
 * What the zone page (责任区) and the zones index show, read-only: the zone's monthly 院坝会
 * quota of this year and the branch's half-year meeting-record rule, both taken from the
 * compliance report (buildComplianceReport) so the page, the dashboard and the report agree;
 * the roster on today, residents, recent meetings and open requests.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import type { Db } from "../../db/client.ts";
import { buildComplianceReport, reportSettings, zoneSettingsOf } from "../compliance/report.ts";
import { zoneResults } from "../compliance/zones.ts";
import { loadZones } from "../compliance/queries.ts";
import { yearPeriod } from "../../rules/index.ts";
import { recentMeetingsOfZone } from "../meetings/queries.ts";
import { openRequestsOfZone } from "../requests/queries.ts";
import { rosterOn } from "./reach.ts";
import { tagWhere } from "../residents/queries.ts";
import { HARDSHIP_TAG } from "../../core/labels.ts";

/** The zone's 院坝会 per month of `today`'s year up to today, and this month's result (or null). */
export async function courtyardQuota(kx: Kysely<DB>, zoneId: number, today: string) {
  const report = await buildComplianceReport(kx, { year: Number(today.slice(0, 4)), asOf: today, zoneId, memberIds: [], skip: ["branch"] });
  const months = report.zones.find((z) => z.id === zoneId)?.monthlyCourtyardMeetings ?? [];
  return { months, thisMonth: months.find((p) => p.period === today.slice(0, 7)) ?? null };
}

/**
 * Every zone's 院坝会 this year and the branch's 座谈会/茶话会/恳谈会/调研会 per half-year
 * (有关工作制度 2), as the compliance report computes them (its zones part, without members).
 */
export async function zonesAndBranch(kx: Kysely<DB>, today: string) {
  const year = Number(today.slice(0, 4));
  const yp = yearPeriod(year);
  const range = { from: yp.start, to: today < yp.end ? today : yp.end };
  return zoneResults(kx, { year, asOf: today, range, settings: await reportSettings(kx), zoneSettings: await zoneSettingsOf(kx), zones: await loadZones(kx), zoneIds: null });
}

/** Everything the zone page shows besides the quota. */
export async function zoneOverview(db: Db, zoneId: number, today: string) {
  const [roster, residentCount, hardship, meetings, requests, activists] = await Promise.all([
    rosterOn(db, zoneId, today),
    db.resident.count({ where: { zoneId, deletedAt: null } }),
    db.resident.count({ where: { zoneId, deletedAt: null, ...tagWhere(HARDSHIP_TAG) } }),
    recentMeetingsOfZone(db, zoneId),
    openRequestsOfZone(db, zoneId, today),
    db.activist.count({ where: { zoneId, endedOn: null } }),
  ]);
  return { roster, residentCount, hardship, meetings, requests, activists };
}
