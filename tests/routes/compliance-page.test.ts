/**
 * The /reports/compliance HTML page at county scale (QA finding 4): filtered by zone, role and
 * status, 50 members a page, the downloads kept, and a link to the overview for the grids.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
let zoneA: number;
let zoneB: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "shuji", role: "SECRETARY" });
  zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } })).id;
  // 60 members in zone A, 3 cadres in zone B (one of them with its year's 10 talks done)
  for (let i = 1; i <= 60; i++) {
    const m = await t.member({ username: `dy${String(i).padStart(2, "0")}`, name: `党员${i}` });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zoneA, fromOn: "2020-01-01" } });
  }
  for (let i = 1; i <= 3; i++) {
    const m = await t.member({ username: `gb${i}`, name: `干部${i}`, role: "CADRE" });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zoneB, fromOn: "2020-01-01" } });
    if (i === 1) {
      for (let d = 1; d <= 10; d++) {
        await t.db.talk.create({ data: { talkerId: m.id, occurredOn: `2026-0${1 + (d % 9)}-1${d % 10}`, counterpartKind: "RESIDENT", counterpartName: "群众" } });
      }
    }
  }
});
afterEach(() => t.close());

const names = (html: string) => [...html.matchAll(/<td>([^<]+)<small class="muted">/g)].map((m) => m[1]);

describe("the compliance page", () => {
  it("shows 50 members a page, with a next page and the downloads and overview link kept", async () => {
    const a = await t.loginAs("shuji");
    const first = await a.get("/reports/compliance?year=2026&asOf=2026-11-18");
    expect(first.status).toBe(200);
    expect(names(first.text)).toHaveLength(50);
    expect(first.text).toContain("符合条件 64 人");
    expect(first.text).toContain("第 1 / 2 页");
    for (const f of ["xlsx", "csv", "json"]) expect(first.text).toContain(`/reports/compliance?year=2026&amp;asOf=2026-11-18&amp;format=${f}`);
    expect(first.text).toContain('href="/review?year=2026&amp;asOf=2026-11-18"');
    expect(first.text).toContain("page=2");
    const second = await a.get("/reports/compliance?year=2026&asOf=2026-11-18&page=2");
    expect(names(second.text)).toHaveLength(14);
    expect(names(second.text)).not.toContain(names(first.text)[0]);
  });

  it("filters by zone, role and status, keeping the filters in the pager and the overview link", async () => {
    const a = await t.loginAs("shuji");
    const zoned = await a.get(`/reports/compliance?year=2026&asOf=2026-11-18&zone=${zoneB}`);
    expect(names(zoned.text).sort()).toEqual(["干部1", "干部2", "干部3"]);
    expect(zoned.text).toContain(`href="/review?year=2026&amp;asOf=2026-11-18&amp;zone=${zoneB}"`);
    const cadres = await a.get("/reports/compliance?year=2026&asOf=2026-11-18&role=CADRE");
    expect(names(cadres.text).sort()).toEqual(["干部1", "干部2", "干部3"]);
    const met = await a.get("/reports/compliance?year=2026&asOf=2026-11-18&status=met");
    expect(names(met.text)).toEqual(["干部1"]);
    const members = await a.get("/reports/compliance?year=2026&asOf=2026-11-18&role=MEMBER&zone=" + zoneA);
    expect(members.text).toContain("符合条件 60 人");
    expect(members.text).toContain(`role=MEMBER&amp;page=2`);
  });

  it("ignores a bad filter value instead of failing, and keeps the 400 for a bad date", async () => {
    const a = await t.loginAs("shuji");
    const odd = await a.get("/reports/compliance?year=2026&zone=abc&role=KING&status=x&page=-3");
    expect(odd.status).toBe(200);
    expect(odd.text).toContain("符合条件 64 人");
    expect((await a.get("/reports/compliance?asOf=2026-02-30&zone=1")).status).toBe(400);
  });

  it("is not for a cadre", async () => {
    await t.member({ username: "ganbu", role: "CADRE" });
    expect((await (await t.loginAs("ganbu")).get("/reports/compliance?zone=1")).status).toBe(403);
  });
});
