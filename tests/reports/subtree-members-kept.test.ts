/**
 * A subtree's member ids are kept between views at the ledger's version (src/reports/org-scope.ts
 * `subtreeMemberIds`): a transfer, a new member or a changed branch shows on the next read.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { subtreeMemberIds } from "../../src/reports/org-scope.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterEach(() => t.close());

describe("a subtree's members, kept", () => {
  it("a member transferred into the township counts on the next read, and no longer in the old one", async () => {
    const mover = c.branches.b1.cadre;
    const a = () => subtreeMemberIds(t.kx, c.townships.A.path, "2026-11-18");
    const b = () => subtreeMemberIds(t.kx, c.townships.B.path, "2026-11-18");
    expect(await a()).not.toContain(mover);
    expect(await b()).toContain(mover);
    expect(await a()).toBe(await a()); // kept: the same array while nothing changed
    await t.db.orgMembership.updateMany({ where: { memberId: mover, toOn: null }, data: { toOn: "2026-11-09" } });
    await t.db.orgMembership.create({ data: { memberId: mover, orgId: c.branches.a1.id, fromOn: "2026-11-10" } });
    await t.db.member.update({ where: { id: mover }, data: { branchId: c.branches.a1.id } });
    expect(await a()).toContain(mover);
    expect(await b()).not.toContain(mover);
  });

  it("a new member of a branch counts at once", async () => {
    const before = await subtreeMemberIds(t.kx, c.townships.A.path, "2026-11-18");
    const m = await t.member({ username: "xinren", name: "新党员", branchId: c.branches.a2.id });
    const after = await subtreeMemberIds(t.kx, c.townships.A.path, "2026-11-18");
    expect(after).toHaveLength(before.length + 1);
    expect(after).toContain(m.id);
  });
});
