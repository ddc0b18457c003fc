/**
 * The 三维考核 formulas (DOMAIN.md "三维考核"; FORMATS.md "Organization reports"). Pure: no I/O.
 * - 民主测评: a ballot grades a unit 优秀 100 / 称职 80 / 基本称职 60 / 不称职 0; a level's score is the
 *   mean of its ballots; the dimension is the weighted mean over the levels that HAVE ballots
 *   (default 上级 0.4, 下级 0.3, 平级 0.3, renormalized over the levels present); no ballot → null.
 * - 民意调查: 满意 100 / 基本满意 60 / 不满意 0 (or skipped); the mean of all answered items; none → null.
 * - 工作实绩: the weighted mean of the shares (0–100) that have a denominator; none → null.
 * - Total = Σ weight × score over the dimensions that have a score (a missing one adds nothing);
 *   units with all three are ranked first by total, then the others by total; equal totals (as
 *   shown, one decimal) share a rank (1, 1, 3); `top` for ranks 1–3, `bottom` for units with
 *   fewer than three units ranked below them (the last three; ties included), top winning.
 * Scores shown are rounded half up to one decimal (`round1`).
 */

export const GRADES = ["EXCELLENT", "COMPETENT", "BASIC", "INCOMPETENT"] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_LABELS: Record<Grade, string> = { EXCELLENT: "优秀", COMPETENT: "称职", BASIC: "基本称职", INCOMPETENT: "不称职" };
export const GRADE_POINTS: Record<Grade, number> = { EXCELLENT: 100, COMPETENT: 80, BASIC: 60, INCOMPETENT: 0 };

export const LEVELS = ["UPPER", "LOWER", "PEER"] as const;
export type Level = (typeof LEVELS)[number];
export const LEVEL_LABELS: Record<Level, string> = { UPPER: "上级", LOWER: "下级", PEER: "平级" };
export const DEFAULT_LEVEL_WEIGHTS: Record<Level, number> = { UPPER: 0.4, LOWER: 0.3, PEER: 0.3 };

export const ANSWERS = ["SATISFIED", "BASIC", "UNSATISFIED"] as const;
export type Answer = (typeof ANSWERS)[number];
export const ANSWER_LABELS: Record<Answer, string> = { SATISFIED: "满意", BASIC: "基本满意", UNSATISFIED: "不满意" };
export const ANSWER_POINTS: Record<Answer, number> = { SATISFIED: 100, BASIC: 60, UNSATISFIED: 0 };

export const METHODS = ["PHONE", "VISIT", "MEETING"] as const;
export type Method = (typeof METHODS)[number];
export const METHOD_LABELS: Record<Method, string> = { PHONE: "电话问卷", VISIT: "入户访谈", MEETING: "会议调查" };

export interface Weights {
  performance: number;
  rating: number;
  survey: number;
}
export const DEFAULT_WEIGHTS: Weights = { performance: 0.54, rating: 0.23, survey: 0.23 };

/** Rounds half up to one decimal, after clearing binary noise (1.15 → 1.2, 81.25 → 81.3). */
export function round1(x: number): number {
  const tenths = Number((x * 10).toFixed(6));
  return (Math.sign(tenths) * Math.round(Math.abs(tenths))) / 10 + 0; // + 0: no -0
}

/** Ballot counts per level and grade → each level's score (null without ballots). */
export type BallotCounts = Partial<Record<Level, Partial<Record<Grade, number>>>>;

export interface RatingScore {
  /** Per level: ballots and mean score (null without ballots). */
  levels: Record<Level, { ballots: number; score: number | null }>;
  /** The weighted mean over the levels present, null without any ballot. */
  score: number | null;
}

/** 民主测评 of one unit (see module comment). `levelWeights` default 0.4/0.3/0.3. */
export function ratingScore(counts: BallotCounts, levelWeights: Record<Level, number> = DEFAULT_LEVEL_WEIGHTS): RatingScore {
  const levels = {} as RatingScore["levels"];
  let weighted = 0;
  let weightSum = 0;
  for (const level of LEVELS) {
    let n = 0;
    let points = 0;
    for (const g of GRADES) {
      const c = counts[level]?.[g] ?? 0;
      n += c;
      points += c * GRADE_POINTS[g];
    }
    const score = n > 0 ? points / n : null;
    levels[level] = { ballots: n, score };
    if (score !== null && levelWeights[level] > 0) {
      weighted += levelWeights[level] * score;
      weightSum += levelWeights[level];
    }
  }
  return { levels, score: weightSum > 0 ? weighted / weightSum : null };
}

/** 民意调查 of one unit: the mean of the answered items (skipped items left out); none → null. */
export function surveyScore(answers: Iterable<Answer | null>): { answered: number; score: number | null } {
  let n = 0;
  let points = 0;
  for (const a of answers) {
    if (a === null) continue;
    n++;
    points += ANSWER_POINTS[a];
  }
  return { answered: n, score: n > 0 ? points / n : null };
}

/** One share of 工作实绩: `done` of `of` (null share when `of` is 0). */
export interface Share {
  done: number;
  of: number;
}

/** A share as 0–100, null when it has no denominator. */
export const sharePercent = (s: Share): number | null => (s.of > 0 ? (100 * s.done) / s.of : null);

/** 工作实绩: the weighted mean (equal weights unless given) of the shares that have a denominator. */
export function performanceScore(shares: Record<string, Share>, weights: Record<string, number> = {}): number | null {
  let weighted = 0;
  let sum = 0;
  for (const [key, s] of Object.entries(shares)) {
    const p = sharePercent(s);
    const w = weights[key] ?? 1;
    if (p === null || w <= 0) continue;
    weighted += w * p;
    sum += w;
  }
  return sum > 0 ? weighted / sum : null;
}

/** Total = Σ weight × score over the dimensions that have one. */
export function totalOf(w: Weights, s: { performance: number | null; rating: number | null; survey: number | null }): number {
  return w.performance * (s.performance ?? 0) + w.rating * (s.rating ?? 0) + w.survey * (s.survey ?? 0);
}

/** Weights must be numbers in [0, 1] summing to 1 (to 1e-9): else a Chinese message. */
export function checkWeights(values: number[], what = "权重"): string | null {
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) return `${what}应为 0 到 1 之间的数`;
  const sum = values.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-9) return `${what}之和应为 1（现为 ${round1(sum * 1000) / 1000}）`;
  return null;
}

export interface Rankable {
  complete: boolean;
  /** The total as shown (one decimal). */
  total: number;
}

/**
 * Ranks and marks, in input order: complete units first (by total, descending), then the others;
 * equal (complete, total) share the best rank. `top` ranks 1–3; `bottom` fewer than 3 ranked
 * below; else null.
 */
export function rankAndMark(units: readonly Rankable[]): { rank: number; mark: "top" | "bottom" | null }[] {
  const better = (a: Rankable, b: Rankable) => (a.complete !== b.complete ? a.complete : a.total > b.total);
  return units.map((u) => {
    let above = 0;
    let below = 0;
    for (const v of units) {
      if (better(v, u)) above++;
      else if (better(u, v)) below++;
    }
    const rank = above + 1;
    return { rank, mark: rank <= 3 ? "top" : below < 3 ? "bottom" : null };
  });
}

/** The survey sample's size: 2‰ of 常住人口 rounded up, at least 20, at most the residents on record. */
export function sampleSize(population: number, available: number): number {
  const perMille = Math.floor((population * 2 + 999) / 1000);
  return Math.min(Math.max(20, perMille), available);
}
