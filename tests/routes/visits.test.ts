import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let lineId: number;
let otherLineId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const g = await t.member({ username: "ganbu", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "ganbu2", role: "CADRE" });
  await t.member({ username: "dangyuan" });
  lineId = (await t.db.line.create({ data: { name: "12路" } })).id;
  otherLineId = (await t.db.line.create({ data: { name: "K3路" } })).id;
  await t.db.lineAssignment.create({ data: { memberId: g.id, lineId, fromOn: "2026-01-01" } });
});
afterEach(() => t.close());

const visit = (over: Record<string, string> = {}) => ({
  visitedOn: "2026-11-18",
  visitedTime: "08:30",
  target: `line:${lineId}`,
  purpose: "了解早班运营",
  problemsFound: "站台照明不足",
  handling: "已报调度科",
  ...over,
});

describe("logging a line visit", () => {
  it("the new-visit form defaults to now and to my assigned line", async () => {
    const a = await t.loginAs("ganbu");
    const page = await a.get("/visits/new");
    expect(page.status).toBe(200);
    expect(page.text).toContain('value="2026-11-18"');
    expect(page.text).toContain('value="10:00"');
    expect(page.text).toMatch(new RegExp(`value="line:${lineId}" selected`));
  });

  it("a cadre logs a visit; visitedAt is the Shanghai time and visitedOn its local date", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit({ visitedTime: "07:30" }) });
    expect(res.status).toBe(303);
    const v = await t.db.lineVisit.findFirstOrThrow();
    expect(v.visitedOn).toBe("2026-11-18");
    expect(v.visitedAt.toISOString()).toBe("2026-11-17T23:30:00.000Z");
    expect(v.lineId).toBe(lineId);
  });

  it("a visit in the future is refused with the values kept", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit({ visitedTime: "18:00" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("走访时间不能晚于现在");
    expect(res.text).toContain("站台照明不足");
    expect(await t.db.lineVisit.count()).toBe(0);
  });

  it("an unknown line is a field error, not a 500", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit({ target: "line:9999" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("所选线路不存在");
    const bad = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit({ target: "'; DROP TABLE" }) });
    expect(bad.status).toBe(422);
    expect(await t.db.lineVisit.count()).toBe(0);
  });

  it("a plain member cannot log visits (403)", async () => {
    const a = await t.loginAs("dangyuan");
    expect((await a.get("/visits/new")).status).toBe(403);
    const res = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit() });
    expect(res.status).toBe(403);
    expect(await t.db.lineVisit.count()).toBe(0);
  });

  it("a cadre gets 404 for another cadre's visit, reading or writing", async () => {
    const other = await t.db.member.findUniqueOrThrow({ where: { username: "ganbu2" } });
    const v = await t.db.lineVisit.create({
      data: { cadreId: other.id, lineId: otherLineId, visitedAt: new Date("2026-11-10T01:00:00Z"), visitedOn: "2026-11-10" },
    });
    const a = await t.loginAs("ganbu");
    expect((await a.get(`/visits/${v.id}`)).status).toBe(404);
    expect((await a.get(`/visits/${v.id}/edit`)).status).toBe(404);
    const csrf = await a.csrf();
    expect((await a.post(`/visits/${v.id}`).type("form").send({ _csrf: csrf, ...visit() })).status).toBe(404);
    expect((await a.post(`/visits/${v.id}/delete`).type("form").send({ _csrf: csrf })).status).toBe(404);
    expect((await t.db.lineVisit.findUniqueOrThrow({ where: { id: v.id } })).deletedAt).toBeNull();
  });

  it("deleting my visit is soft and audited", async () => {
    const a = await t.loginAs("ganbu");
    await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit() });
    const v = await t.db.lineVisit.findFirstOrThrow();
    await a.post(`/visits/${v.id}/delete`).type("form").send({ _csrf: await a.csrf() });
    expect((await t.db.lineVisit.findUniqueOrThrow({ where: { id: v.id } })).deletedAt).not.toBeNull();
    expect(await t.db.auditEntry.count({ where: { action: "visit.delete", entityId: String(v.id) } })).toBe(1);
  });
});
