import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let me: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  me = (await t.member({ username: "ganbu", role: "CADRE" })).id;
  const other = (await t.member({ username: "ganbu2", role: "CADRE" })).id;
  const line = await t.db.line.create({ data: { name: "12路" } });
  const talk = (talkerId: number, occurredOn: string, counterpartName: string) =>
    t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName } });
  await talk(me, "2026-11-17", "本周的谈心");
  await talk(me, "2026-11-02", "本月早些的谈心");
  await talk(me, "2026-03-01", "三月的谈心");
  await talk(other, "2026-11-17", "别人的谈心");
  await t.db.lineVisit.create({ data: { cadreId: me, lineId: line.id, visitedAt: new Date("2026-11-16T01:00:00Z"), visitedOn: "2026-11-16", purpose: "本周走访" } });
});
afterEach(() => t.close());

describe("my records", () => {
  it("lists only my own records, newest first", async () => {
    const a = await t.loginAs("ganbu");
    const page = (await a.get("/records")).text;
    expect(page).not.toContain("别人的谈心");
    const order = ["本周的谈心", "本周走访", "本月早些的谈心", "三月的谈心"].map((s) => page.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
  });

  it("filters by kind and by this week (ISO week in Asia/Shanghai)", async () => {
    const a = await t.loginAs("ganbu");
    const week = (await a.get("/records?period=week")).text;
    expect(week).toContain("本周的谈心");
    expect(week).toContain("本周走访");
    expect(week).not.toContain("本月早些的谈心");
    const talks = (await a.get("/records?kind=talk&from=2026-11-01&to=2026-11-30")).text;
    expect(talks).toContain("本月早些的谈心");
    expect(talks).not.toContain("本周走访");
    expect(talks).not.toContain("三月的谈心");
  });

  it("ignores nonsense filters instead of failing", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.get("/records?kind=<script>&from=2026-02-30&page=-3");
    expect(res.status).toBe(200);
    expect(res.text).toContain("三月的谈心");
    expect(res.text).not.toContain("<script>&");
  });
});

describe("the counterpart search of the talk form", () => {
  it("finds residents and members by name and never returns phone or ID numbers, nor login names", async () => {
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    await t.db.resident.create({ data: { zoneId: zone.id, name: "李大娘", phone: "13900001234", idNumber: "510100195001011234" } });
    await t.member({ username: "m1", name: "李书记" });
    const a = await t.loginAs("ganbu");
    const residents = await a.get("/counterparts?kind=RESIDENT&q=李");
    expect(residents.body).toEqual([{ id: expect.any(Number), name: "李大娘", hint: "第一责任区" }]);
    expect(JSON.stringify(residents.body)).not.toContain("1390000");
    const members = await a.get("/counterparts?kind=MEMBER&q=李");
    expect(members.body).toEqual([{ id: expect.any(Number), name: "李书记", hint: "党员" }]); // no zone: the role tells them apart
  });
});
