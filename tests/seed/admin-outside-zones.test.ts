/**
 * ADMIN accounts are system operators outside the quotas, not a zone's member (QA 20): the demo
 * seed assigns the admin to no zone and lists it in no zone's meetings, and a zone's roster
 * (/zones/:id) leaves out an admin even when an assignment says otherwise — agreeing with the
 * admin's year page, which shows no zone.
 */
import { afterEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { seedDatabase } from "../../src/seed/seed.ts";

let db: TestDb | undefined;
let t: TestApp | undefined;
afterEach(async () => {
  await db?.close();
  await t?.close();
  db = undefined;
  t = undefined;
});

describe("the admin and the zones", () => {
  it("the demo seed assigns the admin to no zone and seats it at no zone meeting, while the other demo accounts keep theirs", async () => {
    db = await freshDb();
    await seedDatabase(db.url, { scale: "demo", year: 2026, today: "2026-11-18", demoPassword: "demo-pass-1" });
    const admin = await db.db.member.findUniqueOrThrow({ where: { username: "admin" }, include: { zoneAssignments: true, attendances: true } });
    expect(admin.role).toBe("ADMIN");
    expect(admin.zoneAssignments).toEqual([]);
    expect(admin.attendances).toEqual([]);
    const others = await db.db.member.findMany({ where: { username: { in: ["shuji", "ganbu", "dangyuan"] } }, include: { zoneAssignments: true } });
    expect(others.map((m) => m.zoneAssignments.length)).toEqual([1, 1, 1]);
  });

  it("a zone's roster leaves out an admin account even when it is assigned to the zone", async () => {
    t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const shuji = await t.member({ username: "shuji", name: "书记甲", role: "SECRETARY", cadreLevel: "MIDDLE" });
    const dy = await t.member({ username: "dangyuan", name: "党员甲" });
    const admin = await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
    for (const m of [shuji, dy, admin]) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zone.id, fromOn: "2020-01-01" } });
    const page = await (await t.loginAs("shuji")).get(`/zones/${zone.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("党员甲");
    expect(page.text).not.toContain("管理员甲");
  });
});
