/**
 * The policies (src/auth/policies.ts) are pure: a reach and a record's org path in, yes or no
 * out. A secretary acts in their branch only; a reviewer reads the subtree but acts nowhere; an
 * admin at a township manages that township only; the root admin manages everything.
 */
import { describe, expect, it } from "vitest";
import { can, viewFlags } from "../../src/auth/policies.ts";
import type { Reach, ReachedSubtree } from "../../src/auth/reach.ts";

const sub = (path: string, via: ReachedSubtree["via"]): ReachedSubtree => ({ orgId: Number(path.split("/").filter(Boolean).pop()), code: path, name: path, kind: "X", path, depth: path.split("/").filter(Boolean).length - 1, via });
const reach = (self: number, ...subtrees: ReachedSubtree[]): Reach => ({ self, branchId: 10, subtrees });

// County 1; township 2 (branches 10, 11) and township 3 (branch 20).
const A1 = { path: "/1/2/10/" };
const A2 = { path: "/1/2/11/" };
const B1 = { path: "/1/3/20/" };
const townshipA = { path: "/1/2/" };
const county = { path: "/1/" };

const member = reach(5);
const secretary = reach(6, sub("/1/2/10/", "SECRETARY"));
const reviewerA = reach(7, sub("/1/2/", "REVIEWER"));
const adminA = reach(8, sub("/1/2/", "ADMIN"));
const rootAdmin = reach(9, sub("/1/", "ADMIN"));

describe("can.*", () => {
  it("readMember: yourself always; others only inside a reached subtree", () => {
    expect(can.readMember(member, { id: 5, branchPath: A1.path })).toBe(true);
    expect(can.readMember(member, { id: 6, branchPath: A1.path })).toBe(false);
    expect(can.readMember(secretary, { id: 1, branchPath: A1.path })).toBe(true);
    expect(can.readMember(secretary, { id: 1, branchPath: A2.path })).toBe(false);
    expect(can.readMember(reviewerA, { id: 1, branchPath: A2.path })).toBe(true);
    expect(can.readMember(reviewerA, { id: 1, branchPath: B1.path })).toBe(false);
    expect(can.readMember(rootAdmin, { id: 1, branchPath: B1.path })).toBe(true);
  });

  it("readOrg: an org inside the subtree, not its parent or a sibling whose id shares digits", () => {
    expect(can.readOrg(reviewerA, townshipA)).toBe(true);
    expect(can.readOrg(reviewerA, county)).toBe(false);
    expect(can.readOrg(reviewerA, { path: "/1/22/" })).toBe(false);
    expect(can.readOrg(member, A1)).toBe(false);
  });

  it("reviewBranch: only the branch's own secretary", () => {
    expect(can.reviewBranch(secretary, A1)).toBe(true);
    expect(can.reviewBranch(secretary, A2)).toBe(false);
    expect(can.reviewBranch(reviewerA, A1)).toBe(false);
    expect(can.reviewBranch(rootAdmin, A1)).toBe(false);
  });

  it("administer: an ADMIN grant above or at the org; a reviewer administers nothing", () => {
    expect(can.administer(adminA, A2)).toBe(true);
    expect(can.administer(adminA, townshipA)).toBe(true);
    expect(can.administer(adminA, B1)).toBe(false);
    expect(can.administer(adminA, county)).toBe(false);
    expect(can.administer(reviewerA, A1)).toBe(false);
    expect(can.administer(rootAdmin, B1)).toBe(true);
    expect(can.administerSomewhere(adminA)).toBe(true);
    expect(can.administerSomewhere(secretary)).toBe(false);
    expect(can.administerAll(adminA)).toBe(false);
    expect(can.administerAll(rootAdmin)).toBe(true);
  });

  it("actInBranch and deleteResident: the branch's secretary or an admin over it, never a reviewer", () => {
    expect(can.actInBranch(secretary, A1)).toBe(true);
    expect(can.actInBranch(secretary, A2)).toBe(false);
    expect(can.actInBranch(adminA, A2)).toBe(true);
    expect(can.actInBranch(reviewerA, A1)).toBe(false);
    expect(can.deleteResident(reviewerA, A1)).toBe(false);
    expect(can.deleteResident(rootAdmin, B1)).toBe(true);
  });

  it("oversee and signOff: anyone with a subtree oversees; only a secretary signs off", () => {
    expect(can.oversee(member)).toBe(false);
    expect([secretary, reviewerA, adminA, rootAdmin].map(can.oversee)).toEqual([true, true, true, true]);
    expect([secretary, reviewerA, adminA, rootAdmin].map(can.signOff)).toEqual([true, false, false, false]);
  });

  it("logVisits and lead go by the ledger role", () => {
    expect(["MEMBER", "CADRE", "SECRETARY", "ADMIN"].map((role) => can.logVisits({ role: role as never }))).toEqual([false, true, true, false]);
    expect(can.lead({ role: "CADRE" })).toBe(true);
    expect(can.ownsRecords({ role: "ADMIN" })).toBe(false);
  });
});

describe("viewFlags", () => {
  it("gives a view booleans, not a role: a MEMBER reviewer oversees but logs no visits", () => {
    const f = viewFlags({ role: "MEMBER" }, reviewerA);
    expect(f).toMatchObject({ logVisits: false, lead: false, oversee: true, signOff: false, administer: false, administerAll: false, leadOrOversee: true, deleteResidents: false });
    expect(viewFlags({ role: "ADMIN" }, rootAdmin)).toMatchObject({ administer: true, administerAll: true, deleteResidents: true, logVisits: false });
    expect(viewFlags({ role: "MEMBER" }, member)).toMatchObject({ oversee: false, leadOrOversee: false, administer: false });
  });
});
