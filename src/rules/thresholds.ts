/**
 * Thresholds of the rules as data (DOMAIN.md "The rules": "Thresholds are data, set by the admin,
 * with the date from which a change applies; a closed period is always judged by the thresholds
 * in force during it").
 *
 * Sources of the default values: 谈心制度 5 (每位党员每年主动谈心不少于10人次), 谈心制度 6
 * (党员领导干部…每月…谈心不少于5次), 责任区工作制度 6(1) (每周不少于三次到一线挂钩线路), the
 * survey report (结穷亲: 市管/县管领导干部、中层干部、一般干部、大学生村官 5/4/3/2/1 户; 院坝会 monthly)
 * and 有关工作制度 2 (座谈会、茶话会、恳谈会、调研会 each term, here each half-year).
 *
 * Dates are Asia/Shanghai `LocalDate`s. Lookups throw `Error` when no setting applies.
 */
import { toDayNumber } from "./dates.ts";
import type { CadreLevel, LocalDate, Period, RuleKey, RuleSetting } from "./types.ts";

const SINCE = "2000-01-01";

/** The thresholds of the source documents, in force since 2000-01-01. */
export const DEFAULT_SETTINGS: RuleSetting[] = [
  { rule: "YEAR_TALKS", cadreLevel: null, value: 10, effectiveFrom: SINCE },
  { rule: "MONTH_TALKS", cadreLevel: null, value: 5, effectiveFrom: SINCE },
  { rule: "WEEK_VISITS", cadreLevel: null, value: 3, effectiveFrom: SINCE },
  { rule: "MONTH_COURTYARD", cadreLevel: null, value: 1, effectiveFrom: SINCE },
  { rule: "HALF_MEETINGS", cadreLevel: null, value: 1, effectiveFrom: SINCE },
  { rule: "PAIRINGS", cadreLevel: "CITY_MANAGED", value: 5, effectiveFrom: SINCE },
  { rule: "PAIRINGS", cadreLevel: "COUNTY_MANAGED", value: 4, effectiveFrom: SINCE },
  { rule: "PAIRINGS", cadreLevel: "MIDDLE", value: 3, effectiveFrom: SINCE },
  { rule: "PAIRINGS", cadreLevel: "GENERAL", value: 2, effectiveFrom: SINCE },
  { rule: "PAIRINGS", cadreLevel: "GRADUATE_OFFICIAL", value: 1, effectiveFrom: SINCE },
];

/**
 * The value of `rule` in force on the Shanghai date `date`: the setting with the latest
 * `effectiveFrom` ≤ `date` (on a tie, the later element of `settings` wins). For PAIRINGS only
 * settings of `cadreLevel` are considered; for every other rule only settings whose
 * `cadreLevel` is null (the `cadreLevel` argument is then ignored).
 * @throws RangeError on an invalid `date`; Error when no setting applies (none for the rule or
 *   level, all effective later, or PAIRINGS without a level).
 */
export function thresholdAt(
  settings: RuleSetting[],
  rule: RuleKey,
  date: LocalDate,
  cadreLevel?: CadreLevel | null,
): number {
  const day = toDayNumber(date);
  const level = rule === "PAIRINGS" ? (cadreLevel ?? null) : null;
  if (rule === "PAIRINGS" && level === null) {
    throw new Error("No threshold for PAIRINGS without a cadre level");
  }
  let best: RuleSetting | null = null;
  let bestDay = Number.NEGATIVE_INFINITY;
  for (const s of settings) {
    if (s.rule !== rule || (s.cadreLevel ?? null) !== level) continue;
    const from = toDayNumber(s.effectiveFrom);
    if (from <= day && from >= bestDay) {
      best = s;
      bestDay = from;
    }
  }
  if (best === null) {
    throw new Error(`No threshold for ${rule}${level ? ` (${level})` : ""} in force on ${date}`);
  }
  return best.value;
}

/**
 * The value of `rule` that judges `period`: the one in force on the period's FIRST day. A
 * change effective mid-period applies from the next period on, so a running or closed period
 * is never judged by a value set after it began.
 * @throws Error when no setting applies (see `thresholdAt`).
 */
export function thresholdFor(
  settings: RuleSetting[],
  rule: RuleKey,
  period: Period,
  cadreLevel?: CadreLevel | null,
): number {
  return thresholdAt(settings, rule, period.start, cadreLevel);
}
