/**
 * Issue 15 (minor): a dated change that has not taken effect can be cancelled — a mistyped future
 * zone move no longer stands nor blocks later moves, and a future rule change can be withdrawn —
 * each audited. The admin's rules page no longer contradicts itself on the allowed values.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
let admin: Agent;
let zoneA: number;
let zoneB: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } })).id;
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

describe("cancelling a change not yet in effect", () => {
  it("a mistyped future zone move is undone, audited, and a later move can be made again", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: id, zoneId: zoneA, fromOn: "2026-01-01" } });
    const csrf = await admin.csrf();
    expect((await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneB), fromOn: "2027-01-01" })).status).toBe(303);
    const blocked = await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneB), fromOn: "2026-12-01" });
    expect(blocked.status).toBe(422); // the mistake blocks the right move
    const page = await admin.get(`/admin/accounts/${id}`);
    expect(page.text).toContain('data-cancel-future="zone"');
    expect(page.text).toContain("（尚未生效）");

    const cancel = await admin.post(`/admin/accounts/${id}/assign/zone/cancel`).type("form").send({ _csrf: csrf });
    expect(cancel.status).toBe(303);
    const rows = await t.db.zoneAssignment.findMany({ where: { memberId: id }, orderBy: { fromOn: "asc" } });
    expect(rows.map((r) => [r.zoneId, r.fromOn, r.toOn])).toEqual([[zoneA, "2026-01-01", null]]);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "member.zone.cancel" } });
    expect(entry).toMatchObject({ entityId: String(id), reason: "撤销尚未生效的调整" });
    expect((await admin.get(`/admin/accounts/${id}`)).text).not.toContain('data-cancel-future="zone"');

    expect((await admin.post(`/admin/accounts/${id}/assign/zone`).type("form").send({ _csrf: csrf, targetId: String(zoneB), fromOn: "2026-12-01" })).status).toBe(303);
  });

  it("a change already in effect cannot be cancelled: 422 with the reason, nothing written", async () => {
    const { id } = await t.member({ username: "dy", name: "党员乙", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: id, zoneId: zoneA, fromOn: "2026-01-01" } });
    const res = await admin.post(`/admin/accounts/${id}/assign/zone/cancel`).type("form").send({ _csrf: await admin.csrf() });
    expect(res.status).toBe(422);
    expect(res.text).toContain("没有尚未生效的调整可以撤销");
    expect(await t.db.zoneAssignment.count({ where: { memberId: id } })).toBe(1);
    expect(await t.db.auditEntry.count({ where: { action: "member.zone.cancel" } })).toBe(0);
  });

  it("a future rule change is withdrawn and audited; one in effect is refused", async () => {
    const csrf = await admin.csrf();
    expect((await admin.post("/admin/rules").type("form").send({ _csrf: csrf, rule: "YEAR_TALKS", value: "12", effectiveFrom: "2027-01-01" })).status).toBe(303);
    const row = await t.db.ruleSetting.findFirstOrThrow({ where: { effectiveFrom: "2027-01-01" } });
    expect((await admin.get("/admin/rules")).text).toContain(`data-scheduled="${row.id}"`);
    expect((await admin.post(`/admin/rules/${row.id}/cancel`).type("form").send({ _csrf: csrf })).status).toBe(303);
    expect(await t.db.ruleSetting.count({ where: { id: row.id } })).toBe(0);
    expect(await t.db.auditEntry.count({ where: { action: "rule.cancel", entityId: String(row.id) } })).toBe(1);

    const inForce = await t.db.ruleSetting.create({ data: { rule: "YEAR_TALKS", value: 11, effectiveFrom: "2026-11-18" } });
    await admin.post(`/admin/rules/${inForce.id}/cancel`).type("form").send({ _csrf: csrf });
    expect(await t.db.ruleSetting.count({ where: { id: inForce.id } })).toBe(1);
    expect((await admin.get("/admin/rules")).text).toContain("不能撤销");
  });

  it("the rules page states one range: 0 only for pairings", async () => {
    const res = await admin.post("/admin/rules").type("form").send({ _csrf: await admin.csrf(), rule: "YEAR_TALKS", value: "0", effectiveFrom: "2027-01-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("该规则的数值应为 1–9999 的整数（只有结穷亲户数可以为 0）");
    expect(res.text).not.toContain("数值至少为 1");
    expect(res.text).toContain("结穷亲户数 0–9999，其他规则 1–9999");
  });
});
