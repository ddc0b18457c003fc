import { describe, expect, it } from "vitest";
import {
  checkWeights,
  performanceScore,
  rankAndMark,
  ratingScore,
  round1,
  sampleSize,
  surveyScore,
  totalOf,
  DEFAULT_WEIGHTS,
} from "../../../src/domain/assessment/scores.ts";
import { drawSample, parseSeed } from "../../../src/domain/assessment/draw.ts";

describe("民主测评 ratingScore", () => {
  it("means each level and weights 0.4/0.3/0.3", () => {
    const r = ratingScore({ UPPER: { EXCELLENT: 1, COMPETENT: 1 }, LOWER: { BASIC: 2 }, PEER: { INCOMPETENT: 1, EXCELLENT: 1 } });
    expect(r.levels.UPPER).toEqual({ ballots: 2, score: 90 });
    expect(r.levels.LOWER).toEqual({ ballots: 2, score: 60 });
    expect(r.levels.PEER).toEqual({ ballots: 2, score: 50 });
    expect(r.score).toBeCloseTo(0.4 * 90 + 0.3 * 60 + 0.3 * 50, 9);
  });
  it("renormalizes over the levels that have ballots", () => {
    const r = ratingScore({ UPPER: { EXCELLENT: 3 }, PEER: { BASIC: 1 } });
    expect(r.levels.LOWER).toEqual({ ballots: 0, score: null });
    expect(r.score).toBeCloseTo((0.4 * 100 + 0.3 * 60) / 0.7, 9);
    expect(ratingScore({ LOWER: { COMPETENT: 5 } }).score).toBe(80);
  });
  it("is null without any ballot", () => {
    expect(ratingScore({}).score).toBeNull();
    expect(ratingScore({ UPPER: { EXCELLENT: 0 } }).score).toBeNull();
  });
});

describe("民意调查 surveyScore", () => {
  it("means the answered items, skipping blanks", () => {
    expect(surveyScore(["SATISFIED", null, "BASIC", "UNSATISFIED"])).toEqual({ answered: 3, score: 160 / 3 });
  });
  it("is null for a unit with no answers", () => {
    expect(surveyScore([])).toEqual({ answered: 0, score: null });
    expect(surveyScore([null, null]).score).toBeNull();
  });
});

describe("工作实绩 performanceScore", () => {
  it("is the equal-weight mean of the shares with a denominator", () => {
    expect(performanceScore({ a: { done: 1, of: 2 }, b: { done: 3, of: 3 }, c: { done: 0, of: 0 } })).toBe(75);
  });
  it("takes weights", () => {
    expect(performanceScore({ a: { done: 1, of: 2 }, b: { done: 1, of: 1 } }, { a: 3, b: 1 })).toBeCloseTo(62.5, 9);
  });
  it("is null without any denominator", () => {
    expect(performanceScore({ a: { done: 0, of: 0 } })).toBeNull();
  });
});

describe("round1 (half up)", () => {
  it.each([
    [81.25, 81.3],
    [1.15, 1.2],
    [1.05, 1.1],
    [81.24999, 81.2],
    [66.66666, 66.7],
    [0, 0],
    [100, 100],
  ])("%s → %s", (x, y) => expect(round1(x)).toBe(y));
});

describe("total and weights", () => {
  it("adds weight × score; a missing dimension adds nothing", () => {
    expect(totalOf(DEFAULT_WEIGHTS, { performance: 80, rating: 90, survey: 70 })).toBeCloseTo(0.54 * 80 + 0.23 * 90 + 0.23 * 70, 9);
    expect(totalOf(DEFAULT_WEIGHTS, { performance: 80, rating: null, survey: 70 })).toBeCloseTo(0.54 * 80 + 0.23 * 70, 9);
  });
  it("refuses weights not summing to 1", () => {
    expect(checkWeights([0.54, 0.23, 0.23])).toBeNull();
    expect(checkWeights([0.5, 0.23, 0.23])).toMatch(/之和应为 1/);
    expect(checkWeights([1.2, -0.1, -0.1])).toMatch(/0 到 1/);
    expect(checkWeights([Number.NaN, 0.5, 0.5])).toMatch(/0 到 1/);
  });
});

describe("rankAndMark", () => {
  const u = (total: number, complete = true) => ({ total, complete });
  it("ties share a rank and the next rank skips", () => {
    expect(rankAndMark([u(90), u(95), u(90), u(80)]).map((r) => r.rank)).toEqual([2, 1, 2, 4]);
  });
  it("ranks incomplete units after every complete one", () => {
    expect(rankAndMark([u(99, false), u(50), u(60), u(10, false)]).map((r) => r.rank)).toEqual([3, 2, 1, 4]);
  });
  it("marks the first three top and the last three bottom", () => {
    const marks = rankAndMark([100, 90, 80, 70, 60, 50, 40, 30].map((t) => u(t))).map((r) => r.mark);
    expect(marks).toEqual(["top", "top", "top", null, null, "bottom", "bottom", "bottom"]);
  });
  it("with fewer than 6 units top wins over bottom", () => {
    expect(rankAndMark([u(4), u(3), u(2), u(1)]).map((r) => r.mark)).toEqual(["top", "top", "top", "bottom"]);
    expect(rankAndMark([u(2), u(1)]).map((r) => r.mark)).toEqual(["top", "top"]);
    expect(rankAndMark([]).length).toBe(0);
  });
  it("ties at the bottom are all marked", () => {
    const r = rankAndMark([100, 90, 80, 70, 60, 50, 40, 40, 40].map((t) => u(t)));
    expect(r.map((x) => x.mark)).toEqual(["top", "top", "top", null, null, null, "bottom", "bottom", "bottom"]);
    const t = rankAndMark([100, 90, 80, 70, 60, 50, 50, 40, 30].map((x) => u(x)));
    expect(t.map((x) => x.mark)).toEqual(["top", "top", "top", null, null, "bottom", "bottom", "bottom", "bottom"]);
  });
});

describe("sampleSize", () => {
  it("is 2‰ rounded up, at least 20, at most those on record", () => {
    expect(sampleSize(30000, 1000)).toBe(60);
    expect(sampleSize(30001, 1000)).toBe(61);
    expect(sampleSize(5000, 1000)).toBe(20);
    expect(sampleSize(30000, 45)).toBe(45);
    expect(sampleSize(30000, 0)).toBe(0);
  });
});

describe("drawSample", () => {
  const ids = Array.from({ length: 200 }, (_, i) => i * 3 + 1);
  it("is reproducible from the seed and independent of input order", () => {
    expect(drawSample(ids, 30, 7)).toEqual(drawSample([...ids].reverse(), 30, 7));
  });
  it("another seed gives another sample", () => {
    expect(drawSample(ids, 30, 7)).not.toEqual(drawSample(ids, 30, 8));
  });
  it("never repeats a person and stays inside the candidates", () => {
    const s = drawSample([...ids, ...ids], 150, 3);
    expect(new Set(s).size).toBe(150);
    expect(s.every((x) => ids.includes(x))).toBe(true);
  });
  it("takes everyone when fewer", () => {
    expect(drawSample([5, 2, 9], 20, 1).sort()).toEqual([2, 5, 9]);
  });
  it("parses seeds", () => {
    expect(parseSeed("42")).toBe(42);
    expect(parseSeed("-1")).toMatch(/非负整数/);
    expect(parseSeed("9999999999")).toMatch(/小于/);
  });
});
