/**
 * The roll-up's measure figures (issue 18 item 5; src/domain/rollup/measures.ts) on the small
 * county of tests/support/county.ts, with transfers: `stationed` and `trained` count people where
 * they belong on the report's last day, `projects`/`employment` toward the pairing cadre's branch
 * on the day given, `problemsSolved` toward the recorder's branch on the day raised; every
 * summable figure of a parent is the sum of its children, and `trainedShare` is computed from the
 * summed counts. The JSON report carries them; each opens down to its records.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { rollupOf, ROLLUP_FIGURES, type RollupReport } from "../../src/domain/rollup/report.ts";
import { stationedTable } from "../../src/reports/desk-stationing.ts";

let t: TestApp;
let c: County;

async function transfer(memberId: number, orgId: number, day: string, before: string) {
  await t.db.orgMembership.updateMany({ where: { memberId, toOn: null }, data: { toOn: before } });
  await t.db.orgMembership.create({ data: { memberId, orgId, fromOn: day } });
  await t.db.member.update({ where: { id: memberId }, data: { branchId: orgId } });
}

function expectSums(r: RollupReport) {
  for (const f of ROLLUP_FIGURES) {
    if (f === "trainedShare") continue;
    const sum = r.children.reduce((s, x) => s + x.totals[f], 0);
    expect(Math.round(sum * 100) / 100, f).toBe(r.totals[f]);
  }
  for (const row of [r.totals, ...r.children.map((x) => x.totals)]) {
    expect(row.trainedShare).toBe(row.members ? Math.round((row.trained / row.members) * 10000) / 10000 : 0);
  }
}

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  const { a1, a2, b1 } = c.branches;
  // a1's cadre: stationed in B1 all year, transferred to A2 on 2026-06-15
  await t.db.stationing.create({ data: { memberId: a1.cadre, orgId: b1.id, fromOn: "2026-02-01", post: "DEPUTY_SECRETARY", kind: "GRADUATE_OFFICIAL" } });
  await t.db.stationing.create({ data: { memberId: b1.cadre, orgId: a2.id, fromOn: "2026-01-01", toOn: "2026-03-31", post: "CLERK", kind: "THREE_SUPPORTS" } }); // over before the last day
  const resident = await t.db.resident.create({ data: { zoneId: a1.zoneId, name: "困难户甲" } });
  const pairing = await t.db.pairing.create({ data: { cadreId: a1.cadre, residentId: resident.id, startedOn: "2026-01-10" } });
  await t.db.assistanceRecord.create({ data: { pairingId: pairing.id, givenOn: "2026-05-01", kind: "PROJECT", description: "养殖项目", createdById: a1.cadre } });
  await t.db.assistanceRecord.create({ data: { pairingId: pairing.id, givenOn: "2026-08-01", kind: "EMPLOYMENT", peopleEmployed: 3, description: "介绍务工", createdById: a1.cadre } });
  await t.db.assistanceRecord.create({ data: { pairingId: pairing.id, givenOn: "2026-08-02", kind: "EMPLOYMENT", description: "公益岗位", createdById: a1.cadre } });
  await t.db.assistanceRecord.create({ data: { pairingId: pairing.id, givenOn: "2026-08-03", kind: "PROJECT", description: "已删除", createdById: a1.cadre, deletedAt: new Date() } });
  await transfer(a1.cadre, a2.id, "2026-06-15", "2026-06-14");
  // a1's member trained in May, then transferred to B1: trained where they belong on the last day
  const s = await t.db.trainingSession.create({ data: { heldOn: "2026-05-20", level: "COUNTY", topic: "三项教育", orgId: c.root.id } });
  await t.db.trainingAttendance.createMany({ data: [{ sessionId: s.id, memberId: a1.member }, { sessionId: s.id, memberId: a2.secretary }] });
  await transfer(a1.member, b1.id, "2026-07-01", "2026-06-30");
  // requests recorded by b1's cadre: one answered, one not
  await t.db.request.create({ data: { source: "WALK_IN", zoneId: b1.zoneId, residentName: "群众乙", raisedOn: "2026-04-01", content: "修路", ownerId: b1.cadre, createdById: b1.cadre, feedbackOn: "2026-04-05", feedbackHow: "PHONE", feedbackContent: "已修" } });
  await t.db.request.create({ data: { source: "WALK_IN", zoneId: b1.zoneId, residentName: "群众丙", raisedOn: "2026-04-02", content: "路灯", ownerId: b1.cadre, createdById: b1.cadre } });
});
afterEach(() => t.close());

describe("the roll-up's measure figures", () => {
  it("count toward the right branch across transfers, children sum to totals, the share from summed counts", async () => {
    const county = (await rollupOf(t.kx, c.root.id, 2026, "2026-11-18"))!;
    expectSums(county);
    expect(county.totals).toMatchObject({ stationed: 1, trained: 2, projects: 1, employment: 4, problemsSolved: 1 });
    const byCode = Object.fromEntries(county.children.map((x) => [x.code, x.totals]));
    expect(byCode.XZA).toMatchObject({ stationed: 1, trained: 1, projects: 1, employment: 4, problemsSolved: 0 });
    expect(byCode.XZB).toMatchObject({ stationed: 0, trained: 1, projects: 0, employment: 0, problemsSolved: 1 });
    const a = (await rollupOf(t.kx, c.townships.A.id, 2026, "2026-11-18"))!;
    expectSums(a);
    const aBy = Object.fromEntries(a.children.map((x) => [x.code, x.totals]));
    expect(aBy.A1).toMatchObject({ stationed: 0, projects: 1, employment: 0 }); // the project before the transfer
    expect(aBy.A2).toMatchObject({ stationed: 1, trained: 1, projects: 0, employment: 4 });
    // the branch's own report (zones): its total equals its row in the township's
    const a2 = (await rollupOf(t.kx, c.branches.a2.id, 2026, "2026-11-18"))!;
    expect(a2.totals).toEqual(aBy.A2);
    // before the transfers and the stationing's end: b1's cadre still stationed, a1's member in A
    const march = (await rollupOf(t.kx, c.root.id, 2026, "2026-03-15"))!;
    expectSums(march);
    expect(march.totals).toMatchObject({ stationed: 2, trained: 0, problemsSolved: 0 });
  });

  it("the desk's table by kind and post totals the roll-up's figure", async () => {
    const table = await stationedTable(t.kx, c.root.id, "2026-11-18");
    expect(table.total).toBe(1);
    expect(table.counts.GRADUATE_OFFICIAL.DEPUTY_SECRETARY).toBe(1);
    expect((await stationedTable(t.kx, c.townships.B.id, "2026-11-18")).total).toBe(0);
    expect((await stationedTable(t.kx, c.root.id, "2026-03-15")).byKind).toMatchObject({ GRADUATE_OFFICIAL: 1, THREE_SUPPORTS: 1 });
  });

  it("the JSON report carries the figures; each opens down to its records (in reach only)", async () => {
    const admin = await t.loginAs("guanli");
    const json = (await admin.get("/reports/rollup?year=2026&org=XZA&format=json")).body;
    expect(json.totals).toMatchObject({ stationed: 1, trained: 1, projects: 1, employment: 4, problemsSolved: 0, assistanceYuan: 0 });
    expect(typeof json.totals.trainedShare).toBe("number");
    const page = await admin.get("/reports/rollup?year=2026&org=XZA");
    expect(page.text).toContain("/reports/rollup/records?figure=stationed&org=XZA");
    const stationed = await admin.get("/reports/rollup/records?figure=stationed&org=XZA&year=2026");
    expect(stationed.status).toBe(200);
    expect(stationed.text).toContain("大学生村官");
    expect(stationed.text).toContain("B1村党支部");
    const employment = await admin.get("/reports/rollup/records?figure=employment&org=XZA&year=2026");
    expect(employment.text).toContain("介绍务工");
    expect(employment.text).toContain("合计 4");
    const solved = await admin.get("/reports/rollup/records?figure=problemsSolved&org=XZB&year=2026");
    expect(solved.text).toContain("修路");
    expect(solved.text).not.toContain("路灯");
    const townB = await (await t.loginAs("guanli_a")).get("/reports/rollup/records?figure=problemsSolved&org=XZB&year=2026");
    expect(townB.status).toBe(404);
    const desk = await admin.get("/desk?year=2026&org=LP".replace("LP", c.root.code));
    expect(desk.status).toBe(200);
    expect(desk.text).toContain("驻村干部（截至");
  });
});
