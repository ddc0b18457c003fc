import { describe, expect, it } from "vitest";
import { SUBJECT, coveredDaysBetween, daysWhere, standingOn, type History } from "../../src/rules/index.ts";

// A cadre with a line from 2026-01-01, demoted on 2026-06-15, the line kept; left the roll after 2026-10-31.
const h: History = {
  active: [{ from: "2025-01-01", to: "2026-10-31" }],
  role: [
    { from: "2025-01-01", to: "2026-06-14", value: "CADRE" },
    { from: "2026-06-15", to: null, value: "MEMBER" },
  ],
  cadreLevel: [
    { from: "2025-01-01", to: "2026-06-14", value: "GENERAL" },
    { from: "2026-06-15", to: null, value: null },
  ],
  line: [{ from: "2026-01-01", to: null, value: 7 }],
};
const year = { from: "2026-01-01", to: "2026-12-31" };

describe("standing on a date", () => {
  it("answers every dated attribute on a day, null where none holds", () => {
    expect(standingOn(h, "2026-06-14")).toEqual({ active: true, role: "CADRE", cadreLevel: "GENERAL", line: 7, department: null, zone: null, branch: null });
    expect(standingOn(h, "2026-06-15")).toMatchObject({ active: true, role: "MEMBER", cadreLevel: null, line: 7 });
    expect(standingOn(h, "2026-11-01").active).toBe(false);
  });

  it("gives each rule's subject days from the standing of each day", () => {
    expect(daysWhere(h, year, SUBJECT.YEAR_TALKS)).toEqual([{ from: "2026-01-01", to: "2026-10-31" }]);
    expect(daysWhere(h, year, SUBJECT.MONTH_TALKS)).toEqual([{ from: "2026-01-01", to: "2026-06-14" }]);
    expect(daysWhere(h, year, SUBJECT.WEEK_VISITS)).toEqual([{ from: "2026-01-01", to: "2026-06-14" }]);
    expect(coveredDaysBetween("2026-06-01", "2026-06-30", daysWhere(h, year, SUBJECT.MONTH_TALKS))).toBe(14);
  });

  it("leaves out ADMIN days from the yearly talks, by date", () => {
    const admin: History = { active: [{ from: "2025-01-01", to: null }], role: [{ from: "2025-01-01", to: "2026-03-31", value: "ADMIN" }, { from: "2026-04-01", to: null, value: "MEMBER" }] };
    expect(daysWhere(admin, year, SUBJECT.YEAR_TALKS)).toEqual([{ from: "2026-04-01", to: "2026-12-31" }]);
  });
});
