import { describe, expect, it } from "vitest";
import { periodByLabel } from "../../src/rules/periods.ts";
import { coveredDays, requiredFor } from "../../src/rules/prorate.ts";
import { remaining, statusOf } from "../../src/rules/status.ts";
import type { Interval, Period } from "../../src/rules/types.ts";

const march = periodByLabel("2026-03");
const y2026 = periodByLabel("2026");
const always: Interval[] = [{ from: "2020-01-01", to: null }];

/** Status of `count` records in `period` for someone subject over `intervals` with `threshold`. */
function status(period: Period, threshold: number, count: number, today: string, intervals: Interval[] = always) {
  const covered = coveredDays(period, intervals);
  const required = requiredFor(threshold, covered, period.days);
  return statusOf({ count, required, covered, period, today, intervals });
}

describe("status of a full period", () => {
  it("is met as soon as the count reaches what is owed, before the period ends", () => {
    expect(status(march, 5, 5, "2026-03-10")).toBe("met");
    expect(status(march, 5, 7, "2026-03-01")).toBe("met");
  });

  it("stays met after the period is over", () => {
    expect(status(march, 5, 5, "2026-04-15")).toBe("met");
  });

  it("is missed once the period is over short of what is owed", () => {
    expect(status(march, 5, 4, "2026-04-01")).toBe("missed");
    expect(status(y2026, 10, 0, "2027-01-01")).toBe("missed");
  });

  it("is in progress while on pace", () => {
    expect(status(march, 5, 2, "2026-03-10")).toBe("in_progress");
    expect(status(march, 5, 4, "2026-03-20")).toBe("in_progress");
  });

  it("is at risk when behind pace", () => {
    expect(status(march, 5, 0, "2026-03-10")).toBe("at_risk");
    expect(status(march, 5, 3, "2026-03-25")).toBe("at_risk");
  });

  it("counts asOf itself as elapsed (settled edge cases): nothing done on the first day is behind pace", () => {
    expect(status(march, 5, 0, "2026-03-01")).toBe("at_risk");
    expect(status(march, 5, 1, "2026-03-01")).toBe("in_progress");
    expect(status(y2026, 10, 0, "2026-01-01")).toBe("at_risk");
    expect(status(march, 5, 0, "2026-02-28")).toBe("in_progress");
  });

  it("is at risk on the last day with one talk missing, and missed the day after", () => {
    expect(status(march, 5, 4, "2026-03-31")).toBe("at_risk");
    expect(status(march, 5, 4, "2026-04-01")).toBe("missed");
  });

  it("is in progress exactly on pace and at risk one day later", () => {
    // 2 of 10 talks with 73 of 365 days elapsed, 03-14 included: 2/10 = 73/365 exactly.
    expect(status(y2026, 10, 2, "2026-03-14")).toBe("in_progress");
    expect(status(y2026, 10, 2, "2026-03-15")).toBe("at_risk");
    expect(status(y2026, 10, 3, "2026-03-15")).toBe("in_progress");
  });

  it("is in progress for a period that has not begun", () => {
    expect(status(march, 5, 0, "2026-02-10")).toBe("in_progress");
  });
});

describe("status of a partial period", () => {
  const cadreFrom16: Interval[] = [{ from: "2026-03-16", to: null }]; // owes ceil(5 × 16 / 31) = 3
  const leftOn10: Interval[] = [{ from: "2020-01-01", to: "2026-03-10" }]; // owes ceil(5 × 10 / 31) = 2

  it("is not applicable with no covered day, whatever the count", () => {
    expect(status(march, 5, 0, "2026-03-20", [{ from: "2026-04-01", to: null }])).toBe("not_applicable");
    expect(status(march, 5, 3, "2026-04-20", [])).toBe("not_applicable");
  });

  it("measures the pace from the day someone became a cadre", () => {
    expect(status(march, 5, 0, "2026-03-10", cadreFrom16)).toBe("in_progress");
    expect(status(march, 5, 0, "2026-03-15", cadreFrom16)).toBe("in_progress");
    expect(status(march, 5, 0, "2026-03-16", cadreFrom16)).toBe("at_risk");
    // 1 of 3 after 5 of 16 covered days (16–20) is on pace; after 6 it is behind.
    expect(status(march, 5, 1, "2026-03-20", cadreFrom16)).toBe("in_progress");
    expect(status(march, 5, 1, "2026-03-21", cadreFrom16)).toBe("at_risk");
    expect(status(march, 5, 3, "2026-03-21", cadreFrom16)).toBe("met");
    expect(status(march, 5, 2, "2026-04-01", cadreFrom16)).toBe("missed");
  });

  it("judges someone who left mid-period on the days they were covered", () => {
    expect(status(march, 5, 2, "2026-03-20", leftOn10)).toBe("met");
    expect(status(march, 5, 1, "2026-03-20", leftOn10)).toBe("at_risk");
    expect(status(march, 5, 1, "2026-03-05", leftOn10)).toBe("in_progress");
    expect(status(march, 5, 1, "2026-03-06", leftOn10)).toBe("at_risk");
    expect(status(march, 5, 1, "2026-04-01", leftOn10)).toBe("missed");
  });

  it("is met when a covered period owes nothing", () => {
    expect(status(march, 0, 0, "2026-03-10")).toBe("met");
  });
});

describe("what remains to be done", () => {
  it("counts what is still owed and the days left including today", () => {
    expect(remaining({ count: 2, required: 5, period: march, today: "2026-03-10" })).toEqual({ left: 3, daysLeft: 22 });
    expect(remaining({ count: 0, required: 5, period: march, today: "2026-03-31" })).toEqual({ left: 5, daysLeft: 1 });
  });

  it("owes nothing once met, even beyond what is required", () => {
    expect(remaining({ count: 7, required: 5, period: march, today: "2026-03-10" }).left).toBe(0);
  });

  it("has no days left once the period is over and the whole period before it begins", () => {
    expect(remaining({ count: 1, required: 5, period: march, today: "2026-04-01" })).toEqual({ left: 4, daysLeft: 0 });
    expect(remaining({ count: 0, required: 5, period: march, today: "2026-02-01" })).toEqual({ left: 5, daysLeft: 31 });
  });
});
