/**
 * The data of a zone's year page (views/years/zone, routes/years.ts): one page of the zone's
 * meetings (zone-year.ts), the zone's branch, its compliance report (members with their quota
 * results, its 院坝会 months) and its stays and writings counts — kept together at the ledger's
 * versions (ledger-kept.ts) per zone, year, asOf, period and page. At county scale these were
 * ~13 statements and three read transactions per view (the page of meetings with attendance
 * counts alone ~0.6 ms of SQLite; issue 16 item 2). Every table behind them raises a version row
 * (Zone, Member, Meeting and the report's tables row 1; MeetingAttendance, Stay, Writing row 2).
 * The sign-offs and the branch's closure are read per request by the route (no version row).
 * Access is the caller's to check, before.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Period } from "../rules/index.ts";
import { prepared } from "../db/prepared.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import type { ComplianceReport } from "../domain/compliance/report.ts";
import { loadZoneYear, type ZoneYear } from "./zone-year.ts";
import { scopeFigures } from "./stays-writings.ts";
import { ledgerKept } from "./ledger-kept.ts";

export interface ZoneYearPage {
  zoneYear: ZoneYear;
  branchId: number;
  /** The compliance report of the zone (`zoneId`) as of `asOf`: frozen, shared. */
  report: ComplianceReport;
  stayCounts: Awaited<ReturnType<typeof scopeFigures>>;
}

/** Zone pages kept per Kysely instance (a page of meetings and a zone's report each: some KB). */
const KEPT_PAGES = 128;
const kept = ledgerKept<ZoneYearPage | null>(KEPT_PAGES);
const zoneBranch = prepared((kx: Kysely<DB>, zoneId: number) => kx.selectFrom("Zone").select("branchId").where("id", "=", zoneId));

/**
 * Zone `zoneId`'s page of `year` (or `period`) as of `asOf`, meetings paged by `paging`; null
 * when there is no such zone. One read snapshot; shared between requests: read only.
 */
export async function zoneYearPage(kx: Kysely<DB>, zoneId: number, year: number, asOf: string, period: Period | null, paging: { page: number; size: number }): Promise<ZoneYearPage | null> {
  const key = [zoneId, year, asOf, period?.label ?? "", paging.page, paging.size].join("|");
  return kept(kx, key, async (tx) => {
    const zoneYear = await loadZoneYear(tx, zoneId, year, period, paging);
    if (!zoneYear) return null;
    const [{ branchId }] = await zoneBranch(tx, zoneId);
    // through the report cache (kept per `kx`), as the compliance page's zone filter reads it
    const report = await cachedComplianceReport(tx, { year, asOf, zoneId }, kx);
    const stayCounts = await scopeFigures(tx, { zone: { id: zoneId, branchId } }, year, asOf);
    return { zoneYear, branchId, report, stayCounts };
  });
}
