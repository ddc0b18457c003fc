/**
 * 工作实绩 of the assessed units (DOMAIN.md "三维考核"), from the ledger over each unit's subtree,
 * read from the existing read models (no per-member queries): the county compliance report
 * (src/domain/compliance/cache.ts) and the roll-up's queries (src/domain/rollup/queries.ts):
 * - yearTalks: members whose yearly talks are met or on pace (in_progress), of those subject;
 * - cadreMonths: cadre-months with the monthly talks met, of the months judged (met or missed)
 *   plus running months already met;
 * - cadreWeeks: cadre-weeks with the line visits met, same;
 * - zoneMonths: zone-months with a 院坝会, same;
 * - pairings: cadres with their pairing quota filled, of those subject;
 * - requests: requests answered within their deadline, of those raised (roll-up figures).
 * Each share is { done, of }; the score is their equal-weight mean (scores.ts).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { daysBetween, stringAgg } from "../db/dialect.ts";
import type { PeriodResult } from "../rules/index.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { feedbackSettings, orgPaths, requestRows, unitsFor, type RollupRange, type Units } from "../domain/rollup/queries.ts";
import { lastBranchBy, loadMembershipTimeline } from "../domain/orgs/memberships.ts";
import { versioned } from "../domain/compliance/ledger-version.ts";
import { feedbackDaysOn } from "../domain/requests/overdue.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../domain/baseline.ts";
import { isWithin, pathIds } from "../core/org-tree.ts";
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

/**
 * The year's requests per branch when every feedback setting is the system's: [branch, raised,
 * answered on time]. The same judgement as `requestRows` + `feedbackDaysOn` (days from raised to
 * feedback given by `to`, against the days in force on the day raised: the system setting with the
 * latest effectiveFrom ≤ that day, the later one on a tie, else DEFAULT_FEEDBACK_DAYS), done in
 * SQL and grouped by author, so 46,000 requests come back as one row per author; each author's
 * dated branch then as the roll-up finds it (whole year at once for those who never moved).
 */
async function requestTallies(kx: Kysely<DB>, units: Units, r: RollupRange, settings: readonly { value: number; effectiveFrom: string }[]): Promise<Map<number, [number, number, number]>> {
  // Latest first; `settings` is oldest first with ties in id order, so a reversed list puts the later one first.
  const latest = [...settings].reverse();
  const fallback = sql`CAST(${DEFAULT_FEEDBACK_DAYS} AS integer)`;
  const days = latest.length
    ? sql`CASE ${sql.join(latest.map((x) => sql`WHEN q."raisedOn" >= ${x.effectiveFrom} THEN CAST(${x.value} AS integer)`), sql` `)} ELSE ${fallback} END`
    : fallback;
  const took = daysBetween(kx, sql.ref("q.raisedOn"), sql.ref("q.feedbackOn"));
  const { rows: tallied } = await sql<{ a: number; n: number; t: number; list: string }>`
    SELECT t."createdById" AS "a", count(*) AS "n", sum(t."onTime") AS "t", ${stringAgg(kx, sql`t."raisedOn" || CAST(t."onTime" AS TEXT)`, "")} AS "list" FROM (
      SELECT q."createdById", q."raisedOn",
        CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ${r.to} AND ${took} <= ${days} THEN 1 ELSE 0 END AS "onTime"
      FROM "Request" q WHERE q."raisedOn" BETWEEN ${r.from} AND ${r.to} AND q."deletedAt" IS NULL) t
    GROUP BY t."createdById"`.execute(kx);
  const rows = tallied.map((x) => [x.a, Number(x.n), Number(x.t), x.list] as [number, number, number, string]);
  const out = new Map<number, [number, number, number]>();
  const add = (branch: number | null, raised: number, onTime: number) => {
    if (branch === null) return;
    const t = out.get(branch);
    if (t) {
      t[1] += raised;
      t[2] += onTime;
    } else out.set(branch, [branch, raised, onTime]);
  };
  for (const [author, raised, onTime, list] of rows) {
    const whole = units.across(author, r.from, r.to);
    if (whole !== undefined) add(whole, raised, onTime);
    else for (let i = 0; i < list.length; i += 11) add(units.on(author, list.slice(i, i + 10)), 1, list[i + 10] === "1" ? 1 : 0);
  }
  return out;
}

/**
 * The six shares of every unit, by unit id. One pass over the county's compliance report (cached
 * while the ledger is unchanged) and one over the year's requests, each member, zone and request
 * placed in the unit whose subtree holds its branch — members by their branch on the report's
 * last day (like src/domain/compliance/org.ts), requests by their author's branch on the day raised (like
 * the roll-up) — instead of one org report per unit (98 units: 18 s at county scale). `owner`: the
 * app-level Kysely that keeps the memos (timeline, report) when `kx` is the caller's transaction.
 */
export async function performanceShares(kx: Kysely<DB>, units: readonly AssessedUnit[], year: number, asOf: string, owner: Kysely<DB> = kx): Promise<Map<number, Record<ShareKey, Share>>> {
  const out = new Map<number, Record<ShareKey, Share>>();
  for (const u of units) out.set(u.id, Object.fromEntries(SHARES.map((k) => [k, { done: 0, of: 0 }])) as Record<ShareKey, Share>);
  // Branch id → the unit holding it (units never nest: a township or a department).
  const unitOfBranch = new Map<number, Record<ShareKey, Share>>();
  for (const { id, path } of await kx.selectFrom("Org").select(["id", "path"]).where("kind", "=", "BRANCH").orderBy("id").execute()) {
    const unit = units.find((u) => isWithin(path, u.path));
    if (unit) unitOfBranch.set(id, out.get(unit.id)!);
  }
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const range = { from: `${year}-01-01`, to };
  const settings = await feedbackSettings(kx);
  // The one dated-membership read model (src/domain/orgs/memberships.ts), as the roll-up reads it.
  const timeline = await versioned(kx, "report.memberships", () => loadMembershipTimeline(kx), owner);
  const byAuthor = await unitsFor(kx, { by: "branch" }, timeline);
  if (settings.every((x) => x.orgId === null)) {
    // One feedback rule for the whole county (the usual case): judged and tallied in SQL per author.
    for (const [branchId, raised, onTime] of (await requestTallies(kx, byAuthor, range, settings)).values()) {
      const s = unitOfBranch.get(branchId);
      if (!s) continue;
      s.requests.of += raised;
      s.requests.done += onTime;
    }
  } else {
    const paths = await orgPaths(kx);
    for (const [branchId, raisedOn, took, feedbackBranch] of await requestRows(kx, byAuthor, range)) {
      const s = unitOfBranch.get(branchId);
      if (!s) continue;
      s.requests.of++;
      const days = feedbackDaysOn(settings, raisedOn, DEFAULT_FEEDBACK_DAYS, pathIds(paths.get(feedbackBranch) ?? ""));
      if (took !== null && took <= days) s.requests.done++;
    }
  }
  if (asOf < range.from) return out; // the year has not begun: nothing judged yet
  const report = await cachedComplianceReport(kx, { year, asOf }, owner);
  for (const m of report.members) {
    // Placed like the org compliance report lists them: their branch on the last day, or the last one they left.
    const branch = lastBranchBy(timeline, m.id, to);
    const s = branch === null ? undefined : unitOfBranch.get(branch);
    if (!s) continue;
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
  const zoneBranch = new Map((await kx.selectFrom("Zone").select(["id", "branchId"]).execute()).map((z) => [z.id, z.branchId]));
  for (const z of report.zones) {
    const s = unitOfBranch.get(zoneBranch.get(z.id) ?? -1);
    if (s) tallyPeriods(s.zoneMonths, z.monthlyCourtyardMeetings);
  }
  return out;
}
