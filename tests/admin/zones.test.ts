import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { attributeToZones, zoneRecordTotals } from "../../src/domain/zones/totals.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const zone = (name: string) => t.db.zone.create({ data: { branchId: t.branchId, name, establishedOn: "2020-01-01" } });

describe("attributing records to zones by date (pure)", () => {
  const spans = [
    { memberId: 1, zoneId: 10, fromOn: "2026-01-01", toOn: "2026-06-30" },
    { memberId: 1, zoneId: 20, fromOn: "2026-07-01", toOn: null },
    { memberId: 2, zoneId: 10, fromOn: "2026-03-01", toOn: "2026-03-31" },
  ];
  it("puts each record in the zone held on its date, the move day in the new zone, gaps under no zone", () => {
    const recs = [
      { memberId: 1, on: "2026-06-30" },
      { memberId: 1, on: "2026-07-01" },
      { memberId: 1, on: "2025-12-31" },
      { memberId: 2, on: "2026-03-15" },
      { memberId: 2, on: "2026-04-01" },
      { memberId: 3, on: "2026-05-01" },
    ];
    expect(Object.fromEntries(attributeToZones(recs, spans))).toEqual({ 10: 2, 20: 1, null: 3 });
  });
});

describe("zones on the admin's desk", () => {
  it("moving a member mid-year keeps the year's zone totals equal to the member's records, each in the zone of its date", async () => {
    const a = await zone("第一责任区");
    const b = await zone("第二责任区");
    const m = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: a.id, fromOn: "2026-01-01" } });
    const line = await t.db.line.create({ data: { name: "1路" } });
    const talkDays = ["2026-02-10", "2026-04-20", "2026-06-30", "2026-07-01", "2026-09-15"];
    for (const d of talkDays) await t.db.talk.create({ data: { talkerId: m.id, occurredOn: d, counterpartKind: "RESIDENT", counterpartName: "某" } });
    for (const d of ["2026-03-03", "2026-08-08"]) {
      await t.db.lineVisit.create({ data: { cadreId: m.id, lineId: line.id, visitedOn: d, visitedAt: new Date(`${d}T02:00:00Z`) } });
    }

    const res = await admin.post("/admin/zones/move").type("form").send({ _csrf: await admin.csrf(), memberIds: [String(m.id)], zoneId: String(b.id), fromOn: "2026-07-01" });
    expect([res.status, res.headers.location]).toEqual([303, `/admin/zones/${b.id}`]);

    const totals = await zoneRecordTotals(t.kx, 2026);
    expect(totals.talks.get(a.id)).toBe(3);
    expect(totals.talks.get(b.id)).toBe(2);
    expect(totals.talks.get(null)).toBeUndefined();
    expect([totals.visits.get(a.id), totals.visits.get(b.id)]).toEqual([1, 1]);
    const report = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" }));
    const row = report.members.find((x) => x.username === "ganbu")!;
    expect(totals.talks.get(a.id)! + totals.talks.get(b.id)!).toBe(row.yearTalks.count);
    expect(row.zone).toBe("第二责任区");

    const page = await admin.get("/admin/zones");
    expect(page.text).toMatch(/第一责任区[\s\S]*?<td>0<\/td>\s*<td>3<\/td>\s*<td>1<\/td>/);
    expect(page.text).toMatch(/第二责任区[\s\S]*?<td>1<\/td>\s*<td>2<\/td>\s*<td>1<\/td>/);
  });

  it("a bulk move is all or nothing: one member who cannot move stops the whole move", async () => {
    const a = await zone("第一责任区");
    const b = await zone("第二责任区");
    const early = await t.member({ username: "m1", name: "甲", registeredOn: "2026-01-01" });
    const late = await t.member({ username: "m2", name: "乙", registeredOn: "2026-09-01" });
    for (const m of [early, late]) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: a.id, fromOn: "2026-01-01" } });
    const res = await admin.post("/admin/zones/move").type("form").send({ _csrf: await admin.csrf(), memberIds: [String(early.id), String(late.id)], zoneId: String(b.id), fromOn: "2026-07-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("乙 的登记日期");
    expect(await t.db.zoneAssignment.count({ where: { zoneId: b.id } })).toBe(0);
  });

  it("creates, renames and sets a leader; a duplicate name is refused", async () => {
    const leader = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" });
    const csrf = await admin.csrf();
    const res = await admin.post("/admin/zones").type("form").send({ _csrf: csrf, name: "第三责任区", description: "城北", leaderId: String(leader.id), establishedOn: "2026-01-01" });
    expect(res.status).toBe(303);
    const z = await t.db.zone.findFirstOrThrow({ where: { name: "第三责任区" } });
    expect(z).toMatchObject({ description: "城北", leaderId: leader.id, establishedOn: "2026-01-01" });
    expect((await admin.post(`/admin/zones/${z.id}`).type("form").send({ _csrf: csrf, name: "城北责任区", description: "", leaderId: "", establishedOn: "2026-01-01" })).status).toBe(303);
    expect(await t.db.zone.findUniqueOrThrow({ where: { id: z.id } })).toMatchObject({ name: "城北责任区", leaderId: null });
    const dup = await admin.post("/admin/zones").type("form").send({ _csrf: csrf, name: "城北责任区", establishedOn: "2026-01-01" });
    expect(dup.status).toBe(422);
    expect(dup.text).toContain("已有同名责任区");
    expect(await t.db.auditEntry.count({ where: { entity: "Zone" } })).toBe(2);
  });

  it("a zone with members cannot be retired until they are moved; then it is retired and kept", async () => {
    const a = await zone("第一责任区");
    const m = await t.member({ username: "m1", name: "甲", registeredOn: "2026-01-01" });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: a.id, fromOn: "2026-01-01" } });
    const csrf = await admin.csrf();
    const refused = await admin.post(`/admin/zones/${a.id}/retire`).type("form").send({ _csrf: csrf, retiredOn: "2026-12-01" });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("仍有 1 名成员");
    await t.db.zoneAssignment.updateMany({ where: { memberId: m.id }, data: { toOn: "2026-11-30" } });
    expect((await admin.post(`/admin/zones/${a.id}/retire`).type("form").send({ _csrf: csrf, retiredOn: "2026-12-01" })).status).toBe(303);
    expect((await t.db.zone.findUniqueOrThrow({ where: { id: a.id } })).retiredOn).toBe("2026-12-01");
  });
});
