/**
 * Memoised calls into the quota engine for a whole-population report. `listedPeriods` and
 * `evaluatePeriods` (src/rules/evaluate.ts) are pure functions of (rule, periods, settings,
 * subject intervals, counts, today), and in a county most people share the same subject intervals
 * (subject since before the year) and small counts, so one report asks the same question tens of
 * thousands of times. This cache answers each distinct (rule, subject, period, count) once, with
 * exactly the engine's answer; the report's figures are the same as without it, only faster.
 * Results are frozen and shared between members: read them, copy before changing.
 *
 * Subjects are first clipped to the days of the year's periods of every kind (1 January or the
 * Monday of ISO week 1, whichever is earlier, to 31 December or the Sunday of the last ISO week,
 * whichever is later): every engine answer depends on a subject only through its days inside the
 * periods asked about, so people who joined in different past years share one question.
 *
 * `BranchMemos`: one such memo per settings profile (the thresholds of a branch, DOMAIN.md
 * "Organizations"; branches with equal values share one), and which one judges a member's period
 * (their branch on its first day, src/domain/orgs/memberships.ts).
 */
import {
  evaluatePeriods,
  listedPeriods,
  periodsOfYear,
  yearPeriod,
  type CadreLevel,
  type Interval,
  type LocalDate,
  type Period,
  type PeriodKind,
  type PeriodResult,
  type RuleKey,
  type RuleSetting,
} from "../../rules/index.ts";
import { branchesBetween, judgingBranch, type MembershipTimeline } from "../orgs/memberships.ts";
import type { BranchSettingsResolver, SettingsProfile } from "../orgs/settings.ts";

function keyOf(subject: Interval[]): string {
  let key = "";
  for (const iv of subject) key += `${iv.from}:${iv.to ?? ""},`;
  return key;
}

/** `subject` limited to [from, to] (inclusive): pieces outside dropped, ends clamped. */
function clip(subject: Interval[], from: LocalDate, to: LocalDate): Interval[] {
  const out: Interval[] = [];
  for (const iv of subject) {
    const f = iv.from > from ? iv.from : from;
    const t = iv.to === null || iv.to > to ? to : iv.to;
    if (f <= t) out.push({ from: f, to: t });
  }
  return out;
}

export class RuleMemo {
  private readonly listedCache = new Map<string, Period[]>();
  /** (rule, level, subject) → period label → results indexed by count. */
  private readonly resultCache = new Map<string, Map<string, PeriodResult[]>>();
  private readonly settingsByRule = new Map<RuleKey, RuleSetting[]>();
  /** Tallies of an interval covering the whole span: rule → period label → by count. */
  private readonly wholeTallies = new Map<RuleKey, Map<string, Array<Readonly<{ count: number; required: number; status: PeriodResult["status"] }>>>>();
  private readonly tallies = new Map<string, Array<Readonly<{ count: number; required: number; status: PeriodResult["status"] }>>>();
  /** Subjects clipped to [spanFrom, spanTo], by the key of the unclipped subject. */
  private readonly clipped = new Map<string, { key: string; subject: Interval[] }>();
  private readonly spanFrom: LocalDate;
  private readonly spanTo: LocalDate;

  constructor(
    private readonly year: number,
    private readonly today: LocalDate,
    settings: RuleSetting[],
  ) {
    const yp = yearPeriod(year);
    const weeks = periodsOfYear("isoWeek", year);
    this.spanFrom = weeks[0].start < yp.start ? weeks[0].start : yp.start;
    this.spanTo = weeks[weeks.length - 1].end > yp.end ? weeks[weeks.length - 1].end : yp.end;
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
    const c = this.clip(subject);
    const key = `${kind}|${c.key}`;
    let periods = this.listedCache.get(key);
    if (!periods) this.listedCache.set(key, (periods = listedPeriods(kind, this.year, c.subject, this.today)));
    return periods;
  }

  /** The subject clipped to the year's span, and its key (cached per distinct subject). */
  private clip(subject: Interval[]): { key: string; subject: Interval[] } {
    const raw = keyOf(subject);
    let c = this.clipped.get(raw);
    if (!c) {
      const clippedSubject = clip(subject, this.spanFrom, this.spanTo);
      this.clipped.set(raw, (c = { key: keyOf(clippedSubject), subject: clippedSubject }));
    }
    return c;
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
    const c = this.clip(subject);
    const subjectKey = `${rule}|${cadreLevel ?? ""}|${c.key}`;
    let byLabel = this.resultCache.get(subjectKey);
    if (!byLabel) this.resultCache.set(subjectKey, (byLabel = new Map()));
    const out: PeriodResult[] = new Array(periods.length);
    for (let i = 0; i < periods.length; i++) {
      const period = periods[i];
      const count = counts[period.label] ?? 0;
      let byCount = byLabel.get(period.label);
      if (!byCount) byLabel.set(period.label, (byCount = []));
      out[i] = byCount[count] ??= this.compute(rule, period, c.subject, count, cadreLevel);
    }
    return out;
  }

  /**
   * `{ count, required, status }` of the one period `period` for a subject of ONE interval (the
   * year's talks: the member's active interval) — `evaluate` without its temporary arrays and
   * objects, for the 25,000 members of a county. Frozen and shared.
   */
  tally(rule: RuleKey, period: Period, interval: Interval, count: number): Readonly<{ count: number; required: number; status: PeriodResult["status"] }> {
    // Clipped, as in `clip`; most people cover the whole span: their tallies are found by rule
    // and period label without building a key string per member (25,000 in a county: GC, profile).
    const whole = interval.from <= this.spanFrom && (interval.to === null || interval.to >= this.spanTo);
    let byCount: Array<Readonly<{ count: number; required: number; status: PeriodResult["status"] }>> | undefined;
    if (whole) {
      let byLabel = this.wholeTallies.get(rule);
      if (!byLabel) this.wholeTallies.set(rule, (byLabel = new Map()));
      byCount = byLabel.get(period.label);
      if (!byCount) byLabel.set(period.label, (byCount = this.tallyList(`${rule}|${period.label}|${this.spanFrom}:${this.spanTo}`)));
    } else {
      byCount = this.tallyList(
        `${rule}|${period.label}|${interval.from > this.spanFrom ? interval.from : this.spanFrom}:${interval.to === null || interval.to > this.spanTo ? this.spanTo : interval.to}`,
      );
    }
    let t = byCount[count];
    if (!t) {
      const [r] = this.evaluate(rule, [period], [interval], { [period.label]: count });
      byCount[count] = t = Object.freeze({ count: r.count, required: r.required, status: r.status });
    }
    return t;
  }

  /** The tallies of one (rule, period, clipped interval) key, indexed by count. */
  private tallyList(key: string): Array<Readonly<{ count: number; required: number; status: PeriodResult["status"] }>> {
    let byCount = this.tallies.get(key);
    if (!byCount) this.tallies.set(key, (byCount = []));
    return byCount;
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

/**
 * The rule memo of each settings profile, and which one judges a member's period: the profile of
 * the branch they belonged to on the period's first day. One memo when no org sets anything.
 */
export class BranchMemos {
  private readonly memos = new Map<SettingsProfile, RuleMemo>();
  readonly base: RuleMemo;

  constructor(
    private readonly year: number,
    private readonly asOf: LocalDate,
    private readonly resolver: BranchSettingsResolver,
    private readonly timeline: MembershipTimeline | null,
  ) {
    this.base = this.memoOf(resolver.system);
  }

  private memoOf(p: SettingsProfile): RuleMemo {
    let m = this.memos.get(p);
    if (!m) this.memos.set(p, (m = new RuleMemo(this.year, this.asOf, p.settings)));
    return m;
  }

  /** The settings judging `memberId`'s period that begins on `day`. */
  profileAt(memberId: number, day: LocalDate): SettingsProfile {
    return this.timeline ? this.resolver.of(judgingBranch(this.timeline, memberId, day)) : this.resolver.system;
  }

  /** The memo judging `memberId`'s period that begins on `day`. */
  at(memberId: number, day: LocalDate): RuleMemo {
    return this.timeline ? this.memoOf(this.profileAt(memberId, day)) : this.base;
  }

  /** `RuleMemo.evaluate`, each period by the memo of the member's branch on its first day. */
  evaluate(memberId: number, rule: "MONTH_TALKS" | "WEEK_VISITS", periods: Period[], subject: Interval[], counts: Record<string, number>): PeriodResult[] {
    if (!this.timeline || !periods.length) return this.base.evaluate(rule, periods, subject, counts);
    if (branchesBetween(this.timeline, memberId, periods[0].start, periods[periods.length - 1].start).length <= 1) {
      return this.at(memberId, periods[0].start).evaluate(rule, periods, subject, counts);
    }
    // Transferred within the year: runs of periods judged by the same branch's settings.
    const out: PeriodResult[] = [];
    for (let i = 0; i < periods.length; ) {
      const p = this.profileAt(memberId, periods[i].start);
      let j = i + 1;
      while (j < periods.length && this.profileAt(memberId, periods[j].start) === p) j++;
      out.push(...this.memoOf(p).evaluate(rule, periods.slice(i, j), subject, counts));
      i = j;
    }
    return out;
  }
}
