/**
 * The /reports/compliance HTML page's rows (QA finding 4: one table of 25,000 members was 7 MB):
 * a (cached, frozen) compliance report's members filtered by role and status and cut into pages
 * of `COMPLIANCE_PAGE_SIZE`, in the report's order (by id). The zone filter is applied by
 * building the report for that zone (`zoneId`), not here.
 *
 * Each row shows four figures: 年度谈心, the latest listed month of 月度谈心, the latest listed
 * ISO week of 每周走访 (both up to asOf) and 结穷亲. `status` keeps members with at least one of
 * those four figures in that status; the secretary's overview (/review) has every month and week.
 */
import type { ComplianceReport, MemberCompliance, Status, Tally } from "../domain/compliance/report.ts";
import type { PeriodResult } from "../rules/index.ts";

export const COMPLIANCE_PAGE_SIZE = 50;

export interface ComplianceRow {
  member: MemberCompliance;
  yearTalks: Tally;
  lastMonth: PeriodResult | null;
  lastWeek: PeriodResult | null;
  pairings: Tally | null;
}

export interface CompliancePage {
  rows: ComplianceRow[];
  total: number;
  page: number;
  pages: number;
}

const rowOf = (m: MemberCompliance): ComplianceRow => ({
  member: m,
  yearTalks: m.yearTalks,
  lastMonth: m.monthlyTalks?.at(-1) ?? null,
  lastWeek: m.weeklyVisits?.at(-1) ?? null,
  pairings: m.pairings ?? null,
});

/** One page of `report`'s members kept by `role` and `status`; `page` is clamped to 1..pages. */
export function compliancePage(report: ComplianceReport, filter: { role?: string; status?: Status; page: number }, pageSize = COMPLIANCE_PAGE_SIZE): CompliancePage {
  const kept: MemberCompliance[] = [];
  for (const m of report.members) {
    if (filter.role && m.role !== filter.role) continue;
    if (filter.status) {
      const r = rowOf(m);
      const shown = [r.yearTalks, r.lastMonth, r.lastWeek, r.pairings];
      if (!shown.some((x) => x?.status === filter.status)) continue;
    }
    kept.push(m);
  }
  const pages = Math.max(1, Math.ceil(kept.length / pageSize));
  const page = Math.min(Math.max(1, filter.page), pages);
  return { rows: kept.slice((page - 1) * pageSize, page * pageSize).map(rowOf), total: kept.length, page, pages };
}
