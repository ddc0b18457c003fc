/**
 * Issue 15, item 3: a 党员干部 without a cadre level or without a line/department escapes the
 * pairing and visit quotas, so the account needs both or an explicit, audited 不适用原因 — on
 * create, on a role change, on edit and on import — and the secretary sees such cadres listed on
 * /review/reminders.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { commitImport } from "../../src/import/engine.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
let admin: Agent;
let lineId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.member({ username: "shuji", name: "书记甲", role: "SECRETARY" });
  lineId = (await t.db.line.create({ data: { name: "1路" } })).id;
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

async function create(over: Record<string, string> = {}) {
  return admin.post("/admin/accounts").type("form").send({
    _csrf: await admin.csrf(), username: "ganbu", name: "王干部", role: "CADRE", registeredOn: "2026-01-01", ...over,
  });
}

describe("a 党员干部 account needs a cadre level and a line, or a reason", () => {
  it("without level and line and without a reason: 422, both fields explained, nothing written", async () => {
    const before = await t.db.member.count();
    const res = await create();
    expect(res.status).toBe(422);
    expect(res.text).toContain("党员干部须选择干部级别");
    expect(res.text).toContain("党员干部须挂钩线路或科室");
    expect(res.text).toContain('href="#f-cadreLevel"');
    expect(res.text).toContain('href="#f-lineId"');
    expect(await t.db.member.count()).toBe(before);
  });

  it("with a level and a line it is created; with neither but a reason it is created with the reason, audited", async () => {
    expect((await create({ cadreLevel: "GENERAL", lineId: String(lineId) })).status).toBe(201);
    const res = await create({ username: "jiediao", name: "借调干部", notApplicableReason: "借调县委办，2027 年返岗" });
    expect(res.status).toBe(201);
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "jiediao" } });
    expect(m.notApplicableReason).toBe("借调县委办，2027 年返岗");
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "member.create", entityId: String(m.id) } });
    expect(entry.after).toContain("借调县委办");
  });

  it("a role change to 党员干部 without a level needs a reason; with one it is kept and audited", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2025-01-01" });
    const csrf = await admin.csrf();
    const refused = await admin.post(`/admin/accounts/${id}/role`).type("form").send({ _csrf: csrf, role: "CADRE", fromOn: "2026-07-01" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("党员干部须选择干部级别");
    expect(await t.db.roleTerm.count({ where: { memberId: id } })).toBe(1);
    const ok = await admin.post(`/admin/accounts/${id}/role`).type("form").send({ _csrf: csrf, role: "CADRE", fromOn: "2026-07-01", notApplicableReason: "病休" });
    expect(ok.status).toBe(303);
    expect(await t.db.member.findUniqueOrThrow({ where: { id } })).toMatchObject({ role: "CADRE", cadreLevel: null, notApplicableReason: "病休" });
    expect((await t.db.auditEntry.findFirstOrThrow({ where: { action: "member.role", entityId: String(id) } })).after).toContain("病休");
  });

  it("editing a cadre who still lacks them cannot clear the reason", async () => {
    const { id } = await t.member({ username: "bx", name: "病休干部", role: "CADRE", registeredOn: "2025-01-01" });
    await t.db.member.update({ where: { id }, data: { notApplicableReason: "病休" } });
    const csrf = await admin.csrf();
    const res = await admin.post(`/admin/accounts/${id}`).type("form").send({ _csrf: csrf, name: "病休干部", registeredOn: "2025-01-01", notApplicableReason: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("须填写不适用原因");
    expect((await t.db.member.findUniqueOrThrow({ where: { id } })).notApplicableReason).toBe("病休");
  });

  it("the import refuses a 党员干部 row without level or line unless it gives a reason", async () => {
    const headers = ["姓名", "登录名", "角色", "干部级别", "挂钩线路", "不适用原因"];
    const opts = { today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: (await t.db.member.findUniqueOrThrow({ where: { username: "guanli" } })).id };
    const bad = await commitImport(t.kx, "members", csv(headers, [["甲", "jia", "党员干部", "", "", ""]]), "m.csv", opts);
    expect(bad.committed).toBe(false);
    expect(bad.plan.errors.map((e) => e.column)).toEqual(["干部级别", "挂钩线路"]);
    const good = await commitImport(t.kx, "members", csv(headers, [["甲", "jia", "党员干部", "", "", "挂职村第一书记"]]), "m.csv", opts);
    expect(good.added).toBe(1);
    expect((await t.db.member.findUniqueOrThrow({ where: { username: "jia" } })).notApplicableReason).toBe("挂职村第一书记");
  });

  it("the secretary's reminders list the cadres the quotas do not reach, with their reason", async () => {
    await t.member({ username: "full", name: "齐全干部", role: "CADRE", cadreLevel: "GENERAL" });
    const full = await t.db.member.findUniqueOrThrow({ where: { username: "full" } });
    await t.db.lineAssignment.create({ data: { memberId: full.id, lineId, fromOn: "2020-01-01" } });
    const { id } = await t.member({ username: "bx", name: "病休干部", role: "CADRE", cadreLevel: "GENERAL" });
    await t.db.member.update({ where: { id }, data: { notApplicableReason: "病休" } });
    await t.member({ username: "wu", name: "无级别干部", role: "CADRE" });
    const page = await (await t.loginAs("shuji")).get("/review/reminders");
    expect(page.status).toBe(200);
    const section = page.text.slice(page.text.indexOf("data-uncovered"), page.text.indexOf("</section>", page.text.indexOf("data-uncovered")));
    expect(section).toContain("病休干部");
    expect(section).toContain("未挂钩线路或科室");
    expect(section).toContain("病休");
    expect(section).toContain("无级别干部");
    expect(section).toContain("（未说明）");
    expect(section).not.toContain("齐全干部");
  });
});
