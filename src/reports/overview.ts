/**
 * The secretary's overview (年终备查 desk): the compliance report (compliance.ts) of a year as of
 * a day, turned into one row per member with a month-by-month grid (月度谈心, 谈心制度 6) and a
 * week-by-week grid (每周走访, 责任区工作制度 6(1)), filtered (zone, role, rule, status, sign-off
 * state), sorted and paged on the server; plus each zone's 院坝会 months, the branch's half-years
 * and the series the charts draw (share of people or zones that met each period, in %).
 *
 * Per org (org-scope.ts): `org` (a code) names the subtree covered — its members and zones, cut in
 * the report's queries; without one, the whole ledger.
 * Page weight (issue 16, item 3: at most 200 KB of HTML at county scale): `PAGE_SIZE` members a
 * page (`WEEK_PAGE_SIZE` with the week grids); the week-by-week grids only when the list is narrowed to that rule (`rule=WEEK_VISITS`,
 * otherwise each member's missed and met weeks are counted); the zones' months `ZONE_PAGE_SIZE` a
 * page (`zpage`); above a branch, one summary row per child org (overview-orgs.ts) over the
 * members the filters keep.
 * Filters: `name` keeps members whose name or login name contains it; `rule` alone keeps members the rule applies to; `status` keeps members with at least
 * one result of that status (in `rule`, or in any rule); `zone` is the zone shown in the report
 * (the one held on asOf, else the last one of the year). Periods are Asia/Shanghai; weeks are
 * those of ISO week-year `year` (2026-W01 begins 2025-12-29).
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { z } from "zod";
import { isValidLocalDate, periodsOfYear, type Period, type PeriodResult, type Status } from "../rules/index.ts";
import type { ComplianceReport, MemberCompliance, Tally } from "../domain/compliance/report.ts";
import { lastDayOf, orgCompliance, type OrgRef } from "./org-scope.ts";
import { childOrgs, memberChildren } from "./overview-orgs.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import type { ReviewView } from "../domain/reviews/queries.ts";
import type { ReviewState } from "../core/labels.ts";
import { naturalCollator, naturalKey } from "../domain/natural-order.ts";

export const OVERVIEW_RULES = ["YEAR_TALKS", "MONTH_TALKS", "WEEK_VISITS", "PAIRINGS"] as const;
export type OverviewRule = (typeof OVERVIEW_RULES)[number];
export const STATUSES = ["met", "missed", "at_risk", "in_progress", "not_applicable"] as const;
export const SORTS = ["name", "zone", "role", "yearTalks", "months", "weeks", "pairings", "review"] as const;
export const PAGE_SIZE = 20;
/** Members a page with the week grids drawn (53 linked cells each). */
export const WEEK_PAGE_SIZE = 10;
export const ZONE_PAGE_SIZE = 20;

const optional = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : v), t.optional()).catch(undefined);

const overviewQuerySchema = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number().int().min(2000).max(thisYear).catch(thisYear),
    asOf: z.string().refine(isValidLocalDate).catch(today),
    zone: optional(z.coerce.number().int().positive()),
    role: optional(z.enum(["MEMBER", "CADRE", "SECRETARY"])),
    rule: optional(z.enum(OVERVIEW_RULES)),
    status: optional(z.enum(STATUSES)),
    review: optional(z.enum(["PENDING", "REVIEWED", "RETURNED"])),
    name: optional(z.string().trim().min(1).max(50)), // a part of the name or the login name
    org: optional(z.string().trim().min(1).max(64)), // an org code (org-scope.ts: resolved and checked by the route)
    sort: z.enum(SORTS).catch("name"),
    dir: z.enum(["asc", "desc"]).catch("asc"),
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    zpage: z.coerce.number().int().min(1).max(100_000).catch(1),
  });
let lastSchema: { key: string; schema: ReturnType<typeof overviewQuerySchema> } | undefined;

/**
 * The overview's query string; a bad value falls back to its default (a filter, not a form).
 * The schema for the last (thisYear, today) is kept: building a zod object of 13 fields was ~1 ms
 * of CPU on every /review (issue 16), and it changes once a day.
 */
export const overviewQuery = (thisYear: number, today: string) => {
  const key = `${thisYear}|${today}`;
  if (lastSchema?.key !== key) lastSchema = { key, schema: overviewQuerySchema(thisYear, today) };
  return lastSchema.schema;
};
export type OverviewQuery = z.infer<ReturnType<typeof overviewQuerySchema>>;

/** Parsed query strings kept (a handful of filters and pages are asked again and again). */
const QUERIES_KEPT = 64;
const parsedQueries = new Map<string, OverviewQuery>();

/**
 * `overviewQuery(thisYear, today).parse(raw)` (raw: the request's query object), kept per day and
 * query string: zod's parse of 13 fields was ~0.15 ms of CPU on every /review (issue 16), and the
 * result depends on nothing else. Returns a copy: the caller may change it.
 */
export function parseOverviewQuery(thisYear: number, today: string, raw: unknown): OverviewQuery {
  const key = `${thisYear}|${today}|${JSON.stringify(raw)}`;
  let q = parsedQueries.get(key);
  if (!q) {
    q = overviewQuery(thisYear, today).parse(raw);
    parsedQueries.set(key, q);
    while (parsedQueries.size > QUERIES_KEPT) parsedQueries.delete(parsedQueries.keys().next().value!);
  }
  return { ...q };
}

/** The months and ISO weeks of a year, made once per year (53 weeks were rebuilt on every page): shared, frozen. */
const yearPeriods = new Map<number, { months: Period[]; weeks: Period[] }>();
function periodsOf(year: number): { months: Period[]; weeks: Period[] } {
  let p = yearPeriods.get(year);
  if (!p) yearPeriods.set(year, (p = { months: Object.freeze(periodsOfYear("month", year)) as Period[], weeks: Object.freeze(periodsOfYear("isoWeek", year)) as Period[] }));
  return p;
}

/** One cell of a grid: a period's result, or `status: "none"` when the rule did not list it. */
export interface GridCell {
  period: string;
  short: string; // "3月" / "10"
  start: string;
  end: string;
  count: number;
  required: number;
  status: Status | "none";
}

export interface OverviewRow {
  id: number;
  username: string;
  name: string;
  role: string;
  zone: string | null;
  yearTalks: Tally;
  months: GridCell[] | null;
  /** The week grid: only when the list is narrowed to the weekly rule (null otherwise, or when it does not apply). */
  weeks: GridCell[] | null;
  /** Does the weekly rule apply to this member (weeks or not)? */
  weekly: boolean;
  pairings: Tally | null;
  missedMonths: number;
  missedWeeks: number;
  metWeeks: number;
  review: ReviewState;
  reviewComment: string;
  /** Every result of every rule met (or not applicable): may be signed off in a batch (issue 15). */
  metEveryRule: boolean;
}

export interface ChartSeries {
  labels: string[];
  datasets: { label: string; data: (number | null)[] }[];
}

/** A child org's part of the members kept: how many, how many with a missed or at-risk result, their sign-off states. */
export interface ChildSummary {
  code: string;
  name: string;
  kind: string;
  dissolvedOn: string | null;
  members: number;
  missed: number;
  atRisk: number;
  review: Record<ReviewState, number>;
}

export interface Overview {
  report: Pick<ComplianceReport, "year" | "asOf" | "branch">;
  rows: OverviewRow[]; // this page
  total: number;
  page: number;
  pages: number;
  pageSize: number;
  /** The zones of this zone page (`zpage`). */
  zones: { id: number; name: string; months: GridCell[] }[];
  zonePage: { page: number; pages: number; total: number; size: number };
  /** Above a branch: one row per child org over the members kept (null for a branch, or without `org`). */
  children: ChildSummary[] | null;
  /** Are the week grids drawn (the list narrowed to the weekly rule)? */
  weekGrids: boolean;
  branchHalves: PeriodResult[];
  statusCounts: Record<Status, number>; // members with at least one result of each status
  reviewCounts: Record<ReviewState, number>;
  charts: { months: ChartSeries; weeks: ChartSeries };
  weeksOfYear: Period[];
  monthsOfYear: Period[];
}

/** The cells of `periods` filled from `results` (null when the rule does not apply at all). */
export function grid(periods: Period[], results: PeriodResult[] | undefined, short: (p: Period) => string): GridCell[] | null {
  if (!results) return null;
  const byPeriod = new Map(results.map((r) => [r.period, r]));
  return periods.map((p) => {
    const r = byPeriod.get(p.label);
    return { period: p.label, short: short(p), start: p.start, end: p.end, count: r?.count ?? 0, required: r?.required ?? 0, status: r ? r.status : "none" };
  });
}

export const monthShort = (p: Period) => `${Number(p.label.slice(5))}月`;
export const weekShort = (p: Period) => p.label.slice(6);

type Grids = { months: GridCell[] | null; weeks: GridCell[] | null };
const gridsKept = new WeakMap<object, { year: number; grids: Grids }>();

/**
 * A member's month-by-month talks and week-by-week visits grids of `year` (null where the rule does
 * not apply). Kept per result object: the report cache hands out the same frozen member while the
 * ledger is unchanged, and building the year's 53 weeks for each member of a zone was ~5% of the
 * zone page's CPU (issue 16). Shared: read-only for callers.
 */
export function memberGrids(m: Pick<MemberCompliance, "monthlyTalks" | "weeklyVisits">, year: number): Grids {
  const hit = gridsKept.get(m);
  if (hit && hit.year === year) return hit.grids;
  const grids = { months: grid(periodsOfYear("month", year), m.monthlyTalks, monthShort), weeks: grid(periodsOfYear("isoWeek", year), m.weeklyVisits, weekShort) };
  gridsKept.set(m, { year, grids });
  return grids;
}

const zoneMonthsKept = new WeakMap<object, { year: number; cells: GridCell[] }>();
/** A zone's 院坝会 month grid of `year`, kept per (shared, frozen) zone result as memberGrids is. Shared: read only. */
export function zoneMonths(z: ComplianceReport["zones"][number], year: number): GridCell[] {
  const hit = zoneMonthsKept.get(z);
  if (hit && hit.year === year) return hit.cells;
  const cells = grid(periodsOf(year).months, z.monthlyCourtyardMeetings, monthShort)!;
  zoneMonthsKept.set(z, { year, cells });
  return cells;
}

/** Whether every result of every personal rule of `m` is met or not applicable (a year-end batch may sign it off). */
export function metEveryRule(m: MemberCompliance): boolean {
  return OVERVIEW_RULES.every((r) => resultsOf(m, r).every((x) => x.status === "met" || x.status === "not_applicable"));
}

function resultsOf(m: MemberCompliance, rule: OverviewRule): { status: Status }[] {
  if (rule === "YEAR_TALKS") return [m.yearTalks];
  if (rule === "MONTH_TALKS") return m.monthlyTalks ?? [];
  if (rule === "WEEK_VISITS") return m.weeklyVisits ?? [];
  return m.pairings ? [m.pairings] : [];
}

function matches(m: MemberCompliance, q: OverviewQuery, review: ReviewState): boolean {
  if (q.role && m.role !== q.role) return false;
  if (q.review && review !== q.review) return false;
  if (q.name && !m.name.includes(q.name) && !m.username.includes(q.name.toLowerCase())) return false;
  const rules = q.rule ? [q.rule] : OVERVIEW_RULES;
  if (q.rule && !q.status) return resultsOf(m, q.rule).length > 0;
  if (q.status) return rules.some((r) => resultsOf(m, r).some((x) => x.status === q.status));
  return true;
}

const ratio = (t: Tally | null) => (t ? t.count / Math.max(1, t.required) : -1);

/** Each distinct value's rank in natural zh-CN order (natural-order.ts: 3路 before 12路; equal values share one). */
function collationRanks(values: Iterable<string>): Map<string, number> {
  // keys computed once per value: 25,000 names compare keys, not regex rewrites per comparison
  const keyed = [...new Set(values)].map((v) => ({ v, k: naturalKey(v) }));
  const cmp = (a: { v: string; k: string }, b: { v: string; k: string }) => naturalCollator.compare(a.k, b.k) || naturalCollator.compare(a.v, b.v);
  keyed.sort(cmp);
  const sorted = keyed.map((x) => x.v);
  const ranks = new Map<string, number>();
  let rank = 0;
  sorted.forEach((v, i) => {
    if (i > 0 && cmp(keyed[i - 1], keyed[i]) !== 0) rank = i;
    ranks.set(v, rank);
  });
  return ranks;
}

/** Name and zone ranks of a (cached, shared) report's members: sorting 25,000 names per request was a tenth of the page. */
const ranksOf = new WeakMap<ComplianceReport, { name: Map<string, number>; zone: Map<string, number> }>();
function reportRanks(report: ComplianceReport) {
  let r = ranksOf.get(report);
  if (!r) {
    r = { name: collationRanks(report.members.map((m) => m.name)), zone: collationRanks(report.members.map((m) => m.zone ?? "")) };
    ranksOf.set(report, r);
  }
  return r;
}

type Ranks = ReturnType<typeof reportRanks>;

/** Each distinct value's rank in `localeCompare` order (roles, review states: a handful of values). */
function localeRanks(values: Iterable<string>): Map<string, number> {
  return new Map([...new Set(values)].sort((a, b) => a.localeCompare(b)).map((v, i) => [v, i]));
}

/**
 * The overview's order of `kept` as indexes: the chosen key, then the name (zh-CN collation),
 * then the id; `desc` reverses the whole order. Keys are numbers computed once per member, so
 * sorting 25,000 members compares numbers, not strings.
 */
function order(kept: MemberCompliance[], sort: OverviewQuery["sort"], desc: boolean, ranks: Ranks, reviewOf: (id: number) => ReviewState): number[] {
  const n = kept.length;
  const key = new Float64Array(n);
  const name = new Int32Array(n);
  const roles = sort === "role" ? localeRanks(kept.map((m) => m.role)) : null;
  const states = sort === "review" ? localeRanks(kept.map((m) => reviewOf(m.id))) : null;
  for (let i = 0; i < n; i++) {
    const m = kept[i];
    name[i] = ranks.name.get(m.name)!;
    key[i] =
      sort === "zone" ? ranks.zone.get(m.zone ?? "")!
      : sort === "role" ? roles!.get(m.role)!
      : sort === "yearTalks" ? ratio(m.yearTalks)
      : sort === "months" ? missed(m.monthlyTalks)
      : sort === "weeks" ? missed(m.weeklyVisits)
      : sort === "pairings" ? ratio(m.pairings ?? null)
      : sort === "review" ? states!.get(reviewOf(m.id))!
      : 0;
  }
  const cmp = (a: number, b: number) => key[a] - key[b] || name[a] - name[b] || kept[a].id - kept[b].id;
  const idx = Array.from({ length: n }, (_, i) => i);
  return idx.sort(desc ? (a, b) => cmp(b, a) : cmp);
}

const counted = (results: PeriodResult[] | undefined, status: Status) => {
  let n = 0;
  for (const r of results ?? []) if (r.status === status) n++;
  return n;
};
const missed = (results: PeriodResult[] | undefined) => counted(results, "missed");

/** Share (in %, one decimal) of the results of each period that are met; null where none is due yet. */
function metShare(periods: Period[], lists: (PeriodResult[] | undefined)[]): (number | null)[] {
  const met = new Map<string, number>();
  const due = new Map<string, number>();
  for (const list of lists) {
    for (const r of list ?? []) {
      if (r.status === "not_applicable") continue;
      due.set(r.period, (due.get(r.period) ?? 0) + 1);
      if (r.status === "met") met.set(r.period, (met.get(r.period) ?? 0) + 1);
    }
  }
  return periods.map((p) => {
    const d = due.get(p.label);
    return d ? Math.round((1000 * (met.get(p.label) ?? 0)) / d) / 10 : null;
  });
}

/** The zones' 院坝会 share per month, kept per (shared, frozen) report: a county's 3,000 zones' months were re-counted on every page. */
const courtyardShares = new WeakMap<ComplianceReport, (number | null)[]>();
function courtyardShare(report: ComplianceReport, months: Period[]): (number | null)[] {
  let share = courtyardShares.get(report);
  if (!share) courtyardShares.set(report, (share = metShare(months, report.zones.map((z) => z.monthlyCourtyardMeetings))));
  return share;
}

/** What a request's filters and sort select from a report: the members kept in order, the counts, the child summaries, the chart shares. */
interface Selection {
  kept: MemberCompliance[];
  sorted: number[];
  statusCounts: Record<Status, number>;
  reviewCounts: Record<ReviewState, number>;
  children: ChildSummary[] | null;
  monthShare: (number | null)[];
  weekShare: (number | null)[];
}

/** Selections kept per (shared, frozen) report: paging the county's 25,000 members re-filtered and re-sorted them on every page. */
const selections = new WeakMap<ComplianceReport, Map<string, Selection>>();
const MEMO_ENTRIES = 16;

/**
 * The selection of `q` from `report`, from the memo when the same filters, sort, org and sign-off
 * states were asked of the same report (the report cache hands out the same object while the
 * ledger is unchanged; the sign-off states are part of the key, read fresh on every request).
 * Read-only for callers.
 */
async function selection(kx: Kysely<DB>, report: ComplianceReport, q: OverviewQuery, reviews: Map<number, ReviewView>, reviewOf: (id: number) => ReviewState, org?: OrgRef): Promise<Selection> {
  let states = "";
  for (const [id, r] of reviews) states += `${id}:${r.state},`;
  const key = JSON.stringify([q.role, q.rule, q.status, q.review, q.name, q.sort, q.dir, org?.path ?? null, org?.kind ?? null, states]);
  let memo = selections.get(report);
  const hit = memo?.get(key);
  if (hit) return hit;
  const statusCounts = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>;
  const statusBit = new Map(STATUSES.map((s, i) => [s as Status, 1 << i]));
  const reviewCounts: Record<ReviewState, number> = { PENDING: 0, REVIEWED: 0, RETURNED: 0 };
  const kept: MemberCompliance[] = [];
  // above a branch: each kept member counted toward the child org their branch lies under
  const children = org && org.kind !== "BRANCH" ? await childOrgs(kx, org) : null;
  const childOf = children ? await memberChildren(kx, report, org!, lastDayOf(q.year, q.asOf)) : null;
  const summaries = new Map<string, ChildSummary>(
    (children ?? []).map((c) => [c.path, { code: c.code, name: c.name, kind: c.kind, dissolvedOn: c.dissolvedOn, members: 0, missed: 0, atRisk: 0, review: { PENDING: 0, REVIEWED: 0, RETURNED: 0 } }]),
  );
  for (const m of report.members) {
    const review = reviewOf(m.id);
    if (!matches(m, q, review)) continue;
    kept.push(m);
    reviewCounts[review]++;
    let seen = 0;
    for (const r of OVERVIEW_RULES) for (const x of resultsOf(m, r)) seen |= statusBit.get(x.status)!;
    STATUSES.forEach((s, i) => {
      if (seen & (1 << i)) statusCounts[s]++;
    });
    const child = childOf ? summaries.get(childOf.get(m.id) ?? "") : undefined;
    if (child) {
      child.members++;
      if (seen & statusBit.get("missed")!) child.missed++;
      if (seen & statusBit.get("at_risk")!) child.atRisk++;
      child.review[review]++;
    }
  }

  // Every kept member is ordered; rows and grids are made for the page's members only.
  const sorted = order(kept, q.sort, q.dir === "desc", reportRanks(report), reviewOf);
  const { months, weeks } = periodsOf(q.year);
  const out: Selection = {
    kept,
    sorted,
    statusCounts,
    reviewCounts,
    children: children ? [...summaries.values()] : null,
    monthShare: metShare(months, kept.map((m) => m.monthlyTalks)),
    weekShare: metShare(weeks, kept.map((m) => m.weeklyVisits)),
  };
  if (!memo) selections.set(report, (memo = new Map()));
  memo.set(key, out);
  while (memo.size > MEMO_ENTRIES) memo.delete(memo.keys().next().value!);
  return out;
}

/**
 * Builds the overview of `q.year` as of `q.asOf` from the database and the year's sign-offs
 * (`reviews`, by member id; absent = PENDING), for `org`'s subtree (org-scope.ts; the caller has
 * checked reach) or, without one, the whole ledger. Read-only.
 */
export async function buildOverview(kx: Kysely<DB>, q: OverviewQuery, reviews: Map<number, ReviewView>, org?: OrgRef): Promise<Overview> {
  const zone = q.zone ? { zoneId: q.zone } : {};
  const report = org ? await orgCompliance(kx, { year: q.year, asOf: q.asOf, org, ...zone }) : await cachedComplianceReport(kx, { year: q.year, asOf: q.asOf, ...zone });
  const zonesShown = report.zones;
  const { months, weeks } = periodsOf(q.year);
  const stateOf = (id: number): ReviewView | undefined => reviews.get(id);

  const reviewOf = (id: number): ReviewState => stateOf(id)?.state ?? "PENDING";
  const { kept, sorted, statusCounts, reviewCounts, children, monthShare, weekShare } = await selection(kx, report, q, reviews, reviewOf, org);
  const weekGrids = q.rule === "WEEK_VISITS";
  const size = weekGrids ? WEEK_PAGE_SIZE : PAGE_SIZE;
  const pages = Math.max(1, Math.ceil(sorted.length / size));
  const page = Math.min(q.page, pages);
  const pageRows = sorted.slice((page - 1) * size, page * size).map((i): OverviewRow => {
    const m = kept[i];
    const review = stateOf(m.id);
    return {
      id: m.id,
      username: m.username,
      name: m.name,
      role: m.role,
      zone: m.zone,
      yearTalks: m.yearTalks,
      months: memberGrids(m, q.year).months, // kept per (shared, frozen) member: the same cells
      weeks: weekGrids ? memberGrids(m, q.year).weeks : null,
      weekly: m.weeklyVisits !== undefined,
      pairings: m.pairings ?? null,
      missedMonths: missed(m.monthlyTalks),
      missedWeeks: missed(m.weeklyVisits),
      metWeeks: counted(m.weeklyVisits, "met"),
      review: review?.state ?? "PENDING",
      reviewComment: review?.comment ?? "",
      metEveryRule: metEveryRule(m),
    };
  });

  const monthLabels = months.map(monthShort);
  const zonePages = Math.max(1, Math.ceil(zonesShown.length / ZONE_PAGE_SIZE));
  const zonePage = { page: Math.min(q.zpage, zonePages), pages: zonePages, total: zonesShown.length, size: ZONE_PAGE_SIZE };
  return {
    report: { year: report.year, asOf: report.asOf, branch: report.branch },
    rows: pageRows,
    total: sorted.length,
    page,
    pages,
    pageSize: size,
    zones: zonesShown.slice((zonePage.page - 1) * ZONE_PAGE_SIZE, zonePage.page * ZONE_PAGE_SIZE).map((z) => ({ id: z.id, name: z.name, months: zoneMonths(z, q.year) })),
    zonePage,
    children,
    weekGrids,
    branchHalves: report.branch.halfYearMeetings,
    statusCounts,
    reviewCounts,
    charts: {
      months: {
        labels: monthLabels,
        datasets: [
          { label: "月度谈心达标率（%）", data: monthShare },
          { label: "院坝会达标率（%）", data: courtyardShare(report, months) },
        ],
      },
      weeks: {
        labels: weeks.map((p) => p.label.slice(5)),
        datasets: [{ label: "每周走访达标率（%）", data: weekShare }],
      },
    },
    weeksOfYear: weeks,
    monthsOfYear: months,
  };
}
