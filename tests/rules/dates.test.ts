import dayjs from "dayjs";
import isoWeek from "dayjs/plugin/isoWeek.js";
import utc from "dayjs/plugin/utc.js";
import { describe, expect, it } from "vitest";
import {
  addDays,
  compareDates,
  daysBetween,
  fromDayNumber,
  instantOf,
  isoWeekOf,
  isoWeeksInYear,
  isValidLocalDate,
  localDateOf,
  localDateTimeOf,
  TIME_ZONE,
  toDayNumber,
} from "../../src/rules/periods.ts";

dayjs.extend(utc);
dayjs.extend(isoWeek);

describe("the Shanghai calendar date of an instant", () => {
  it("names the time zone every period is computed in", () => {
    expect(TIME_ZONE).toBe("Asia/Shanghai");
  });

  it("turns to the next day at 16:00 UTC, which is midnight in Shanghai", () => {
    expect(localDateOf(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01");
    expect(localDateOf(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31");
    expect(localDateOf(new Date("2026-03-31T15:59:59.999Z"))).toBe("2026-03-31");
  });

  it("puts a talk logged late on New Year's Eve UTC into the new Shanghai year", () => {
    expect(localDateOf(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01");
    expect(localDateOf(new Date("2026-12-31T15:30:00Z"))).toBe("2026-12-31");
  });

  it("handles instants before 1970", () => {
    expect(localDateOf(new Date("1969-12-31T16:00:00Z"))).toBe("1970-01-01");
    expect(localDateOf(new Date("1969-12-31T15:59:59Z"))).toBe("1969-12-31");
  });

  it("lands on 29 February in a leap year", () => {
    expect(localDateOf(new Date("2028-02-28T16:00:00Z"))).toBe("2028-02-29");
    expect(localDateOf(new Date("2028-02-29T16:00:00Z"))).toBe("2028-03-01");
  });

  it("writes the Shanghai wall-clock time as YYYY-MM-DD HH:mm", () => {
    expect(localDateTimeOf(new Date("2026-03-31T16:00:00Z"))).toBe("2026-04-01 00:00");
    expect(localDateTimeOf(new Date("2026-03-31T15:59:59Z"))).toBe("2026-03-31 23:59");
    expect(localDateTimeOf(new Date("2026-06-15T01:05:00Z"))).toBe("2026-06-15 09:05");
  });

  it("refuses an invalid Date", () => {
    expect(() => localDateOf(new Date("nonsense"))).toThrow(RangeError);
    expect(() => localDateTimeOf(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("the instant of a Shanghai wall-clock time", () => {
  it("is eight hours before the same wall-clock time in UTC", () => {
    expect(instantOf("2026-04-01").toISOString()).toBe("2026-03-31T16:00:00.000Z");
    expect(instantOf("2026-04-01", "08:30").toISOString()).toBe("2026-04-01T00:30:00.000Z");
    expect(instantOf("2026-04-01", "23:59:59").toISOString()).toBe("2026-04-01T15:59:59.000Z");
  });

  it("round-trips through localDateOf and localDateTimeOf", () => {
    for (const d of ["2024-02-29", "2026-01-01", "2026-12-31", "1999-12-31"]) {
      expect(localDateOf(instantOf(d))).toBe(d);
      expect(localDateOf(instantOf(d, "23:59"))).toBe(d);
      expect(localDateTimeOf(instantOf(d, "13:07"))).toBe(`${d} 13:07`);
    }
  });

  it("refuses bad dates and times", () => {
    expect(() => instantOf("2026-02-30")).toThrow(RangeError);
    expect(() => instantOf("2026-02-03", "24:00")).toThrow(RangeError);
    expect(() => instantOf("2026-02-03", "9:00")).toThrow(RangeError);
    expect(() => instantOf("2026-02-03", "09:60")).toThrow(RangeError);
  });
});

describe("valid local dates", () => {
  it("accepts real calendar dates", () => {
    for (const d of ["2026-01-01", "2026-12-31", "2028-02-29", "2000-02-29", "0001-01-01", "9999-12-31"]) {
      expect(isValidLocalDate(d)).toBe(true);
    }
  });

  it("rejects days that do not exist, including 29 February outside leap years", () => {
    for (const d of ["2026-02-30", "2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "0000-01-01"]) {
      expect(isValidLocalDate(d)).toBe(false);
    }
  });

  it("rejects other formats", () => {
    for (const d of ["2026-2-3", "20260203", "2026/02/03", "2026-02-03T00:00", " 2026-02-03", "2026-02-03 ", "", "26-02-03", "２０２６-02-03"]) {
      expect(isValidLocalDate(d)).toBe(false);
    }
    expect(isValidLocalDate(undefined as unknown as string)).toBe(false);
  });
});

describe("day arithmetic", () => {
  it("adds days across months, years and leap days", () => {
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2027-01-01", -1)).toBe("2026-12-31");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2026-01-31", 0)).toBe("2026-01-31");
    expect(addDays("2026-01-01", 365)).toBe("2027-01-01");
  });

  it("counts days from a to b", () => {
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(364);
    expect(daysBetween("2028-01-01", "2028-12-31")).toBe(365);
    expect(daysBetween("2026-03-01", "2026-02-28")).toBe(-1);
    expect(daysBetween("2026-05-05", "2026-05-05")).toBe(0);
  });

  it("compares dates", () => {
    expect(compareDates("2026-01-01", "2026-01-02")).toBe(-1);
    expect(compareDates("2026-01-02", "2026-01-01")).toBe(1);
    expect(compareDates("2026-01-02", "2026-01-02")).toBe(0);
    expect(["2026-03-01", "2025-12-31", "2026-01-15"].sort(compareDates)).toEqual(["2025-12-31", "2026-01-15", "2026-03-01"]);
  });

  it("refuses invalid dates and fractional days", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-02-03", 1.5)).toThrow(RangeError);
    expect(() => daysBetween("2026-1-1", "2026-01-02")).toThrow(RangeError);
    expect(() => compareDates("2026-01-01", "x")).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });

  it("agrees with dayjs in UTC mode over ten years, day by day", () => {
    let d = "2020-01-01";
    let ref = dayjs.utc("2020-01-01");
    for (let i = 0; i < 3660; i++) {
      expect(d).toBe(ref.format("YYYY-MM-DD"));
      expect(fromDayNumber(toDayNumber(d))).toBe(d);
      d = addDays(d, 1);
      ref = ref.add(1, "day");
    }
  });
});

describe("ISO weeks named by ISO week-year", () => {
  it.each([
    ["2024-12-30", 2025, 1, "2025-W01"],
    ["2025-12-29", 2026, 1, "2026-W01"],
    ["2026-01-04", 2026, 1, "2026-W01"],
    ["2026-01-05", 2026, 2, "2026-W02"],
    ["2026-12-31", 2026, 53, "2026-W53"],
    ["2027-01-01", 2026, 53, "2026-W53"],
    ["2027-01-03", 2026, 53, "2026-W53"],
    ["2027-01-04", 2027, 1, "2027-W01"],
    ["2020-12-31", 2020, 53, "2020-W53"],
    ["2021-01-03", 2020, 53, "2020-W53"],
    ["2021-01-04", 2021, 1, "2021-W01"],
    ["2028-02-29", 2028, 9, "2028-W09"],
  ])("%s is in %s week %s (%s)", (d, weekYear, week, label) => {
    expect(isoWeekOf(d)).toEqual({ weekYear, week, label });
  });

  it("counts 53 weeks in 2020 and 2026, 52 in 2021, 2024, 2025 and 2027", () => {
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2026)).toBe(53);
    expect([2021, 2024, 2025, 2027].map(isoWeeksInYear)).toEqual([52, 52, 52, 52]);
  });

  it("agrees with dayjs's isoWeek plugin for every day from 2015 to 2035", () => {
    let ref = dayjs.utc("2015-01-01");
    for (let d = "2015-01-01"; d <= "2035-12-31"; d = addDays(d, 1)) {
      const w = isoWeekOf(d);
      expect([w.weekYear, w.week]).toEqual([ref.isoWeekYear(), ref.isoWeek()]);
      ref = ref.add(1, "day");
    }
  });
});
