import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

describe("lines and departments", () => {
  it("creates a line, links cadres from a date (closing their old line the day before), and refuses a member", async () => {
    const csrf = await admin.csrf();
    expect((await admin.post("/admin/units").type("form").send({ _csrf: csrf, kind: "line", name: "2路", description: "" })).status).toBe(303);
    const old = await t.db.line.create({ data: { name: "1路" } });
    const line = await t.db.line.findUniqueOrThrow({ where: { name: "2路" } });
    const c = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", registeredOn: "2026-01-01" });
    const m = await t.member({ username: "dangyuan", name: "党员甲" });
    await t.db.lineAssignment.create({ data: { memberId: c.id, lineId: old.id, fromOn: "2026-01-01" } });
    const refused = await admin.post(`/admin/units/line/${line.id}/link`).type("form").send({ _csrf: csrf, memberIds: [String(c.id), String(m.id)], fromOn: "2026-09-01" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("党员甲 不是党员干部或支部书记");
    expect(await t.db.lineAssignment.count({ where: { lineId: line.id } })).toBe(0);
    expect((await admin.post(`/admin/units/line/${line.id}/link`).type("form").send({ _csrf: csrf, memberIds: String(c.id), fromOn: "2026-09-01" })).status).toBe(303);
    const rows = await t.db.lineAssignment.findMany({ where: { memberId: c.id }, orderBy: { fromOn: "asc" } });
    expect(rows.map((r) => [r.lineId, r.fromOn, r.toOn])).toEqual([
      [old.id, "2026-01-01", "2026-08-31"],
      [line.id, "2026-09-01", null],
    ]);
    const retire = await admin.post(`/admin/units/line/${line.id}/retire`).type("form").send({ _csrf: csrf, retiredOn: "2026-12-01" });
    expect(retire.status).toBe(422);
    expect(retire.text).toContain("仍有 1 名干部挂钩");
  });

  it("a department and a line may share a name; two departments may not", async () => {
    const csrf = await admin.csrf();
    await t.db.line.create({ data: { name: "综合" } });
    expect((await admin.post("/admin/units").type("form").send({ _csrf: csrf, kind: "department", name: "综合" })).status).toBe(303);
    const dup = await admin.post("/admin/units").type("form").send({ _csrf: csrf, kind: "department", name: "综合" });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain("已有同名科室");
  });
});

describe("the audit log viewer", () => {
  it("shows who changed what with before and after, filtered by person, record kind and date", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-03-01" });
    await admin.post(`/admin/accounts/${id}`).type("form").send({ _csrf: await admin.csrf(), name: "党员丙", phone: "", registeredOn: "2026-03-01", joinedPartyOn: "" });
    await t.db.auditEntry.create({ data: { actorId: id, action: "talk.create", entity: "Talk", entityId: "99", after: JSON.stringify({ content: "另一条" }), at: new Date("2026-01-05T02:00:00Z") } });

    const page = await admin.get("/admin/audit?username=guanli&entity=Member");
    expect(page.status).toBe(200);
    expect(page.text).toContain("member.update");
    expect(page.text).toMatch(/<td title="name">姓名<\/td><td class="pre">党员乙<\/td><td class="pre">党员丙<\/td>/);
    expect(page.text).not.toContain("talk.create");

    const byDate = await admin.get("/admin/audit?from=2026-01-05&to=2026-01-05");
    expect(byDate.text).toContain("talk.create");
    expect(byDate.text).not.toContain("member.update");
    expect((await admin.get("/admin/audit?username=nobody")).text).toContain("没有登录名为「nobody」的账号");
  });

  it("never shows a password hash", async () => {
    await t.db.auditEntry.create({ data: { action: "member.create", entity: "Member", entityId: "1", after: JSON.stringify({ username: "x", passwordHash: "$argon2id$secret" }) } });
    const page = await admin.get("/admin/audit");
    expect(page.text).not.toContain("$argon2id$secret");
  });
});
