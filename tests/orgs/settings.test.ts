import { describe, expect, it } from "vitest";
import { settingOn, settingsFor, type OrgRuleSetting } from "../../src/domain/orgs/settings.ts";
import { DEFAULT_SETTINGS, thresholdAt, thresholdFor, yearPeriod } from "../../src/rules/index.ts";

// A county 1 with township 7 (branches 42 and 43) and township 8 (branch 50).
const county = [1];
const town7 = [1, 7];
const b42 = [1, 7, 42];
const b43 = [1, 7, 43];
const b50 = [1, 8, 50];
const visits = (value: number, effectiveFrom: string, orgId: number | null): OrgRuleSetting => ({ rule: "WEEK_VISITS", cadreLevel: null, value, effectiveFrom, orgId });
const all: OrgRuleSetting[] = [...DEFAULT_SETTINGS, visits(2, "2026-01-01", 7), visits(1, "2026-04-01", 42)];

describe("rule settings per subtree, dated (pure)", () => {
  it("inherits the system default where nobody on the path set a value", () => {
    const eff = settingsFor(b50, all);
    expect(thresholdAt(eff, "WEEK_VISITS", "2026-06-01")).toBe(3);
    expect(settingOn(eff, "WEEK_VISITS", "2026-06-01")?.orgId).toBeNull();
    expect(thresholdAt(eff, "YEAR_TALKS", "2026-06-01")).toBe(10);
    expect(thresholdAt(eff, "PAIRINGS", "2026-06-01", "MIDDLE")).toBe(3);
  });

  it("a township's value holds for its branches from its date, and the default before", () => {
    for (const path of [town7, b43]) {
      const eff = settingsFor(path, all);
      expect(thresholdAt(eff, "WEEK_VISITS", "2025-12-31")).toBe(3);
      expect(thresholdAt(eff, "WEEK_VISITS", "2026-01-01")).toBe(2);
      expect(settingOn(eff, "WEEK_VISITS", "2026-01-01")?.orgId).toBe(7);
    }
    expect(thresholdAt(settingsFor(county, all), "WEEK_VISITS", "2026-06-01")).toBe(3);
  });

  it("a branch overriding again wins from its own date, the township's value before it", () => {
    const eff = settingsFor(b42, all);
    expect(["2025-06-01", "2026-03-31", "2026-04-01"].map((d) => thresholdAt(eff, "WEEK_VISITS", d))).toEqual([3, 2, 1]);
    expect(settingOn(eff, "WEEK_VISITS", "2026-04-01")?.orgId).toBe(42);
  });

  it("the nearest org keeps winning when an ancestor changes its value later", () => {
    const later = [...all, visits(5, "2027-01-01", null), visits(4, "2027-01-01", 1)];
    expect(thresholdAt(settingsFor(b42, later), "WEEK_VISITS", "2027-06-01")).toBe(1);
    expect(thresholdAt(settingsFor(b43, later), "WEEK_VISITS", "2027-06-01")).toBe(2);
    // the root org's own setting beats the system default
    expect(thresholdAt(settingsFor(b50, later), "WEEK_VISITS", "2027-06-01")).toBe(4);
  });

  it("ignores settings of orgs off the path, and on a tie at one org the later row wins", () => {
    const tie = [...all, visits(6, "2026-01-01", 7), visits(9, "2026-01-01", 99)];
    expect(thresholdAt(settingsFor(b43, tie), "WEEK_VISITS", "2026-02-01")).toBe(6);
  });

  it("a closed period keeps the value in force on its first day; a mid-period override applies from the next period", () => {
    const midYear = [...DEFAULT_SETTINGS, { rule: "YEAR_TALKS", cadreLevel: null, value: 6, effectiveFrom: "2026-07-01", orgId: 42 } as OrgRuleSetting];
    const eff = settingsFor(b42, midYear);
    const y2026 = yearPeriod(2026);
    const y2027 = yearPeriod(2027);
    expect(thresholdFor(eff, "YEAR_TALKS", y2026)).toBe(10);
    expect(thresholdFor(eff, "YEAR_TALKS", y2027)).toBe(6);
  });

  it("emits one entry per change of value or source, sorted by rule and date", () => {
    const eff = settingsFor(b42, all).filter((s) => s.rule === "WEEK_VISITS");
    expect(eff.map((s) => [s.effectiveFrom, s.value, s.orgId])).toEqual([["2000-01-01", 3, null], ["2026-01-01", 2, 7], ["2026-04-01", 1, 42]]);
  });
});
