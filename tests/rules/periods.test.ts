import { describe, expect, it } from "vitest";
import { elapsedDays, periodByLabel, periodContaining, periodsOfYear } from "../../src/rules/periods.ts";
import type { PeriodKind } from "../../src/rules/types.ts";

const label = (kind: PeriodKind, d: string) => periodContaining(kind, d).label;

describe("the period a record counts in", () => {
  it("puts a record of 2026-12-31 in 2026, 2026-H2, 2026-12 and 2026-W53", () => {
    expect(label("year", "2026-12-31")).toBe("2026");
    expect(label("half", "2026-12-31")).toBe("2026-H2");
    expect(label("month", "2026-12-31")).toBe("2026-12");
    expect(label("isoWeek", "2026-12-31")).toBe("2026-W53");
  });

  it("puts a record of 2027-01-01 in 2027, 2027-H1 and 2027-01 but still in 2026-W53", () => {
    expect(label("year", "2027-01-01")).toBe("2027");
    expect(label("half", "2027-01-01")).toBe("2027-H1");
    expect(label("month", "2027-01-01")).toBe("2027-01");
    expect(label("isoWeek", "2027-01-01")).toBe("2026-W53");
  });

  it("puts the last and first days of a month in their own months", () => {
    expect(label("month", "2026-01-31")).toBe("2026-01");
    expect(label("month", "2026-02-01")).toBe("2026-02");
    expect(label("month", "2026-02-28")).toBe("2026-02");
    expect(label("month", "2026-03-01")).toBe("2026-03");
    expect(label("month", "2028-02-29")).toBe("2028-02");
  });

  it("splits the half-years between 30 June and 1 July", () => {
    expect(label("half", "2026-06-30")).toBe("2026-H1");
    expect(label("half", "2026-07-01")).toBe("2026-H2");
  });

  it("runs an ISO week from Monday to Sunday", () => {
    const week = periodContaining("isoWeek", "2026-03-18"); // a Wednesday
    expect(week).toEqual({ kind: "isoWeek", label: "2026-W12", start: "2026-03-16", end: "2026-03-22", days: 7 });
    expect(label("isoWeek", "2026-03-22")).toBe("2026-W12"); // Sunday
    expect(label("isoWeek", "2026-03-23")).toBe("2026-W13"); // Monday
  });

  it("starts 2026-W01 on 2025-12-29 and 2025-W01 on 2024-12-30", () => {
    expect(periodContaining("isoWeek", "2025-12-29")).toMatchObject({ label: "2026-W01", start: "2025-12-29", end: "2026-01-04" });
    expect(periodContaining("isoWeek", "2025-12-28")).toMatchObject({ label: "2025-W52", end: "2025-12-28" });
    expect(periodContaining("isoWeek", "2024-12-30")).toMatchObject({ label: "2025-W01", start: "2024-12-30" });
    expect(periodContaining("isoWeek", "2024-12-29")).toMatchObject({ label: "2024-W52" });
  });

  it("gives whole periods with their lengths", () => {
    expect(periodContaining("year", "2026-05-05")).toEqual({ kind: "year", label: "2026", start: "2026-01-01", end: "2026-12-31", days: 365 });
    expect(periodContaining("year", "2028-05-05").days).toBe(366);
    expect(periodContaining("half", "2026-05-05")).toEqual({ kind: "half", label: "2026-H1", start: "2026-01-01", end: "2026-06-30", days: 181 });
    expect(periodContaining("half", "2028-05-05").days).toBe(182);
    expect(periodContaining("half", "2026-09-05").days).toBe(184);
    expect(periodContaining("month", "2028-02-10")).toEqual({ kind: "month", label: "2028-02", start: "2028-02-01", end: "2028-02-29", days: 29 });
  });

  it("refuses an invalid date or kind", () => {
    expect(() => periodContaining("month", "2026-02-30")).toThrow(RangeError);
    expect(() => periodContaining("quarter" as PeriodKind, "2026-02-03")).toThrow(RangeError);
  });
});

describe("periods by label", () => {
  it("parses years, halves, months and ISO weeks", () => {
    expect(periodByLabel("2026")).toMatchObject({ kind: "year", start: "2026-01-01", end: "2026-12-31", days: 365 });
    expect(periodByLabel("2026-H1")).toMatchObject({ kind: "half", start: "2026-01-01", end: "2026-06-30" });
    expect(periodByLabel("2026-H2")).toMatchObject({ kind: "half", start: "2026-07-01", end: "2026-12-31" });
    expect(periodByLabel("2026-01")).toMatchObject({ kind: "month", start: "2026-01-01", end: "2026-01-31", days: 31 });
    expect(periodByLabel("2026-W05")).toMatchObject({ kind: "isoWeek", start: "2026-01-26", end: "2026-02-01", days: 7 });
    expect(periodByLabel("2026-W53")).toMatchObject({ start: "2026-12-28", end: "2027-01-03" });
  });

  it("knows February has 28 days in 2026 and 29 in 2028", () => {
    expect(periodByLabel("2026-02").days).toBe(28);
    expect(periodByLabel("2028-02").days).toBe(29);
    expect(periodByLabel("2028-02").end).toBe("2028-02-29");
  });

  it("returns the same period as periodContaining for its own dates", () => {
    for (const l of ["2026", "2026-H2", "2026-12", "2026-W53", "2025-W01", "2020-W53"]) {
      const p = periodByLabel(l);
      expect(p.label).toBe(l);
      expect(periodContaining(p.kind, p.start)).toEqual(p);
      expect(periodContaining(p.kind, p.end)).toEqual(p);
    }
  });

  it.each(["2026-13", "2026-00", "2025-W53", "2026-W54", "2026-W00", "2026-W5", "2026-h1", "2026-H3", " 2026", "26", "2026-1", "2026-Q1", "", "0000"])(
    "throws RangeError on the bad label %j",
    (bad) => {
      expect(() => periodByLabel(bad)).toThrow(RangeError);
    },
  );
});

describe("the periods of a year", () => {
  it("lists the twelve months of the calendar year, back to back", () => {
    const months = periodsOfYear("month", 2026);
    expect(months.map((p) => p.label)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`));
    expect(months.reduce((sum, p) => sum + p.days, 0)).toBe(365);
  });

  it("lists 53 ISO weeks for 2026, from 2025-12-29 to 2027-01-03", () => {
    const weeks = periodsOfYear("isoWeek", 2026);
    expect(weeks).toHaveLength(53);
    expect(weeks[0]).toMatchObject({ label: "2026-W01", start: "2025-12-29" });
    expect(weeks[52]).toMatchObject({ label: "2026-W53", end: "2027-01-03" });
    expect(weeks.every((w) => w.days === 7)).toBe(true);
  });

  it("lists 52 ISO weeks for 2025 and 53 for 2020", () => {
    const weeks = periodsOfYear("isoWeek", 2025);
    expect(weeks).toHaveLength(52);
    expect(weeks[0].start).toBe("2024-12-30");
    expect(weeks[51]).toMatchObject({ label: "2025-W52", end: "2025-12-28" });
    expect(periodsOfYear("isoWeek", 2020)).toHaveLength(53);
  });

  it("lists the two halves and the year itself", () => {
    expect(periodsOfYear("half", 2026).map((p) => p.label)).toEqual(["2026-H1", "2026-H2"]);
    expect(periodsOfYear("year", 2026).map((p) => p.label)).toEqual(["2026"]);
  });

  it("refuses a year that is not a whole number", () => {
    expect(() => periodsOfYear("month", 2026.5)).toThrow(RangeError);
    expect(() => periodsOfYear("month", 0)).toThrow(RangeError);
  });
});

describe("elapsed days of a period", () => {
  const june = periodByLabel("2026-06");

  it("is zero on the first day and before the period", () => {
    expect(elapsedDays(june, "2026-06-01")).toBe(0);
    expect(elapsedDays(june, "2026-05-15")).toBe(0);
  });

  it("counts the days strictly before today", () => {
    expect(elapsedDays(june, "2026-06-02")).toBe(1);
    expect(elapsedDays(june, "2026-06-30")).toBe(29);
  });

  it("is the whole period once it is over", () => {
    expect(elapsedDays(june, "2026-07-01")).toBe(30);
    expect(elapsedDays(june, "2027-01-01")).toBe(30);
  });
});
