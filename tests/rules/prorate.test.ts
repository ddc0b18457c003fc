import { describe, expect, it } from "vitest";
import { periodByLabel } from "../../src/rules/periods.ts";
import { coveredDays, coveredDaysBetween, requiredFor } from "../../src/rules/prorate.ts";

const y2026 = periodByLabel("2026");
const march = periodByLabel("2026-03");
const w11 = periodByLabel("2026-W11"); // Monday 2026-03-09 .. Sunday 2026-03-15

describe("covered days", () => {
  it("covers the whole period for someone subject all along", () => {
    expect(coveredDays(y2026, [{ from: "2020-01-01", to: null }])).toBe(365);
    expect(coveredDays(march, [{ from: "2026-03-01", to: "2026-03-31" }])).toBe(31);
  });

  it("counts from the joining day for someone who joined on 2026-07-01", () => {
    expect(coveredDays(y2026, [{ from: "2026-07-01", to: null }])).toBe(184);
  });

  it("counts up to and including the leaving day", () => {
    expect(coveredDays(march, [{ from: "2025-01-01", to: "2026-03-10" }])).toBe(10);
    expect(coveredDays(march, [{ from: "2025-01-01", to: "2026-03-01" }])).toBe(1);
  });

  it("counts a Thursday-to-Sunday line assignment as 4 days of the week", () => {
    expect(coveredDays(w11, [{ from: "2026-03-12", to: null }])).toBe(4);
  });

  it("clips intervals to the period and ignores those outside it", () => {
    expect(coveredDays(march, [{ from: "2026-02-20", to: "2026-03-05" }])).toBe(5);
    expect(coveredDays(march, [{ from: "2026-04-01", to: null }])).toBe(0);
    expect(coveredDays(march, [{ from: "2025-01-01", to: "2026-02-28" }])).toBe(0);
    expect(coveredDays(march, [])).toBe(0);
  });

  it("counts overlapping and adjacent intervals once", () => {
    const intervals = [
      { from: "2026-03-01", to: "2026-03-10" },
      { from: "2026-03-05", to: "2026-03-12" },
      { from: "2026-03-13", to: "2026-03-13" },
      { from: "2026-03-02", to: "2026-03-03" },
    ];
    expect(coveredDays(march, intervals)).toBe(13);
    expect(coveredDays(march, [{ from: "2026-03-20", to: null }, { from: "2026-03-25", to: null }])).toBe(12);
  });

  it("adds up separate stretches for someone who left and came back", () => {
    const intervals = [
      { from: "2026-03-28", to: null },
      { from: "2026-01-01", to: "2026-03-03" },
    ];
    expect(coveredDays(march, intervals)).toBe(7);
  });

  it("treats an interval that ends before it starts as covering nothing", () => {
    expect(coveredDays(march, [{ from: "2026-03-10", to: "2026-03-09" }])).toBe(0);
  });

  it("counts the days of a range inside the intervals, and none for an empty range", () => {
    expect(coveredDaysBetween("2026-03-01", "2026-03-11", [{ from: "2026-03-09", to: null }])).toBe(3);
    expect(coveredDaysBetween("2026-03-01", "2026-02-28", [{ from: "2020-01-01", to: null }])).toBe(0);
  });

  it("refuses invalid dates in the intervals", () => {
    expect(() => coveredDays(march, [{ from: "2026-02-30", to: null }])).toThrow(RangeError);
  });
});

describe("what is owed", () => {
  it("is the full threshold for a full period", () => {
    expect(requiredFor(10, 365, 365)).toBe(10);
    expect(requiredFor(5, 28, 28)).toBe(5);
  });

  it("is ceil(10 × 184 / 365) = 6 talks for someone who joined on 2026-07-01", () => {
    expect(requiredFor(10, coveredDays(y2026, [{ from: "2026-07-01", to: null }]), y2026.days)).toBe(6);
  });

  it("is ceil(3 × 4 / 7) = 2 visits for a line assigned on a Thursday", () => {
    expect(requiredFor(3, coveredDays(w11, [{ from: "2026-03-12", to: null }]), 7)).toBe(2);
  });

  it("is ceil(5 × 16 / 31) = 3 talks for someone who became a cadre on 2026-03-16", () => {
    expect(requiredFor(5, coveredDays(march, [{ from: "2026-03-16", to: null }]), march.days)).toBe(3);
  });

  it("is ceil(5 × 10 / 31) = 2 talks for a cadre who left on 2026-03-10", () => {
    expect(requiredFor(5, coveredDays(march, [{ from: "2020-01-01", to: "2026-03-10" }]), march.days)).toBe(2);
  });

  it("is at least one as soon as a single day is covered", () => {
    expect(requiredFor(10, 1, 366)).toBe(1);
    expect(requiredFor(1, 1, 31)).toBe(1);
  });

  it("is exact when the product divides evenly", () => {
    expect(requiredFor(3, 7, 7)).toBe(3);
    expect(requiredFor(6, 183, 366)).toBe(3);
    expect(requiredFor(10, 73, 365)).toBe(2);
    expect(requiredFor(10, 74, 365)).toBe(3);
  });

  it("is zero when nothing is covered or the threshold is zero", () => {
    expect(requiredFor(10, 0, 365)).toBe(0);
    expect(requiredFor(0, 100, 365)).toBe(0);
  });

  it("agrees with the rational ceiling for every covered count of a leap year", () => {
    for (let c = 0; c <= 366; c++) {
      const r = requiredFor(10, c, 366);
      expect(r * 366).toBeGreaterThanOrEqual(10 * c);
      expect((r - 1) * 366).toBeLessThan(10 * c);
    }
  });

  it("refuses negative, fractional or inconsistent inputs", () => {
    expect(() => requiredFor(-1, 10, 31)).toThrow(RangeError);
    expect(() => requiredFor(5, 1.5, 31)).toThrow(RangeError);
    expect(() => requiredFor(5, 32, 31)).toThrow(RangeError);
    expect(() => requiredFor(5, 0, 0)).toThrow(RangeError);
  });
});
