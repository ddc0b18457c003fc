/**
 * Moving a branch's roster at once (issue 11, item 4): the form parser used to allow 200 fields,
 * so ticking 198 or more members on /admin/zones/move answered 413. A roster of 1000 members
 * moves in one form; a body past the field limit gets a real Chinese 413 page in the layout.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { FORM_FIELD_LIMIT } from "../../src/http/bodies.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

/** `n` members registered in 2020, straight into the tables (the roster of a large branch), in one transaction. */
async function roster(n: number): Promise<number[]> {
  return t.kx.transaction().execute(async (tx) => {
    const people = Array.from({ length: n }, (_, i) => ({ branchId: t.branchId, username: `hy${i}`, name: `成员${i}`, role: "MEMBER", registeredOn: "2020-01-01", active: 1, passwordHash: "x", updatedAt: sql<string>`CURRENT_TIMESTAMP` }));
    const ids = (await tx.insertInto("Member").values(people).returning("id").execute()).map((r) => r.id);
    await tx.insertInto("RoleTerm").values(ids.map((memberId) => ({ memberId, role: "MEMBER", fromOn: "2020-01-01" }))).execute();
    return ids;
  });
}

describe("moving many members at once", () => {
  it("moves a roster of 1000 members in one form", async () => {
    const ids = await roster(1000);
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const res = await admin
      .post("/admin/zones/move")
      .type("form")
      .send({ _csrf: await admin.csrf(), memberIds: ids.map(String), zoneId: String(zone.id), fromOn: "2026-07-01" });
    expect(res.status).toBe(303);
    expect(await t.db.zoneAssignment.count({ where: { zoneId: zone.id } })).toBe(1000);
  });

  it("a mixed roster: each member's old zone is closed the day before (or replaced on the same day), one already there is left alone, one audit entry per member moved", async () => {
    const a = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const b = await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } });
    const [closed, replaced, stays, fresh] = await roster(4);
    await t.db.zoneAssignment.createMany({ data: [
      { memberId: closed, zoneId: a.id, fromOn: "2020-01-01" },
      { memberId: replaced, zoneId: a.id, fromOn: "2026-07-01" },
      { memberId: stays, zoneId: b.id, fromOn: "2020-01-01" },
    ] });
    const send = async (fromOn: string, memberIds: number[]) => admin.post("/admin/zones/move").type("form").send({ _csrf: await admin.csrf(), memberIds: memberIds.map(String), zoneId: String(b.id), fromOn });
    expect((await send("2026-07-01", [closed, replaced, stays, fresh])).status).toBe(303);
    const rows = await t.db.zoneAssignment.findMany({ orderBy: [{ memberId: "asc" }, { fromOn: "asc" }], select: { memberId: true, zoneId: true, fromOn: true, toOn: true } });
    expect(rows).toEqual([
      { memberId: closed, zoneId: a.id, fromOn: "2020-01-01", toOn: "2026-06-30" },
      { memberId: closed, zoneId: b.id, fromOn: "2026-07-01", toOn: null },
      { memberId: replaced, zoneId: b.id, fromOn: "2026-07-01", toOn: null },
      { memberId: stays, zoneId: b.id, fromOn: "2020-01-01", toOn: null },
      { memberId: fresh, zoneId: b.id, fromOn: "2026-07-01", toOn: null },
    ]);
    const audits = await t.db.auditEntry.findMany({ where: { action: "member.zone" }, orderBy: { id: "asc" } });
    expect(audits.map((e) => [e.entityId, e.before && JSON.parse(e.before), JSON.parse(e.after!)])).toEqual([
      [String(closed), { values: [a.id], fromOn: "2020-01-01", toOn: null }, { values: [b.id], fromOn: "2026-07-01" }],
      [String(replaced), { values: [a.id], fromOn: "2026-07-01", toOn: null }, { values: [b.id], fromOn: "2026-07-01" }],
      [String(fresh), null, { values: [b.id], fromOn: "2026-07-01" }],
    ]);

    // A member with a later change stops the whole move, named in the message; nothing written.
    const before = await t.db.zoneAssignment.count();
    const res = await send("2026-03-01", [stays, closed]);
    expect(res.status).toBe(422);
    expect(res.text).toContain("成员0：该成员自 2026-07-01 起已有调整");
    expect(await t.db.zoneAssignment.count()).toBe(before);
    expect(await t.db.auditEntry.count({ where: { action: "member.zone" } })).toBe(3);
  });

  it("a body past the field limit answers a Chinese 413 page in the layout, nothing written", async () => {
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const ids = Array.from({ length: FORM_FIELD_LIMIT + 10 }, (_, i) => String(i + 1));
    const res = await admin
      .post("/admin/zones/move")
      .type("form")
      .set("Accept", "text/html")
      .send({ _csrf: await admin.csrf(), memberIds: ids, zoneId: String(zone.id), fromOn: "2026-07-01" });
    expect(res.status).toBe(413);
    expect(res.text).toContain("提交内容过多");
    expect(res.text).toContain("分几次提交");
    expect(res.text).toContain("返回工作台");
    expect(res.text).toContain("<nav"); // the layout, with the user's menu
    expect(await t.db.zoneAssignment.count()).toBe(0);
  });
});
