import { describe, expect, it } from "vitest";
import { periodByLabel } from "../../src/rules/periods.ts";
import { DEFAULT_SETTINGS, thresholdAt, thresholdFor } from "../../src/rules/thresholds.ts";
import type { RuleSetting } from "../../src/rules/types.ts";

describe("the default thresholds of the source documents", () => {
  it("asks 10 talks a year, 5 a month, 3 line visits a week, 1 courtyard meeting a month, 1 meeting a half-year", () => {
    expect(thresholdFor(DEFAULT_SETTINGS, "YEAR_TALKS", periodByLabel("2026"))).toBe(10);
    expect(thresholdFor(DEFAULT_SETTINGS, "MONTH_TALKS", periodByLabel("2026-03"))).toBe(5);
    expect(thresholdFor(DEFAULT_SETTINGS, "WEEK_VISITS", periodByLabel("2026-W10"))).toBe(3);
    expect(thresholdFor(DEFAULT_SETTINGS, "MONTH_COURTYARD", periodByLabel("2026-03"))).toBe(1);
    expect(thresholdFor(DEFAULT_SETTINGS, "HALF_MEETINGS", periodByLabel("2026-H2"))).toBe(1);
  });

  it("asks 5, 4, 3, 2 and 1 pairings by cadre level", () => {
    const byLevel = (["CITY_MANAGED", "COUNTY_MANAGED", "MIDDLE", "GENERAL", "GRADUATE_OFFICIAL"] as const).map((level) =>
      thresholdAt(DEFAULT_SETTINGS, "PAIRINGS", "2026-05-01", level),
    );
    expect(byLevel).toEqual([5, 4, 3, 2, 1]);
  });

  it("applies from 2000-01-01", () => {
    expect(DEFAULT_SETTINGS.every((s) => s.effectiveFrom === "2000-01-01")).toBe(true);
    expect(() => thresholdAt(DEFAULT_SETTINGS, "YEAR_TALKS", "1999-12-31")).toThrow(Error);
  });

  it("ignores a cadre level for rules that are not about pairings", () => {
    expect(thresholdFor(DEFAULT_SETTINGS, "MONTH_TALKS", periodByLabel("2026-03"), "MIDDLE")).toBe(5);
  });
});

describe("a threshold changed mid-year", () => {
  // The admin raises monthly talks from 5 to 6 on 2026-07-15 and weekly visits from 3 to 4 on
  // Thursday 2026-03-12 (in 2026-W11).
  const settings: RuleSetting[] = [
    ...DEFAULT_SETTINGS,
    { rule: "MONTH_TALKS", cadreLevel: null, value: 6, effectiveFrom: "2026-07-15" },
    { rule: "WEEK_VISITS", cadreLevel: null, value: 4, effectiveFrom: "2026-03-12" },
  ];

  it("leaves earlier months judged by the old value", () => {
    expect(thresholdFor(settings, "MONTH_TALKS", periodByLabel("2026-01"))).toBe(5);
    expect(thresholdFor(settings, "MONTH_TALKS", periodByLabel("2026-06"))).toBe(5);
  });

  it("judges the month containing the change date by the old value and the next by the new", () => {
    expect(thresholdFor(settings, "MONTH_TALKS", periodByLabel("2026-07"))).toBe(5);
    expect(thresholdFor(settings, "MONTH_TALKS", periodByLabel("2026-08"))).toBe(6);
    expect(thresholdFor(settings, "MONTH_TALKS", periodByLabel("2027-01"))).toBe(6);
  });

  it("judges the ISO week containing the change date by the old value and the next by the new", () => {
    expect(thresholdFor(settings, "WEEK_VISITS", periodByLabel("2026-W11"))).toBe(3);
    expect(thresholdFor(settings, "WEEK_VISITS", periodByLabel("2026-W12"))).toBe(4);
  });

  it("applies a change effective on a period's first day to that period", () => {
    const onFirstDay = [...DEFAULT_SETTINGS, { rule: "MONTH_TALKS" as const, cadreLevel: null, value: 7, effectiveFrom: "2026-08-01" }];
    expect(thresholdFor(onFirstDay, "MONTH_TALKS", periodByLabel("2026-07"))).toBe(5);
    expect(thresholdFor(onFirstDay, "MONTH_TALKS", periodByLabel("2026-08"))).toBe(7);
  });

  it("gives the value in force on a date for pairings, from the change date itself", () => {
    const pairings: RuleSetting[] = [...DEFAULT_SETTINGS, { rule: "PAIRINGS", cadreLevel: "MIDDLE", value: 4, effectiveFrom: "2026-07-15" }];
    expect(thresholdAt(pairings, "PAIRINGS", "2026-07-14", "MIDDLE")).toBe(3);
    expect(thresholdAt(pairings, "PAIRINGS", "2026-07-15", "MIDDLE")).toBe(4);
    expect(thresholdAt(pairings, "PAIRINGS", "2026-07-15", "GENERAL")).toBe(2);
  });

  it("does not depend on the order of the settings, except that the later of two same-day settings wins", () => {
    const reversed = [...settings].reverse();
    expect(thresholdFor(reversed, "MONTH_TALKS", periodByLabel("2026-08"))).toBe(6);
    expect(thresholdFor(reversed, "MONTH_TALKS", periodByLabel("2026-06"))).toBe(5);
    const sameDay: RuleSetting[] = [
      { rule: "YEAR_TALKS", cadreLevel: null, value: 12, effectiveFrom: "2025-01-01" },
      { rule: "YEAR_TALKS", cadreLevel: null, value: 11, effectiveFrom: "2025-01-01" },
    ];
    expect(thresholdFor(sameDay, "YEAR_TALKS", periodByLabel("2026"))).toBe(11);
  });
});

describe("when no threshold applies", () => {
  it("throws for a rule without any setting", () => {
    const onlyYear = DEFAULT_SETTINGS.filter((s) => s.rule === "YEAR_TALKS");
    expect(() => thresholdFor(onlyYear, "MONTH_TALKS", periodByLabel("2026-01"))).toThrow(/MONTH_TALKS/);
    expect(() => thresholdFor([], "YEAR_TALKS", periodByLabel("2026"))).toThrow(Error);
  });

  it("throws for a period that began before the first setting took effect", () => {
    const late: RuleSetting[] = [{ rule: "YEAR_TALKS", cadreLevel: null, value: 10, effectiveFrom: "2026-03-01" }];
    expect(() => thresholdFor(late, "YEAR_TALKS", periodByLabel("2026"))).toThrow(Error);
    expect(thresholdFor(late, "YEAR_TALKS", periodByLabel("2027"))).toBe(10);
  });

  it("throws for pairings without a cadre level or with a level that has no setting", () => {
    expect(() => thresholdAt(DEFAULT_SETTINGS, "PAIRINGS", "2026-05-01", null)).toThrow(Error);
    expect(() => thresholdAt(DEFAULT_SETTINGS, "PAIRINGS", "2026-05-01")).toThrow(Error);
    const noGraduates = DEFAULT_SETTINGS.filter((s) => s.cadreLevel !== "GRADUATE_OFFICIAL");
    expect(() => thresholdAt(noGraduates, "PAIRINGS", "2026-05-01", "GRADUATE_OFFICIAL")).toThrow(/GRADUATE_OFFICIAL/);
  });

  it("throws RangeError on an invalid date", () => {
    expect(() => thresholdAt(DEFAULT_SETTINGS, "YEAR_TALKS", "2026-02-30")).toThrow(RangeError);
  });
});
