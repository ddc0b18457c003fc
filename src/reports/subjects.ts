/**
 * Who is subject to which rule, and when (DOMAIN.md "The rules", "who" column): turns a member's
 * rows (Member, RoleTerm, LineAssignment, ZoneAssignment) into the inclusive `Interval`s the quota
 * engine (src/rules) pro-rates over. Pure functions over plain rows: no SQL here.
 *
 * Dates are Asia/Shanghai `LocalDate`s (`YYYY-MM-DD`, see prisma/schema.prisma's header), so they
 * compare as text. Every interval is inclusive at both ends; `to: null` is open-ended.
 */
import type { CadreLevel, Interval, LocalDate } from "../rules/index.ts";

/** A member row as the report reads it (roles other than ADMIN). */
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

/** Roles bound by 谈心制度 6 (monthly talks) and eligible for 结穷亲 pairings. */
export const LEADER_ROLES: ReadonlySet<string> = new Set(["CADRE", "SECRETARY"]);

export const CADRE_LEVELS: ReadonlySet<string> = new Set<CadreLevel>([
  "CITY_MANAGED",
  "COUNTY_MANAGED",
  "MIDDLE",
  "GENERAL",
  "GRADUATE_OFFICIAL",
]);

/**
 * The days a member is subject to the rules at all: `[registeredOn, deactivatedOn]`
 * (FORMATS.md: 登记日期 "the date from which the person is subject to the rules";
 * schema: `deactivatedOn` is the "last day subject to the rules"). This is the YEAR_TALKS subject
 * (谈心制度 5: every member, cadres included).
 */
export function activeInterval(m: Pick<MemberRow, "registeredOn" | "deactivatedOn">): Interval {
  return { from: m.registeredOn, to: m.deactivatedOn };
}

/** True when `iv` shares at least one day with `[from, to]`. */
export function overlaps(iv: Interval, from: LocalDate, to: LocalDate): boolean {
  return iv.from <= to && (iv.to === null || iv.to >= from);
}

/** True when the day `d` lies in `iv`. */
export function contains(iv: Interval, d: LocalDate): boolean {
  return iv.from <= d && (iv.to === null || iv.to >= d);
}

/** Each interval of `intervals` clipped to `within`; empty pieces dropped. */
export function intersect(intervals: Interval[], within: Interval): Interval[] {
  const out: Interval[] = [];
  for (const iv of intervals) {
    const from = iv.from > within.from ? iv.from : within.from;
    const to = iv.to === null ? within.to : within.to === null ? iv.to : iv.to < within.to ? iv.to : within.to;
    if (to === null || from <= to) out.push({ from, to });
  }
  return out;
}

/**
 * The role history that applies to a member: the RoleTerm rows, or, when none are given, one term
 * holding `Member.role` and `Member.cadreLevel` from `registeredOn` on. That covers an account
 * without role history (created by a script, or before history was kept) and, since the report
 * reads only the histories of people who ever held a leader role (compliance-queries.ts), every
 * plain member, whose role shown is then `Member.role`.
 */
export function effectiveTerms(member: MemberRow, terms: readonly TermRow[] | undefined): TermRow[] {
  if (terms && terms.length > 0) return [...terms];
  return [{ memberId: member.id, role: member.role, cadreLevel: member.cadreLevel, fromOn: member.registeredOn, toOn: null }];
}

/**
 * MONTH_TALKS subject (谈心制度 6: 党员领导干部 talk ≥ 5 times a month; DOMAIN.md: `CADRE` and
 * `SECRETARY`): the terms with role CADRE or SECRETARY, intersected with the active interval.
 */
export function monthTalkSubject(member: MemberRow, terms: readonly TermRow[]): Interval[] {
  const leader = terms.filter((t) => LEADER_ROLES.has(t.role)).map((t) => ({ from: t.fromOn, to: t.toOn }));
  return intersect(leader, activeInterval(member));
}

/**
 * WEEK_VISITS subject (责任区工作制度 6(1): ≥ 3 visits a week to the assigned line): the member's
 * LineAssignment intervals intersected with the active interval. Pro-rated, so a cadre who got a
 * line on a Thursday owes ceil(3 × 4 / 7) = 2 that week (DOMAIN.md, partial periods).
 */
export function lineSubject(member: MemberRow, lines: readonly AssignmentRow[] | undefined): Interval[] {
  if (!lines || lines.length === 0) return [];
  return intersect(
    lines.map((a) => ({ from: a.fromOn, to: a.toOn })),
    activeInterval(member),
  );
}

/**
 * The term in force on `date` (the latest-starting one when several overlap), or, when none
 * covers it, the latest term that began on or before it (so a report shows the last role a person
 * held in the year); undefined when every term begins later.
 */
export function termAt(terms: readonly TermRow[], date: LocalDate): { term: TermRow; current: boolean } | undefined {
  let current: TermRow | undefined;
  let last: TermRow | undefined;
  for (const t of terms) {
    if (t.fromOn > date) continue;
    if (!last || t.fromOn >= last.fromOn) last = t;
    if ((t.toOn === null || t.toOn >= date) && (!current || t.fromOn >= current.fromOn)) current = t;
  }
  if (current) return { term: current, current: true };
  return last ? { term: last, current: false } : undefined;
}

/** A cadre level as stored, or null when it is missing or not one of DOMAIN.md's five. */
export function knownLevel(level: string | null | undefined): CadreLevel | null {
  return level && CADRE_LEVELS.has(level) ? (level as CadreLevel) : null;
}

/**
 * Role and cadre level to show for a member on `date` (the report's reference date), and whether
 * the 结穷亲 PAIRINGS rule applies then. Role: the term on `date` (or the last one before it),
 * else `Member.role`. Level: the term's, falling back to `Member.cadreLevel`. PAIRINGS (survey
 * report, 结穷亲: "cadres with a cadre level") applies when the member is active on `date`, holds a
 * CADRE or SECRETARY term that covers `date`, and has one of the five levels.
 */
export function standingAt(
  member: MemberRow,
  terms: readonly TermRow[],
  date: LocalDate,
): { role: string; cadreLevel: string | null; pairingLevel: CadreLevel | null } {
  const at = termAt(terms, date);
  const role = at?.term.role ?? member.role;
  const cadreLevel = at?.term.cadreLevel ?? member.cadreLevel ?? null;
  const subject = at?.current === true && LEADER_ROLES.has(role) && contains(activeInterval(member), date);
  return { role, cadreLevel, pairingLevel: subject ? knownLevel(cadreLevel) : null };
}

/**
 * The zone shown for a member: the one assigned on `refDate` (the report's asOf, or the year's
 * last day when asOf is later), else the last zone they had between `yearStart` and `refDate`
 * (latest end, then latest start); null when none. Returns the zone id.
 */
export function zoneShown(assignments: readonly AssignmentRow[] | undefined, yearStart: LocalDate, refDate: LocalDate): number | null {
  if (!assignments) return null;
  let current: AssignmentRow | undefined;
  let last: AssignmentRow | undefined;
  for (const a of assignments) {
    if (a.fromOn > refDate || (a.toOn !== null && a.toOn < yearStart)) continue;
    if (a.toOn === null || a.toOn >= refDate) {
      if (!current || a.fromOn >= current.fromOn) current = a;
    } else if (!last || a.toOn > last.toOn! || (a.toOn === last.toOn && a.fromOn >= last.fromOn)) {
      last = a;
    }
  }
  return (current ?? last)?.targetId ?? null;
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
