/**
 * 工作实绩 of the assessed units (DOMAIN.md "三维考核"), from the ledger over each unit's subtree,
 * read from the existing read models (no per-member queries): the org compliance report
 * (compliance-org.ts, the county report filtered) and the roll-up (rollup.ts):
 * - yearTalks: members whose yearly talks are met or on pace (in_progress), of those subject;
 * - cadreMonths: cadre-months with the monthly talks met, of the months judged (met or missed)
 *   plus running months already met;
 * - cadreWeeks: cadre-weeks with the line visits met, same;
 * - zoneMonths: zone-months with a 院坝会, same;
 * - pairings: cadres with their pairing quota filled, of those subject;
 * - requests: requests answered within their deadline, of those raised (roll-up figures).
 * Each share is { done, of }; the score is their equal-weight mean (scores.ts).
 */
import type Database from "better-sqlite3";
import type { PeriodResult } from "../rules/index.ts";
import { orgComplianceReport } from "./compliance-org.ts";
import { rollupOf, type RollupTotals } from "./rollup.ts";
import type { AssessedUnit } from "../domain/assessment/units.ts";
import type { Share } from "../domain/assessment/scores.ts";

export const SHARES = ["yearTalks", "cadreMonths", "cadreWeeks", "zoneMonths", "pairings", "requests"] as const;
export type ShareKey = (typeof SHARES)[number];
export const SHARE_LABELS: Record<ShareKey, string> = {
  yearTalks: "年度谈心达标（含进度正常）党员",
  cadreMonths: "干部月度谈心达标月数",
  cadreWeeks: "干部每周走访达标周数",
  zoneMonths: "责任区每月院坝会达标月数",
  pairings: "结穷亲户数达标干部",
  requests: "群众诉求按期反馈",
};

const tallyPeriods = (s: Share, periods: PeriodResult[] | undefined) => {
  for (const p of periods ?? []) {
    if (p.status === "met") {
      s.done++;
      s.of++;
    } else if (p.status === "missed") s.of++;
  }
};

/** The six shares of every unit, by unit id. */
export function performanceShares(raw: Database.Database, units: readonly AssessedUnit[], year: number, asOf: string): Map<number, Record<ShareKey, Share>> {
  // Requests: one roll-up per parent of units (the county, each 机关工委), its children's totals.
  const requests = new Map<number, RollupTotals>();
  for (const parentId of new Set(units.map((u) => u.parentId))) {
    const r = rollupOf(raw, parentId, year, asOf);
    for (const c of r?.children ?? []) if (c.id !== null) requests.set(c.id, c.totals);
  }
  const out = new Map<number, Record<ShareKey, Share>>();
  for (const unit of units) {
    const rep = orgComplianceReport(raw, { year, asOf, org: unit });
    const s: Record<ShareKey, Share> = Object.fromEntries(SHARES.map((k) => [k, { done: 0, of: 0 }])) as Record<ShareKey, Share>;
    for (const m of rep.members) {
      if (m.yearTalks.status !== "not_applicable") {
        s.yearTalks.of++;
        if (m.yearTalks.status === "met" || m.yearTalks.status === "in_progress") s.yearTalks.done++;
      }
      tallyPeriods(s.cadreMonths, m.monthlyTalks);
      tallyPeriods(s.cadreWeeks, m.weeklyVisits);
      if (m.pairings && m.pairings.status !== "not_applicable") {
        s.pairings.of++;
        if (m.pairings.status === "met") s.pairings.done++;
      }
    }
    for (const z of rep.zones) tallyPeriods(s.zoneMonths, z.monthlyCourtyardMeetings);
    const t = requests.get(unit.id);
    if (t) s.requests = { done: t.requestsAnsweredOnTime, of: t.requestsRaised };
    out.set(unit.id, s);
  }
  return out;
}
