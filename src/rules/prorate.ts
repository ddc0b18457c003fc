/**
 * Pro-rating (DOMAIN.md "The rules"): "a person who became subject to a rule inside a period
 * (joined, became a cadre, got a line) owes ceil(threshold × covered days / days in the period);
 * one who left it owes the same for the days covered. Zero covered days: not applicable."
 *
 * Days are Asia/Shanghai `LocalDate`s; an `Interval` is inclusive at both ends, `to: null` is
 * open-ended. Integer arithmetic only. Bad input throws `RangeError`.
 */
import { toDayNumber } from "./dates.ts";
import type { Interval, LocalDate, Period } from "./types.ts";

/**
 * Days from `from` to `to` (inclusive) that lie inside the union of `intervals`. Overlapping or
 * adjacent intervals are merged; an interval whose `to` is before its `from` covers nothing.
 * Returns 0 when `to` < `from`.
 * @throws RangeError on an invalid date.
 */
export function coveredDaysBetween(from: LocalDate, to: LocalDate, intervals: Interval[]): number {
  const lo = toDayNumber(from);
  const hi = toDayNumber(to);
  const clipped: Array<[number, number]> = [];
  for (const iv of intervals) {
    const s = Math.max(lo, toDayNumber(iv.from));
    const e = Math.min(hi, iv.to === null || iv.to === undefined ? hi : toDayNumber(iv.to));
    if (s <= e) clipped.push([s, e]);
  }
  clipped.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let curS = 0;
  let curE = Number.NEGATIVE_INFINITY;
  for (const [s, e] of clipped) {
    if (s > curE + 1) {
      if (curE >= curS) total += curE - curS + 1;
      curS = s;
      curE = e;
    } else if (e > curE) {
      curE = e;
    }
  }
  if (curE >= curS) total += curE - curS + 1;
  return total;
}

/**
 * Days of `period` inside the union of `intervals` (0..period.days).
 * `coveredDays(2026, [{ from: "2026-07-01", to: null }]) === 184`.
 * @throws RangeError on an invalid date.
 */
export function coveredDays(period: Period, intervals: Interval[]): number {
  return coveredDaysBetween(period.start, period.end, intervals);
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${name} must be a whole number ≥ 0: ${n}`);
}

/**
 * What is owed for a (possibly partial) period: ceil(threshold × covered / periodDays), exact
 * in integers; 0 when nothing is covered; `threshold` when the whole period is covered.
 * `requiredFor(10, 184, 365) === 6`; `requiredFor(3, 4, 7) === 2`.
 * @throws RangeError unless 0 ≤ covered ≤ periodDays, periodDays ≥ 1, threshold ≥ 0, all integers.
 */
export function requiredFor(threshold: number, covered: number, periodDays: number): number {
  checkCount("threshold", threshold);
  checkCount("covered", covered);
  checkCount("periodDays", periodDays);
  if (periodDays === 0 || covered > periodDays) {
    throw new RangeError(`covered (${covered}) must be within periodDays (${periodDays}) and periodDays ≥ 1`);
  }
  const product = threshold * covered;
  let q = Math.floor(product / periodDays);
  if (q * periodDays > product) q -= 1; // guard against a division rounded up
  return q * periodDays < product ? q + 1 : q;
}
