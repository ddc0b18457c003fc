import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: Agent;
let countyId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  admin = await t.loginAs("guanli");
  countyId = (await t.db.org.findUniqueOrThrow({ where: { code: "COUNTY" } })).id;
});
afterEach(() => t.close());

const post = async (agent: Agent, path: string, body: Record<string, string>) => agent.post(path).type("form").send({ _csrf: await agent.csrf("/admin/orgs"), ...body });

describe("组织管理 pages", () => {
  it("shows the tree with counts, creates a township and a branch, renames, moves and dissolves", async () => {
    const page = await admin.get("/admin/orgs");
    expect(page.status).toBe(200);
    expect(page.text).toContain("示范县委");
    expect(page.text).toContain("ZB01");

    const made = await post(admin, "/admin/orgs", { code: "XZ01", name: "东镇党委", kind: "TOWNSHIP", parentId: String(countyId), population: "12000" });
    expect(made.status).toBe(303);
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    expect(made.headers.location).toBe(`/admin/orgs/${town.id}`);
    await post(admin, "/admin/orgs", { code: "ZB11", name: "东村党支部", kind: "BRANCH", parentId: String(town.id) });
    const branch = await t.db.org.findUniqueOrThrow({ where: { code: "ZB11" } });

    const taken = await post(admin, "/admin/orgs", { code: "XZ01", name: "又一个", kind: "TOWNSHIP", parentId: String(countyId) });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain("组织代码「XZ01」已存在");
    expect(taken.text).toContain('value="又一个"');

    expect((await post(admin, `/admin/orgs/${town.id}`, { name: "东城街道党工委", population: "" })).status).toBe(303);
    expect((await t.db.org.findUniqueOrThrow({ where: { id: town.id } })).name).toBe("东城街道党工委");

    const cycle = await post(admin, `/admin/orgs/${town.id}/move`, { parentId: String(branch.id) });
    expect(cycle.status).toBe(422);
    expect(cycle.text).toContain("不能移到本组织或其下级组织之下");
    expect((await post(admin, `/admin/orgs/${branch.id}/move`, { parentId: String(countyId) })).status).toBe(303);
    expect((await t.db.org.findUniqueOrThrow({ where: { id: branch.id } })).depth).toBe(1);

    const withMembers = await post(admin, `/admin/orgs/${t.branchId}/dissolve`, { dissolvedOn: "2026-11-18", reason: "" });
    expect(withMembers.status).toBe(422);
    expect(withMembers.text).toContain("请先办理组织关系转接");
    expect((await post(admin, `/admin/orgs/${town.id}/dissolve`, { dissolvedOn: "2026-11-18", reason: "撤并" })).status).toBe(303);
    expect((await admin.get(`/admin/orgs/${town.id}`)).text).toContain("已于 2026-11-18 撤销");
  });

  it("answers 404 for an org outside the actor's ADMIN subtrees", async () => {
    const made = await post(admin, "/admin/orgs", { code: "XZ01", name: "东镇党委", kind: "TOWNSHIP", parentId: String(countyId) });
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    expect(made.status).toBe(303);
    // An admin whose only grant is the township (their root grant taken away).
    const other = await t.member({ username: "xzadmin", role: "ADMIN" });
    await t.db.grant.deleteMany({ where: { memberId: other.id } });
    await t.db.grant.create({ data: { memberId: other.id, orgId: town.id, role: "ADMIN" } });
    const agent = await t.loginAs("xzadmin");
    expect((await agent.get(`/admin/orgs/${town.id}`)).status).toBe(200);
    expect((await agent.get(`/admin/orgs/${countyId}`)).status).toBe(404);
    expect((await agent.get(`/admin/orgs/${t.branchId}`)).status).toBe(404);
    const res = await agent.post(`/admin/orgs/${t.branchId}`).type("form").send({ _csrf: await agent.csrf("/admin/orgs"), name: "改名" });
    expect(res.status).toBe(404);
    const list = await agent.get("/admin/orgs");
    expect(list.text).toContain("东镇党委");
    expect(list.text).not.toContain("示范党支部");
  });
});

describe("组织关系转接 pages", () => {
  it("transfers a member from the form, lists it, and re-renders bad input with a Chinese message", async () => {
    const m = await t.member({ username: "dangyuan", name: "党员甲", registeredOn: "2026-01-01" });
    await post(admin, "/admin/orgs", { code: "ZB11", name: "东村党支部", kind: "BRANCH", parentId: String(countyId) });
    const b = await t.db.org.findUniqueOrThrow({ where: { code: "ZB11" } });
    const zone = await t.db.zone.create({ data: { branchId: b.id, name: "东一区", establishedOn: "2020-01-01" } });

    const form = await admin.get(`/admin/transfers/new?member=${m.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="dangyuan"');

    const same = await post(admin, "/admin/transfers", { username: "dangyuan", orgId: String(t.branchId), on: "2026-07-01", zoneId: "", note: "" });
    expect(same.status).toBe(422);
    expect(same.text).toContain("该党员在 2026-07-01 已属于「示范党支部」");
    const unknown = await post(admin, "/admin/transfers", { username: "nobody", orgId: String(b.id), on: "2026-07-01", zoneId: "", note: "" });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain("没有登录名为「nobody」的党员");

    const ok = await post(admin, "/admin/transfers", { username: "dangyuan", orgId: String(b.id), on: "2026-07-01", zoneId: String(zone.id), note: "工作调动" });
    expect([ok.status, ok.headers.location]).toEqual([303, "/admin/transfers"]);
    const list = await admin.get("/admin/transfers");
    expect(list.text).toContain("党员甲");
    expect(list.text).toContain("东村党支部");
    expect((await t.db.member.findUniqueOrThrow({ where: { id: m.id } })).branchId).toBe(b.id);
  });
});

describe("规则设置 per subtree", () => {
  it("sets a value at a township for its subtree; the branch page shows where each value comes from; the county keeps the default", async () => {
    await post(admin, "/admin/orgs", { code: "XZ01", name: "东镇党委", kind: "TOWNSHIP", parentId: String(countyId) });
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    await post(admin, "/admin/orgs", { code: "ZB11", name: "东村党支部", kind: "BRANCH", parentId: String(town.id) });
    const branch = await t.db.org.findUniqueOrThrow({ where: { code: "ZB11" } });

    const set = await admin.post("/admin/rules").type("form").send({ _csrf: await admin.csrf("/admin/rules"), rule: "WEEK_VISITS", value: "2", effectiveFrom: "2026-11-18", orgId: String(town.id) });
    expect([set.status, set.headers.location]).toEqual([303, `/admin/rules?org=${town.id}`]);
    expect((await t.db.ruleSetting.findFirstOrThrow({ where: { rule: "WEEK_VISITS", orgId: town.id } })).value).toBe(2);

    const row = (html: string) => html.split("<tr>").find((r) => r.includes("一线走访"))!.replace(/\s+/g, " ");
    const atBranch = await admin.get(`/admin/rules?org=${branch.id}`);
    expect(row(atBranch.text)).toContain("≥ 2 次");
    expect(row(atBranch.text)).toContain("东镇党委");
    const system = await admin.get("/admin/rules");
    expect(row(system.text)).toContain("≥ 3 次");
    expect(row(system.text)).toContain("全县默认");

    const past = await admin.post("/admin/rules").type("form").send({ _csrf: await admin.csrf("/admin/rules"), rule: "WEEK_VISITS", value: "1", effectiveFrom: "2026-01-01", orgId: String(branch.id) });
    expect(past.status).toBe(422);
    expect(past.text).toContain("生效日期不能早于今天");
  });

  it("an admin of a township may not set values for the county or another subtree (404)", async () => {
    await post(admin, "/admin/orgs", { code: "XZ01", name: "东镇党委", kind: "TOWNSHIP", parentId: String(countyId) });
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    const other = await t.member({ username: "xzadmin", role: "ADMIN" });
    await t.db.grant.deleteMany({ where: { memberId: other.id } });
    await t.db.grant.create({ data: { memberId: other.id, orgId: town.id, role: "ADMIN" } });
    const agent = await t.loginAs("xzadmin");
    expect((await agent.get(`/admin/rules?org=${town.id}`)).status).toBe(200);
    expect((await agent.get(`/admin/rules?org=${t.branchId}`)).status).toBe(404);
    const csrf = await agent.csrf(`/admin/rules?org=${town.id}`);
    expect((await agent.post("/admin/rules").type("form").send({ _csrf: csrf, rule: "WEEK_VISITS", value: "1", effectiveFrom: "2026-12-01" })).status).toBe(404);
    expect(await t.db.ruleSetting.count({ where: { rule: "WEEK_VISITS", value: 1 } })).toBe(0);
  });
});
