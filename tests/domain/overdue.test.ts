import { describe, expect, it } from "vitest";
import { daysToDeadline, feedbackDaysOn, feedbackDeadline, isOverdue } from "../../src/domain/requests/overdue.ts";

describe("when a request's feedback is overdue", () => {
  it("with 7 days, a request raised on 11-01 is on time through 11-08 and overdue from 11-09", () => {
    expect(feedbackDeadline("2026-11-01", 7)).toBe("2026-11-08");
    expect(isOverdue("2026-11-01", null, "2026-11-01", 7)).toBe(false);
    expect(isOverdue("2026-11-01", null, "2026-11-08", 7)).toBe(false);
    expect(isOverdue("2026-11-01", null, "2026-11-09", 7)).toBe(true);
    expect(daysToDeadline("2026-11-01", "2026-11-08", 7)).toBe(0);
    expect(daysToDeadline("2026-11-01", "2026-11-10", 7)).toBe(-2);
  });

  it("counts calendar days across a month and a year end", () => {
    expect(isOverdue("2026-12-28", null, "2027-01-04", 7)).toBe(false);
    expect(isOverdue("2026-12-28", null, "2027-01-05", 7)).toBe(true);
    expect(isOverdue("2028-02-25", null, "2028-03-03", 7)).toBe(false); // 2028 is a leap year
    expect(isOverdue("2028-02-25", null, "2028-03-04", 7)).toBe(true);
  });

  it("feedback on the deadline is on time; feedback after it was late", () => {
    expect(isOverdue("2026-11-01", "2026-11-08", "2026-11-20", 7)).toBe(false);
    expect(isOverdue("2026-11-01", "2026-11-09", "2026-11-20", 7)).toBe(true);
  });

  it("feedback dated after today does not count yet", () => {
    expect(isOverdue("2026-11-01", "2026-11-30", "2026-11-09", 7)).toBe(true);
  });

  it("with 0 days, only the day it was raised is on time", () => {
    expect(isOverdue("2026-11-01", null, "2026-11-01", 0)).toBe(false);
    expect(isOverdue("2026-11-01", null, "2026-11-02", 0)).toBe(true);
  });

  it("the number of days is the setting in force on the day the request was raised", () => {
    const settings = [
      { value: 7, effectiveFrom: "2000-01-01" },
      { value: 3, effectiveFrom: "2026-11-10" },
    ];
    expect(feedbackDaysOn(settings, "2026-11-09", 7)).toBe(7);
    expect(feedbackDaysOn(settings, "2026-11-10", 7)).toBe(3);
    expect(feedbackDaysOn([], "2026-11-10", 7)).toBe(7);
    expect(feedbackDaysOn([{ value: 5, effectiveFrom: "2027-01-01" }], "2026-11-10", 7)).toBe(7);
  });
});

describe("the feedback days per subtree, dated", () => {
  // County 1 → township 7 (5 days from 2026-03-01) → branch 42 (3 days from 2026-06-01); branch 50 elsewhere.
  const settings = [
    { value: 7, effectiveFrom: "2000-01-01", orgId: null },
    { value: 5, effectiveFrom: "2026-03-01", orgId: 7 },
    { value: 3, effectiveFrom: "2026-06-01", orgId: 42 },
  ];
  it("the nearest org on the branch's path with a value in force wins, the system's elsewhere", () => {
    expect(["2026-02-28", "2026-03-01", "2026-06-01"].map((d) => feedbackDaysOn(settings, d, 7, [1, 7, 42]))).toEqual([7, 5, 3]);
    expect(feedbackDaysOn(settings, "2026-06-01", 7, [1, 7, 43])).toBe(5);
    expect(feedbackDaysOn(settings, "2026-06-01", 7, [1, 8, 50])).toBe(7);
  });
  it("without a path only the system's settings count", () => {
    expect(feedbackDaysOn(settings, "2026-06-01", 9)).toBe(7);
    expect(feedbackDaysOn(settings.slice(1), "2026-06-01", 9)).toBe(9);
  });
});
