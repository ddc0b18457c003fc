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
