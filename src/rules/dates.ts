/**
 * Calendar arithmetic on `LocalDate` strings (`YYYY-MM-DD`, a day in Asia/Shanghai) and the
 * conversion between instants and Shanghai wall-clock time.
 *
 * Time zone: DOMAIN.md "The rules": "All periods are computed in the Asia/Shanghai time zone
 * whatever the server's zone"; FORMATS.md: "`TZ` of the process never changes a result".
 * China has observed no daylight saving time since 1991 (and the engine never judges a
 * period earlier than that), so Shanghai time is the instant shifted by a fixed +08:00.
 *
 * How: every date is turned into a day number (days since 1970-01-01, proleptic Gregorian)
 * with integer arithmetic (H. Hinnant's `days_from_civil`), never through `new Date(y, m, d)`
 * or any local-time getter, so nothing depends on `process.env.TZ`. It is also allocation-free,
 * which matters for a county-wide report (tens of thousands of people × 53 weeks).
 *
 * Supported years: 0001–9999 (four-digit years). Bad input throws `RangeError`.
 */
import type { LocalDate } from "./types.ts";

/** The zone every period is computed in (DOMAIN.md "The rules"). */
export const TIME_ZONE = "Asia/Shanghai";

/** Fixed offset of Asia/Shanghai from UTC, in milliseconds (UTC+8, no DST since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

/** True when `y` is a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Parses `YYYY-MM-DD` into numbers, or returns null when it is not a real calendar date. */
function parse(s: string): [number, number, number] | null {
  if (typeof s !== "string") return null;
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

/**
 * True when `s` is a real calendar date written `YYYY-MM-DD` (year 0001–9999):
 * rejects "2026-02-30", "2026-2-3", "2026-02-03T00:00", "20260203".
 */
export function isValidLocalDate(s: string): boolean {
  return parse(s) !== null;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's days_from_civil). */
function civilToDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

/** Writes year, month, day as `YYYY-MM-DD`. */
export function formatDate(y: number, m: number, d: number): LocalDate {
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/**
 * Day numbers of valid dates already converted: a county-wide report converts the same few
 * hundred dates hundreds of thousands of times (periods, subjects, thresholds), and the regex
 * parse was a third of its time. Only valid dates are stored; bounded (cleared when full).
 */
const dayNumbers = new Map<string, number>();
const DAY_NUMBER_CACHE = 20_000;

/**
 * Day number (days since 1970-01-01) of a `LocalDate`.
 * @throws RangeError when `d` is not a valid `YYYY-MM-DD` date.
 */
export function toDayNumber(d: LocalDate): number {
  const known = dayNumbers.get(d);
  if (known !== undefined) return known;
  const p = parse(d);
  if (!p) throw new RangeError(`Not a valid date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  const n = civilToDays(p[0], p[1], p[2]);
  if (dayNumbers.size >= DAY_NUMBER_CACHE) dayNumbers.clear();
  dayNumbers.set(d, n);
  return n;
}

/** Year, month, day of a day number (Hinnant's civil_from_days), without range check. */
function daysToCivil(n: number): [number, number, number] {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/**
 * The `LocalDate` of a day number (inverse of `toDayNumber`).
 * @throws RangeError when the result falls outside years 0001–9999 or `n` is not an integer.
 */
export function fromDayNumber(n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not a day number: ${n}`);
  const [y, m, d] = daysToCivil(n);
  if (y < 1 || y > 9999) throw new RangeError(`Date out of range (years 0001–9999): day ${n}`);
  return formatDate(y, m, d);
}

/**
 * `d` plus `n` days (`n` may be negative).
 * @throws RangeError on an invalid date or a non-integer `n`.
 */
export function addDays(d: LocalDate, n: number): LocalDate {
  if (!Number.isInteger(n)) throw new RangeError(`Not a whole number of days: ${n}`);
  return fromDayNumber(toDayNumber(d) + n);
}

/** `b − a` in days (positive when `b` is later). @throws RangeError on an invalid date. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** −1, 0 or 1 as `a` is before, equal to or after `b` (usable with `Array#sort`). @throws RangeError. */
export function compareDates(a: LocalDate, b: LocalDate): number {
  const diff = toDayNumber(a) - toDayNumber(b);
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

/** ISO weekday of a day number: Monday 1 … Sunday 7 (1970-01-01 was a Thursday). */
export function isoWeekdayOfDay(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** Day number of the Monday that begins week 1 of ISO week-year `y` (the week holding 4 January). */
export function isoWeekYearStartDay(y: number): number {
  const jan4 = civilToDays(y, 1, 4);
  return jan4 - (isoWeekdayOfDay(jan4) - 1);
}

/** Number of ISO weeks (52 or 53) in ISO week-year `y`. */
export function isoWeeksInYear(y: number): number {
  return (isoWeekYearStartDay(y + 1) - isoWeekYearStartDay(y)) / 7;
}

/** ISO week label, e.g. `2025-W01` (zero-padded week, ISO week-year). */
export function isoWeekLabel(weekYear: number, week: number): string {
  return `${pad(weekYear, 4)}-W${pad(week, 2)}`;
}

/**
 * The ISO 8601 week of a date, named by its ISO week-year (the year of the week's Thursday):
 * 2024-12-30 → 2025-W01; 2027-01-01 → 2026-W53; 2021-01-03 → 2020-W53.
 * @throws RangeError on an invalid date.
 */
export function isoWeekOf(d: LocalDate): { weekYear: number; week: number; label: string } {
  const n = toDayNumber(d);
  const thursday = n - isoWeekdayOfDay(n) + 4;
  const weekYear = daysToCivil(thursday)[0];
  const week = Math.floor((n - isoWeekYearStartDay(weekYear)) / 7) + 1;
  return { weekYear, week, label: isoWeekLabel(weekYear, week) };
}

function checkInstant(instant: Date): number {
  const t = instant instanceof Date ? instant.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError("Not a valid Date");
  return t + SHANGHAI_OFFSET_MS;
}

/**
 * The Asia/Shanghai calendar date of an instant, whatever `process.env.TZ` is:
 * 2026-03-31T16:00:00Z → "2026-04-01"; 2026-03-31T15:59:59Z → "2026-03-31".
 * @throws RangeError on an invalid Date.
 */
export function localDateOf(instant: Date): LocalDate {
  return fromDayNumber(Math.floor(checkInstant(instant) / DAY_MS));
}

/**
 * Asia/Shanghai wall-clock time of an instant as "YYYY-MM-DD HH:mm" (for display and exports).
 * @throws RangeError on an invalid Date.
 */
export function localDateTimeOf(instant: Date): string {
  const shifted = checkInstant(instant);
  const day = Math.floor(shifted / DAY_MS);
  const minutes = Math.floor((shifted - day * DAY_MS) / 60000);
  return `${fromDayNumber(day)} ${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}

/**
 * The UTC instant of a Shanghai wall-clock time: `instantOf("2026-04-01")` is
 * 2026-03-31T16:00:00.000Z. `time` is "HH:mm" or "HH:mm:ss" (00:00–23:59:59).
 * @throws RangeError on an invalid date or time.
 */
export function instantOf(date: LocalDate, time = "00:00"): Date {
  const m = TIME_RE.exec(time);
  if (!m) throw new RangeError(`Not a valid time (HH:mm): ${JSON.stringify(time)}`);
  const ms = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 1000;
  return new Date(toDayNumber(date) * DAY_MS + ms - SHANGHAI_OFFSET_MS);
}
