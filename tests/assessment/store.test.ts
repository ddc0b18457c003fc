/**
 * The 三维考核 on a real database: assessed units, ballots, the survey draw and answers, weights,
 * the assessment's scores, ranks and the finalized snapshot; every bad input refused in Chinese
 * with nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildAssessmentCounty, type AssessmentCounty } from "../support/assessment.ts";
import { assessedUnits } from "../../src/domain/assessment/units.ts";
import { ballotCounts, recordBallots, ratingsOf } from "../../src/domain/assessment/ballots.ts";
import { drawSurvey, recordAnswer, setPopulation, storedDraw, surveyScores } from "../../src/domain/assessment/survey.ts";
import { indicatorsFor, parseIndicatorNames, setIndicators, DEFAULT_INDICATORS } from "../../src/domain/assessment/indicators.ts";
import { setWeights, weightsFor } from "../../src/domain/assessment/weights.ts";
import { assessmentJson, assessmentOf, computeAssessment, finalizeAssessment } from "../../src/reports/assessment.ts";
import { DomainError } from "../../src/core/errors.ts";
import { sql } from "kysely";

let t: TestApp;
let c: AssessmentCounty;
const now = new Date("2026-11-18T02:00:00Z");
const today = "2026-11-18";
beforeEach(async () => {
  t = await testApp();
  c = await buildAssessmentCounty(t);
});
afterEach(() => t.close());

const count = async (table: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(t.kx)).rows[0].n);
const ballot = (orgId: number, level: string, grade: string, n = 1) => recordBallots(t.kx, { year: 2026, orgId, level, grade, count: n, rater: "" }, c.people.rootAdmin, now, 2026);
const refused = async (f: () => unknown, message: RegExp) => {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DomainError);
  expect((err as Error).message).toMatch(message);
};

describe("assessed units", () => {
  it("are the townships under the county and the departments under the 机关工委", async () => {
    expect((await assessedUnits(t.kx, 2026)).map((u) => u.code).sort()).toEqual(["BM1", "BM2", "XZA", "XZB"]);
  });
});

describe("ballots", () => {
  it("writes counted ballots with one audit entry and rates per level", async () => {
    expect(await ballot(c.townships.A.id, "UPPER", "EXCELLENT", 3)).toBe(3);
    await ballot(c.townships.A.id, "LOWER", "BASIC", 2);
    expect(await count("Ballot")).toBe(5);
    expect(Number((await t.kx.selectFrom("AuditEntry").select((eb) => eb.fn.countAll().as("n")).where("action", "=", "ballot.create").executeTakeFirstOrThrow()).n)).toBe(2);
    expect((await ballotCounts(t.kx, 2026)).get(c.townships.A.id)).toEqual({ UPPER: { EXCELLENT: 3 }, LOWER: { BASIC: 2 } });
    const a = (await ratingsOf(t.kx, 2026, await assessedUnits(t.kx, 2026))).find((r) => r.unit.code === "XZA")!;
    expect(a.score).toBeCloseTo((0.4 * 100 + 0.3 * 60) / 0.7, 9);
  });
  it("refuses an org outside the assessed units, an unknown level or grade, a bad count; nothing written", async () => {
    await refused(() => ballot(c.branches.a1.id, "UPPER", "EXCELLENT"), /不是三维考核的被考核单位/);
    await refused(() => ballot(c.wc.id, "UPPER", "EXCELLENT"), /不是三维考核的被考核单位/);
    await refused(() => ballot(c.townships.A.id, "SIDEWAYS", "EXCELLENT"), /测评层面/);
    await refused(() => ballot(c.townships.A.id, "UPPER", "GOOD"), /评价只能是/);
    await refused(() => ballot(c.townships.A.id, "UPPER", "EXCELLENT", 0), /票数/);
    expect(await count("Ballot")).toBe(0);
  });
});

describe("survey draw", () => {
  it("draws 2‰ (at least 20, all when fewer) inside the unit, reproducibly, never twice", async () => {
    const a = await drawSurvey(t.kx, { year: 2026, orgId: c.townships.A.id, seed: 11 }, null, now, today);
    expect(a.size).toBe(60);
    expect(new Set(a.residentIds).size).toBe(60);
    const inA = new Set((await t.kx.selectFrom("Resident").select("id").where("zoneId", "in", [c.branches.a1.zoneId, c.branches.a2.zoneId]).execute()).map((r) => r.id));
    expect(a.residentIds.every((id) => inA.has(id))).toBe(true);
    const again = await drawSurvey(t.kx, { year: 2026, orgId: c.townships.A.id, seed: 11 }, null, now, today);
    expect(again.residentIds).toEqual(a.residentIds);
    const other = await drawSurvey(t.kx, { year: 2026, orgId: c.townships.A.id, seed: 12 }, null, now, today);
    expect(other.residentIds).not.toEqual(a.residentIds);
    expect(await count("SurveyDraw")).toBe(1); // redrawing replaced the draw
    expect((await drawSurvey(t.kx, { year: 2026, orgId: c.townships.B.id, seed: 1 }, null, now, today)).size).toBe(12);
    expect((await drawSurvey(t.kx, { year: 2026, orgId: c.depts.d1.id, seed: 1 }, null, now, today)).size).toBe(20);
    const stored = (await storedDraw(t.kx, 2026, c.townships.A.id))!;
    expect(stored.seed).toBe(12);
    expect(stored.people.map((p) => p.number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
  });
  it("refuses a unit without 常住人口, a unit not assessed, a redraw after answers; nothing written", async () => {
    await refused(() => drawSurvey(t.kx, { year: 2026, orgId: c.depts.d2.id, seed: 1 }, null, now, today), /未设置常住人口/);
    await refused(() => drawSurvey(t.kx, { year: 2026, orgId: c.branches.b1.id, seed: 1 }, null, now, today), /不是三维考核的被考核单位/);
    expect(await count("SurveyDraw")).toBe(0);
    await drawSurvey(t.kx, { year: 2026, orgId: c.townships.B.id, seed: 1 }, null, now, today);
    await recordAnswer(t.kx, { year: 2026, orgId: c.townships.B.id, respondentNo: "1", method: "PHONE", answers: DEFAULT_INDICATORS.map(() => "SATISFIED") }, null, now);
    await refused(() => drawSurvey(t.kx, { year: 2026, orgId: c.townships.B.id, seed: 2 }, null, now, today), /已录入调查结果/);
    expect((await storedDraw(t.kx, 2026, c.townships.B.id))!.seed).toBe(1);
  });
  it("sets 常住人口 with an audit entry and refuses a bad one", async () => {
    await setPopulation(t.kx, c.depts.d2.id, 800, c.people.rootAdmin, now);
    expect((await drawSurvey(t.kx, { year: 2026, orgId: c.depts.d2.id, seed: 1 }, null, now, today)).size).toBe(5);
    await refused(() => setPopulation(t.kx, c.depts.d2.id, -3, null, now), /常住人口/);
  });
});

describe("survey answers", () => {
  const sheet = (no: string, answers: (string | null)[], method = "VISIT") => recordAnswer(t.kx, { year: 2026, orgId: c.townships.A.id, respondentNo: no, method, answers }, null, now);
  const all = (a: string | null) => DEFAULT_INDICATORS.map(() => a);
  it("scores the mean of the answered items and links a drawn respondent", async () => {
    const d = await drawSurvey(t.kx, { year: 2026, orgId: c.townships.A.id, seed: 3 }, null, now, today);
    await sheet("1", all("SATISFIED"));
    await sheet("2", [...all("BASIC").slice(0, 12), null]);
    const s = (await surveyScores(t.kx, 2026)).get(c.townships.A.id)!;
    expect(s).toEqual({ respondents: 2, answered: 25, score: (13 * 100 + 12 * 60) / 25 });
    expect(await t.kx.selectFrom("SurveyAnswer").select("residentId").where("respondentNo", "=", "1").executeTakeFirst()).toEqual({ residentId: d.residentIds[0] });
  });
  it("refuses a respondent counted twice, an answer outside 满意/基本满意/不满意, an unknown method", async () => {
    await sheet("7", all("SATISFIED"));
    await refused(() => sheet("7", all("BASIC")), /不能计入两次/);
    await refused(() => sheet("8", [...all(null).slice(0, 12), "GREAT"]), /只能是 满意、基本满意 或 不满意/);
    await refused(() => sheet("9", all("SATISFIED"), "EMAIL"), /调查方式/);
    await refused(() => sheet("10", ["SATISFIED"]), /应填写 13 项/);
    expect(await count("SurveyAnswer")).toBe(1);
  });
  it("follows renamed indicators per year", async () => {
    await setIndicators(t.kx, { orgId: null, fromYear: 2026, names: parseIndicatorNames("收入、医疗") }, null, now);
    expect(await indicatorsFor(t.kx, 2025)).toEqual([...DEFAULT_INDICATORS]);
    expect(await indicatorsFor(t.kx, 2026, c.townships.A.path)).toEqual(["收入", "医疗"]);
    await sheet("1", ["SATISFIED", null]);
    expect(() => parseIndicatorNames("收入、收入")).toThrow(/重复/);
  });
});

describe("weights", () => {
  it("default 0.54/0.23/0.23, dated settings, refused when not summing to 1", async () => {
    expect(await weightsFor(t.kx, 2026)).toEqual({ performance: 0.54, rating: 0.23, survey: 0.23 });
    await setWeights(t.kx, { effectiveFrom: "2027-01-01", performance: 0.5, rating: 0.25, survey: 0.25 }, null, now);
    expect((await weightsFor(t.kx, 2026)).performance).toBe(0.54);
    expect((await weightsFor(t.kx, 2027)).performance).toBe(0.5);
    await refused(() => setWeights(t.kx, { effectiveFrom: "2027-01-01", performance: 0.5, rating: 0.3, survey: 0.3 }, null, now), /之和应为 1/);
    expect(await count("AssessmentWeight")).toBe(1);
  });
});

describe("the assessment", () => {
  it("scores, totals, ranks units with a missing dimension after complete ones, and keeps a finalized year", async () => {
    for (const [u, grade] of [[c.townships.A.id, "EXCELLENT"], [c.townships.B.id, "COMPETENT"], [c.depts.d1.id, "COMPETENT"]] as const) await ballot(u, "UPPER", grade, 2);
    const answer = (orgId: number, a: string) => recordAnswer(t.kx, { year: 2026, orgId, respondentNo: "1", method: "PHONE", answers: DEFAULT_INDICATORS.map(() => a) }, null, now);
    await answer(c.townships.A.id, "SATISFIED");
    await answer(c.townships.B.id, "BASIC");
    await answer(c.depts.d1.id, "BASIC");
    const d = await computeAssessment(t.kx, 2026, today);
    const json = assessmentJson(d);
    expect(Object.keys(json)).toEqual(["year", "weights", "units"]);
    const by = Object.fromEntries(json.units.map((u) => [u.code, u]));
    expect(by.XZA.rating).toBe(100);
    expect(by.XZA.survey).toBe(100);
    expect(by.XZB.survey).toBe(60);
    expect(by.BM2.rating).toBeNull();
    expect(by.BM2.survey).toBeNull();
    // BM2 has neither ballots nor answers: ranked after every complete unit.
    expect(by.BM2.rank).toBe(4);
    expect(json.units.at(-1)!.code).toBe("BM2");
    for (const u of json.units) {
      const p = d.units.find((x) => x.code === u.code)!;
      expect(Object.keys(u)).toEqual(["code", "name", "performance", "rating", "survey", "total", "rank", "mark"]);
      expect(p.shares.yearTalks.of).toBeGreaterThanOrEqual(0);
    }
    expect(json.units.filter((u) => u.mark === "top").length).toBe(3);
    const fin = await finalizeAssessment(t.kx, 2026, today, c.people.rootAdmin, now);
    await refused(() => ballot(c.depts.d2.id, "UPPER", "EXCELLENT"), /已定稿/); // a finalized year is read-only
    await refused(() => finalizeAssessment(t.kx, 2026, today, null, now), /已经定稿/);
    expect(assessmentJson(await assessmentOf(t.kx, 2026, "2026-12-31"))).toEqual(assessmentJson(fin));
  });
});

describe("the assessment's edges", () => {
  it("a level with no ballots is left out of the rating, a unit with no answers has no survey score and ranks after complete ones, equal totals share a rank", async () => {
    for (const orgId of [c.townships.A.id, c.townships.B.id]) {
      await ballot(orgId, "UPPER", "EXCELLENT");
      await ballot(orgId, "PEER", "BASIC");
      await recordAnswer(t.kx, { year: 2026, orgId, respondentNo: "1", method: "PHONE", answers: DEFAULT_INDICATORS.map((_, i) => (i % 2 ? "SATISFIED" : "BASIC")) }, null, now);
    }
    await ballot(c.depts.d1.id, "LOWER", "EXCELLENT", 9); // ballots, but no answers (and no members: no 工作实绩)
    const d = await computeAssessment(t.kx, 2026, today);
    const by = Object.fromEntries(d.units.map((u) => [u.code, u]));
    // No 下级 ballots: the weights of 上级 and 平级 renormalized (0.4·100 + 0.3·60) / 0.7.
    expect(by.XZA.levels.LOWER).toEqual({ ballots: 0, score: null });
    expect(by.XZA.rating).toBe(82.9);
    expect(by.XZA.survey).toBe(Math.round(((7 * 60 + 6 * 100) / 13) * 10) / 10);
    // The two townships are alike in every dimension: one total, one rank, and the next rank skips.
    expect(by.XZA.performance).toBe(by.XZB.performance);
    expect(by.XZA.total).toBe(by.XZB.total);
    expect([by.XZA.rank, by.XZB.rank]).toEqual([1, 1]);
    expect(by.BM1.survey).toBeNull();
    expect(by.BM1.respondents).toBe(0);
    expect(by.BM1.rating).toBe(100);
    expect(by.BM1.total).toBe(23); // 0.23 × 100; the missing dimensions add nothing
    expect(by.BM1.rank).toBe(3);
    expect(by.BM2.rank).toBe(4);
    expect(d.units.map((u) => u.mark)).toEqual(["top", "top", "top", "bottom"]);
  });
});
