/**
 * New zones in a county: the admin picks the branch among those they manage (a township admin
 * never sees another township's branches or cadres), names are unique within a branch, and the
 * leader must belong to the zone's branch.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
let adminA: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  adminA = await t.loginAs("guanli_a");
});
afterEach(() => t.close());

const post = async (a: Agent, body: Record<string, string>) => a.post("/admin/zones").type("form").send({ _csrf: await a.csrf("/admin/zones/new"), establishedOn: "2026-01-01", ...body });

describe("a township admin's new zone", () => {
  it("offers only the township's branches and cadres", async () => {
    const page = await adminA.get("/admin/zones/new");
    expect(page.status).toBe(200);
    expect(page.text).toContain("A1村党支部");
    expect(page.text).toContain("A2村党支部");
    expect(page.text).not.toContain("B1村党支部");
    expect(page.text).toContain("gba1");
    expect(page.text).not.toContain("gbb1");
  });

  it("asks for the branch, refuses one outside the township, keeps the values, and writes nothing", async () => {
    const none = await post(adminA, { name: "新责任区" });
    expect(none.status).toBe(422);
    expect(none.text).toContain("请选择责任区所属党支部");
    expect(none.text).toContain('value="新责任区"');
    const other = await post(adminA, { name: "新责任区", branchId: String(c.branches.b1.id) });
    expect(other.status).toBe(422);
    expect(other.text).toContain("不在您的管理范围内");
    expect(await t.db.zone.count({ where: { name: "新责任区" } })).toBe(0);
  });

  it("creates the zone in the chosen branch; the same name in another branch is fine, in the same one refused", async () => {
    // "b1责任区" is also the name of township B's zone in branch b1
    const ok = await post(adminA, { name: "b1责任区", branchId: String(c.branches.a2.id), leaderId: String(c.branches.a2.cadre) });
    expect(ok.status).toBe(303);
    const z = await t.db.zone.findFirstOrThrow({ where: { name: "b1责任区", branchId: c.branches.a2.id } });
    expect(z.leaderId).toBe(c.branches.a2.cadre);
    const dup = await post(adminA, { name: "a2责任区", branchId: String(c.branches.a2.id) });
    expect([dup.status, dup.text.includes("该党支部已有同名责任区")]).toEqual([422, true]);
  });

  it("refuses a leader from another branch", async () => {
    const res = await post(adminA, { name: "新责任区", branchId: String(c.branches.a1.id), leaderId: String(c.branches.a2.cadre) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("不在该责任区所属党支部");
    expect(await t.db.zone.count({ where: { name: "新责任区" } })).toBe(0);
  });
});
