/**
 * Who is subject to which rule, and when (DOMAIN.md "The rules", "who" column, read per date as
 * "Rules: settled edge cases" says): turns a member's rows (Member, RoleTerm, LineAssignment,
 * ZoneAssignment) into a dated `History` (src/rules/standing.ts) and from it the inclusive
 * `Interval`s the quota engine pro-rates over. Pure functions over plain rows: no SQL here.
 *
 * Dates are Asia/Shanghai `LocalDate`s (`YYYY-MM-DD`, see prisma/schema.prisma's header), so they
 * compare as text. Every interval is inclusive at both ends; `to: null` is open-ended.
 */
import {
  LEADER_ROLES,
  SUBJECT,
  daysWhere,
  standingOn,
  valueOn,
  type CadreLevel,
  type History,
  type Interval,
  type LocalDate,
} from "../../rules/index.ts";

export { LEADER_ROLES };

/** A member row as the report reads it. `role` / `cadreLevel`: today's (denormalised). */
export interface MemberRow {
  id: number;
  username: string;
  name: string;
  role: string;
  cadreLevel: string | null;
  registeredOn: LocalDate;
  deactivatedOn: LocalDate | null;
}

/** A RoleTerm row: the role and cadre level held from `fromOn` to `toOn` (inclusive, null = still). */
export interface TermRow {
  memberId: number;
  role: string;
  cadreLevel: string | null;
  fromOn: LocalDate;
  toOn: LocalDate | null;
}

/** A ZoneAssignment or LineAssignment row; `targetId` is the zone or line. */
export interface AssignmentRow {
  memberId: number;
  targetId: number;
  fromOn: LocalDate;
  toOn: LocalDate | null;
}

export const CADRE_LEVELS: ReadonlySet<string> = new Set<CadreLevel>([
  "CITY_MANAGED",
  "COUNTY_MANAGED",
  "MIDDLE",
  "GENERAL",
  "GRADUATE_OFFICIAL",
]);

/**
 * The days a member is on the roll at all: `[registeredOn, deactivatedOn]` (FORMATS.md: 登记日期
 * "the date from which the person is subject to the rules"; schema: `deactivatedOn` is the "last
 * day subject to the rules").
 */
export function activeInterval(m: Pick<MemberRow, "registeredOn" | "deactivatedOn">): Interval {
  return { from: m.registeredOn, to: m.deactivatedOn };
}

/**
 * The role history that applies to a member: the RoleTerm rows, or, when none are given, one term
 * holding `Member.role` and `Member.cadreLevel` from `registeredOn` on. That covers an account
 * without role history (created by a script, or before history was kept) and, since the report
 * reads only the histories of people who ever held a leader or ADMIN role (queries.ts),
 * every plain member, whose role is then `Member.role` throughout.
 */
export function effectiveTerms(member: MemberRow, terms: readonly TermRow[] | undefined): TermRow[] {
  if (terms && terms.length > 0) return [...terms];
  return [{ memberId: member.id, role: member.role, cadreLevel: member.cadreLevel, fromOn: member.registeredOn, toOn: null }];
}

/** A cadre level as stored, or null when it is missing or not one of DOMAIN.md's five. */
export function knownLevel(level: string | null | undefined): CadreLevel | null {
  return level && CADRE_LEVELS.has(level) ? (level as CadreLevel) : null;
}

/**
 * The dated history of one member from its rows (`terms` as `effectiveTerms` gives them). The
 * cadre level is the term's; only the open term (`toOn` null, the one in force today) of a
 * CADRE or SECRETARY that records no level takes today's `Member.cadreLevel` (an account whose
 * level was set before levels were dated). A closed term never does: today's level never
 * rewrites the past.
 */
export function historyOf(member: MemberRow, terms: readonly TermRow[], lines?: readonly AssignmentRow[], zones?: readonly AssignmentRow[]): History {
  const levelOf = (t: TermRow) => knownLevel(t.cadreLevel ?? (t.toOn === null && LEADER_ROLES.has(t.role) ? member.cadreLevel : null));
  return {
    active: [activeInterval(member)],
    role: terms.map((t) => ({ from: t.fromOn, to: t.toOn, value: t.role })),
    cadreLevel: terms.map((t) => ({ from: t.fromOn, to: t.toOn, value: levelOf(t) })),
    line: (lines ?? []).map((a) => ({ from: a.fromOn, to: a.toOn, value: a.targetId })),
    zone: (zones ?? []).map((a) => ({ from: a.fromOn, to: a.toOn, value: a.targetId })),
  };
}

/** The subject intervals of each per-period rule within `range` (see `SUBJECT` in src/rules). */
export function subjectsOf(h: History, range: { from: LocalDate; to: LocalDate }): { year: Interval[]; month: Interval[]; week: Interval[] } {
  return {
    year: daysWhere(h, range, SUBJECT.YEAR_TALKS),
    month: daysWhere(h, range, SUBJECT.MONTH_TALKS),
    week: daysWhere(h, range, SUBJECT.WEEK_VISITS),
  };
}

/**
 * The last term that began on or before `date` (latest start), for the role shown when no term
 * covers `date` (left the roll, or a gap); undefined when every term begins later.
 */
function lastTermBy(terms: readonly TermRow[], date: LocalDate): TermRow | undefined {
  let last: TermRow | undefined;
  for (const t of terms) if (t.fromOn <= date && (!last || t.fromOn >= last.fromOn)) last = t;
  return last;
}

/**
 * Role and cadre level to show for a member on `date` (the report's reference date), and the
 * level the 结穷亲 PAIRINGS rule judges them by then. Role and level: the term in force on `date`,
 * else the last one that began before it, else `Member.role` / `Member.cadreLevel` (no term at
 * all). The level is the dated one (`historyOf`): a level change applies from its date only. PAIRINGS applies when `SUBJECT.PAIRINGS` holds on `date`.
 */
export function standingAt(
  member: MemberRow,
  terms: readonly TermRow[],
  date: LocalDate,
  history: History = historyOf(member, terms),
): { role: string; cadreLevel: string | null; pairingLevel: CadreLevel | null } {
  const s = standingOn(history, date);
  const shown = s.role !== null ? null : lastTermBy(terms, date);
  const role = s.role ?? shown?.role ?? member.role;
  const cadreLevel = s.role !== null ? s.cadreLevel : shown ? valueOn(history.cadreLevel, shown.fromOn) : member.cadreLevel;
  return { role, cadreLevel: cadreLevel ?? null, pairingLevel: SUBJECT.PAIRINGS(s) ? s.cadreLevel : null };
}

/** A ZoneAssignment row as read raw: [memberId, zoneId, fromOn, toOn]. */
export type AssignmentTuple = readonly [memberId: number, targetId: number, fromOn: LocalDate, toOn: LocalDate | null];

/**
 * The zone shown for a member: the one assigned on `refDate` (the report's asOf, or the year's
 * last day when asOf is later), else the last zone they had between `yearStart` and `refDate`
 * (latest end, then latest start); null when none. Returns the zone id.
 */
export function zoneShown(assignments: readonly AssignmentRow[] | undefined, yearStart: LocalDate, refDate: LocalDate): number | null {
  if (!assignments) return null;
  return shownZones(assignments.map((a) => [a.memberId, a.targetId, a.fromOn, a.toOn] as const), yearStart, refDate).get(assignments[0]?.memberId) ?? null;
}

/**
 * `zoneShown` of every member at once, from rows ordered by member (raw tuples, one pass, no
 * per-member arrays: a county has 25,000 assignments). Members without a shown zone are absent.
 */
export function shownZones(rows: readonly AssignmentTuple[], yearStart: LocalDate, refDate: LocalDate): Map<number, number> {
  const out = new Map<number, number>();
  let member: number | null = null;
  let current: AssignmentTuple | undefined;
  let last: AssignmentTuple | undefined;
  const flush = () => {
    const shown = current ?? last;
    if (member !== null && shown) out.set(member, shown[1]);
  };
  for (const a of rows) {
    if (a[0] !== member) {
      flush();
      member = a[0];
      current = last = undefined;
    }
    const [, , fromOn, toOn] = a;
    if (fromOn > refDate || (toOn !== null && toOn < yearStart)) continue;
    if (toOn === null || toOn >= refDate) {
      if (!current || fromOn >= current[2]) current = a;
    } else if (!last || toOn > last[3]! || (toOn === last[3] && fromOn >= last[2])) {
      last = a;
    }
  }
  flush();
  return out;
}

/** Rows grouped by member id, in their original order. */
export function byMember<T extends { memberId: number }>(rows: readonly T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(r.memberId);
    if (list) list.push(r);
    else map.set(r.memberId, [r]);
  }
  return map;
}
