/**
 * A person's standing on a date (DOMAIN.md "Rules: settled edge cases": "Standing on a date
 * (branch, role, cadre level, line, zone) decides which rules apply on that date; today's values
 * never rewrite the past"). Pure functions over dated rows already loaded: no Prisma, no SQL.
 *
 * A `History` holds, per dated attribute, the stretches `[from, to]` (inclusive Asia/Shanghai
 * `LocalDate`s, `to: null` = still) during which it held a value, plus the days the person is
 * active at all (`[registeredOn, deactivatedOn]`). `standingOn(h, d)` answers every attribute on
 * day `d`; `daysWhere(h, range, pred)` gives the stretches of `range` on which `pred(standing)`
 * holds, which the quota engine pro-rates over (`coveredDays`). Adding one more dated attribute
 * is one key in `DATED_KEYS` and one field in `DatedValues` (the branch was added so: its stretches
 * are OrgMembership rows, read by src/domain/orgs/memberships.ts).
 */
import { addDays } from "./dates.ts";
import type { CadreLevel, Interval, LocalDate } from "./types.ts";

/** One value held from `from` to `to` (inclusive; null = still). */
export interface Dated<T> {
  from: LocalDate;
  to: LocalDate | null;
  value: T;
}

/** The values that change with time, by attribute. */
export interface DatedValues {
  /** MEMBER | CADRE | SECRETARY | ADMIN (from RoleTerm). */
  role: string;
  /** From the same RoleTerm; null when the term has none. */
  cadreLevel: CadreLevel | null;
  /** LineAssignment: the line id. */
  line: number;
  /** DepartmentAssignment: the department id. */
  department: number;
  /** ZoneAssignment: the zone id. */
  zone: number;
  /** OrgMembership: the branch (Org id) the person belongs to (组织关系, moved by a transfer). */
  branch: number;
}

export type DatedKey = keyof DatedValues;

/** Every dated attribute, in the order they are read. */
export const DATED_KEYS: readonly DatedKey[] = ["role", "cadreLevel", "line", "department", "zone", "branch"];

/** A person's dated history. A missing attribute list means "never held". */
export type History = { active: Interval[] } & { [K in DatedKey]?: ReadonlyArray<Dated<DatedValues[K]>> };

/** What holds on one day; an attribute not held that day is null. */
export type Standing = { active: boolean } & { [K in DatedKey]: DatedValues[K] | null };

/** Roles bound by 谈心制度 6 (monthly talks), the line visits and the 结穷亲 pairings. */
export const LEADER_ROLES: ReadonlySet<string> = new Set(["CADRE", "SECRETARY"]);

const holds = (from: LocalDate, to: LocalDate | null, d: LocalDate) => from <= d && (to === null || to >= d);

/**
 * The value of one attribute on `d`: the stretch covering `d` that began last (a same-day
 * correction wins over an older overlapping row), or null when none covers it.
 */
export function valueOn<T>(list: ReadonlyArray<Dated<T>> | undefined, d: LocalDate): T | null {
  let hit: Dated<T> | undefined;
  if (list) for (const x of list) if (holds(x.from, x.to, d) && (!hit || x.from >= hit.from)) hit = x;
  return hit ? hit.value : null;
}

/** Every attribute of `h` on day `d`. */
export function standingOn(h: History, d: LocalDate): Standing {
  const out = { active: h.active.some((iv) => holds(iv.from, iv.to, d)) } as Standing;
  for (const k of DATED_KEYS) (out as Record<string, unknown>)[k] = valueOn(h[k] as ReadonlyArray<Dated<unknown>> | undefined, d);
  return out;
}

/**
 * The stretches of `[range.from, range.to]` on which `pred` holds, merged and in order. The
 * standing can only change on a day some stretch starts or the day after one ends, so `pred` is
 * asked once per piece between such days, not once per day.
 */
export function daysWhere(h: History, range: { from: LocalDate; to: LocalDate }, pred: (s: Standing) => boolean): Interval[] {
  const cuts = new Set<LocalDate>([range.from]);
  const add = (from: LocalDate, to: LocalDate | null) => {
    if (from > range.from && from <= range.to) cuts.add(from);
    if (to !== null && to >= range.from && to < range.to) cuts.add(addDays(to, 1));
  };
  for (const iv of h.active) add(iv.from, iv.to);
  for (const k of DATED_KEYS) for (const x of (h[k] ?? []) as ReadonlyArray<Dated<unknown>>) add(x.from, x.to);
  const starts = [...cuts].sort();
  const out: Interval[] = [];
  starts.forEach((from, i) => {
    const to = i + 1 < starts.length ? addDays(starts[i + 1], -1) : range.to;
    if (!pred(standingOn(h, from))) return;
    const last = out.at(-1);
    if (last && last.to !== null && addDays(last.to, 1) === from) last.to = to;
    else out.push({ from, to });
  });
  return out;
}

/** True when `d` lies in one of `intervals`. */
export function inIntervals(intervals: readonly Interval[], d: LocalDate): boolean {
  return intervals.some((iv) => holds(iv.from, iv.to, d));
}

/**
 * Who each rule binds on a day (DOMAIN.md "The rules", "who" column, read per date):
 * - YEAR_TALKS: every active member, cadres included; an ADMIN (system operator) term is not;
 * - MONTH_TALKS: active and CADRE or SECRETARY;
 * - WEEK_VISITS: active, CADRE or SECRETARY, and holding a line (a cadre demoted to 党员 owes no
 *   more visits from that date even if the line was not taken away);
 * - PAIRINGS: active, CADRE or SECRETARY, with one of the five cadre levels.
 */
export const SUBJECT = {
  YEAR_TALKS: (s: Standing) => s.active && s.role !== "ADMIN",
  MONTH_TALKS: (s: Standing) => s.active && s.role !== null && LEADER_ROLES.has(s.role),
  WEEK_VISITS: (s: Standing) => s.active && s.role !== null && LEADER_ROLES.has(s.role) && s.line !== null,
  PAIRINGS: (s: Standing) => s.active && s.role !== null && LEADER_ROLES.has(s.role) && s.cadreLevel !== null,
} as const;
