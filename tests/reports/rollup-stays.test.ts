/**
 * The roll-up's stays, stayHouseholds and writings (issue 18 item 5): each record toward its
 * author's branch on its date (the one dated-membership model) — a transfer on D puts the record
 * of D − 1 in the old branch and that of D in the new one; a household is counted once, where its
 * first stay of the year was; children sum to the parent at every level; the drill-down lists
 * exactly the records counted; the county dashboard carries the same figures.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { rollupOf, ROLLUP_FIGURES, type RollupReport } from "../../src/domain/rollup/report.ts";
import { drillDown } from "../../src/reports/stays-writings.ts";
import { buildDesk } from "../../src/reports/desk.ts";
import { cachedDesk } from "../../src/reports/desk-cache.ts";

let t: TestApp;
let c: County;
let mover: number;
let h1: number;
let h2: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  mover = c.branches.a1.cadre;
  h1 = (await t.db.resident.create({ data: { zoneId: c.branches.a1.zoneId, name: "甲户" } })).id;
  h2 = (await t.db.resident.create({ data: { zoneId: c.branches.b1.zoneId, name: "乙户" } })).id;
  // The mover leaves a1 (township A) for b1 (township B) on D = 2026-06-15.
  await t.db.orgMembership.updateMany({ where: { memberId: mover, toOn: null }, data: { toOn: "2026-06-14" } });
  await t.db.orgMembership.create({ data: { memberId: mover, orgId: c.branches.b1.id, fromOn: "2026-06-15" } });
  await t.db.member.update({ where: { id: mover }, data: { branchId: c.branches.b1.id } });
  await t.db.zoneAssignment.updateMany({ where: { memberId: mover, toOn: null }, data: { toOn: "2026-06-14" } });
  await t.db.zoneAssignment.create({ data: { memberId: mover, zoneId: c.branches.b1.zoneId, fromOn: "2026-06-15" } });
});
afterEach(() => t.close());

const stayOf = (cadreId: number, residentId: number, fromOn: string, toOn: string) => t.db.stay.create({ data: { cadreId, residentId, fromOn, toOn, live: true } });
const writingOf = (authorId: number, writtenOn: string) => t.db.writing.create({ data: { authorId, writtenOn, kind: "DIARY", title: `日记${writtenOn}` } });

function expectChildrenSum(r: RollupReport) {
  for (const f of ROLLUP_FIGURES) {
    const sum = r.children.reduce((s, x) => s + x.totals[f], 0);
    expect(Math.round(sum * 100) / 100, f).toBe(r.totals[f]);
  }
}
const byCode = (r: RollupReport) => Object.fromEntries(r.children.map((x) => [x.code, x.totals]));

describe("stays and writings in the roll-up", () => {
  it("a transfer on D: the records of D − 1 count in the old branch, those of D in the new one; households once each", async () => {
    await stayOf(mover, h1, "2026-06-14", "2026-06-16"); // begun the day before: the old branch (a1)
    await stayOf(mover, h2, "2026-06-17", "2026-06-18"); // after: b1
    await stayOf(mover, h1, "2026-07-01", "2026-07-02"); // h1 again, now from b1: a stay, not a new household
    await stayOf(c.branches.a2.cadre, h2, "2026-08-01", "2026-08-01"); // h2 again, from a2
    await writingOf(mover, "2026-06-14");
    await writingOf(mover, "2026-06-15");
    await t.db.stay.create({ data: { cadreId: mover, residentId: h1, fromOn: "2026-09-01", toOn: "2026-09-01", eat: true, deletedAt: new Date() } }); // deleted: never counts

    const county = (await rollupOf(t.kx, c.root.id, 2026, "2026-11-18"))!;
    expect(county.totals).toMatchObject({ stays: 4, stayHouseholds: 2, writings: 2 });
    expectChildrenSum(county);
    const towns = byCode(county);
    expect(towns.XZA).toMatchObject({ stays: 2, stayHouseholds: 1, writings: 1 }); // mover's 06-14 stay and writing, a2's stay
    expect(towns.XZB).toMatchObject({ stays: 2, stayHouseholds: 1, writings: 1 });

    const a = (await rollupOf(t.kx, c.townships.A.id, 2026, "2026-11-18"))!;
    expectChildrenSum(a);
    expect(byCode(a).A1).toMatchObject({ stays: 1, stayHouseholds: 1, writings: 1 });
    expect(byCode(a).A2).toMatchObject({ stays: 1, stayHouseholds: 0, writings: 0 }); // h2 was first reached from b1

    // Under a branch: its zones (the author's zone on the date), children summing to the branch.
    const b1 = (await rollupOf(t.kx, c.branches.b1.id, 2026, "2026-11-18"))!;
    expectChildrenSum(b1);
    expect(b1.totals).toMatchObject({ stays: 2, stayHouseholds: 1, writings: 1 });
    expect(b1.children.find((x) => x.code === `zone:${c.branches.b1.zoneId}`)!.totals).toMatchObject({ stays: 2, stayHouseholds: 1, writings: 1 });

    // As of D − 1 everything was still in township A.
    const before = (await rollupOf(t.kx, c.root.id, 2026, "2026-06-14"))!;
    expect(byCode(before).XZA).toMatchObject({ stays: 1, stayHouseholds: 1, writings: 1 });
    expect(byCode(before).XZB).toMatchObject({ stays: 0, stayHouseholds: 0, writings: 0 });
  });

  it("the drill-down lists exactly the records each figure counts", async () => {
    const s1 = await stayOf(mover, h1, "2026-06-14", "2026-06-16");
    const s2 = await stayOf(mover, h2, "2026-06-17", "2026-06-18");
    const w2 = await writingOf(mover, "2026-06-15");
    const A = { org: c.townships.A };
    const B = { org: c.townships.B };
    expect((await drillDown(t.kx, "stays", A, 2026, "2026-11-18")).stays.map((s) => s.id)).toEqual([s1.id]);
    expect((await drillDown(t.kx, "stays", B, 2026, "2026-11-18")).stays.map((s) => s.id)).toEqual([s2.id]);
    expect((await drillDown(t.kx, "stayHouseholds", B, 2026, "2026-11-18")).total).toBe(1);
    expect((await drillDown(t.kx, "writings", B, 2026, "2026-11-18")).writings.map((w) => w.id)).toEqual([w2.id]);
    expect((await drillDown(t.kx, "writings", A, 2026, "2026-11-18")).total).toBe(0);
    expect((await drillDown(t.kx, "stays", { zone: { id: c.branches.b1.zoneId, branchId: c.branches.b1.id } }, 2026, "2026-11-18")).total).toBe(1);
  });

  it("the county dashboard carries the same figures, and its cache drops when a stay is added", async () => {
    await stayOf(mover, h1, "2026-06-14", "2026-06-16");
    const desk = (await buildDesk(t.kx, c.root.id, 2026, "2026-11-18"))!;
    expect(desk.totals).toMatchObject({ stays: 1, stayHouseholds: 1, writings: 0 });
    const zuzhibu = await t.loginAs("zuzhibu");
    const first = await zuzhibu.get("/desk?year=2026");
    expect(first.status).toBe(200);
    expect(first.text).toContain("三进三同人次");
    expect((await cachedDesk(t.kx, c.root.id, 2026, "2026-11-18"))!.totals.writings).toBe(0); // kept now
    await writingOf(mover, "2026-06-20");
    const json = await zuzhibu.get("/reports/rollup?year=2026&format=json");
    expect(json.body.totals).toMatchObject({ stays: 1, stayHouseholds: 1, writings: 1 });
    expect((await cachedDesk(t.kx, c.root.id, 2026, "2026-11-18"))!.totals.writings).toBe(1); // the trigger dropped it
  });
});

describe("the drill-down route", () => {
  it("opens for overseers in reach, 404 outside, 403 for a member", async () => {
    await stayOf(mover, h1, "2026-06-14", "2026-06-16");
    const get = async (u: string, q: string) => (await t.loginAs(u)).get(`/reports/rollup/records?figure=stays&year=2026&${q}`);
    const ok = await get("shenhe_a", "org=XZA");
    expect(ok.status).toBe(200);
    expect(ok.text).toContain("甲户");
    expect((await get("shenhe_a", "org=XZB")).status).toBe(404);
    expect((await get("shenhe_a", `zone=${c.branches.b1.zoneId}`)).status).toBe(404);
    expect((await get("sj_a1", `zone=${c.branches.a1.zoneId}`)).status).toBe(200);
    expect((await get("dy_a1", "org=XZA")).status).toBe(403);
    const widest = await get("shenhe_a", ""); // no org: the widest in reach, as the roll-up itself
    expect(widest.status).toBe(200);
    expect(widest.text).toContain("甲户");
    const page = await (await t.loginAs("zuzhibu")).get("/reports/rollup?year=2026");
    expect(page.text).toContain("/reports/rollup/records?figure=stays&org=XZA");
  });
});
