/**
 * The 三维考核 report (FORMATS.md "Organization reports", `GET /reports/assessment`; DOMAIN.md
 * "三维考核"): per assessed unit 工作实绩 (assessment-performance.ts), 民主测评 (ballots),
 * 民意调查 (answers), total, rank and mark, with the year's weights. Scores are rounded half up
 * to one decimal; the total is computed from the unrounded scores and then rounded; ranks compare
 * the rounded totals (equal totals share a rank). A finalized (定稿) year is read from its stored
 * snapshot (AssessmentSnapshot), as computed then.
 * `assessmentJson` is exactly the documented shape; `AssessmentDetail` adds what the page shows.
 */
import { readSnapshot, writeTransaction } from "../db/dialect.ts";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { assessedUnits } from "../domain/assessment/units.ts";
import { ratingsOf } from "../domain/assessment/ballots.ts";
import { surveyScores } from "../domain/assessment/survey.ts";
import { weightsFor } from "../domain/assessment/weights.ts";
import { performanceScore, rankAndMark, round1, totalOf, type Level, type Share, type Weights } from "../domain/assessment/scores.ts";
import { performanceShares, type ShareKey } from "./assessment-performance.ts";
import { auditKx, stampOf } from "../domain/assessment/units.ts";
import { DomainError } from "../core/errors.ts";

export interface AssessmentUnit {
  code: string;
  name: string;
  performance: number | null;
  rating: number | null;
  survey: number | null;
  total: number;
  rank: number;
  mark: "top" | "bottom" | null;
}

export interface AssessmentJson {
  year: number;
  weights: Weights;
  units: AssessmentUnit[];
}

export interface UnitDetail extends AssessmentUnit {
  kind: string;
  shares: Record<ShareKey, Share & { percent: number | null }>;
  levels: Record<Level, { ballots: number; score: number | null }>;
  respondents: number;
  answered: number;
}

export interface AssessmentDetail {
  year: number;
  asOf: string;
  weights: Weights;
  units: UnitDetail[];
  /** Set when read from a finalized snapshot. */
  finalizedAt: string | null;
}

/** Computes the assessment of `year` as of `asOf` (Asia/Shanghai date). */
export async function computeAssessment(kx: Kysely<DB>, year: number, asOf: string): Promise<AssessmentDetail> {
  // One snapshot of the data (joins the caller's transaction when inside one).
  return readSnapshot(kx, async (tx): Promise<AssessmentDetail> => {
    const units = await assessedUnits(tx, year);
    const weights = await weightsFor(tx, year);
    const shares = await performanceShares(tx, units, year, asOf, kx);
    const ratings = new Map((await ratingsOf(tx, year, units)).map((r) => [r.unit.id, r]));
    const surveys = await surveyScores(tx, year);
    const rows = units.map((u) => {
      const s = shares.get(u.id)!;
      const performance = performanceScore(s);
      const rating = ratings.get(u.id)!;
      const survey = surveys.get(u.id);
      const scores = { performance, rating: rating.score, survey: survey?.score ?? null };
      const r1 = (x: number | null) => (x === null ? null : round1(x));
      return {
        code: u.code,
        name: u.name,
        kind: u.kind,
        performance: r1(scores.performance),
        rating: r1(scores.rating),
        survey: r1(scores.survey),
        total: round1(totalOf(weights, scores)),
        complete: scores.performance !== null && scores.rating !== null && scores.survey !== null,
        shares: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { ...v, percent: v.of > 0 ? round1((100 * v.done) / v.of) : null }])) as UnitDetail["shares"],
        levels: Object.fromEntries(Object.entries(rating.levels).map(([k, v]) => [k, { ballots: v.ballots, score: v.score === null ? null : round1(v.score) }])) as UnitDetail["levels"],
        respondents: survey?.respondents ?? 0,
        answered: survey?.answered ?? 0,
      };
    });
    const ranks = rankAndMark(rows);
    const detailed: UnitDetail[] = rows.map(({ complete: _c, ...r }, i) => ({ ...r, rank: ranks[i].rank, mark: ranks[i].mark }));
    detailed.sort((a, b) => a.rank - b.rank || a.code.localeCompare(b.code));
    return { year, asOf, weights, units: detailed, finalizedAt: null };
  });
}

/** The documented JSON shape of a detail. */
export function assessmentJson(d: AssessmentDetail): AssessmentJson {
  return {
    year: d.year,
    weights: d.weights,
    units: d.units.map((u) => ({ code: u.code, name: u.name, performance: u.performance, rating: u.rating, survey: u.survey, total: u.total, rank: u.rank, mark: u.mark })),
  };
}

/** The stored assessment of a finalized year, or null. */
export async function storedAssessment(kx: Kysely<DB>, year: number): Promise<AssessmentDetail | null> {
  const row = await kx.selectFrom("AssessmentSnapshot").select(["json", "finalizedAt"]).where("year", "=", year).executeTakeFirst();
  return row ? { ...(JSON.parse(row.json) as AssessmentDetail), finalizedAt: row.finalizedAt } : null;
}

/** The year's assessment: the stored one when finalized, else computed as of `asOf`. */
export async function assessmentOf(kx: Kysely<DB>, year: number, asOf: string): Promise<AssessmentDetail> {
  return (await storedAssessment(kx, year)) ?? computeAssessment(kx, year, asOf);
}

/**
 * 定稿: computes the year as of its last day (or `asOf` when earlier) and stores it; audited.
 * @throws DomainError when the year is already finalized.
 */
export async function finalizeAssessment(kx: Kysely<DB>, year: number, asOf: string, actorId: number | null, now: Date): Promise<AssessmentDetail> {
  return writeTransaction(kx, async (tx): Promise<AssessmentDetail> => {
    if (await storedAssessment(tx, year)) throw new DomainError("year", `${year} 年度的三维考核已经定稿，不能再次定稿`);
    const lastDay = `${year}-12-31`;
    const d = await computeAssessment(tx, year, asOf < lastDay ? asOf : lastDay);
    await tx.insertInto("AssessmentSnapshot").values({ year, json: JSON.stringify(d), finalizedById: actorId, finalizedAt: stampOf(now) }).execute();
    await auditKx(tx, { actorId, action: "assessment.finalize", entity: "AssessmentSnapshot", entityId: year, after: assessmentJson(d), at: now });
    return { ...d, finalizedAt: stampOf(now) };
  });
}
