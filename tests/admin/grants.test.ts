/**
 * Grants on an account's admin page (/admin/accounts/:id): the root admin gives and revokes
 * REVIEWER/ADMIN at an org by code, audited (grant.create / grant.delete, labelled in Chinese in
 * the audit log); a township admin may grant only inside their township (a clear Chinese 422,
 * nothing written); the grant takes effect on the grantee's next request.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp();
  c = await buildCounty(t);
});
afterEach(() => t.close());

describe("grants on the account page", () => {
  it("the root admin grants REVIEWER at a township; the grantee reads it at once; revoking takes it away", async () => {
    const admin = await t.loginAs("guanli");
    const grantee = await t.loginAs("dy_b1");
    const target = `/years/2026/members/${c.branches.b2.member}`;
    expect((await grantee.get(target)).status).toBe(404);
    const res = await admin.post(`/admin/accounts/${c.branches.b1.member}/grants`).type("form").send({ _csrf: await admin.csrf(), orgCode: "XZB", role: "REVIEWER" });
    expect(res.status).toBe(303);
    expect((await grantee.get(target)).status).toBe(200);
    const page = await admin.get(`/admin/accounts/${c.branches.b1.member}`);
    expect(page.text).toContain("乙镇党委");
    expect(page.text).toContain("党委审核");
    const audit = await admin.get("/admin/audit");
    expect(audit.text).toContain("授予监督权限");
    const del = await admin.post(`/admin/accounts/${c.branches.b1.member}/grants/delete`).type("form").send({ _csrf: await admin.csrf(), orgCode: "XZB", role: "REVIEWER" });
    expect(del.status).toBe(303);
    expect((await grantee.get(target)).status).toBe(404);
    expect(await t.db.auditEntry.count({ where: { action: { in: ["grant.create", "grant.delete"] } } })).toBe(2);
  });

  it("a township admin grants inside the township only; an unknown code says so; nothing is written", async () => {
    const adminA = await t.loginAs("guanli_a");
    const url = `/admin/accounts/${c.branches.a1.member}/grants`;
    const outside = await adminA.post(url).type("form").send({ _csrf: await adminA.csrf(), orgCode: "XZB", role: "REVIEWER" });
    expect(outside.status).toBe(422);
    expect(outside.text).toContain("不在您管理的组织范围内");
    const unknown = await adminA.post(url).type("form").send({ _csrf: await adminA.csrf(), orgCode: "NOPE", role: "ADMIN" });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain("没有代码为「NOPE」的组织");
    expect(unknown.text).toContain('value="NOPE"');
    const before = await t.db.grant.count();
    expect((await adminA.post(`/admin/accounts/${c.branches.b1.member}/grants`).type("form").send({ _csrf: await adminA.csrf(), orgCode: "XZA", role: "REVIEWER" })).status).toBe(404);
    expect(await t.db.grant.count()).toBe(before);
    const ok = await adminA.post(url).type("form").send({ _csrf: await adminA.csrf(), orgCode: "A2", role: "REVIEWER" });
    expect(ok.status).toBe(303);
    expect(await t.db.grant.count()).toBe(before + 1);
  });
});
