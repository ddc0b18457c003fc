/**
 * The SQL of the compliance report (FORMATS.md "Compliance report"): a handful of grouped queries
 * over the whole population, written once with Kysely's `sql` template for SQLite and PostgreSQL
 * (issue 17; the engines' differences come from src/db/dialect.ts) and run on the caller's Kysely
 * instance or snapshot (ENVIRONMENT.md, "Speeds": per-person counts want a covering index on
 * (person, date)). Never one query per member.
 *
 * Every query takes Asia/Shanghai `LocalDate` bounds (inclusive, compared as `YYYY-MM-DD` text) and
 * skips soft-deleted rows (`deletedAt IS NULL`: DOMAIN.md, "A deleted record does not count").
 * Member-id filters are passed as one JSON array parameter (`jsonValues`: SQLite's `json_each`,
 * PostgreSQL's `jsonb_array_elements_text`), so SQLite seeks the (person, date) index once per id.
 * Each query is exported (`SQL`, a builder of its parameters) so tests can check its plan.
 *
 * Strings aggregated per person or zone (`stringAgg`) are read in any order: every tally below
 * counts them per month, week or zone, so neither engine is asked to sort them. `unindexed`
 * (SQLite's `+col`) keeps a date range from choosing an index on SQLite. `count(*) FILTER (WHERE …)`
 * and `string_agg(…) FILTER (WHERE …)` are standard SQL (both engines have `FILTER` on aggregates).
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { arrayRows, jsonValues, stringAgg, unindexed } from "../../db/dialect.ts";
import { inIntervals, type CadreLevel, type Interval, type LocalDate, type RuleKey, type RuleSetting } from "../../rules/index.ts";
import type { AssignmentRow, AssignmentTuple, MemberRow, TermRow } from "./subjects.ts";

type Db = Kysely<DB>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** `col` is one of `ids` (one JSON array parameter). */
const inIds = (db: AnyDb, col: string, ids: readonly number[]) => sql`${sql.ref(col)} IN ${jsonValues(db, ids, "integer")}`;

/** Parameters of the report queries: a date range, an id list, a zone, a day. */
interface Span {
  from: LocalDate;
  to: LocalDate;
}
interface Ids {
  ids: readonly number[];
}

const MEMBERS = (p: Span) => sql`SELECT "id", "username", "name", "role", "cadreLevel", "registeredOn", "deactivatedOn" FROM "Member"
    WHERE "registeredOn" <= ${p.to} AND ("deactivatedOn" IS NULL OR "deactivatedOn" >= ${p.from})`;
const ZONE_ASSIGNMENTS = (p: Span) => sql`SELECT "memberId", "zoneId" AS "targetId", "fromOn", "toOn" FROM "ZoneAssignment"
    WHERE "fromOn" <= ${p.to} AND ("toOn" IS NULL OR "toOn" >= ${p.from})`;
const LINE_ASSIGNMENTS = (p: Span) => sql`SELECT "memberId", "lineId" AS "targetId", "fromOn", "toOn" FROM "LineAssignment"
    WHERE "fromOn" <= ${p.to} AND ("toOn" IS NULL OR "toOn" >= ${p.from})`;
/**
 * Each zone's meetings as one string, 9 characters a meeting: the month (`YYYY-MM`), then 1/0 for
 * 院坝会 (COURTYARD), then 1/0 for the branch's 座谈会/茶话会/恳谈会/调研会. Read on SQLite from the
 * covering (zoneId, heldOn, deletedAt, kind) index in zone order, so rows are grouped without a
 * temporary B-tree; `countMeetings` adds them up per zone and month.
 */
const MEETINGS = (db: AnyDb) => sql`SELECT "zoneId", ${stringAgg(
  db,
  sql`substr("heldOn", 1, 7) || CASE WHEN "kind" = 'COURTYARD' THEN '1' ELSE '0' END
      || CASE WHEN "kind" IN ('FORUM', 'TEA_PARTY', 'DIALOGUE', 'SURVEY') THEN '1' ELSE '0' END`,
  "",
)} AS "meetings"
    FROM "Meeting" WHERE "deletedAt" IS NULL`;

type Assignment = { memberId: number; targetId: number; fromOn: LocalDate; toOn: LocalDate | null };

/**
 * Each report query, a builder of its parameters; the `…Of` variants are restricted to the ids in
 * `ids` (a report filtered by `memberIds` or `zoneId`, e.g. one person's dashboard), the others
 * read the whole population.
 */
export const SQL = {
  /**
   * Members on the roll at least one day in [from, to]. ADMIN terms (system operators, no quotas)
   * are left out by date in JS (src/rules/standing.ts), never by today's role.
   */
  members: (_db: AnyDb, p: Span): RawBuilder<MemberRow> => sql`${MEMBERS(p)} ORDER BY "id"`,
  membersOf: (db: AnyDb, p: Span & Ids): RawBuilder<MemberRow> => sql`${MEMBERS(p)} AND ${inIds(db, "id", p.ids)} ORDER BY "id"`,
  /** Members assigned to zone `zoneId` at some day of [from, to] (candidates of a zone filter). */
  zoneMembers: (_db: AnyDb, p: Span & { zoneId: number }): RawBuilder<{ memberId: number }> => sql`SELECT DISTINCT "memberId" FROM "ZoneAssignment"
    WHERE "zoneId" = ${p.zoneId} AND "fromOn" <= ${p.to} AND ("toOn" IS NULL OR "toOn" >= ${p.from})`,
  /**
   * Role history that began on or before `to`, of the people who ever held a leader or ADMIN role
   * (such a term, or that current role): everyone else was a plain member throughout, subject to
   * the yearly talks only, so the other ~90% of the roster's terms are not read.
   */
  roleTerms: (_db: AnyDb, p: { to: LocalDate }): RawBuilder<TermRow> => sql`SELECT "memberId", "role", "cadreLevel", "fromOn", "toOn" FROM "RoleTerm"
    WHERE "fromOn" <= ${p.to} AND "memberId" IN (
      SELECT "memberId" FROM "RoleTerm" WHERE "role" IN ('CADRE', 'SECRETARY', 'ADMIN')
      UNION SELECT "id" FROM "Member" WHERE "role" IN ('CADRE', 'SECRETARY', 'ADMIN'))
    ORDER BY "memberId", "fromOn"`,
  roleTermsOf: (db: AnyDb, p: { to: LocalDate } & Ids): RawBuilder<TermRow> => sql`SELECT "memberId", "role", "cadreLevel", "fromOn", "toOn" FROM "RoleTerm"
    WHERE "fromOn" <= ${p.to} AND ${inIds(db, "memberId", p.ids)} ORDER BY "memberId", "fromOn"`,
  /** Zone and line assignments overlapping [from, to]. */
  zoneAssignments: (_db: AnyDb, p: Span): RawBuilder<Assignment> => sql`${ZONE_ASSIGNMENTS(p)} ORDER BY "memberId", "fromOn"`,
  zoneAssignmentsOf: (db: AnyDb, p: Span & Ids): RawBuilder<Assignment> => sql`${ZONE_ASSIGNMENTS(p)} AND ${inIds(db, "memberId", p.ids)} ORDER BY "memberId", "fromOn"`,
  lineAssignments: (_db: AnyDb, p: Span): RawBuilder<Assignment> => sql`${LINE_ASSIGNMENTS(p)} ORDER BY "memberId", "fromOn"`,
  lineAssignmentsOf: (db: AnyDb, p: Span & Ids): RawBuilder<Assignment> => sql`${LINE_ASSIGNMENTS(p)} AND ${inIds(db, "memberId", p.ids)} ORDER BY "memberId", "fromOn"`,
  zones: (): RawBuilder<ZoneRow> => sql`SELECT "id", "name", "establishedOn", "retiredOn", "branchId" FROM "Zone" ORDER BY "id"`,
  branch: (): RawBuilder<{ name: string }> => sql`SELECT "name" FROM "Org" WHERE "kind" = 'BRANCH' ORDER BY "id" LIMIT 1`,
  /** Every threshold row, the system's (orgId null) and each org's; resolved per branch by domain/orgs/settings.ts. */
  ruleSettings: (): RawBuilder<{ rule: string; cadreLevel: string | null; value: number; effectiveFrom: string; orgId: number | null }> =>
    sql`SELECT "rule", "cadreLevel", "value", "effectiveFrom", "orgId" FROM "RuleSetting" ORDER BY "effectiveFrom", "id"`,
  /** Every org's materialized path (the settings of a branch are those on its path). */
  orgPaths: (): RawBuilder<{ id: number; path: string }> => sql`SELECT "id", "path" FROM "Org"`,
  /**
   * Talks per talker in [from, to] for the talkers in `ids`: one seek per person into the
   * covering index (talkerId, occurredOn, deletedAt), reading only the year's entries whatever
   * the number of years kept.
   */
  yearTalksOf: (db: AnyDb, p: Span & Ids): RawBuilder<{ memberId: number; n: number }> => sql`SELECT "talkerId" AS "memberId", count(*) AS "n" FROM "Talk"
    WHERE ${inIds(db, "talkerId", p.ids)} AND "occurredOn" BETWEEN ${p.from} AND ${p.to}
      AND "deletedAt" IS NULL GROUP BY "talkerId"`,
  /**
   * The dates (`YYYY-MM-DD`, concatenated without separator, 10 characters each, in any order) of
   * the talks of each talker in `ids`, counted per month in JS over the days the talker was subject
   * (`countTalkDays`): grouped by talker only, the rows stream in index order on SQLite (no
   * temporary B-tree, which cost more than the scan at county scale).
   */
  monthTalksOf: (db: AnyDb, p: Span & Ids): RawBuilder<{ memberId: number; dates: string }> => sql`SELECT "talkerId" AS "memberId", ${stringAgg(db, sql.ref("occurredOn"), "")} AS "dates" FROM "Talk"
    WHERE ${inIds(db, "talkerId", p.ids)} AND "occurredOn" BETWEEN ${p.from} AND ${p.to}
      AND "deletedAt" IS NULL GROUP BY "talkerId"`,
  /**
   * Every talker's count of talks in [from, to] (an unfiltered report), and the dates (as in
   * `monthTalksOf`) of the talkers in `ids` only, those whose months or partial year are counted
   * per day in JS: one pass over the covering (talkerId, occurredOn, deletedAt) index in talker
   * order on SQLite, the floor's own scan. The `FILTER` costs a lookup per row, far less than
   * building and reading the other ~23,000 talkers' dates (profile: the all-dates form spent ~70 ms
   * in the read and ~15 ms in GC per county report; this one is the floor's count plus ~2 ms).
   * (`unindexed`: the date range is checked while scanning, not used to pick the date index, which
   * would need a table lookup per talk and a temporary B-tree for the grouping.)
   */
  talkCounts: (db: AnyDb, p: Span & Ids): RawBuilder<{ memberId: number; n: number; dates: string | null }> => sql`SELECT "talkerId" AS "memberId", count(*) AS "n",
      ${stringAgg(db, sql.ref("occurredOn"), "")} FILTER (WHERE ${inIds(db, "talkerId", p.ids)}) AS "dates" FROM "Talk"
    WHERE ${unindexed(db, sql.ref("occurredOn"))} BETWEEN ${p.from} AND ${p.to} AND "deletedAt" IS NULL GROUP BY "talkerId"`,
  /**
   * The visits of each cadre in `ids` to a line, as `YYYY-MM-DD<lineId>` joined by commas, read
   * on SQLite from the covering (cadreId, visitedOn, deletedAt, lineId) index in index order; the
   * line assignment of each visit's date and its ISO week are checked in JS (`countWeekVisits`).
   */
  weekVisitsOf: (db: AnyDb, p: Span & Ids): RawBuilder<{ memberId: number; visits: string }> => sql`SELECT "cadreId" AS "memberId", ${stringAgg(db, sql`"visitedOn" || "lineId"`, ",")} AS "visits" FROM "LineVisit"
    WHERE ${inIds(db, "cadreId", p.ids)} AND "visitedOn" BETWEEN ${p.from} AND ${p.to}
      AND "deletedAt" IS NULL AND "lineId" IS NOT NULL
    GROUP BY "cadreId"`,
  /**
   * Households paired on `on` per cadre in `ids`: started on or before, not ended on or before
   * (`endedOn` is the day the pairing stopped). A pairing with a soft-deleted resident is void.
   */
  pairingsOf: (db: AnyDb, p: { on: LocalDate } & Ids): RawBuilder<{ memberId: number; n: number }> => sql`SELECT p."cadreId" AS "memberId", count(*) AS "n" FROM "Pairing" p
    JOIN "Resident" r ON r."id" = p."residentId" AND r."deletedAt" IS NULL
    WHERE ${inIds(db, "p.cadreId", p.ids)} AND p."startedOn" <= ${p.on}
      AND (p."endedOn" IS NULL OR p."endedOn" > ${p.on})
    GROUP BY p."cadreId"`,
  /**
   * Meetings of every zone in [from, to]: 院坝会, and the branch's 座谈会/茶话会/恳谈会/调研会.
   * (`unindexed`: the date range is checked while scanning the covering zone index, not used to
   * pick the date index, which would need a table lookup per meeting and a sort.)
   */
  meetings: (db: AnyDb, p: Span): RawBuilder<{ zoneId: number; meetings: string }> =>
    sql`${MEETINGS(db)} AND ${unindexed(db, sql.ref("heldOn"))} BETWEEN ${p.from} AND ${p.to} GROUP BY "zoneId"`,
  /** The same for the zones in `ids`: one seek per zone into the covering index. */
  meetingsOf: (db: AnyDb, p: Span & Ids): RawBuilder<{ zoneId: number; meetings: string }> =>
    sql`${MEETINGS(db)} AND "heldOn" BETWEEN ${p.from} AND ${p.to} AND ${inIds(db, "zoneId", p.ids)} GROUP BY "zoneId"`,
  /** The branch's 座谈会/茶话会/恳谈会/调研会 per month in [from, to], every zone. */
  branchMeetings: (_db: AnyDb, p: Span): RawBuilder<{ month: string; n: number }> => sql`SELECT substr("heldOn", 1, 7) AS "month", count(*) AS "n" FROM "Meeting"
    WHERE "heldOn" BETWEEN ${p.from} AND ${p.to} AND "deletedAt" IS NULL
      AND "kind" IN ('FORUM', 'TEA_PARTY', 'DIALOGUE', 'SURVEY')
    GROUP BY substr("heldOn", 1, 7)`,
} as const;

export interface Range {
  from: LocalDate;
  to: LocalDate;
}

export interface ZoneRow {
  id: number;
  name: string;
  establishedOn: LocalDate;
  retiredOn: LocalDate | null;
  /** The branch (Org id) the zone belongs to. */
  branchId: number;
}

export interface MeetingRow {
  zoneId: number;
  month: string;
  courtyard: number;
  other: number;
}

/** The rows of one report query. */
async function rows<R>(q: RawBuilder<R>, kx: Db): Promise<R[]> {
  return (await q.execute(kx)).rows;
}

const list = (ids: Iterable<number>): readonly number[] => (Array.isArray(ids) ? ids : [...ids]);

/** `only`: restrict to these member ids (null = everyone). */
type Only = readonly number[] | null;

/**
 * Members on the roll in `range` (`SQL.members`), by id. Read as arrays and made into objects
 * here: one object literal shape per row costs far less than better-sqlite3's objects (profile,
 * 25,002 members: ~80 ms of CPU as objects, ~25 ms as arrays).
 */
export async function loadMembers(kx: Db, range: Range, only: Only): Promise<MemberRow[]> {
  type Cols = [number, string, string, string, string | null, LocalDate, LocalDate | null];
  const read = await arrayRows<Cols>(kx, only ? SQL.membersOf(kx, { ...range, ids: only }) : SQL.members(kx, range));
  const out: MemberRow[] = new Array(read.length);
  for (let i = 0; i < read.length; i++) {
    const r = read[i];
    out[i] = { id: r[0], username: r[1], name: r[2], role: r[3], cadreLevel: r[4], registeredOn: r[5], deactivatedOn: r[6] };
  }
  return out;
}

/** Ids of the members assigned to `zoneId` at some day of `range`. */
export async function loadZoneMembers(kx: Db, zoneId: number, range: Range): Promise<number[]> {
  return (await rows(SQL.zoneMembers(kx, { ...range, zoneId }), kx)).map((r) => r.memberId);
}

/** Role history up to `to`: of `only`, or of everyone who ever held a leader role (`SQL.roleTerms`). */
export async function loadRoleTerms(kx: Db, to: LocalDate, only: Only): Promise<TermRow[]> {
  return rows(only ? SQL.roleTermsOf(kx, { to, ids: only }) : SQL.roleTerms(kx, { to }), kx);
}

export async function loadZoneAssignments(kx: Db, range: Range, only: Only): Promise<AssignmentRow[]> {
  return rows(only ? SQL.zoneAssignmentsOf(kx, { ...range, ids: only }) : SQL.zoneAssignments(kx, range), kx);
}

/** The same rows as `loadZoneAssignments`, as tuples: [memberId, zoneId, fromOn, toOn], by member then fromOn. */
export async function loadZoneAssignmentTuples(kx: Db, range: Range, only: Only): Promise<AssignmentTuple[]> {
  // Read as arrays (the SELECT list is the tuple's order): no object per row, then no tuple made from it.
  return arrayRows<AssignmentTuple>(kx, only ? SQL.zoneAssignmentsOf(kx, { ...range, ids: only }) : SQL.zoneAssignments(kx, range));
}

export async function loadLineAssignments(kx: Db, range: Range, only: Only): Promise<AssignmentRow[]> {
  return rows(only ? SQL.lineAssignmentsOf(kx, { ...range, ids: only }) : SQL.lineAssignments(kx, range), kx);
}

export async function loadZones(kx: Db): Promise<ZoneRow[]> {
  return rows(SQL.zones(), kx);
}

export async function loadBranchName(kx: Db): Promise<string | null> {
  const [row] = await rows(SQL.branch(), kx);
  return row?.name ?? null;
}

const RULES: ReadonlySet<string> = new Set<RuleKey>([
  "YEAR_TALKS",
  "MONTH_TALKS",
  "WEEK_VISITS",
  "PAIRINGS",
  "MONTH_COURTYARD",
  "HALF_MEETINGS",
]);

/**
 * RuleSetting rows of the quota rules (other keys, e.g. REQUEST_FEEDBACK_DAYS, are left out):
 * `system` those at no org, `byOrg` those set at an org (with its id), each oldest first.
 */
export async function loadRuleSettings(kx: Db): Promise<{ system: RuleSetting[]; byOrg: Array<RuleSetting & { orgId: number }> }> {
  const system: RuleSetting[] = [];
  const byOrg: Array<RuleSetting & { orgId: number }> = [];
  for (const r of await rows(SQL.ruleSettings(), kx)) {
    if (!RULES.has(r.rule)) continue;
    const s: RuleSetting = { rule: r.rule as RuleKey, cadreLevel: (r.cadreLevel as CadreLevel | null) ?? null, value: r.value, effectiveFrom: r.effectiveFrom };
    if (r.orgId === null) system.push(s);
    else byOrg.push({ ...s, orgId: r.orgId });
  }
  return { system, byOrg };
}

/** Every org's path by id. */
export async function loadOrgPaths(kx: Db): Promise<Map<number, string>> {
  return new Map((await rows(SQL.orgPaths(), kx)).map((r) => [r.id, r.path]));
}

/** Talks per talker in `range`, for the talkers in `only`. */
export async function countYearTalks(kx: Db, range: Range, only: Iterable<number>): Promise<Map<number, number>> {
  return new Map((await rows(SQL.yearTalksOf(kx, { ...range, ids: list(only) }), kx)).map((r) => [r.memberId, r.n]));
}

/**
 * Talks per talker in `only` within `range`, counted only on the days their subject intervals
 * hold them (DOMAIN.md: "A record counts only if dated on a day on which its author was subject
 * to the rule"): `year` counts the talks on days of `subjects(id).year`, `months` those on days of
 * `subjects(id).month` per month label (`2026-03`).
 */
export async function countTalkDays(
  kx: Db,
  range: Range,
  only: Iterable<number>,
  subjects: (memberId: number) => { year: readonly Interval[]; month: readonly Interval[] },
): Promise<Map<number, { year: number; months: Record<string, number> }>> {
  const read = await rows(SQL.monthTalksOf(kx, { ...range, ids: list(only) }), kx);
  return tallyTalkDays(read.map((r) => [r.memberId, r.dates] as const), subjects, range);
}

/**
 * Every talker's talks in `range`: [memberId, count, dates], `dates` (10 characters each, as
 * `SQL.monthTalksOf`) only for the talkers in `withDates`, else null (`SQL.talkCounts`).
 */
export async function loadTalkCounts(kx: Db, range: Range, withDates: Iterable<number>): Promise<Array<[number, number, string | null]>> {
  return arrayRows<[number, number, string | null]>(kx, SQL.talkCounts(kx, { ...range, ids: list(withDates) })); // SELECT order: memberId, n, dates
}
/**
 * `countTalkDays` of rows already read ([memberId, dates], see `SQL.monthTalksOf`), all dated in
 * `range` (given, the common case is counted without a string per talk: a subject interval that
 * covers the whole range counts every date, and months are told apart by their digits).
 */
export function tallyTalkDays(
  rows: ReadonlyArray<readonly [number, string]>,
  subjects: (memberId: number) => { year: readonly Interval[]; month: readonly Interval[] },
  range?: Range,
): Map<number, { year: number; months: Record<string, number> }> {
  const out = new Map<number, { year: number; months: Record<string, number> }>();
  const covers = (ivs: readonly Interval[]) => range !== undefined && ivs.length === 1 && ivs[0].from <= range.from && (ivs[0].to === null || ivs[0].to >= range.to);
  // One calendar year: "YYYY-" shared by every date, the month read from its two digits.
  const yearPrefix = range && range.from.slice(0, 5) === range.to.slice(0, 5) ? range.from.slice(0, 5) : null;
  const perMonth = new Int32Array(13);
  for (const [memberId, dates] of rows) {
    const { year: ySubject, month: mSubject } = subjects(memberId);
    const months: Record<string, number> = {};
    let year = 0;
    if (covers(ySubject) && (mSubject.length === 0 || (yearPrefix !== null && covers(mSubject)))) {
      year = dates.length / 10;
      if (mSubject.length) {
        for (let i = 0; i < dates.length; i += 10) perMonth[(dates.charCodeAt(i + 5) - 48) * 10 + dates.charCodeAt(i + 6) - 48]++;
        for (let m = 1; m <= 12; m++) {
          if (perMonth[m] > 0) months[`${yearPrefix}${m < 10 ? "0" : ""}${m}`] = perMonth[m];
          perMonth[m] = 0;
        }
      }
      out.set(memberId, { year, months });
      continue;
    }
    for (let i = 0; i < dates.length; i += 10) {
      const on = dates.slice(i, i + 10);
      if (inIntervals(ySubject, on)) year++;
      if (mSubject.length && inIntervals(mSubject, on)) {
        const month = on.slice(0, 7);
        months[month] = (months[month] ?? 0) + 1;
      }
    }
    out.set(memberId, { year, months });
  }
  return out;
}

/**
 * Visits per cadre in `only` and ISO week in `range` (责任区工作制度 6(1)), counting only a visit to
 * the line the cadre was assigned to on the visit's date (到一线挂钩线路; another line or a
 * department does not count) on a day the cadre was subject to the rule (`subject(id)`: a cadre
 * demoted to 党员 owes and counts no visits from that date). `lines`: each cadre's line
 * assignments overlapping `range` (`loadLineAssignments`); `weekLabel` names the week from its
 * 0-based index counted from `weekStart` (a Monday).
 */
export async function countWeekVisits(
  kx: Db,
  range: Range,
  weekStart: LocalDate,
  only: Iterable<number>,
  lines: ReadonlyMap<number, readonly AssignmentRow[]>,
  weekLabel: (index: number) => string,
  subject: (memberId: number) => readonly Interval[],
): Promise<Map<number, Record<string, number>>> {
  const startDay = dayNumberAt(weekStart, 0);
  const read = await rows(SQL.weekVisitsOf(kx, { ...range, ids: list(only) }), kx);
  const out = new Map<number, Record<string, number>>();
  // Dates compared as day numbers parsed in place, week counts in a reused array: no string per
  // visit (profile, 150,000 visits of 1,093 cadres: ~35 ms of slicing, Map lookups and GC before).
  let perWeek = new Int32Array(0);
  for (const { memberId, visits } of read) {
    const assigned = lines.get(memberId);
    if (!assigned) continue;
    // [lineId, from, to] of each assignment and [from, to] of each subject interval, in day numbers (to: inclusive).
    const onLines = assigned.map((a) => [a.targetId, dayNumberAt(a.fromOn, 0), a.toOn === null ? Infinity : dayNumberAt(a.toOn, 0)] as const);
    const subjectDays = subject(memberId).map((iv) => [dayNumberAt(iv.from, 0), iv.to === null ? Infinity : dayNumberAt(iv.to, 0)] as const);
    let maxWeek = -1;
    for (let i = 0; i < visits.length; ) {
      let end = visits.indexOf(",", i);
      if (end < 0) end = visits.length;
      const day = dayNumberAt(visits, i);
      let lineId = 0;
      for (let j = i + 10; j < end; j++) lineId = lineId * 10 + visits.charCodeAt(j) - 48;
      i = end + 1;
      let onLine = false;
      for (const [line, from, to] of onLines) {
        if (line === lineId && from <= day && day <= to) {
          onLine = true;
          break;
        }
      }
      if (!onLine) continue;
      let subjectDay = false;
      for (const [from, to] of subjectDays) {
        if (from <= day && day <= to) {
          subjectDay = true;
          break;
        }
      }
      if (!subjectDay) continue;
      const week = Math.floor((day - startDay) / 7);
      if (week >= perWeek.length) {
        const grown = new Int32Array(week + 64);
        grown.set(perWeek);
        perWeek = grown;
      }
      perWeek[week]++;
      if (week > maxWeek) maxWeek = week;
    }
    const counts: Record<string, number> = {};
    for (let w = 0; w <= maxWeek; w++) {
      if (perWeek[w] > 0) counts[weekLabel(w)] = perWeek[w];
      perWeek[w] = 0;
    }
    out.set(memberId, counts);
  }
  return out;
}

/**
 * The day number (days since 1970-01-01, as `toDayNumber`) of the `YYYY-MM-DD` date at `a` in `t`, read in
 * place from its digits (no substring). The text is a stored date, already valid.
 */
export function dayNumberAt(t: string, a: number): number {
  // Hinnant's days_from_civil (as src/rules/dates.ts), on the digits' char codes.
  const m = (t.charCodeAt(a + 5) - 48) * 10 + t.charCodeAt(a + 6) - 48;
  const y = (t.charCodeAt(a) - 48) * 1000 + (t.charCodeAt(a + 1) - 48) * 100 + (t.charCodeAt(a + 2) - 48) * 10 + t.charCodeAt(a + 3) - 48 - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + (t.charCodeAt(a + 8) - 48) * 10 + t.charCodeAt(a + 9) - 48 - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** Households paired on `on` per cadre in `only`. */
export async function countPairings(kx: Db, on: LocalDate, only: Iterable<number>): Promise<Map<number, number>> {
  return new Map((await rows(SQL.pairingsOf(kx, { on, ids: list(only) }), kx)).map((r) => [r.memberId, r.n]));
}

/** Meetings per zone and month in `range`, of the zones in `only` (null = every zone). */
export async function countMeetings(kx: Db, range: Range, only: Only): Promise<MeetingRow[]> {
  const read = await rows(only ? SQL.meetingsOf(kx, { ...range, ids: only }) : SQL.meetings(kx, range), kx);
  const out: MeetingRow[] = [];
  for (const { zoneId, meetings } of read) {
    const byMonth = new Map<string, MeetingRow>();
    let row: MeetingRow | undefined;
    for (let i = 0; i < meetings.length; i += 9) {
      // Read in index order, a zone's meetings of one month mostly follow each other: the
      // month is cut out (a string) only when it changes (66,000 meetings in a county).
      if (row === undefined || !meetings.startsWith(row.month, i)) {
        const month = meetings.slice(i, i + 7);
        row = byMonth.get(month);
        if (!row) byMonth.set(month, (row = { zoneId, month, courtyard: 0, other: 0 }));
      }
      if (meetings[i + 7] === "1") row.courtyard++;
      if (meetings[i + 8] === "1") row.other++;
    }
    out.push(...byMonth.values());
  }
  return out;
}

/** The branch's 座谈会/茶话会/恳谈会/调研会 per month label in `range`. */
export async function countBranchMeetings(kx: Db, range: Range): Promise<Record<string, number>> {
  return Object.fromEntries((await rows(SQL.branchMeetings(kx, range), kx)).map((r) => [r.month, r.n]));
}
