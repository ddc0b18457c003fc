/**
 * The cadre's dashboard keeps its standing cards for the day at the ledger's version
 * (src/domain/dashboard): every write to a table the cards read must show on the next view.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let ganbu: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  ganbu = (await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" })).id;
  await t.member({ username: "admin", role: "ADMIN" });
  for (const d of ["2026-11-02", "2026-11-09", "2026-11-16"]) {
    await t.db.talk.create({ data: { talkerId: ganbu, occurredOn: d, counterpartKind: "RESIDENT", counterpartName: "群众" } });
  }
});
afterEach(() => t.close());

const yearTalks = (html: string) => Number(html.match(/data-rule="YEAR_TALKS"[\s\S]*?data-count>(\d+)</)?.[1]);

describe("the dashboard's kept figures stay honest", () => {
  it("a talk recorded after a view counts on the next view, and shows among the latest", async () => {
    const a = await t.loginAs("ganbu");
    const before = await a.get("/");
    expect(before.status).toBe(200);
    expect(yearTalks(before.text)).toBe(3);
    expect(yearTalks((await a.get("/")).text)).toBe(3); // served from the kept cards
    await t.db.talk.create({ data: { talkerId: ganbu, occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "新来的群众" } });
    const after = await a.get("/");
    expect(yearTalks(after.text)).toBe(4);
    expect(after.text).toContain("新来的群众");
  });

  it("a deleted talk no longer counts", async () => {
    const a = await t.loginAs("ganbu");
    expect(yearTalks((await a.get("/")).text)).toBe(3);
    const one = await t.db.talk.findFirstOrThrow({ where: { talkerId: ganbu } });
    await t.db.talk.update({ where: { id: one.id }, data: { deletedAt: new Date() } });
    expect(yearTalks((await a.get("/")).text)).toBe(2);
  });

  it("a changed rule setting changes what is required", async () => {
    const a = await t.loginAs("ganbu");
    const required = (html: string) => Number(html.match(/data-rule="YEAR_TALKS"[\s\S]*?class="required">(\d+)</)?.[1]);
    expect(required((await a.get("/")).text)).toBe(10);
    await t.db.ruleSetting.create({ data: { rule: "YEAR_TALKS", value: 12, effectiveFrom: "2026-01-01" } });
    expect(required((await a.get("/")).text)).toBe(12);
  });
});
