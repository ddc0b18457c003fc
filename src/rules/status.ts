/**
 * Status of a person (or zone, or branch) in one period (DOMAIN.md "The rules"):
 * `met` (count ≥ required), `missed` (period over, count < required), `in_progress` (period not
 * over, on pace), `at_risk` (period not over and behind pace: count / required < elapsed fraction
 * of the period), `not_applicable` (zero covered days).
 *
 * "Elapsed fraction" is measured on the days the subject is covered (DOMAIN.md "Rules: settled
 * edge cases"): (covered days of the period up to and including `today`) / (covered days). A
 * period is over after its last day: on its last day it is still in progress (or at risk), with
 * the whole of it elapsed. Exactly on pace is `in_progress`. Integer cross-multiplication only.
 *
 * `today` is a Shanghai `LocalDate` passed in by the caller (the injected clock or `asOf`).
 * Bad dates throw `RangeError`.
 */
import { toDayNumber } from "./dates.ts";
import { coveredDaysBetween } from "./prorate.ts";
import type { Interval, LocalDate, Period, Status } from "./types.ts";

export interface StatusInput {
  /** Records counted in the period. */
  count: number;
  /** What is owed (from `requiredFor`). */
  required: number;
  /** Covered days of the period (from `coveredDays(period, intervals)`). */
  covered: number;
  period: Period;
  /** Shanghai date the status is computed for. */
  today: LocalDate;
  /** The intervals `covered` was computed from (to measure the pace). */
  intervals: Interval[];
}

/**
 * The status of one period; see the module comment. A period that has not begun yet (today
 * before its start) is `in_progress` unless already met.
 * @throws RangeError on an invalid date.
 */
export function statusOf({ count, required, covered, period, today, intervals }: StatusInput): Status {
  if (covered <= 0) return "not_applicable";
  if (count >= required) return "met";
  const todayDay = toDayNumber(today);
  if (todayDay > toDayNumber(period.end)) return "missed";
  if (todayDay < toDayNumber(period.start)) return "in_progress";
  const elapsedCovered = coveredDaysBetween(period.start, today, intervals);
  return count * covered < required * elapsedCovered ? "at_risk" : "in_progress";
}

export interface RemainingInput {
  count: number;
  required: number;
  period: Period;
  today: LocalDate;
}

/**
 * What is still owed and how many days are left to do it: `left` = max(0, required − count);
 * `daysLeft` = days of the period from `today` to the end, today included (the whole period
 * when it has not begun, 0 when it is over).
 * @throws RangeError on an invalid date.
 */
export function remaining({ count, required, period, today }: RemainingInput): { left: number; daysLeft: number } {
  const left = Math.max(0, required - count);
  const fromToday = toDayNumber(period.end) - toDayNumber(today) + 1;
  return { left, daysLeft: Math.max(0, Math.min(period.days, fromToday)) };
}
