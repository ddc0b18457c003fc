/**
 * Memoised calls into the quota engine for a whole-population report. `listedPeriods` and
 * `evaluatePeriods` (src/rules/evaluate.ts) are pure functions of (rule, periods, settings,
 * subject intervals, counts, today), and in a county most people share the same subject intervals
 * (subject since before the year) and small counts, so one report asks the same question tens of
 * thousands of times. This cache answers each distinct (rule, subject, period, count) once, with
 * exactly the engine's answer; the report's figures are the same as without it, only faster.
 * Results are frozen and shared between members: read them, copy before changing.
 */
import {
  evaluatePeriods,
  listedPeriods,
  type CadreLevel,
  type Interval,
  type LocalDate,
  type Period,
  type PeriodKind,
  type PeriodResult,
  type RuleKey,
  type RuleSetting,
} from "../rules/index.ts";

function keyOf(subject: Interval[]): string {
  let key = "";
  for (const iv of subject) key += `${iv.from}:${iv.to ?? ""},`;
  return key;
}

export class RuleMemo {
  private readonly listedCache = new Map<string, Period[]>();
  /** (rule, level, subject) → period label → results indexed by count. */
  private readonly resultCache = new Map<string, Map<string, PeriodResult[]>>();
  private readonly settingsByRule = new Map<RuleKey, RuleSetting[]>();

  constructor(
    private readonly year: number,
    private readonly today: LocalDate,
    settings: RuleSetting[],
  ) {
    // The engine scans every setting per period: hand it only the rule's own (same answer).
    for (const s of settings) {
      const list = this.settingsByRule.get(s.rule);
      if (list) list.push(s);
      else this.settingsByRule.set(s.rule, [s]);
    }
  }

  /** `listedPeriods(kind, year, subject, today)`, shared between equal subjects (do not mutate). */
  listed(kind: PeriodKind, subject: Interval[]): Period[] {
    if (subject.length === 0) return [];
    const key = `${kind}|${keyOf(subject)}`;
    let periods = this.listedCache.get(key);
    if (!periods) this.listedCache.set(key, (periods = listedPeriods(kind, this.year, subject, this.today)));
    return periods;
  }

  /**
   * `evaluatePeriods` for `periods` of `subject` with `counts` per period label. Equal questions
   * share one frozen result object.
   */
  evaluate(
    rule: RuleKey,
    periods: Period[],
    subject: Interval[],
    counts: Record<string, number>,
    cadreLevel?: CadreLevel | null,
  ): PeriodResult[] {
    const subjectKey = `${rule}|${cadreLevel ?? ""}|${keyOf(subject)}`;
    let byLabel = this.resultCache.get(subjectKey);
    if (!byLabel) this.resultCache.set(subjectKey, (byLabel = new Map()));
    const out: PeriodResult[] = new Array(periods.length);
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i];
      const count = counts[period.label] ?? 0;
      let byCount = byLabel.get(period.label);
      if (!byCount) byLabel.set(period.label, (byCount = []));
      out[i] = byCount[count] ??= this.compute(rule, period, subject, count, cadreLevel);
    }
    return out;
  }

  private compute(rule: RuleKey, period: Period, subject: Interval[], count: number, cadreLevel?: CadreLevel | null): PeriodResult {
    const settings = this.settingsByRule.get(rule) ?? [];
    const [result] = evaluatePeriods({
      rule,
      periods: [period],
      settings,
      cadreLevel,
      subject,
      counts: { [period.label]: count },
      today: this.today,
    });
    return Object.freeze(result);
  }
}
