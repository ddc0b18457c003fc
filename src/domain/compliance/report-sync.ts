/**
 * TRANSITIONAL (issue 17): the synchronous better-sqlite3 version of report.ts, kept verbatim for the
 * callers not yet moved to Kysely (the desk and the 三维考核 performance shares, which build inside
 * synchronous raw transactions). SQLite only. Delete this file (and its *-sync.ts siblings) once
 * nobody imports cache-sync.ts: every new caller uses the async Kysely version.
 */
/**
 * The compliance report (FORMATS.md "Compliance report", the main export): for one year and one
 * "today" (`asOf`), each member's figures against the rules of DOMAIN.md "The rules", each zone's
 * courtyard meetings and the branch's meeting records. The JSON shape is exactly FORMATS.md's
 * (`year, asOf, timeZone, members[], zones[]`); extra keys: `branch`, and `id`, `cadreLevel` on
 * each member, `id` on each zone.
 *
 * Semantics (all dates Asia/Shanghai `LocalDate`s; DOMAIN.md: "A record counts in the period that
 * contains its date there"):
 * - Records dated after `asOf` do not count; soft-deleted records never count (DOMAIN.md: "A
 *   deleted record does not count"); statuses are computed with `asOf` as today (FORMATS.md:
 *   "`asOf` … fixes 'today' for statuses").
 * - Standing per date (DOMAIN.md "Rules: settled edge cases"; src/rules/standing.ts): role, cadre
 *   level and line are read from their dated rows (RoleTerm, LineAssignment) for each day, never
 *   from today's `Member.role` / `cadreLevel` (used only for an account without role history). A
 *   record counts only when dated on a day its author was subject to the rule.
 * - ADMIN terms are a system operator's (DOMAIN.md "Who uses it"), not subject to quotas: their
 *   days are left out by date; a member ADMIN on every day of the year up to the reference date
 *   is omitted.
 * - Members listed: every other member subject to YEAR_TALKS (谈心制度 5: every active member,
 *   cadres included) for at least one day of the year up to `asOf`. Ordered by id (roster order).
 * - `yearTalks`: talks as talker on the days subject in the year up to `asOf`, required = 10
 *   pro-rated to those days of the year (so someone who joined 2026-07-01 owes 6).
 * - `monthlyTalks` (谈心制度 6): subject on the days holding a CADRE or SECRETARY RoleTerm within
 *   the active interval; present only when the member is subject in at least one listed month
 *   (`listedPeriods`). A month counts the talks given on its subject days up to `asOf` (a cadre
 *   demoted on 06-15 owes June pro-rated to 14 days and counts June's talks up to 06-14).
 * - `weeklyVisits` (责任区工作制度 6(1)): subject on the days holding a line (LineAssignment) while
 *   CADRE or SECRETARY and active; weeks of ISO week-year `year` (2026-W01 begins 2025-12-29,
 *   2026-W53 ends 2027-01-03). A visit counts only when made to the line the cadre was assigned
 *   to on its date, on a subject day.
 * - `pairings` (survey report, 结穷亲, "at any date"): present for a member who, on the reference
 *   date, is active, holds a CADRE or SECRETARY term and has a cadre level in that term; required
 *   by that level (a level change applies from its date); count = pairings started on or before
 *   that date and not ended on or before it, whose resident is not deleted. The reference date is
 *   `asOf`, or 31 Dec when `asOf` is after the year (a past year is judged as it ended).
 * - `zone`: the zone assigned on the reference date, else the last zone held in the year; null if
 *   none.
 * - `zones[]` and `branch`: see zones.ts (院坝会 per zone and month; 有关工作制度 2
 *   meetings per half-year, branch-wide), zones ordered by id.
 * - `zoneId`: only that zone in `zones[]`, and only the members whose shown `zone` is it.
 *   `memberIds`: only those members, and in `zones[]` only the zones shown for them (a
 *   one-person dashboard reads one person's rows). `branch` is always branch-wide.
 * - `role` / `cadreLevel`: from the RoleTerm in force on the reference date (or the last one
 *   before it); `Member.role` / `Member.cadreLevel` only for an account without role history.
 * - Period results are computed by src/rules (`listedPeriods`, `evaluatePeriods`,
 *   `evaluatePairings`) through a memo (memo.ts): equal results are one frozen object.
 * - Thresholds: RuleSetting rows over DEFAULT_SETTINGS (src/rules): a rule or level with no row
 *   falls back to the source documents' value; a period is judged by the value in force on its
 *   first day (`thresholdFor`), so a change effective mid-year changes later periods only.
 * - Per subtree (DOMAIN.md "Organizations", rule settings): a member's period is judged by the
 *   settings of the branch they belonged to on the period's first day (dated OrgMembership,
 *   src/domain/orgs/memberships.ts `judgingBranch`; someone who joined later in the period: their
 *   first branch), resolved over that branch's path (domain/orgs/settings.ts, once per branch,
 *   not per member). So after a transfer on D the periods beginning before D keep the old branch's
 *   values and those beginning on or after D take the new one's. `pairings`: the branch on the
 *   reference date. A zone's courtyard meetings: its branch's settings. The branch-wide half-year
 *   meetings: the system's. Without any org setting every member is judged by the system's list.
 */
import type Database from "better-sqlite3";
import {
  DEFAULT_SETTINGS,
  TIME_ZONE,
  coveredDaysBetween,
  evaluatePairings,
  periodsOfYear,
  toDayNumber,
  yearPeriod,
  type CadreLevel,
  type Interval,
  type LocalDate,
  type Period,
  type PeriodResult,
  type RuleSetting,
  type Status,
} from "../../rules/index.ts";
import { loadMembershipTimelineSync } from "../orgs/memberships.ts";
import { branchSettingsResolver, type BranchSettingsResolver } from "../orgs/settings.ts";
import { BranchMemos } from "./memo.ts";
import { versionedSync } from "./ledger-version.ts";
import {
  countPairings,
  countTalkDays,
  countWeekVisits,
  countYearTalks,
  loadLineAssignments,
  loadMembers,
  loadOrgPaths,
  loadRoleTerms,
  loadRuleSettings,
  tallyTalkDays,
  loadTalkCounts,
  loadZoneAssignmentTuples,
  loadZoneMembers,
  loadZones,
  type Range,
  type ZoneRow,
} from "./queries-sync.ts";
import { zoneResults, type BranchCompliance, type ZoneCompliance } from "./zones-sync.ts";
import {
  activeInterval,
  LEADER_ROLES,
  byMember,
  effectiveTerms,
  historyOf,
  shownZones,
  standingAt,
  subjectsOf,
  type MemberRow,
} from "./subjects.ts";

export type { PeriodResult, Status } from "../../rules/index.ts";
export type { BranchCompliance, ZoneCompliance } from "./zones-sync.ts";

/** A figure judged once (the year's talks, the pairings on the reference date). */
export interface Tally {
  count: number;
  required: number;
  status: Status;
}

export interface MemberCompliance {
  id: number;
  username: string;
  name: string;
  /** MEMBER | CADRE | SECRETARY, on the reference date. */
  role: string;
  cadreLevel: string | null;
  /** Name of the zone shown (see module comment), or null. */
  zone: string | null;
  yearTalks: Tally;
  monthlyTalks?: PeriodResult[];
  weeklyVisits?: PeriodResult[];
  pairings?: Tally;
}

export interface ComplianceReport {
  year: number;
  asOf: LocalDate;
  timeZone: "Asia/Shanghai";
  members: MemberCompliance[];
  zones: ZoneCompliance[];
  branch: BranchCompliance;
}

export interface ComplianceOptions {
  year: number;
  /** "Today" for the statuses, `YYYY-MM-DD` in Asia/Shanghai. */
  asOf: LocalDate;
  zoneId?: number;
  memberIds?: number[];
  /**
   * Parts to leave out, for callers that do not show them (default: none). `zones`: `zones` is
   * empty; `branch`: `branch.halfYearMeetings` is empty (the branch-wide meeting count is not
   * read). A one-person dashboard reads its member's row only.
   */
  skip?: ReadonlyArray<"zones" | "branch">;
}

/** What one listed member is subject to, and how they stand on the reference date. */
interface Plan {
  member: MemberRow;
  yearSubject: Interval[];
  monthSubject: Interval[];
  months: Period[];
  weekSubject: Interval[];
  weeks: Period[];
  standing: { role: string; cadreLevel: string | null; pairingLevel: CadreLevel | null };
}

const tally = (r: PeriodResult): Tally => ({ count: r.count, required: r.required, status: r.status });
const NONE: Interval[] = [];
const NO_PERIODS: Period[] = [];
const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);

/**
 * System-wide thresholds: the defaults of the source documents, overridden by the admin's
 * RuleSetting rows at no org (a branch's own: `branchSettings`).
 */
export function reportSettings(raw: Database.Database): RuleSetting[] {
  return [...branchSettings(raw).system.settings];
}

/**
 * The thresholds of each branch (domain/orgs/settings.ts `branchSettingsResolver`), kept while the
 * ledger is unchanged (RuleSetting and Org are watched: ledger-version.ts). Shared: do not change.
 */
export function branchSettings(raw: Database.Database): BranchSettingsResolver {
  return versionedSync(raw, "report.branchSettings", () => {
    const { system, byOrg } = loadRuleSettings(raw);
    return branchSettingsResolver(byOrg.length ? loadOrgPaths(raw) : new Map(), [...DEFAULT_SETTINGS, ...system], byOrg);
  });
}

/** The thresholds of each zone's courtyard meetings (its branch's), for `zoneResults`; undefined without org settings. */
export function zoneSettingsOf(raw: Database.Database): ((zone: ZoneRow) => RuleSetting[]) | undefined {
  const resolver = branchSettings(raw);
  return resolver.uniform ? undefined : (z) => resolver.of(z.branchId).settings;
}

/**
 * Builds the compliance report of `opts.year` as of `opts.asOf` from the database (see the module
 * comment for the rules). Read-only; a handful of grouped queries whatever the population.
 * @throws RangeError on a bad year or date.
 */
export function buildComplianceReport(raw: Database.Database, opts: ComplianceOptions): ComplianceReport {
  // One read transaction: every query sees the same snapshot (WAL), even while others write.
  const build = () => buildInSnapshot(raw, opts);
  return raw.inTransaction ? build() : raw.transaction(build)();
}

function buildInSnapshot(raw: Database.Database, opts: ComplianceOptions): ComplianceReport {
  const { year, asOf } = opts;
  const yp = yearPeriod(year); // validates year
  toDayNumber(asOf); // validates asOf
  const weeks = periodsOfYear("isoWeek", year);
  const weekStart = weeks[0].start;
  const weekEnd = weeks[weeks.length - 1].end;
  const refDate = minDate(asOf, yp.end);
  const started = refDate >= yp.start;
  const resolver = branchSettings(raw);
  const settings = resolver.system.settings;

  // Members and their histories: the whole roster, or only the ids a filter allows.
  const range: Range = { from: yp.start, to: refDate };
  let only: number[] | null = opts.memberIds ? [...opts.memberIds] : null;
  if (opts.zoneId !== undefined && started && (only === null || only.length > 0)) {
    const inZone = new Set(loadZoneMembers(raw, opts.zoneId, range));
    only = only ? only.filter((id) => inZone.has(id)) : [...inZone];
  }
  let members: MemberRow[] = started && (only === null || only.length) ? loadMembers(raw, range, only) : [];
  const allZones = versionedSync(raw, "report.zones", () => loadZones(raw)); // shared: read only
  const zoneNames = new Map(allZones.map((z) => [z.id, z.name]));
  const shownZone = members.length ? shownZones(loadZoneAssignmentTuples(raw, range, only), yp.start, refDate) : new Map<number, number>();
  if (opts.zoneId !== undefined) members = members.filter((m) => shownZone.get(m.id) === opts.zoneId);
  if (only) only = members.map((m) => m.id);

  const terms = members.length ? byMember(loadRoleTerms(raw, maxDate(yp.end, weekEnd), only)) : new Map();
  const lines = members.length ? byMember(loadLineAssignments(raw, { from: weekStart, to: weekEnd }, only)) : new Map();

  // Each member's standing per date (src/rules/standing.ts) over the span of the year's months and
  // ISO weeks: which days bind them to which rule. Today's role never rewrites the past.
  const span = { from: minDate(yp.start, weekStart), to: maxDate(yp.end, weekEnd) };
  const upToRef = { from: yp.start, to: refDate };
  // Dated membership only matters when some org sets its own values.
  const timeline = resolver.uniform ? null : only ? loadMembershipTimelineSync(raw, only) : versionedSync(raw, "report.memberships", () => loadMembershipTimelineSync(raw));
  const memos = new BranchMemos(year, asOf, resolver, timeline);
  const memo = memos.base; // period lists do not depend on thresholds
  // A loop, not flatMap: no one-element array per member (25,000 in a county: GC, profile).
  const plans: Plan[] = [];
  const onRollThroughout: Interval[] = Object.freeze([Object.freeze({ from: span.from, to: null })]) as unknown as Interval[];
  const plainStandings = new Map<string, Map<string | null, Plan["standing"]>>();
  for (const m of members) {
    const own = terms.get(m.id);
    if (!own && !lines.has(m.id) && !LEADER_ROLES.has(m.role) && m.role !== "ADMIN") {
      // Most of a county: a plain member without leader or ADMIN history or line. Their one
      // implicit term (effectiveTerms) is Member.role from registeredOn (≤ refDate, as loadMembers
      // reads): subject to the yearly talks while active, no months, no weeks, no pairings.
      // Shared between them (read only): the subject of everyone on the roll since before the
      // span, clipped to it (the same days count), and one standing per role and level. Fewer
      // objects kept for the report's lifetime: each survivor is copied by every scavenge (profile).
      const yearSubject = m.registeredOn <= span.from && m.deactivatedOn === null ? onRollThroughout : [activeInterval(m)];
      const level = m.cadreLevel ?? null;
      let byLevel = plainStandings.get(m.role);
      if (!byLevel) plainStandings.set(m.role, (byLevel = new Map()));
      let standing = byLevel.get(level);
      if (!standing) byLevel.set(level, (standing = Object.freeze({ role: m.role, cadreLevel: level, pairingLevel: null })));
      plans.push({ member: m, yearSubject, monthSubject: NONE, months: NO_PERIODS, weekSubject: NONE, weeks: NO_PERIODS, standing });
      continue;
    }
    const memberTerms = effectiveTerms(m, own);
    const history = historyOf(m, memberTerms, lines.get(m.id));
    const subjects = subjectsOf(history, span);
    // Listed only when subject to the yearly talks on a day of the year up to the reference date
    // (an ADMIN throughout, a system operator, is not).
    if (coveredDaysBetween(upToRef.from, upToRef.to, subjects.year) === 0) continue;
    plans.push({
      member: m,
      yearSubject: subjects.year,
      monthSubject: subjects.month,
      months: memo.listed("month", subjects.month),
      weekSubject: subjects.week,
      weeks: memo.listed("isoWeek", subjects.week),
      standing: standingAt(m, memberTerms, refDate, history),
    });
  }
  if (plans.length !== members.length) {
    members = plans.map((p) => p.member); // the plans keep the roster's order
    if (only) only = members.map((m) => m.id);
  }
  const planOf = new Map(plans.map((p) => [p.member.id, p]));

  // The grouped counts, each query over the whole (filtered) population at once. A record counts
  // only on a day its author was subject to the rule (DOMAIN.md, settled edge cases). Talks are
  // read as dates for those with listed months or a year not wholly covered (left the roll,
  // ADMIN for a while, …): both their counts come from that one read; the rest, whose every day
  // of the year up to the reference date counts, are counted per year by SQL.
  const upTo = range;
  const wholeYear = (p: Plan) =>
    p.yearSubject.length === 1 && p.yearSubject[0].from <= yp.start && (p.yearSubject[0].to === null || p.yearSubject[0].to >= refDate);
  const dayIds = plans.filter((p) => p.months.length || !wholeYear(p)).map((p) => p.member.id);
  const subjectsOfId = (id: number) => ({ year: planOf.get(id)!.yearSubject, month: planOf.get(id)!.monthSubject });
  let dayCounts: Map<number, { year: number; months: Record<string, number> }>;
  let yearCounts: Map<number, number>;
  if (only === null && plans.length) {
    // The whole population: one scan of every talker's count (SQL.talkCounts), with the dates
    // of those counted per day below.
    const dayRows: Array<[number, string]> = [];
    yearCounts = new Map();
    for (const row of loadTalkCounts(raw, upTo, dayIds)) {
      if (row[2] !== null) dayRows.push([row[0], row[2]]);
      else if (planOf.has(row[0])) yearCounts.set(row[0], row[1]);
    }
    dayCounts = tallyTalkDays(dayRows, subjectsOfId, upTo);
  } else {
    dayCounts = dayIds.length ? countTalkDays(raw, upTo, dayIds, subjectsOfId) : new Map();
    const yearIds = plans.filter((p) => !p.months.length && wholeYear(p)).map((p) => p.member.id);
    yearCounts = yearIds.length ? countYearTalks(raw, upTo, yearIds) : new Map<number, number>();
  }
  for (const [id, c] of dayCounts) yearCounts.set(id, c.year);
  const weekIds = plans.filter((p) => p.weeks.length).map((p) => p.member.id);
  const weekCounts =
    weekIds.length && asOf >= weekStart
      ? countWeekVisits(raw, { from: weekStart, to: minDate(asOf, weekEnd) }, weekStart, weekIds, lines, (i) => weeks[i].label, (id) => planOf.get(id)!.weekSubject)
      : new Map<number, Record<string, number>>();
  const pairingIds = plans.filter((p) => p.standing.pairingLevel).map((p) => p.member.id);
  const pairingCounts = pairingIds.length ? countPairings(raw, refDate, pairingIds) : new Map<number, number>();

  const reportMembers = plans.map((p): MemberCompliance => {
    const m = p.member;
    const zoneId = shownZone.get(m.id) ?? null;
    const yearCount = yearCounts.get(m.id) ?? 0;
    const out: MemberCompliance = {
      id: m.id,
      username: m.username,
      name: m.name,
      role: p.standing.role,
      cadreLevel: p.standing.cadreLevel,
      zone: zoneId === null ? null : (zoneNames.get(zoneId) ?? null),
      yearTalks:
        p.yearSubject.length === 1
          ? memos.at(m.id, yp.start).tally("YEAR_TALKS", yp, p.yearSubject[0], yearCount)
          : tally(memos.at(m.id, yp.start).evaluate("YEAR_TALKS", [yp], p.yearSubject, { [yp.label]: yearCount })[0]),
    };
    if (p.months.length) out.monthlyTalks = memos.evaluate(m.id, "MONTH_TALKS", p.months, p.monthSubject, dayCounts.get(m.id)?.months ?? {});
    if (p.weeks.length) out.weeklyVisits = memos.evaluate(m.id, "WEEK_VISITS", p.weeks, p.weekSubject, weekCounts.get(m.id) ?? {});
    if (p.standing.pairingLevel) {
      const count = pairingCounts.get(m.id) ?? 0;
      out.pairings = tally(evaluatePairings({ count, settings: memos.profileAt(m.id, refDate).settings, cadreLevel: p.standing.pairingLevel, today: refDate }));
    }
    return out;
  });

  // Zones: all, the filter's zone, or the zones shown for the chosen members.
  const zoneIds =
    opts.zoneId !== undefined
      ? [opts.zoneId]
      : opts.memberIds
        ? [...new Set(members.map((m) => shownZone.get(m.id) ?? null).filter((z): z is number => z !== null))]
        : null;
  const skipZones = opts.skip?.includes("zones") ?? false;
  const { zones, branch } = zoneResults(raw, {
    year,
    asOf,
    range: started ? range : null,
    settings,
    zoneSettings: zoneSettingsOf(raw),
    zones: allZones,
    zoneIds: skipZones ? [] : zoneIds,
    branch: !(opts.skip?.includes("branch") ?? false),
  });

  return {
    year,
    asOf,
    timeZone: TIME_ZONE as "Asia/Shanghai",
    members: reportMembers,
    zones,
    branch,
  };
}
