/**
 * The cadre's dashboard keeps its standing cards for the day at the ledger's version
 * (src/domain/dashboard), and every other read at the versions the request read once
 * (src/http/ledger-at.ts): every write to a table the page reads must show on the next view.
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

  it("a renamed line shows on the latest visits at once (row 5: lines and departments)", async () => {
    const line = await t.db.line.create({ data: { name: "12路" } });
    await t.db.lineVisit.create({ data: { cadreId: ganbu, lineId: line.id, visitedAt: new Date("2026-11-17T01:00:00Z"), visitedOn: "2026-11-17", purpose: "本周走访" } });
    const a = await t.loginAs("ganbu");
    expect((await a.get("/")).text).toContain("12路");
    expect((await a.get("/")).text).toContain("12路"); // kept
    await t.db.line.update({ where: { id: line.id }, data: { name: "12路（改线）" } });
    expect((await a.get("/")).text).toContain("12路（改线）");
  });

  it("a sign-off by the secretary shows on the next view (row 5: sign-offs)", async () => {
    const a = await t.loginAs("ganbu");
    expect((await a.get("/")).text).not.toContain("谈心记录需补充");
    await t.db.yearReview.create({ data: { memberId: ganbu, year: 2025, state: "RETURNED", comment: "谈心记录需补充", reviewedAt: new Date() } });
    expect((await a.get("/")).text).toContain("谈心记录需补充");
  });

  it("an open request raised for the member shows on the next view (row 2: requests)", async () => {
    const a = await t.loginAs("ganbu");
    const open = (html: string) => Number(html.match(/data-open-requests[\s\S]*?data-count>(\d+)</)?.[1]);
    expect(open((await a.get("/")).text)).toBe(0);
    await t.db.request.create({ data: { source: "WALK_IN", createdById: ganbu, ownerId: ganbu, raisedOn: "2026-11-17", residentName: "李大爷", content: "路灯坏了", status: "ACCEPTED" } });
    expect(open((await a.get("/")).text)).toBe(1);
  });
});
