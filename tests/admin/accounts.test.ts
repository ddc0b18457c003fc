import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { testApp, tokenFrom, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: Agent;
let zoneA: number;
let zoneB: number;
let lineId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } })).id;
  lineId = (await t.db.line.create({ data: { name: "1路" } })).id;
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const oneTimePassword = (html: string) => html.match(/<code class="otp">([^<]+)<\/code>/)![1];

async function create(over: Record<string, string> = {}) {
  const res = await admin.post("/admin/accounts").type("form").send({
    _csrf: await admin.csrf(),
    username: "WangSL",
    name: "王示例",
    phone: "139 0000 0001",
    role: "CADRE",
    cadreLevel: "MIDDLE",
    zoneId: String(zoneA),
    lineId: String(lineId),
    registeredOn: "2026-01-01",
    ...over,
  });
  return res;
}

describe("accounts", () => {
  it("the admin creates an account; its one-time password is shown once, works, and must be changed at first login", async () => {
    const res = await create();
    expect(res.status).toBe(201);
    const password = oneTimePassword(res.text);
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "wangsl" }, include: { roleTerms: true, zoneAssignments: true } });
    expect(m).toMatchObject({ name: "王示例", phone: "13900000001", role: "CADRE", cadreLevel: "MIDDLE", mustChangePassword: true });
    expect(m.passwordHash).not.toContain(password);
    expect(m.roleTerms).toMatchObject([{ role: "CADRE", fromOn: "2026-01-01", toOn: null }]);
    expect(m.zoneAssignments).toMatchObject([{ zoneId: zoneA, fromOn: "2026-01-01" }]);
    expect((await admin.get(`/admin/accounts/${m.id}`)).text).not.toContain(password);

    const a = request.agent(t.app);
    const login = await a.get("/login");
    await a.post("/login").type("form").send({ _csrf: tokenFrom(login.text), username: "wangsl", password });
    const home = await a.get("/");
    expect([home.status, home.headers.location]).toEqual([303, "/account/password"]);
  });

  it("an invalid form re-renders with the errors in Chinese and the values kept, writing nothing", async () => {
    const before = await t.db.member.count();
    const res = await create({ username: "x", phone: "12345", name: "保留我", role: "MEMBER", cadreLevel: "MIDDLE" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("登录名只能用");
    expect(res.text).toContain("不是有效的手机号");
    expect(res.text).toContain("保留我");
    expect(await t.db.member.count()).toBe(before);
  });

  it("a login name already taken is refused", async () => {
    await create();
    const res = await create({ name: "另一人" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("该登录名已被使用");
  });

  it("the roster is searchable by name, login name or phone", async () => {
    await create();
    await t.member({ username: "lisl", name: "李示例" });
    const res = await admin.get("/admin/accounts?q=王");
    expect(res.text).toContain("wangsl");
    expect(res.text).not.toContain("lisl");
    expect((await admin.get("/admin/accounts?q=13900000001")).text).toContain("wangsl");
  });

  it("a role change closes the old term the day before and keeps today's role on the account", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2025-01-01" });
    const res = await admin.post(`/admin/accounts/${id}/role`).type("form").send({ _csrf: await admin.csrf(), role: "CADRE", cadreLevel: "GENERAL", fromOn: "2026-07-01" });
    expect(res.status).toBe(303);
    const m = await t.db.member.findUniqueOrThrow({ where: { id }, include: { roleTerms: { orderBy: { fromOn: "asc" } } } });
    expect(m).toMatchObject({ role: "CADRE", cadreLevel: "GENERAL" });
    expect(m.roleTerms.map((r) => [r.role, r.fromOn, r.toOn])).toEqual([
      ["MEMBER", "2025-01-01", "2026-06-30"],
      ["CADRE", "2026-07-01", null],
    ]);
    expect(await t.db.auditEntry.count({ where: { action: "member.role", entityId: String(id) } })).toBe(1);
  });

  it("a role change dated in the future or in a closed year is refused", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2024-01-01" });
    const csrf = await admin.csrf();
    const future = await admin.post(`/admin/accounts/${id}/role`).type("form").send({ _csrf: csrf, role: "CADRE", fromOn: "2026-12-01" });
    expect(future.status).toBe(422);
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: 1 } });
    const closed = await admin.post(`/admin/accounts/${id}/role`).type("form").send({ _csrf: csrf, role: "CADRE", cadreLevel: "GENERAL", fromOn: "2025-06-01" });
    expect(closed.status).toBe(422);
    expect(closed.text).toContain("2025 年度已由支部书记完成年终备查");
    expect(await t.db.roleTerm.count({ where: { memberId: id } })).toBe(1);
  });

  it("a zone change is dated; a later change cannot be slipped in before it", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: id, zoneId: zoneA, fromOn: "2026-01-01" } });
    const csrf = await admin.csrf();
    expect((await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneB), fromOn: "2026-06-01" })).status).toBe(303);
    const early = await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneA), fromOn: "2026-03-01" });
    expect(early.status).toBe(422);
    expect(early.text).toContain("已有调整");
    const rows = await t.db.zoneAssignment.findMany({ where: { memberId: id }, orderBy: { fromOn: "asc" } });
    expect(rows.map((r) => [r.zoneId, r.fromOn, r.toOn])).toEqual([
      [zoneA, "2026-01-01", "2026-05-31"],
      [zoneB, "2026-06-01", null],
    ]);
  });

  it("a deactivated account cannot log in, keeps its records, and can be reactivated", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙" });
    await t.db.talk.create({ data: { talkerId: id, occurredOn: "2026-03-01", counterpartKind: "RESIDENT", counterpartName: "某" } });
    const csrf = await admin.csrf();
    expect((await admin.post(`/admin/accounts/${id}/deactivate`).type("form").send({ _csrf: csrf, lastOn: "2026-11-18" })).status).toBe(303);
    expect(await t.db.member.findUniqueOrThrow({ where: { id } })).toMatchObject({ active: false, deactivatedOn: "2026-11-18" });
    await expect(t.loginAs("dy")).rejects.toThrow();
    expect(await t.db.talk.count({ where: { talkerId: id } })).toBe(1);
    expect((await admin.post(`/admin/accounts/${id}/reactivate`).type("form").send({ _csrf: csrf })).status).toBe(303);
    await expect(t.loginAs("dy")).resolves.toBeTruthy();
  });

  it("the admin cannot deactivate their own account", async () => {
    const me = await t.db.member.findUniqueOrThrow({ where: { username: "guanli" } });
    const res = await admin.post(`/admin/accounts/${me.id}/deactivate`).type("form").send({ _csrf: await admin.csrf(), lastOn: "2026-11-18" });
    expect(res.status).toBe(422);
    expect((await t.db.member.findUniqueOrThrow({ where: { id: me.id } })).active).toBe(true);
  });

  it("a password reset makes the old password fail and a one-time one work, to be changed at login", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙" });
    const res = await admin.post(`/admin/accounts/${id}/password`).type("form").send({ _csrf: await admin.csrf() });
    expect(res.status).toBe(200);
    const password = oneTimePassword(res.text);
    await expect(t.loginAs("dy")).rejects.toThrow();
    const a = await t.loginAs("dy", password);
    expect((await a.get("/")).headers.location).toBe("/account/password");
    expect(await t.db.auditEntry.count({ where: { action: "member.password_reset" } })).toBe(1);
  });

  it("editing name, phone and the registration date moves the history that began on it", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-03-01" });
    await t.db.zoneAssignment.create({ data: { memberId: id, zoneId: zoneA, fromOn: "2026-03-01" } });
    const res = await admin.post(`/admin/accounts/${id}`).type("form").send({ _csrf: await admin.csrf(), name: "党员丙", phone: "", registeredOn: "2026-02-01", joinedPartyOn: "" });
    expect(res.status).toBe(303);
    expect(await t.db.member.findUniqueOrThrow({ where: { id } })).toMatchObject({ name: "党员丙", registeredOn: "2026-02-01" });
    expect((await t.db.zoneAssignment.findFirstOrThrow({ where: { memberId: id } })).fromOn).toBe("2026-02-01");
    expect((await t.db.roleTerm.findFirstOrThrow({ where: { memberId: id } })).fromOn).toBe("2026-02-01");
  });
});

describe("leaving a zone", () => {
  it("needs an explicit choice: an empty pick is an error, 'none' ends the assignment the day before", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: id, zoneId: zoneA, fromOn: "2026-01-01" } });
    const csrf = await admin.csrf();
    const empty = await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: "", fromOn: "2026-06-01" });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("请选择调整后的去向");
    expect((await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: "none", fromOn: "2026-06-01" })).status).toBe(303);
    expect(await t.db.zoneAssignment.findMany({ where: { memberId: id } })).toMatchObject([{ zoneId: zoneA, toOn: "2026-05-31" }]);
  });
});
