/**
 * The periods the rules are judged over (DOMAIN.md "The rules"): calendar year (谈心制度 5),
 * half-year Jan–Jun / Jul–Dec (有关工作制度 2), calendar month (谈心制度 6, 院坝会) and ISO week,
 * Monday 00:00 to Sunday 24:00 (责任区工作制度 6(1)), named by ISO week-year.
 *
 * Every date is an Asia/Shanghai `LocalDate` (`YYYY-MM-DD`); a record counts in the period that
 * contains its Shanghai date. `start`/`end` are inclusive; nothing here reads `process.env.TZ`
 * (see dates.ts). Bad input throws `RangeError`.
 *
 * Labels: year "2026", half "2026-H1"/"2026-H2", month "2026-01", ISO week "2026-W01".
 */
import {
  daysInMonth,
  formatDate,
  fromDayNumber,
  isoWeekLabel,
  isoWeekOf,
  isoWeeksInYear,
  isoWeekYearStartDay,
  toDayNumber,
} from "./dates.ts";
import type { LocalDate, Period, PeriodKind } from "./types.ts";

export {
  TIME_ZONE,
  SHANGHAI_OFFSET_MS,
  localDateOf,
  localDateTimeOf,
  instantOf,
  isValidLocalDate,
  isLeapYear,
  daysInMonth,
  addDays,
  daysBetween,
  compareDates,
  toDayNumber,
  fromDayNumber,
  isoWeekOf,
  isoWeeksInYear,
} from "./dates.ts";

const KINDS: readonly PeriodKind[] = ["year", "half", "month", "isoWeek"];

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new RangeError(`Not a supported year (0001–9999): ${year}`);
  }
}

function checkKind(kind: PeriodKind): void {
  if (!KINDS.includes(kind)) throw new RangeError(`Unknown period kind: ${JSON.stringify(kind)}`);
}

function make(kind: PeriodKind, label: string, start: LocalDate, end: LocalDate): Period {
  return { kind, label, start, end, days: toDayNumber(end) - toDayNumber(start) + 1 };
}

/** Calendar year `year`: "2026", 2026-01-01..2026-12-31. */
export function yearPeriod(year: number): Period {
  checkYear(year);
  return make("year", String(year).padStart(4, "0"), formatDate(year, 1, 1), formatDate(year, 12, 31));
}

/** Half `half` (1 = Jan–Jun, 2 = Jul–Dec) of `year`: "2026-H1". */
export function halfPeriod(year: number, half: 1 | 2): Period {
  checkYear(year);
  if (half !== 1 && half !== 2) throw new RangeError(`Not a half-year: ${half}`);
  const label = `${String(year).padStart(4, "0")}-H${half}`;
  return half === 1
    ? make("half", label, formatDate(year, 1, 1), formatDate(year, 6, 30))
    : make("half", label, formatDate(year, 7, 1), formatDate(year, 12, 31));
}

/** Month `month` (1–12) of `year`: "2026-02", 2026-02-01..2026-02-28. */
export function monthPeriod(year: number, month: number): Period {
  checkYear(year);
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Not a month: ${month}`);
  const start = formatDate(year, month, 1);
  return make("month", start.slice(0, 7), start, formatDate(year, month, daysInMonth(year, month)));
}

/** ISO week `week` of ISO week-year `weekYear`: "2026-W01", 2025-12-29..2026-01-04. */
export function isoWeekPeriod(weekYear: number, week: number): Period {
  checkYear(weekYear);
  if (!Number.isInteger(week) || week < 1 || week > isoWeeksInYear(weekYear)) {
    throw new RangeError(`Week ${week} does not exist in ISO week-year ${weekYear}`);
  }
  const monday = isoWeekYearStartDay(weekYear) + (week - 1) * 7;
  return make("isoWeek", isoWeekLabel(weekYear, week), fromDayNumber(monday), fromDayNumber(monday + 6));
}

/**
 * The period of kind `kind` that contains the Shanghai date `d`:
 * `periodContaining("isoWeek", "2027-01-01").label === "2026-W53"`.
 * @throws RangeError on an invalid date or kind.
 */
export function periodContaining(kind: PeriodKind, d: LocalDate): Period {
  checkKind(kind);
  toDayNumber(d); // validates
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  switch (kind) {
    case "year":
      return yearPeriod(year);
    case "half":
      return halfPeriod(year, month <= 6 ? 1 : 2);
    case "month":
      return monthPeriod(year, month);
    case "isoWeek": {
      const w = isoWeekOf(d);
      return isoWeekPeriod(w.weekYear, w.week);
    }
  }
}

const LABELS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => Period]> = [
  [/^(\d{4})$/, (m) => yearPeriod(Number(m[1]))],
  [/^(\d{4})-H([12])$/, (m) => halfPeriod(Number(m[1]), Number(m[2]) as 1 | 2)],
  [/^(\d{4})-(\d{2})$/, (m) => monthPeriod(Number(m[1]), Number(m[2]))],
  [/^(\d{4})-W(\d{2})$/, (m) => isoWeekPeriod(Number(m[1]), Number(m[2]))],
];

/**
 * The period named by `label`: "2026", "2026-H1", "2026-01", "2026-W05".
 * @throws RangeError on anything else ("2026-13", "2025-W53", "2026-W5", "2026-h1", " 2026").
 */
export function periodByLabel(label: string): Period {
  if (typeof label === "string") {
    for (const [re, build] of LABELS) {
      const m = re.exec(label);
      if (m) return build(m);
    }
  }
  throw new RangeError(`Not a period label: ${JSON.stringify(label)}`);
}

/**
 * The periods of `kind` belonging to `year`, in order: the 12 months or 2 halves of the calendar
 * year, the year itself, or the ISO weeks of ISO week-year `year` (52 or 53; 2026-W01 begins
 * 2025-12-29, 2026 has a W53).
 * @throws RangeError on an invalid kind or year.
 */
export function periodsOfYear(kind: PeriodKind, year: number): Period[] {
  checkKind(kind);
  checkYear(year);
  switch (kind) {
    case "year":
      return [yearPeriod(year)];
    case "half":
      return [halfPeriod(year, 1), halfPeriod(year, 2)];
    case "month":
      return Array.from({ length: 12 }, (_, i) => monthPeriod(year, i + 1));
    case "isoWeek":
      return Array.from({ length: isoWeeksInYear(year) }, (_, i) => isoWeekPeriod(year, i + 1));
  }
}

/** True when the Shanghai date `d` lies in `period` (inclusive bounds). @throws RangeError. */
export function periodIncludes(period: Period, d: LocalDate): boolean {
  const n = toDayNumber(d);
  return n >= toDayNumber(period.start) && n <= toDayNumber(period.end);
}

/**
 * Number of days of `period` strictly before `today` (0 when `today` ≤ start; `period.days`
 * when `today` is after the end). On the period's last day it is `days − 1`.
 * @throws RangeError on an invalid date.
 */
export function elapsedDays(period: Period, today: LocalDate): number {
  const n = toDayNumber(today) - toDayNumber(period.start);
  return Math.max(0, Math.min(period.days, n));
}
