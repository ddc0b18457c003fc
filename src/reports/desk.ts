/**
 * The county dashboard (issue 13 item 1; DOMAIN.md "Who uses it": reviewers compare units and find
 * the ones falling behind): for an org, the figures the survey report quotes for the year up to
 * `asOf`, one row per direct child, the month-by-month trend, and each unit's shortfalls.
 * - Figures per row and in total are the roll-up's own (src/domain/rollup/report.ts `rollupOf`, called,
 *   never re-counted), so children sum to the parent exactly as there; plus `onPace`: members whose
 *   yearly talks are `met` or `in_progress` (on pace) in the compliance report, counted where they
 *   belong on the report's last day (as the roll-up's `members` and `yearTalksMet`).
 * - Rows: the child orgs; under a branch its zones (and "未分配责任区" when the roll-up has it).
 * - Trend: the org's records per calendar month of the year (desk-queries.ts, desk-trend.ts), each
 *   toward its author's branch on its date, so the months of a figure sum to its year figure
 *   (`trained`: people, in the month of their first session, where they belong on the last day);
 *   `stationed` per month is the count on the month's last day; months after the report's last day are null.
 * - Flags: desk-flags.ts, one pass over the same compliance report.
 * The report's last day is `asOf`, or 31 Dec when `asOf` is after the year. Money in yuan.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../domain/baseline.ts";
import { feedbackDaysOn } from "../domain/requests/overdue.ts";
import { isWithin, pathIds } from "../core/org-tree.ts";
import { periodContaining } from "../rules/index.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { readSnapshot } from "../db/dialect.ts";
import { rollupOf, ROLLUP_LABELS, type RollupTotals } from "../domain/rollup/report.ts";
import { rollupTree, unitsFor } from "../domain/rollup/queries.ts";
import { loadMembershipTimeline, type MembershipTimeline } from "../domain/orgs/memberships.ts";
import { versioned } from "../domain/compliance/ledger-version.ts";
import { flagsByUnit, flagText, type DeskFlags } from "./desk-flags.ts";
import * as q from "./desk-queries.ts";
import * as trend from "./desk-trend.ts";

/** The dashboard's columns, in the survey report's order. */
export const DESK_FIGURES = [
  "courtyardMeetings", "courtyardAttendees", "pairings", "assistanceYuan", "requestsRaised",
  "requestsAnsweredOnTime", "talks", "lineVisits", "members", "onPace",
  "stays",
  "stayHouseholds",
  "writings",
  "stationed",
  "trained",
  "trainedShare",
  "projects",
  "employment",
  "problemsSolved",
] as const;
export type DeskFigure = (typeof DESK_FIGURES)[number];
export type DeskTotals = Record<DeskFigure, number>;

/**
 * The figures whose cell opens the records behind it (issue 18 item 5, "each openable down to the
 * records"): /reports/rollup/records, per org for all of them, per zone for stays and writings
 * (as the roll-up page links them).
 */
export const DESK_DRILL = {
  org: ["stays", "stayHouseholds", "writings", "stationed", "trained", "trainedShare", "projects", "employment", "problemsSolved"] as readonly DeskFigure[],
  zone: ["stays", "stayHouseholds", "writings"] as readonly DeskFigure[],
};

/** The figures counted from dated records, which have a monthly trend whose months sum to the year's figure. */
export const TREND_FIGURES = [
  "courtyardMeetings", "courtyardAttendees", "assistanceYuan", "requestsRaised", "requestsAnsweredOnTime", "talks", "lineVisits",
  "stays", "stayHouseholds", "writings", "trained", "projects", "employment", "problemsSolved",
] as const;
export type TrendFigure = (typeof TREND_FIGURES)[number];
/** The figures of dated periods (stationings), whose month's value is the count on its last day (desk-trend.ts). */
export const MONTH_END_FIGURES = ["stationed"] as const;
export type MonthEndFigure = (typeof MONTH_END_FIGURES)[number];
/** Every figure with a monthly series: the summed ones, then the month-end ones. */
export const SERIES_FIGURES = [...TREND_FIGURES, ...MONTH_END_FIGURES] as const;
export type SeriesFigure = (typeof SERIES_FIGURES)[number];

/** Chinese column names (the roll-up's where shared). */
export const DESK_LABELS: Record<DeskFigure, string> = {
  courtyardMeetings: ROLLUP_LABELS.courtyardMeetings,
  courtyardAttendees: ROLLUP_LABELS.courtyardAttendees,
  pairings: ROLLUP_LABELS.pairings,
  assistanceYuan: ROLLUP_LABELS.assistanceYuan,
  requestsRaised: ROLLUP_LABELS.requestsRaised,
  requestsAnsweredOnTime: ROLLUP_LABELS.requestsAnsweredOnTime,
  talks: ROLLUP_LABELS.talks,
  lineVisits: ROLLUP_LABELS.lineVisits,
  members: ROLLUP_LABELS.members,
  onPace: "谈心进度正常人数",
  stays: ROLLUP_LABELS.stays,
  stayHouseholds: ROLLUP_LABELS.stayHouseholds,
  writings: ROLLUP_LABELS.writings,
  stationed: ROLLUP_LABELS.stationed,
  trained: ROLLUP_LABELS.trained,
  trainedShare: ROLLUP_LABELS.trainedShare,
  projects: ROLLUP_LABELS.projects,
  employment: ROLLUP_LABELS.employment,
  problemsSolved: ROLLUP_LABELS.problemsSolved,
};

export interface DeskRow {
  /** Org code, `zone:<id>` or `zone:none` (as the roll-up's children). */
  code: string;
  name: string;
  kind: string;
  /** Org id or zone id (null for the unassigned row): where the row opens one level down. */
  id: number | null;
  figures: DeskTotals;
  flags: DeskFlags;
}

export interface DeskReport {
  year: number;
  asOf: string;
  lastDay: string;
  org: { id: number; code: string; name: string; kind: string; path: string };
  /** The org and its ancestors, root first (the page's breadcrumbs, cut to the viewer's reach there). */
  ancestors: { code: string; name: string; path: string }[];
  totals: DeskTotals;
  flags: DeskFlags;
  rows: DeskRow[];
  /**
   * `YYYY-MM` of the year's 12 months, and per series figure one value a month (null: to come):
   * TREND_FIGURES' months sum to the year's figure, MONTH_END_FIGURES' show the month's last day.
   */
  trend: { months: string[]; series: Record<SeriesFigure, (number | null)[]> };
}

/**
 * feedbackDaysOn (domain/requests/overdue.ts), typed with the branch's path (root first) that
 * resolves per-org settings; a version of it without that parameter reads every setting as the
 * system's, exactly as the roll-up then does.
 */
const daysOn: (settings: Parameters<typeof feedbackDaysOn>[0], date: string, fallback: number, pathIds?: readonly number[]) => number = feedbackDaysOn;

const pick = (t: RollupTotals, onPace: number): DeskTotals => ({
  courtyardMeetings: t.courtyardMeetings,
  courtyardAttendees: t.courtyardAttendees,
  pairings: t.pairings,
  assistanceYuan: t.assistanceYuan,
  requestsRaised: t.requestsRaised,
  requestsAnsweredOnTime: t.requestsAnsweredOnTime,
  talks: t.talks,
  lineVisits: t.lineVisits,
  members: t.members,
  onPace,
  stays: t.stays,
  stayHouseholds: t.stayHouseholds,
  writings: t.writings,
  stationed: t.stationed,
  trained: t.trained,
  trainedShare: t.trainedShare,
  projects: t.projects,
  employment: t.employment,
  problemsSolved: t.problemsSolved,
});

/** The sum of the units' shortfalls, with its sentences. */
function totalFlags(all: Iterable<DeskFlags>, lastDay: string): DeskFlags {
  const keys = ["yearTalks", "monthTalks", "weekVisits", "pairings", "courtyard"] as const;
  const sum = Object.fromEntries(keys.map((k) => [k, { count: 0, owed: 0 }])) as Omit<DeskFlags, "text">;
  for (const f of all) for (const k of keys) {
    sum[k].count += f[k].count;
    sum[k].owed += f[k].owed;
  }
  return { ...sum, text: flagText(sum, periodContaining("month", lastDay).label, periodContaining("isoWeek", lastDay).label) };
}

/** The org's figures per month, over the branches `branchIds` (its subtree). */
async function trendOf(kx: Kysely<DB>, timeline: MembershipTimeline, branchIds: ReadonlySet<number>, year: number, lastDay: string): Promise<DeskReport["trend"]> {
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const series = Object.fromEntries(SERIES_FIGURES.map((f) => [f, months.map((m) => (m <= lastDay.slice(0, 7) ? 0 : null))])) as DeskReport["trend"]["series"];
  if (lastDay < `${year}-01-01`) return { months, series: Object.fromEntries(SERIES_FIGURES.map((f) => [f, months.map(() => null)])) as DeskReport["trend"]["series"] };
  const range = { from: `${year}-01-01`, to: lastDay };
  const units = await unitsFor(kx, { by: "branch" }, timeline); // the timeline given: no read
  const add = (f: SeriesFigure, counts: q.MonthCounts, scale = 1) => {
    for (const [branch, byMonth] of counts) {
      if (!branchIds.has(branch)) continue;
      for (const [month, n] of byMonth) {
        const i = Number(month.slice(5, 7)) - 1;
        series[f][i] = (series[f][i] ?? 0) + n / scale;
      }
    }
  };
  add("talks", await q.monthlyTalks(kx, units, range));
  add("lineVisits", await q.monthlyVisits(kx, units, range));
  const court = await q.monthlyCourtyard(kx, range);
  add("courtyardMeetings", court.meetings);
  add("courtyardAttendees", court.attendees);
  const assistance = await q.monthlyAssistance(kx, units, range);
  add("assistanceYuan", assistance.fen, 100);
  add("projects", assistance.projects);
  add("employment", assistance.employment);
  add("stays", await trend.monthlyStays(kx, units, range));
  add("stayHouseholds", await trend.monthlyStayHouseholds(kx, units, range));
  add("writings", await trend.monthlyWritings(kx, units, range));
  add("trained", await trend.monthlyTrained(kx, units, range));
  add("stationed", await trend.monthlyStationed(kx, units, range));
  series.assistanceYuan = series.assistanceYuan.map((v) => (v === null ? null : Math.round(v * 100) / 100));
  // On time as the roll-up judges it: the days in force on the day raised, for the request's
  // zone's branch (else its owner's) where settings are per org (feedbackDaysOn's path argument).
  const settings = await q.feedbackDaySettings(kx);
  const paths = settings.some((s) => s.orgId !== null) ? await q.orgPaths(kx) : null;
  for (const [branch, raisedOn, took, settingsBranch] of await q.requestRowsByBranch(kx, units, range)) {
    if (!branchIds.has(branch)) continue;
    const i = Number(raisedOn.slice(5, 7)) - 1;
    series.requestsRaised[i]! += 1;
    if (took !== null) series.problemsSolved[i]! += 1; // answered by the last day (measures.ts problemsSolved)
    if (took !== null && took <= daysOn(settings, raisedOn, DEFAULT_FEEDBACK_DAYS, paths ? pathIds(paths.get(settingsBranch) ?? "") : [])) series.requestsAnsweredOnTime[i]! += 1;
  }
  return { months, series };
}

/**
 * The dashboard of org `orgId` for `year` as of `asOf` (null when the org does not exist).
 * Read-only; one read transaction so every figure comes from the same snapshot.
 */
export async function buildDesk(kx: Kysely<DB>, orgId: number, year: number, asOf: string): Promise<DeskReport | null> {
  return readSnapshot(kx, async (tx): Promise<DeskReport | null> => {
    const tree = await rollupTree(tx, orgId);
    const rollup = await rollupOf(tx, orgId, year, asOf, kx);
    if (!tree || !rollup) return null;
    const org = tree.org;
    const lastDay = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
    const keys = rollup.children.map((c) => c.code);
    const timeline = await versioned(tx, "report.memberships", () => loadMembershipTimeline(tx), kx); // the roll-up's, same snapshot
    const branchOf = q.branchOnDay(timeline, lastDay);
    let unitOfMember: (id: number) => string | null;
    let unitOfZone: (id: number) => string | null;
    if (org.kind === "BRANCH") {
      const zoneOf = await q.zoneOnDay(tx, org.id, lastDay);
      unitOfMember = (id) => (branchOf.get(id) !== org.id ? null : zoneOf.has(id) ? `zone:${zoneOf.get(id)}` : "zone:none");
      unitOfZone = (id) => `zone:${id}`;
      if (!keys.includes("zone:none")) keys.push("zone:none"); // people only (no figure of the roll-up's there)
    } else {
      const childOfBranch = new Map<number, string>();
      for (const b of tree.branches) {
        const c = tree.childOrgs.find((o) => isWithin(b.path, o.path));
        if (c) childOfBranch.set(b.id, c.code);
      }
      const zoneBranch = await q.zoneBranches(tx);
      unitOfMember = (id) => childOfBranch.get(branchOf.get(id) ?? -1) ?? null;
      unitOfZone = (id) => childOfBranch.get(zoneBranch.get(id) ?? -1) ?? null;
    }
    const compliance = await cachedComplianceReport(tx, { year, asOf }, kx);
    const onPace = new Map<string, number>();
    if (lastDay >= `${year}-01-01`) {
      for (const m of compliance.members) {
        const k = unitOfMember(m.id);
        if (k !== null && (m.yearTalks.status === "met" || m.yearTalks.status === "in_progress")) onPace.set(k, (onPace.get(k) ?? 0) + 1);
      }
    }
    const flags = flagsByUnit(compliance, keys, unitOfMember, unitOfZone);
    const rows: DeskRow[] = rollup.children.map((c) => ({ code: c.code, name: c.name, kind: c.kind, id: c.id, figures: pick(c.totals, onPace.get(c.code) ?? 0), flags: flags.get(c.code)! }));
    const loose = flags.get("zone:none");
    if (org.kind === "BRANCH" && !rows.some((r) => r.code === "zone:none") && ((onPace.get("zone:none") ?? 0) > 0 || (loose && loose.text.length))) {
      const zero = Object.fromEntries(Object.keys(rollup.totals).map((k) => [k, 0])) as RollupTotals;
      rows.push({ code: "zone:none", name: "未分配责任区", kind: "ZONE", id: null, figures: pick(zero, onPace.get("zone:none") ?? 0), flags: loose! });
    }
    const totalOnPace = rows.reduce((s, r) => s + r.figures.onPace, 0);
    const branchIds = new Set(org.kind === "BRANCH" ? [org.id] : tree.branches.map((b) => b.id));
    return {
      year,
      asOf,
      lastDay,
      org: { id: org.id, code: org.code, name: org.name, kind: org.kind, path: org.path },
      ancestors: await q.ancestorsOf(tx, org.path),
      totals: pick(rollup.totals, totalOnPace),
      flags: totalFlags(rows.map((r) => r.flags), lastDay),
      rows,
      trend: await trendOf(tx, timeline, branchIds, year, lastDay),
    };
  });
}

export const DESK_SORTS = ["name", "flags", ...DESK_FIGURES] as const;
export type DeskSort = (typeof DESK_SORTS)[number];

/**
 * The rows ordered by `sort` (`name`: by name in Chinese collation; `flags`: by the number of
 * shortfalls; a figure: by its value), ties kept in the roll-up's order; `dir` asc or desc.
 * Without `sort`, the roll-up's order (by code). Returns a new array.
 */
export function sortRows(rows: readonly DeskRow[], sort: DeskSort | undefined, dir: "asc" | "desc"): DeskRow[] {
  if (!sort) return [...rows];
  const collator = new Intl.Collator("zh-CN");
  const sign = dir === "desc" ? -1 : 1;
  const shortfalls = (r: DeskRow) => r.flags.yearTalks.count + r.flags.monthTalks.count + r.flags.weekVisits.count + r.flags.pairings.count + r.flags.courtyard.count;
  const cmp = (a: DeskRow, b: DeskRow): number =>
    sort === "name" ? collator.compare(a.name, b.name) : sort === "flags" ? shortfalls(a) - shortfalls(b) : a.figures[sort] - b.figures[sort];
  return rows.map((r, i) => [r, i] as const).sort((x, y) => sign * cmp(x[0], y[0]) || x[1] - y[1]).map(([r]) => r);
}
