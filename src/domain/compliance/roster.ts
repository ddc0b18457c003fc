/**
 * The roster part of the compliance report (report.ts): who is listed and what each listed member
 * is subject to, from the roster tables only (Member, RoleTerm, ZoneAssignment, LineAssignment,
 * Zone, RuleSetting, Org, OrgMembership), never from the records. A whole-population roster is
 * kept between reports while LedgerVersion row 3 (`ROSTER_VERSION`, raised by writes to exactly
 * those tables) is unchanged (report.ts), so after a talk is logged a rebuild reads the talks
 * only. Everything here is shared between reports once kept: frozen where a report could reach
 * it, and never changed by a build.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import {
  coveredDaysBetween,
  periodsOfYear,
  toDayNumber,
  yearPeriod,
  type CadreLevel,
  type Interval,
  type LocalDate,
  type Period,
  type RuleSetting,
} from "../../rules/index.ts";
import { loadMembershipTimeline } from "../orgs/memberships.ts";
import type { BranchSettingsResolver } from "../orgs/settings.ts";
import { BranchMemos, type RuleMemo } from "./memo.ts";
import { versioned } from "./ledger-version.ts";
import { loadLineAssignments, loadMembers, loadRoleTerms, loadZoneAssignmentTuples, loadZoneMembers, loadZones, type Range, type ZoneRow } from "./queries.ts";
import { activeInterval, LEADER_ROLES, byMember, effectiveTerms, historyOf, shownZones, standingAt, subjectsOf, type AssignmentRow, type MemberRow } from "./subjects.ts";

/** What one listed member is subject to, and how they stand on the reference date. */
export interface Plan {
  member: MemberRow;
  /** Name of the zone shown (report.ts module comment), or null. */
  zone: string | null;
  yearSubject: Interval[];
  monthSubject: Interval[];
  months: Period[];
  weekSubject: Interval[];
  weeks: Period[];
  standing: { role: string; cadreLevel: string | null; pairingLevel: CadreLevel | null };
  /** The memo judging the year's talks (the member's branch on 1 January: `BranchMemos.at`), found once per roster. */
  yearMemo: RuleMemo;
}

/** The roster of one report: its options' year and asOf, the plans in roster (id) order, and what the counts need. */
export interface Roster {
  year: number;
  asOf: LocalDate;
  yp: Period;
  weeks: Period[];
  refDate: LocalDate;
  /** refDate is in the year (asOf not before 1 January): records count over [1 Jan, refDate]. */
  started: boolean;
  resolver: BranchSettingsResolver;
  memos: BranchMemos;
  allZones: ZoneRow[];
  /** The listed members' plans, by member id. */
  plans: Plan[];
  planOf: ReadonlyMap<number, Plan>;
  /** The member ids a filter allows (null: the whole population). */
  only: readonly number[] | null;
  /** Shown zone id per listed member (absent: none). */
  shownZone: ReadonlyMap<number, number>;
  /** Line assignments over the year's ISO weeks, by member. */
  lines: ReadonlyMap<number, readonly AssignmentRow[]>;
  /** Members whose talks are counted per day (listed months, or a year not wholly covered) and the others. */
  dayIds: readonly number[];
  yearIds: readonly number[];
  /** Members with listed weeks (weekly visits) and with a pairing level on the reference date. */
  weekIds: readonly number[];
  pairingIds: readonly number[];
  /**
   * The member objects a build of this roster gave last, by plan index (report.ts): the next build
   * hands out the same frozen object again when its figures are the same objects (the memos'
   * shared results), so after one talk most of a county's 25,000 objects are not made anew.
   */
  lastMembers: Array<object | undefined>;
}

const NONE: Interval[] = Object.freeze([]) as unknown as Interval[];
const NO_PERIODS: Period[] = Object.freeze([]) as unknown as Period[];
const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);
const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);

/**
 * Reads and plans the roster of `opts` (report.ts `ComplianceOptions`: year, asOf, zoneId,
 * memberIds) with the thresholds `resolver`. `memoOwner`: what the small lookups (zones,
 * memberships) are kept on. @throws RangeError on a bad year or date.
 */
export async function loadRoster(
  kx: Kysely<DB>,
  opts: { year: number; asOf: LocalDate; zoneId?: number; memberIds?: number[] },
  resolver: BranchSettingsResolver,
  memoOwner: object,
): Promise<Roster> {
  const { year, asOf } = opts;
  const yp = yearPeriod(year); // validates year
  toDayNumber(asOf); // validates asOf
  const weeks = periodsOfYear("isoWeek", year);
  const weekStart = weeks[0].start;
  const weekEnd = weeks[weeks.length - 1].end;
  const refDate = minDate(asOf, yp.end);
  const started = refDate >= yp.start;

  // Members and their histories: the whole roster, or only the ids a filter allows.
  const range: Range = { from: yp.start, to: refDate };
  let only: number[] | null = opts.memberIds ? [...opts.memberIds] : null;
  if (opts.zoneId !== undefined && started && (only === null || only.length > 0)) {
    const inZone = new Set(await loadZoneMembers(kx, opts.zoneId, range));
    only = only ? only.filter((id) => inZone.has(id)) : [...inZone];
  }
  let members: MemberRow[] = started && (only === null || only.length) ? await loadMembers(kx, range, only) : [];
  const allZones = await versioned(kx, "report.zones", () => loadZones(kx), memoOwner); // shared: read only
  const zoneNames = new Map(allZones.map((z) => [z.id, z.name]));
  const shownZone = members.length ? shownZones(await loadZoneAssignmentTuples(kx, range, only), yp.start, refDate) : new Map<number, number>();
  if (opts.zoneId !== undefined) members = members.filter((m) => shownZone.get(m.id) === opts.zoneId);
  if (only) only = members.map((m) => m.id);

  const terms = members.length ? byMember(await loadRoleTerms(kx, maxDate(yp.end, weekEnd), only)) : new Map();
  const lines = members.length ? byMember(await loadLineAssignments(kx, { from: weekStart, to: weekEnd }, only)) : new Map<number, AssignmentRow[]>();

  // Each member's standing per date (src/rules/standing.ts) over the span of the year's months and
  // ISO weeks: which days bind them to which rule. Today's role never rewrites the past.
  const span = { from: minDate(yp.start, weekStart), to: maxDate(yp.end, weekEnd) };
  const upToRef = { from: yp.start, to: refDate };
  // Dated membership only matters when some org sets its own values.
  const timeline = resolver.uniform
    ? null
    : only
      ? await loadMembershipTimeline(kx, only)
      : await versioned(kx, "report.memberships", () => loadMembershipTimeline(kx), memoOwner);
  const memos = new BranchMemos(year, asOf, resolver, timeline);
  const memo = memos.base; // period lists do not depend on thresholds
  // A loop, not flatMap: no one-element array per member (25,000 in a county: GC, profile).
  const plans: Plan[] = [];
  const onRollThroughout: Interval[] = Object.freeze([Object.freeze({ from: span.from, to: null })]) as unknown as Interval[];
  const plainStandings = new Map<string, Map<string | null, Plan["standing"]>>();
  for (const m of members) {
    const zoneId = shownZone.get(m.id);
    const zone = zoneId === undefined ? null : (zoneNames.get(zoneId) ?? null);
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
      plans.push({ member: m, zone, yearSubject, monthSubject: NONE, months: NO_PERIODS, weekSubject: NONE, weeks: NO_PERIODS, standing, yearMemo: memos.at(m.id, yp.start) });
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
      zone,
      yearSubject: subjects.year,
      monthSubject: subjects.month,
      months: memo.listed("month", subjects.month),
      weekSubject: subjects.week,
      weeks: memo.listed("isoWeek", subjects.week),
      standing: standingAt(m, memberTerms, refDate, history),
      yearMemo: memos.at(m.id, yp.start),
    });
  }
  if (only && plans.length !== members.length) only = plans.map((p) => p.member.id); // the plans keep the roster's order
  const planOf = new Map(plans.map((p) => [p.member.id, p]));

  // Talks are read as dates for those with listed months or a year not wholly covered (left the
  // roll, ADMIN for a while, …): both their counts come from that one read; the rest, whose every
  // day of the year up to the reference date counts, are counted per year by SQL.
  const wholeYear = (p: Plan) =>
    p.yearSubject.length === 1 && p.yearSubject[0].from <= yp.start && (p.yearSubject[0].to === null || p.yearSubject[0].to >= refDate);
  const dayIds: number[] = [];
  const yearIds: number[] = [];
  for (const p of plans) (p.months.length || !wholeYear(p) ? dayIds : yearIds).push(p.member.id);
  return {
    year,
    asOf,
    yp,
    weeks,
    refDate,
    started,
    resolver,
    memos,
    allZones,
    plans,
    planOf,
    only,
    shownZone,
    lines,
    dayIds,
    yearIds,
    weekIds: plans.filter((p) => p.weeks.length).map((p) => p.member.id),
    pairingIds: plans.filter((p) => p.standing.pairingLevel).map((p) => p.member.id),
    lastMembers: new Array(plans.length),
  };
}

/** The thresholds of each zone's courtyard meetings (its branch's), for `zoneResults`; undefined without org settings. */
export function zoneSettingsFrom(resolver: BranchSettingsResolver): ((zone: ZoneRow) => RuleSetting[]) | undefined {
  return resolver.uniform ? undefined : (z) => resolver.of(z.branchId).settings;
}
