/**
 * TRANSITIONAL (issue 17): the synchronous better-sqlite3 version of queries.ts, kept verbatim for the
 * callers not yet moved to Kysely (the desk and the 三维考核 performance shares, which build inside
 * synchronous raw transactions). SQLite only. Delete this file (and its *-sync.ts siblings) once
 * nobody imports cache-sync.ts: every new caller uses the async Kysely version.
 */
/**
 * The SQL of the compliance report (FORMATS.md "Compliance report"): a handful of grouped queries
 * over the whole population, run as raw better-sqlite3 prepared statements (ENVIRONMENT.md,
 * "Speeds": the adapter re-prepares every query; per-person counts want a covering index on
 * (person, date)). Never one query per member.
 *
 * Every query takes Asia/Shanghai `LocalDate` bounds (inclusive, compared as `YYYY-MM-DD` text) and
 * skips soft-deleted rows (`deletedAt IS NULL`: DOMAIN.md, "A deleted record does not count").
 * Member-id filters are passed as one JSON array bound to `json_each(?)`, so SQLite seeks the
 * (person, date) index once per id. Each SQL text is exported (`SQL`) so tests can check its
 * `EXPLAIN QUERY PLAN`.
 *
 * SQLite-only spellings, for the move to Kysely (issue 17): `group_concat(x, sep)` (PostgreSQL:
 * `string_agg`, with an `ORDER BY` inside it, since only SQLite's index order keeps the dates
 * sorted here), `json_each(@ids)` for the id lists (PostgreSQL: `= ANY(@ids)` or
 * `jsonb_array_elements`), `+col` to keep a column from choosing an index, `INDEXED BY` (bench
 * only). `count(*) FILTER (WHERE …)` and
 * `group_concat(…) FILTER (WHERE …)` are standard SQL (PostgreSQL has `FILTER` on aggregates).
 */
import type Database from "better-sqlite3";
import { inIntervals, toDayNumber, type CadreLevel, type Interval, type LocalDate, type RuleKey, type RuleSetting } from "../../rules/index.ts";
import type { AssignmentRow, AssignmentTuple, MemberRow, TermRow } from "./subjects.ts";

type Db = Database.Database;

/** `col` is one of the ids in the JSON array bound to `@ids`. */
const inIds = (col: string) => `${col} IN (SELECT value FROM json_each(@ids))`;

const MEMBERS = `SELECT id, username, name, role, cadreLevel, registeredOn, deactivatedOn FROM Member
    WHERE registeredOn <= @to AND (deactivatedOn IS NULL OR deactivatedOn >= @from)`;
const ZONE_ASSIGNMENTS = `SELECT memberId, zoneId AS targetId, fromOn, toOn FROM ZoneAssignment
    WHERE fromOn <= @to AND (toOn IS NULL OR toOn >= @from)`;
const LINE_ASSIGNMENTS = `SELECT memberId, lineId AS targetId, fromOn, toOn FROM LineAssignment
    WHERE fromOn <= @to AND (toOn IS NULL OR toOn >= @from)`;
/**
 * Each zone's meetings as one string, 9 characters a meeting: the month (`YYYY-MM`), then 1/0 for
 * 院坝会 (COURTYARD), then 1/0 for the branch's 座谈会/茶话会/恳谈会/调研会. Read from the covering
 * (zoneId, heldOn, deletedAt, kind) index in zone order, so rows are grouped without a temporary
 * B-tree; `countMeetings` adds them up per zone and month.
 */
const MEETINGS = `SELECT zoneId, group_concat(substr(heldOn, 1, 7) || (kind = 'COURTYARD')
      || (kind IN ('FORUM', 'TEA_PARTY', 'DIALOGUE', 'SURVEY')), '') AS meetings
    FROM Meeting WHERE deletedAt IS NULL`;

/**
 * Each report query; the `…Of` variants are restricted to the ids in `@ids` (a report filtered by
 * `memberIds` or `zoneId`, e.g. one person's dashboard), the others read the whole population.
 */
export const SQL = {
  /**
   * Members on the roll at least one day in [from, to]. ADMIN terms (system operators, no quotas)
   * are left out by date in JS (src/rules/standing.ts), never by today's role.
   */
  members: `${MEMBERS} ORDER BY id`,
  membersOf: `${MEMBERS} AND ${inIds("id")} ORDER BY id`,
  /** Members assigned to zone `@zoneId` at some day of [from, to] (candidates of a zone filter). */
  zoneMembers: `SELECT DISTINCT memberId FROM ZoneAssignment
    WHERE zoneId = @zoneId AND fromOn <= @to AND (toOn IS NULL OR toOn >= @from)`,
  /**
   * Role history that began on or before `to`, of the people who ever held a leader or ADMIN role
   * (such a term, or that current role): everyone else was a plain member throughout, subject to
   * the yearly talks only, so the other ~90% of the roster's terms are not read.
   */
  roleTerms: `SELECT memberId, role, cadreLevel, fromOn, toOn FROM RoleTerm
    WHERE fromOn <= @to AND memberId IN (
      SELECT memberId FROM RoleTerm WHERE role IN ('CADRE', 'SECRETARY', 'ADMIN')
      UNION SELECT id FROM Member WHERE role IN ('CADRE', 'SECRETARY', 'ADMIN'))
    ORDER BY memberId, fromOn`,
  roleTermsOf: `SELECT memberId, role, cadreLevel, fromOn, toOn FROM RoleTerm
    WHERE fromOn <= @to AND ${inIds("memberId")} ORDER BY memberId, fromOn`,
  /** Zone and line assignments overlapping [from, to]. */
  zoneAssignments: `${ZONE_ASSIGNMENTS} ORDER BY memberId, fromOn`,
  zoneAssignmentsOf: `${ZONE_ASSIGNMENTS} AND ${inIds("memberId")} ORDER BY memberId, fromOn`,
  lineAssignments: `${LINE_ASSIGNMENTS} ORDER BY memberId, fromOn`,
  lineAssignmentsOf: `${LINE_ASSIGNMENTS} AND ${inIds("memberId")} ORDER BY memberId, fromOn`,
  zones: `SELECT id, name, establishedOn, retiredOn, branchId FROM Zone ORDER BY id`,
  branch: `SELECT name FROM Org WHERE kind = 'BRANCH' ORDER BY id LIMIT 1`,
  /** Every threshold row, the system's (orgId null) and each org's; resolved per branch by domain/orgs/settings.ts. */
  ruleSettings: `SELECT rule, cadreLevel, value, effectiveFrom, orgId FROM RuleSetting ORDER BY effectiveFrom, id`,
  /** Every org's materialized path (the settings of a branch are those on its path). */
  orgPaths: `SELECT id, path FROM Org`,
  /**
   * Talks per talker in [from, to] for the talkers in `@ids`: one seek per person into the
   * covering index (talkerId, occurredOn, deletedAt), reading only the year's entries whatever
   * the number of years kept.
   */
  yearTalksOf: `SELECT talkerId AS memberId, count(*) AS n FROM Talk
    WHERE ${inIds("talkerId")} AND occurredOn BETWEEN @from AND @to
      AND deletedAt IS NULL GROUP BY talkerId`,
  /**
   * The dates (`YYYY-MM-DD`, concatenated without separator, 10 characters each) of the talks of
   * each talker in `@ids`, counted per month in JS over the days the talker was subject
   * (`countTalkDays`): grouped by talker only, the rows stream in index order (no temporary
   * B-tree, which cost more than the scan at county scale).
   */
  monthTalksOf: `SELECT talkerId AS memberId, group_concat(occurredOn, '') AS dates FROM Talk
    WHERE ${inIds("talkerId")} AND occurredOn BETWEEN @from AND @to
      AND deletedAt IS NULL GROUP BY talkerId`,
  /**
   * Every talker's count of talks in [from, to] (an unfiltered report), and the dates (as in
   * `monthTalksOf`) of the talkers in `@ids` only, those whose months or partial year are counted
   * per day in JS: one pass over the covering (talkerId, occurredOn, deletedAt) index in talker
   * order, the floor's own scan. The `FILTER` costs a lookup per row, far less than building and
   * reading the other ~23,000 talkers' dates (profile: the all-dates form spent ~70 ms in the read
   * and ~15 ms in GC per county report; this one is the floor's count plus ~2 ms). (`+`: the
   * date range is checked while scanning, not used to pick the date index, which would need a
   * table lookup per talk and a temporary B-tree for the grouping.) `FILTER` on an aggregate is
   * standard SQL (PostgreSQL has it); `group_concat` is SQLite's spelling of `string_agg`.
   */
  talkCounts: `SELECT talkerId AS memberId, count(*) AS n,
      group_concat(occurredOn, '') FILTER (WHERE ${inIds("talkerId")}) AS dates FROM Talk
    WHERE +occurredOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY talkerId`,
  /**
   * The visits of each cadre in `@ids` to a line, as `YYYY-MM-DD<lineId>` joined by commas, read
   * from the covering (cadreId, visitedOn, deletedAt, lineId) index in index order; the line
   * assignment of each visit's date and its ISO week are checked in JS (`countWeekVisits`).
   */
  weekVisitsOf: `SELECT cadreId AS memberId, group_concat(visitedOn || lineId) AS visits FROM LineVisit
    WHERE ${inIds("cadreId")} AND visitedOn BETWEEN @from AND @to
      AND deletedAt IS NULL AND lineId IS NOT NULL
    GROUP BY cadreId`,
  /**
   * Households paired on `@on` per cadre in `@ids`: started on or before, not ended on or before
   * (`endedOn` is the day the pairing stopped). A pairing with a soft-deleted resident is void.
   */
  pairingsOf: `SELECT p.cadreId AS memberId, count(*) AS n FROM Pairing p
    JOIN Resident r ON r.id = p.residentId AND r.deletedAt IS NULL
    WHERE ${inIds("p.cadreId")} AND p.startedOn <= @on
      AND (p.endedOn IS NULL OR p.endedOn > @on)
    GROUP BY p.cadreId`,
  /**
   * Meetings of every zone in [from, to]: 院坝会, and the branch's 座谈会/茶话会/恳谈会/调研会.
   * (`+heldOn`: the date range is checked while scanning the covering zone index, not used to pick
   * the date index, which would need a table lookup per meeting and a sort.)
   */
  meetings: `${MEETINGS} AND +heldOn BETWEEN @from AND @to GROUP BY zoneId`,
  /** The same for the zones in `@ids`: one seek per zone into the covering index. */
  meetingsOf: `${MEETINGS} AND heldOn BETWEEN @from AND @to AND ${inIds("zoneId")} GROUP BY zoneId`,
  /** The branch's 座谈会/茶话会/恳谈会/调研会 per month in [from, to], every zone. */
  branchMeetings: `SELECT substr(heldOn, 1, 7) AS month, count(*) AS n FROM Meeting
    WHERE heldOn BETWEEN @from AND @to AND deletedAt IS NULL
      AND kind IN ('FORUM', 'TEA_PARTY', 'DIALOGUE', 'SURVEY')
    GROUP BY month`,
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

const cache = new WeakMap<Db, Map<string, Database.Statement>>();

/** The prepared statement of `sql` on `raw`, prepared once per connection. */
function stmt(raw: Db, sql: string): Database.Statement {
  let map = cache.get(raw);
  if (!map) cache.set(raw, (map = new Map()));
  let s = map.get(sql);
  if (!s) map.set(sql, (s = raw.prepare(sql)));
  return s;
}

const ids = (list: Iterable<number>): string => JSON.stringify(Array.isArray(list) ? list : [...list]);

// Large results are read as arrays (`.raw()`): better-sqlite3 builds keyed row objects in C++,
// which costs more than the query itself for 25,000 members.

/** `only`: restrict to these member ids (null = everyone). */
type Only = readonly number[] | null;

export function loadMembers(raw: Db, range: Range, only: Only): MemberRow[] {
  const q = only ? stmt(raw, SQL.membersOf).raw().all({ ...range, ids: ids(only) }) : stmt(raw, SQL.members).raw().all(range);
  return (q as Array<[number, string, string, string, string | null, string, string | null]>).map(
    ([id, username, name, role, cadreLevel, registeredOn, deactivatedOn]) => ({ id, username, name, role, cadreLevel, registeredOn, deactivatedOn }),
  );
}

/** Ids of the members assigned to `zoneId` at some day of `range`. */
export function loadZoneMembers(raw: Db, zoneId: number, range: Range): number[] {
  return stmt(raw, SQL.zoneMembers).pluck().all({ ...range, zoneId }) as number[];
}

/** Role history up to `to`: of `only`, or of everyone who ever held a leader role (`SQL.roleTerms`). */
export function loadRoleTerms(raw: Db, to: LocalDate, only: Only): TermRow[] {
  return (only ? stmt(raw, SQL.roleTermsOf).all({ to, ids: ids(only) }) : stmt(raw, SQL.roleTerms).all({ to })) as TermRow[];
}

function assignments(raw: Db, sql: string, sqlOf: string, range: Range, only: Only): AssignmentRow[] {
  const q = only ? stmt(raw, sqlOf).raw().all({ ...range, ids: ids(only) }) : stmt(raw, sql).raw().all(range);
  return (q as Array<[number, number, string, string | null]>).map(([memberId, targetId, fromOn, toOn]) => ({ memberId, targetId, fromOn, toOn }));
}

export function loadZoneAssignments(raw: Db, range: Range, only: Only): AssignmentRow[] {
  return assignments(raw, SQL.zoneAssignments, SQL.zoneAssignmentsOf, range, only);
}

/** The same rows as `loadZoneAssignments`, raw: [memberId, zoneId, fromOn, toOn], by member then fromOn. */
export function loadZoneAssignmentTuples(raw: Db, range: Range, only: Only): AssignmentTuple[] {
  return (only ? stmt(raw, SQL.zoneAssignmentsOf).raw().all({ ...range, ids: ids(only) }) : stmt(raw, SQL.zoneAssignments).raw().all(range)) as AssignmentTuple[];
}

export function loadLineAssignments(raw: Db, range: Range, only: Only): AssignmentRow[] {
  return assignments(raw, SQL.lineAssignments, SQL.lineAssignmentsOf, range, only);
}

export function loadZones(raw: Db): ZoneRow[] {
  return stmt(raw, SQL.zones).all() as ZoneRow[];
}

export function loadBranchName(raw: Db): string | null {
  const row = stmt(raw, SQL.branch).get() as { name: string } | undefined;
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
export function loadRuleSettings(raw: Db): { system: RuleSetting[]; byOrg: Array<RuleSetting & { orgId: number }> } {
  const rows = stmt(raw, SQL.ruleSettings).all() as Array<{ rule: string; cadreLevel: string | null; value: number; effectiveFrom: string; orgId: number | null }>;
  const system: RuleSetting[] = [];
  const byOrg: Array<RuleSetting & { orgId: number }> = [];
  for (const r of rows) {
    if (!RULES.has(r.rule)) continue;
    const s: RuleSetting = { rule: r.rule as RuleKey, cadreLevel: (r.cadreLevel as CadreLevel | null) ?? null, value: r.value, effectiveFrom: r.effectiveFrom };
    if (r.orgId === null) system.push(s);
    else byOrg.push({ ...s, orgId: r.orgId });
  }
  return { system, byOrg };
}

/** Every org's path by id. */
export function loadOrgPaths(raw: Db): Map<number, string> {
  return new Map(stmt(raw, SQL.orgPaths).raw().all() as Array<[number, string]>);
}

/** Talks per talker in `range`, for the talkers in `only`. */
export function countYearTalks(raw: Db, range: Range, only: Iterable<number>): Map<number, number> {
  const rows = stmt(raw, SQL.yearTalksOf).raw().all({ ...range, ids: ids(only) }) as Array<[number, number]>;
  return new Map(rows);
}

/**
 * Talks per talker in `only` within `range`, counted only on the days their subject intervals
 * hold them (DOMAIN.md: "A record counts only if dated on a day on which its author was subject
 * to the rule"): `year` counts the talks on days of `subjects(id).year`, `months` those on days of
 * `subjects(id).month` per month label (`2026-03`).
 */
export function countTalkDays(
  raw: Db,
  range: Range,
  only: Iterable<number>,
  subjects: (memberId: number) => { year: readonly Interval[]; month: readonly Interval[] },
): Map<number, { year: number; months: Record<string, number> }> {
  return tallyTalkDays(stmt(raw, SQL.monthTalksOf).raw().all({ ...range, ids: ids(only) }) as Array<[number, string]>, subjects, range);
}

/**
 * Every talker's talks in `range`: [memberId, count, dates], `dates` (10 characters each, as
 * `SQL.monthTalksOf`) only for the talkers in `withDates`, else null (`SQL.talkCounts`).
 */
export function loadTalkCounts(raw: Db, range: Range, withDates: Iterable<number>): Array<[number, number, string | null]> {
  return stmt(raw, SQL.talkCounts).raw().all({ ...range, ids: ids(withDates) }) as Array<[number, number, string | null]>;
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
export function countWeekVisits(
  raw: Db,
  range: Range,
  weekStart: LocalDate,
  only: Iterable<number>,
  lines: ReadonlyMap<number, readonly AssignmentRow[]>,
  weekLabel: (index: number) => string,
  subject: (memberId: number) => readonly Interval[],
): Map<number, Record<string, number>> {
  const startDay = dayNumberAt(weekStart, 0);
  const rows = stmt(raw, SQL.weekVisitsOf).raw().all({ ...range, ids: ids(only) }) as Array<[number, string]>;
  const out = new Map<number, Record<string, number>>();
  // Dates compared as day numbers parsed in place, week counts in a reused array: no string per
  // visit (profile, 150,000 visits of 1,093 cadres: ~35 ms of slicing, Map lookups and GC before).
  let perWeek = new Int32Array(0);
  for (const [memberId, visits] of rows) {
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
export function countPairings(raw: Db, on: LocalDate, only: Iterable<number>): Map<number, number> {
  const rows = stmt(raw, SQL.pairingsOf).all({ on, ids: ids(only) }) as Array<{ memberId: number; n: number }>;
  return new Map(rows.map((r) => [r.memberId, r.n]));
}

/** Meetings per zone and month in `range`, of the zones in `only` (null = every zone). */
export function countMeetings(raw: Db, range: Range, only: Only): MeetingRow[] {
  const rows = (only ? stmt(raw, SQL.meetingsOf).raw().all({ ...range, ids: ids(only) }) : stmt(raw, SQL.meetings).raw().all(range)) as Array<[number, string]>;
  const out: MeetingRow[] = [];
  for (const [zoneId, meetings] of rows) {
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
export function countBranchMeetings(raw: Db, range: Range): Record<string, number> {
  const rows = stmt(raw, SQL.branchMeetings).raw().all(range) as Array<[string, number]>;
  return Object.fromEntries(rows);
}
