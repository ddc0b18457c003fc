/**
 * The entry points the compliance report calls (FORMATS.md "Compliance report"): which periods
 * to list for a person, and each period's `{ period, count, required, status }`.
 *
 * Dates are Asia/Shanghai `LocalDate`s; `today` is the report's `asOf`. Counts are keyed by
 * period label ("2026-01", "2026-W05", …). Errors: `RangeError` on bad dates, kinds or years;
 * `Error` when no threshold applies (see thresholds.ts).
 */
import { toDayNumber } from "./dates.ts";
import { periodsOfYear } from "./periods.ts";
import { coveredDays, requiredFor } from "./prorate.ts";
import { statusOf } from "./status.ts";
import { thresholdAt, thresholdFor } from "./thresholds.ts";
import type {
  CadreLevel,
  Interval,
  LocalDate,
  Period,
  PeriodKind,
  PeriodResult,
  RuleKey,
  RuleSetting,
} from "./types.ts";

export interface EvaluatePeriodsInput {
  rule: RuleKey;
  periods: Period[];
  settings: RuleSetting[];
  /** Only used by PAIRINGS thresholds; ignored for the other rules. */
  cadreLevel?: CadreLevel | null;
  /** When the subject is subject to the rule (member, cadre, line holder, zone…). */
  subject: Interval[];
  /** Records per period label; a missing label counts 0. */
  counts: Record<string, number>;
  today: LocalDate;
}

/**
 * One result per period, in the order given: threshold in force on the period's first day,
 * pro-rated to the covered days, compared with the count. A period with no covered day is
 * `not_applicable` with `required` 0 (its threshold is then not looked up, so a missing
 * setting for it does not throw).
 * @throws Error when a covered period has no threshold in force.
 */
export function evaluatePeriods(input: EvaluatePeriodsInput): PeriodResult[] {
  const { rule, periods, settings, cadreLevel, subject, counts, today } = input;
  return periods.map((period) => {
    const covered = coveredDays(period, subject);
    const count = counts[period.label] ?? 0;
    if (covered === 0) return { period: period.label, count, required: 0, status: "not_applicable" };
    const threshold = thresholdFor(settings, rule, period, cadreLevel);
    const required = requiredFor(threshold, covered, period.days);
    const status = statusOf({ count, required, covered, period, today, intervals: subject });
    return { period: period.label, count, required, status };
  });
}

/**
 * The periods a report lists for one subject (FORMATS.md: "each from the first period in which
 * the person is subject to the rule to the period that contains asOf"): the periods of `year`
 * (`periodsOfYear`; for "isoWeek" the ISO week-year) from the first with covered days > 0 up to
 * and including the one containing `today`. When `today` is after the year, up to the last
 * period; when it is before the year, or the subject covers none of them up to today, none.
 * Periods in between with no coverage (left and came back) stay in the list.
 * @throws RangeError on a bad kind, year or date.
 */
export function listedPeriods(kind: PeriodKind, year: number, subject: Interval[], today: LocalDate): Period[] {
  const todayDay = toDayNumber(today);
  const upToToday = periodsOfYear(kind, year).filter((p) => toDayNumber(p.start) <= todayDay);
  const first = upToToday.findIndex((p) => coveredDays(p, subject) > 0);
  return first < 0 ? [] : upToToday.slice(first);
}

export interface EvaluatePairingsInput {
  /** Households the cadre is paired with on `today`. */
  count: number;
  settings: RuleSetting[];
  /** null/undefined: the person has no cadre level, the rule does not apply. */
  cadreLevel?: CadreLevel | null;
  today: LocalDate;
}

/**
 * The pairing rule (结穷亲), judged "at any date": `period` is `today`; `required` is the value
 * for the level in force on `today`; `met` when count ≥ required, else `missed`. No level:
 * `not_applicable` with `required` 0.
 * @throws Error when the level has no setting in force on `today`.
 */
export function evaluatePairings({ count, settings, cadreLevel, today }: EvaluatePairingsInput): PeriodResult {
  if (cadreLevel === null || cadreLevel === undefined) {
    toDayNumber(today); // validates
    return { period: today, count, required: 0, status: "not_applicable" };
  }
  const required = thresholdAt(settings, "PAIRINGS", today, cadreLevel);
  return { period: today, count, required, status: count >= required ? "met" : "missed" };
}
