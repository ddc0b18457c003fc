import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { branchOf, branchesBetween, judgingBranch, lastBranchBy, loadMembershipTimeline, type MembershipTimeline } from "../../src/domain/orgs/memberships.ts";
import { standingOn, type History } from "../../src/rules/index.ts";
import { testApp, type TestApp } from "../support/app.ts";

// Member 1: branch 42 from 2025-03-01, transferred to 43 on 2026-06-15; member 2 left 42 after 2026-04-30 (no transfer).
const timeline: MembershipTimeline = new Map([
  [1, [{ from: "2025-03-01", to: "2026-06-14", value: 42 }, { from: "2026-06-15", to: null, value: 43 }]],
  [2, [{ from: "2025-01-01", to: "2026-04-30", value: 42 }]],
]);

describe("the branch of member X on day D (one read model)", () => {
  it("a transfer on D: D − 1 in the old branch, D in the new one", () => {
    expect(branchOf(timeline, 1, "2026-06-14")).toBe(42);
    expect(branchOf(timeline, 1, "2026-06-15")).toBe(43);
    expect(branchOf(timeline, 1, "2025-02-28")).toBeNull();
    expect(branchOf(timeline, 3, "2026-06-15")).toBeNull();
    expect(branchesBetween(timeline, 1, "2026-01-01", "2026-12-31")).toEqual([42, 43]);
    expect(branchesBetween(timeline, 1, "2026-07-01", "2026-12-31")).toEqual([43]);
  });

  it("for listing: the last branch begun by D; for judging a period: the first branch joined when not yet in one", () => {
    expect(lastBranchBy(timeline, 2, "2026-11-30")).toBe(42);
    expect(branchOf(timeline, 2, "2026-11-30")).toBeNull();
    expect(judgingBranch(timeline, 1, "2025-01-01")).toBe(42);
    expect(judgingBranch(timeline, 1, "2026-06-01")).toBe(42);
  });

  it("is the `branch` key of a person's standing on a date", () => {
    const h: History = { active: [{ from: "2025-03-01", to: null }], branch: timeline.get(1) };
    expect([standingOn(h, "2026-06-14").branch, standingOn(h, "2026-06-15").branch]).toEqual([42, 43]);
  });
});

describe("loading the timeline", () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp();
  });
  afterEach(() => t.close());

  it("reads OrgMembership per member, and places an account without a membership row in its Member.branchId", async () => {
    const a = await t.member({ username: "jia", registeredOn: "2025-01-01" });
    const b = await t.member({ username: "yi", registeredOn: "2025-01-01" });
    await t.db.orgMembership.deleteMany({ where: { memberId: b.id } });
    const all = await loadMembershipTimeline(t.kx);
    expect(all.get(a.id)).toEqual([{ from: "2025-01-01", to: null, value: t.branchId }]);
    expect(branchOf(all, b.id, "2026-06-01")).toBe(t.branchId);
    expect([...(await loadMembershipTimeline(t.kx, [a.id])).keys()]).toEqual([a.id]);
  });
});
