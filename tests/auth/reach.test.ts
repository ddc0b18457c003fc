/**
 * loadReach (src/auth/reach.ts) against a real database: what each kind of account reaches in a
 * county of two townships with two branches each (tests/support/county.ts), and the Prisma
 * `where` pieces that cut queries to it. On a single-branch database the secretary reaches the
 * branch and the admin the county, as before the tree existed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { administersOrg, loadReach, memberWhere, orgWhere, reachesOrg, topSubtrees, widestOrg, zoneWhere, type Reach } from "../../src/auth/reach.ts";
import type { Actor } from "../../src/core/actor.ts";

let t: TestApp;
let c: County;
const today = "2026-11-18";
beforeEach(async () => {
  t = await testApp();
  c = await buildCounty(t);
});
afterEach(() => t.close());

async function reachOf(username: string): Promise<Reach> {
  const m = await t.db.member.findUniqueOrThrow({ where: { username } });
  return loadReach(t.db, { id: m.id, username, name: m.name, role: m.role } as Actor, today);
}
const ids = async <T extends { id: number }>(rows: Promise<T[]>) => (await rows).map((r) => r.id).sort((a, b) => a - b);

describe("loadReach", () => {
  it("a plain member reaches only themselves", async () => {
    const r = await reachOf("dy_a1");
    expect(r.subtrees).toEqual([]);
    expect(r.branchId).toBe(c.branches.a1.id);
    expect(await ids(t.db.member.findMany({ where: memberWhere(r) }))).toEqual([c.branches.a1.member]);
    expect(await t.db.zone.count({ where: zoneWhere(r) })).toBe(0);
  });

  it("a secretary reaches their branch: its members and its zone, nothing of the sibling branch", async () => {
    const r = await reachOf("sj_a1");
    expect(r.subtrees.map((s) => [s.code, s.via])).toEqual([["A1", "SECRETARY"]]);
    const members = await ids(t.db.member.findMany({ where: memberWhere(r) }));
    expect(members).toContain(c.branches.a1.cadre);
    expect(members).toContain(c.people.reviewerA); // a member of A1 whatever their grant
    expect(members).not.toContain(c.branches.a2.member);
    expect(await ids(t.db.zone.findMany({ where: zoneWhere(r) }))).toEqual([c.branches.a1.zoneId]);
  });

  it("a reviewer at township A reaches A's branches and zones, not B's, and administers nothing", async () => {
    const r = await reachOf("shenhe_a");
    expect(r.subtrees.map((s) => [s.code, s.via])).toEqual([["XZA", "REVIEWER"]]);
    expect(await ids(t.db.zone.findMany({ where: zoneWhere(r) }))).toEqual([c.branches.a1.zoneId, c.branches.a2.zoneId]);
    expect(await ids(t.db.org.findMany({ where: orgWhere(r) }))).toEqual([c.townships.A.id, c.branches.a1.id, c.branches.a2.id]);
    expect(reachesOrg(r, c.branches.b1.path)).toBe(false);
    expect(administersOrg(r, c.branches.a1.path)).toBe(false);
    expect(widestOrg(r)?.code).toBe("XZA");
  });

  it("an admin at township A administers A's subtree only", async () => {
    const r = await reachOf("guanli_a");
    expect(administersOrg(r, c.branches.a2.path)).toBe(true);
    expect(administersOrg(r, c.branches.b1.path)).toBe(false);
    expect(administersOrg(r, c.root.path)).toBe(false);
  });

  it("the county reviewer and the root admin reach every org; overlapping grants collapse to the widest", async () => {
    const all = await t.db.org.count();
    expect(await t.db.org.count({ where: orgWhere(await reachOf("zuzhibu")) })).toBe(all);
    const admin = await reachOf("guanli");
    expect(admin.subtrees.map((s) => [s.path, s.via])).toEqual([[c.root.path, "ADMIN"]]);
    await t.db.grant.create({ data: { memberId: c.people.rootAdmin, orgId: c.townships.B.id, role: "REVIEWER" } });
    const both = await reachOf("guanli");
    expect(both.subtrees).toHaveLength(2);
    expect(topSubtrees(both).map((s) => s.path)).toEqual([c.root.path]);
  });

  it("a grant counts from the next load: revoked, the reviewer reaches nobody else", async () => {
    await t.db.grant.deleteMany({ where: { memberId: c.people.reviewerA } });
    const r = await reachOf("shenhe_a");
    expect(r.subtrees).toEqual([]);
    expect(await ids(t.db.member.findMany({ where: memberWhere(r) }))).toEqual([c.people.reviewerA]);
  });
});

describe("single-branch database", () => {
  it("the secretary reaches the default branch, the admin the county", async () => {
    const s = await t.member({ username: "shuji", role: "SECRETARY" });
    const sr = await loadReach(t.db, { id: s.id, username: "shuji", name: "shuji", role: "SECRETARY" }, today);
    expect(sr.subtrees.map((x) => [x.orgId, x.via])).toEqual([[t.branchId, "SECRETARY"]]);
    const a = await t.db.member.findUniqueOrThrow({ where: { username: "guanli" } });
    const ar = await loadReach(t.db, { id: a.id, username: "guanli", name: a.name, role: "ADMIN" }, today);
    expect(ar.subtrees.map((x) => [x.orgId, x.via])).toEqual([[t.countyId, "ADMIN"]]);
  });
});
