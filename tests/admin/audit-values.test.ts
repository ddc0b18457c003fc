/**
 * Issue 15 (minor): the audit log shows values in words — role and cadre level labels instead of
 * MEMBER / MIDDLE, 是/否 instead of true/false, a zone move's zones by name instead of "[2]→[3]",
 * people by name, and stored instants in Beijing time instead of UTC ISO text.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
});
afterEach(() => t.close());

describe("the audit log in words", () => {
  it("labels codes, names zones and people, and shows Beijing time", async () => {
    const zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第三责任区", establishedOn: "2020-01-01" } })).id;
    const zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第十二责任区", establishedOn: "2020-01-01" } })).id;
    const line = (await t.db.line.create({ data: { name: "12路" } })).id;
    const admin = await t.loginAs("guanli");
    const csrf = await admin.csrf();
    const created = await admin.post("/admin/accounts").type("form").send({
      _csrf: csrf, username: "wangsl", name: "王示例", role: "CADRE", cadreLevel: "MIDDLE", zoneId: String(zoneA), lineId: String(line), registeredOn: "2026-01-01",
    });
    expect(created.status).toBe(201);
    const id = (await t.db.member.findUniqueOrThrow({ where: { username: "wangsl" } })).id;
    expect((await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneB), fromOn: "2026-06-01" })).status).toBe(303);
    const page = await admin.get("/admin/audit?entity=Member");
    expect(page.status).toBe(200);
    const cells = [...page.text.matchAll(/<td class="pre">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toContain("中层干部");
    expect(cells).toContain("党员干部");
    expect(cells).toContain("是"); // mustChangePassword
    expect(cells).toContain("第三责任区"); // the zone move's before, and zoneId of the account
    expect(cells).toContain("第十二责任区");
    expect(cells).toContain("12路");
    for (const raw of ["MIDDLE", "CADRE", "true", `[${zoneA}]`, `[${zoneB}]`]) expect(cells).not.toContain(raw);
    expect(cells.some((c) => /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(c))).toBe(false); // no UTC ISO instants
    expect(cells.some((c) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(c))).toBe(true); // createdAt in Beijing time
  });

  it("names the people of a sign-off and labels its state", async () => {
    const { id: shuji } = await t.member({ username: "shuji", name: "李书记", role: "SECRETARY" });
    const { id: dy } = await t.member({ username: "dy", name: "张党员" });
    const a = await t.loginAs("shuji");
    await a.post(`/review/2025/members/${dy}`).type("form").send({ _csrf: await a.csrf(), decision: "RETURNED", comment: "请补充" });
    const page = await (await t.loginAs("guanli")).get("/admin/audit?entity=YearReview");
    const cells = [...page.text.matchAll(/<td class="pre">([^<]*)<\/td>/g)].map((m) => m[1]);
    expect(cells).toContain("已退回");
    expect(cells).toContain("李书记");
    expect(cells).toContain("张党员");
    expect(cells).not.toContain("RETURNED");
    expect(cells).not.toContain(String(shuji));
  });
});
