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
