/**
 * Shapes shared by the quota engine (src/rules). Pure data: no Prisma, no Express.
 * Every date here is a local calendar date in Asia/Shanghai written `YYYY-MM-DD` (a `LocalDate`).
 * Source of the rules: DOMAIN.md "The rules", itself from 谈心制度 5–6, 责任区工作制度 6(1),
 * the county survey report (结穷亲, 院坝会) and 有关工作制度 2.
 */

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

/** The kinds of period the rules are judged over. */
export type PeriodKind = "year" | "half" | "month" | "isoWeek";

/**
 * One period. `start` and `end` are inclusive local dates; `days` = number of days in it.
 * `label`: year "2026", half "2026-H1"/"2026-H2", month "2026-01", ISO week "2026-W01"
 * (named by ISO week-year: 2024-12-30 is in 2025-W01).
 */
export interface Period {
  kind: PeriodKind;
  label: string;
  start: LocalDate;
  end: LocalDate;
  days: number;
}

/** Keys of the rules of DOMAIN.md's table. */
export type RuleKey =
  | "YEAR_TALKS" // ≥10 talks as talker per calendar year, every active member (谈心制度 5)
  | "MONTH_TALKS" // ≥5 talks per calendar month, CADRE and SECRETARY (谈心制度 6)
  | "WEEK_VISITS" // ≥3 visits to the assigned line per ISO week (责任区工作制度 6(1))
  | "PAIRINGS" // households paired by cadre level, at any date (survey report, 结穷亲)
  | "MONTH_COURTYARD" // ≥1 院坝会 per zone per calendar month (survey report, 院坝会)
  | "HALF_MEETINGS"; // ≥1 座谈会/茶话会/恳谈会/调研会 per half-year, branch (有关工作制度 2)

export type CadreLevel = "CITY_MANAGED" | "COUNTY_MANAGED" | "MIDDLE" | "GENERAL" | "GRADUATE_OFFICIAL";

/**
 * A threshold as set by the admin: `value` applies from `effectiveFrom` on.
 * For PAIRINGS there is one setting per `cadreLevel`; for the other rules `cadreLevel` is null.
 */
export interface RuleSetting {
  rule: RuleKey;
  cadreLevel: CadreLevel | null;
  value: number;
  effectiveFrom: LocalDate;
}

/** A stretch of days during which someone is subject to a rule: inclusive `from`, inclusive `to` (null = open). */
export interface Interval {
  from: LocalDate;
  to: LocalDate | null;
}

export type Status = "met" | "missed" | "in_progress" | "at_risk" | "not_applicable";

/** One period's result, as in FORMATS.md's compliance report. */
export interface PeriodResult {
  period: string;
  count: number;
  required: number;
  status: Status;
}
