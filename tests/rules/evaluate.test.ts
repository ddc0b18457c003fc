import { describe, expect, it } from "vitest";
import * as rules from "../../src/rules/index.ts";
import { evaluatePairings, evaluatePeriods, listedPeriods } from "../../src/rules/evaluate.ts";
import { periodByLabel, periodsOfYear } from "../../src/rules/periods.ts";
import { DEFAULT_SETTINGS } from "../../src/rules/thresholds.ts";
import type { Interval, RuleSetting } from "../../src/rules/types.ts";

const labels = (ps: { label: string }[]) => ps.map((p) => p.label);

describe("the periods a report lists", () => {
  const always: Interval[] = [{ from: "2020-01-01", to: null }];

  it("lists the months from January to the month containing asOf", () => {
    expect(labels(listedPeriods("month", 2026, always, "2026-05-20"))).toEqual(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]);
    expect(labels(listedPeriods("month", 2026, always, "2026-01-01"))).toEqual(["2026-01"]);
  });

  it("starts at the month someone became a cadre", () => {
    expect(labels(listedPeriods("month", 2026, [{ from: "2026-03-16", to: null }], "2026-05-20"))).toEqual(["2026-03", "2026-04", "2026-05"]);
  });

  it("lists the whole year when asOf is after it", () => {
    expect(listedPeriods("month", 2026, always, "2027-03-01")).toHaveLength(12);
    expect(listedPeriods("isoWeek", 2026, always, "2027-01-10")).toHaveLength(53);
  });

  it("lists 2026-W53 when asOf is 2027-01-01, and only 2026-W01 on 2025-12-29", () => {
    expect(labels(listedPeriods("isoWeek", 2026, always, "2027-01-01")).at(-1)).toBe("2026-W53");
    expect(labels(listedPeriods("isoWeek", 2026, always, "2025-12-29"))).toEqual(["2026-W01"]);
    expect(labels(listedPeriods("isoWeek", 2026, always, "2026-01-01"))).toEqual(["2026-W01"]);
  });

  it("lists nothing when asOf is before the year", () => {
    expect(listedPeriods("month", 2026, always, "2025-12-31")).toEqual([]);
    expect(listedPeriods("isoWeek", 2026, always, "2025-12-28")).toEqual([]);
  });

  it("lists nothing for someone not subject to the rule up to asOf", () => {
    expect(listedPeriods("month", 2026, [], "2026-12-31")).toEqual([]);
    expect(listedPeriods("month", 2026, [{ from: "2026-09-01", to: null }], "2026-08-31")).toEqual([]);
    expect(listedPeriods("month", 2026, [{ from: "2020-01-01", to: "2025-12-31" }], "2026-08-31")).toEqual([]);
  });

  it("lists the current period for someone who becomes subject later in it", () => {
    expect(labels(listedPeriods("isoWeek", 2026, [{ from: "2026-03-12", to: null }], "2026-03-10"))).toEqual(["2026-W11"]);
  });

  it("keeps the months in between for someone who left and came back", () => {
    const back: Interval[] = [
      { from: "2026-02-10", to: "2026-03-31" },
      { from: "2026-06-01", to: null },
    ];
    expect(labels(listedPeriods("month", 2026, back, "2026-06-15"))).toEqual(["2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]);
  });

  it("lists the halves and the year", () => {
    expect(labels(listedPeriods("half", 2026, always, "2026-07-01"))).toEqual(["2026-H1", "2026-H2"]);
    expect(labels(listedPeriods("year", 2026, always, "2026-07-01"))).toEqual(["2026"]);
  });
});

describe("evaluating periods", () => {
  it("owes 6 talks in 2026 for a member who joined on 2026-07-01", () => {
    const input = { rule: "YEAR_TALKS" as const, periods: [periodByLabel("2026")], settings: DEFAULT_SETTINGS, subject: [{ from: "2026-07-01", to: null }] };
    expect(evaluatePeriods({ ...input, counts: { "2026": 5 }, today: "2026-12-31" })).toEqual([{ period: "2026", count: 5, required: 6, status: "at_risk" }]);
    expect(evaluatePeriods({ ...input, counts: { "2026": 5 }, today: "2027-01-05" })).toEqual([{ period: "2026", count: 5, required: 6, status: "missed" }]);
    expect(evaluatePeriods({ ...input, counts: { "2026": 6 }, today: "2026-09-01" })).toEqual([{ period: "2026", count: 6, required: 6, status: "met" }]);
  });

  it("judges each month of a cadre who became one mid-March, counting a missing label as zero", () => {
    const subject = [{ from: "2026-03-16", to: null }];
    const today = "2026-05-10";
    const results = evaluatePeriods({
      rule: "MONTH_TALKS",
      periods: listedPeriods("month", 2026, subject, today),
      settings: DEFAULT_SETTINGS,
      subject,
      counts: { "2026-03": 3, "2026-04": 4, "2026-01": 9 },
      today,
    });
    expect(results).toEqual([
      { period: "2026-03", count: 3, required: 3, status: "met" },
      { period: "2026-04", count: 4, required: 5, status: "missed" },
      { period: "2026-05", count: 0, required: 5, status: "at_risk" },
    ]);
  });

  it("owes 2 visits in the week a line was assigned on a Thursday, and 3 after", () => {
    const subject = [{ from: "2026-03-12", to: null }];
    const results = evaluatePeriods({
      rule: "WEEK_VISITS",
      periods: [periodByLabel("2026-W11"), periodByLabel("2026-W12")],
      settings: DEFAULT_SETTINGS,
      subject,
      counts: { "2026-W11": 2, "2026-W12": 1 },
      today: "2026-03-17",
    });
    expect(results).toEqual([
      { period: "2026-W11", count: 2, required: 2, status: "met" },
      { period: "2026-W12", count: 1, required: 3, status: "in_progress" },
    ]);
  });

  it("judges months before and containing a threshold change by the old value, later months by the new", () => {
    const settings: RuleSetting[] = [...DEFAULT_SETTINGS, { rule: "MONTH_TALKS", cadreLevel: null, value: 8, effectiveFrom: "2026-07-15" }];
    const results = evaluatePeriods({
      rule: "MONTH_TALKS",
      periods: periodsOfYear("month", 2026).slice(5, 9),
      settings,
      subject: [{ from: "2020-01-01", to: null }],
      counts: { "2026-06": 5, "2026-07": 5, "2026-08": 5, "2026-09": 8 },
      today: "2026-10-01",
    });
    expect(results.map((r) => [r.period, r.required, r.status])).toEqual([
      ["2026-06", 5, "met"],
      ["2026-07", 5, "met"],
      ["2026-08", 8, "missed"],
      ["2026-09", 8, "met"],
    ]);
  });

  it("marks months without coverage not applicable with nothing owed, without looking up a threshold", () => {
    const results = evaluatePeriods({
      rule: "MONTH_COURTYARD",
      periods: [periodByLabel("2026-04"), periodByLabel("2026-05")],
      settings: [{ rule: "MONTH_COURTYARD", cadreLevel: null, value: 1, effectiveFrom: "2026-05-01" }],
      subject: [{ from: "2026-05-01", to: null }],
      counts: { "2026-04": 2 },
      today: "2026-05-01",
    });
    expect(results).toEqual([
      { period: "2026-04", count: 2, required: 0, status: "not_applicable" },
      { period: "2026-05", count: 0, required: 1, status: "at_risk" },
    ]);
  });

  it("puts a zone with no courtyard meeting yet at risk from the month's first day (asOf counts as elapsed)", () => {
    const results = evaluatePeriods({
      rule: "MONTH_COURTYARD",
      periods: [periodByLabel("2026-05")],
      settings: DEFAULT_SETTINGS,
      subject: [{ from: "2020-01-01", to: null }],
      counts: {},
      today: "2026-05-01",
    });
    expect(results).toEqual([{ period: "2026-05", count: 0, required: 1, status: "at_risk" }]);
  });

  it("judges the branch's half-year meetings", () => {
    const results = evaluatePeriods({
      rule: "HALF_MEETINGS",
      periods: periodsOfYear("half", 2026),
      settings: DEFAULT_SETTINGS,
      subject: [{ from: "2010-01-01", to: null }],
      counts: { "2026-H1": 1 },
      today: "2026-12-31",
    });
    expect(results.map((r) => r.status)).toEqual(["met", "at_risk"]);
  });

  it("throws when a covered period has no threshold", () => {
    expect(() =>
      evaluatePeriods({ rule: "MONTH_TALKS", periods: [periodByLabel("2026-01")], settings: [], subject: [{ from: "2026-01-01", to: null }], counts: {}, today: "2026-01-05" }),
    ).toThrow(Error);
  });

  it("returns nothing for no periods", () => {
    expect(evaluatePeriods({ rule: "YEAR_TALKS", periods: [], settings: DEFAULT_SETTINGS, subject: [], counts: {}, today: "2026-01-05" })).toEqual([]);
  });
});

describe("evaluating pairings", () => {
  it("is met when a general cadre has paired with 2 households", () => {
    expect(evaluatePairings({ count: 2, settings: DEFAULT_SETTINGS, cadreLevel: "GENERAL", today: "2026-11-29" })).toEqual({
      period: "2026-11-29",
      count: 2,
      required: 2,
      status: "met",
    });
  });

  it("is missed when a county-managed leader has 2 households of 4", () => {
    expect(evaluatePairings({ count: 2, settings: DEFAULT_SETTINGS, cadreLevel: "COUNTY_MANAGED", today: "2026-11-29" })).toEqual({
      period: "2026-11-29",
      count: 2,
      required: 4,
      status: "missed",
    });
  });

  it("is not applicable without a cadre level", () => {
    expect(evaluatePairings({ count: 3, settings: DEFAULT_SETTINGS, cadreLevel: null, today: "2026-11-29" })).toEqual({
      period: "2026-11-29",
      count: 3,
      required: 0,
      status: "not_applicable",
    });
    expect(evaluatePairings({ count: 0, settings: [], today: "2026-11-29" }).status).toBe("not_applicable");
  });

  it("uses the value in force on the day itself", () => {
    const settings: RuleSetting[] = [...DEFAULT_SETTINGS, { rule: "PAIRINGS", cadreLevel: "MIDDLE", value: 4, effectiveFrom: "2026-11-29" }];
    expect(evaluatePairings({ count: 3, settings, cadreLevel: "MIDDLE", today: "2026-11-28" }).status).toBe("met");
    expect(evaluatePairings({ count: 3, settings, cadreLevel: "MIDDLE", today: "2026-11-29" })).toMatchObject({ required: 4, status: "missed" });
  });
});

describe("the rules index", () => {
  it("re-exports the whole engine", () => {
    for (const name of [
      "TIME_ZONE", "localDateOf", "localDateTimeOf", "instantOf", "isValidLocalDate", "addDays", "daysBetween", "compareDates",
      "isoWeekOf", "periodContaining", "periodByLabel", "periodsOfYear", "elapsedDays", "DEFAULT_SETTINGS", "thresholdFor",
      "thresholdAt", "coveredDays", "requiredFor", "statusOf", "remaining", "evaluatePeriods", "listedPeriods", "evaluatePairings",
    ]) {
      expect(rules, name).toHaveProperty(name);
    }
  });
});
