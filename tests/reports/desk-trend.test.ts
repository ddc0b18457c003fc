/**
 * The county dashboard's monthly series of the county's other measures (issue 18; src/reports/desk-trend.ts)
 * on the small county of tests/support/county.ts, with a cadre transferred from A1 (township A) to
 * B1 (township B) on 2026-06-15 and a member from A1 to B1 on 2026-07-01: each record counts in the
 * month of its date toward the branch its person belonged to that day (trained: where they belong
 * on the last day), so the twelve months sum to the roll-up's year figure for the county, a
 * township and a branch; `stationed` per month is the count on the month's last day, its last month
 * the roll-up's figure.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { buildDesk, SERIES_FIGURES, TREND_FIGURES, type DeskReport } from "../../src/reports/desk.ts";
import { DESK_TREND_HEADER } from "../../src/reports/desk-export.ts";

let t: TestApp;
let c: County;
let mover: number;
const TODAY = "2026-11-18";

async function transfer(memberId: number, orgId: number, zoneId: number, day: string, before: string) {
  await t.db.orgMembership.updateMany({ where: { memberId, toOn: null }, data: { toOn: before } });
  await t.db.orgMembership.create({ data: { memberId, orgId, fromOn: day } });
  await t.db.member.update({ where: { id: memberId }, data: { branchId: orgId } });
  await t.db.zoneAssignment.updateMany({ where: { memberId, toOn: null }, data: { toOn: before } });
  await t.db.zoneAssignment.create({ data: { memberId, zoneId, fromOn: day } });
}

beforeEach(async () => {
  t = await testApp({ now: `${TODAY}T10:00:00+08:00` });
  c = await buildCounty(t);
  const { a1, a2, b1, b2 } = c.branches;
  mover = a1.cadre;
  const h1 = (await t.db.resident.create({ data: { zoneId: a1.zoneId, name: "甲户" } })).id;
  const h2 = (await t.db.resident.create({ data: { zoneId: b1.zoneId, name: "乙户" } })).id;
  const stay = (cadreId: number, residentId: number, fromOn: string, toOn: string, deleted = false) =>
    t.db.stay.create({ data: { cadreId, residentId, fromOn, toOn, live: true, ...(deleted ? { deletedAt: new Date() } : {}) } });
  await stay(mover, h1, "2026-06-14", "2026-06-16"); // begun the day before the transfer: A1, June; h1's first
  await stay(mover, h2, "2026-06-17", "2026-06-18"); // B1, June; h2's first
  await stay(mover, h1, "2026-07-01", "2026-07-02"); // B1, July: a stay, not a new household
  await stay(a2.cadre, h2, "2026-08-01", "2026-08-01"); // A2, August: a stay, not a new household
  await stay(mover, h2, "2026-09-01", "2026-09-01", true); // deleted: never counts
  await stay(mover, h1, "2025-12-30", "2026-01-02"); // begun last year: not this year's
  const writing = (authorId: number, writtenOn: string) => t.db.writing.create({ data: { authorId, writtenOn, kind: "DIARY", title: `日记${writtenOn}` } });
  await writing(mover, "2026-06-14"); // A1
  await writing(mover, "2026-06-15"); // B1
  await writing(b2.member, "2026-02-03");
  // 三项教育: the mover and a1's member in March (both in B1 on the last day), the mover again and b1's member in September
  const s1 = await t.db.trainingSession.create({ data: { heldOn: "2026-03-10", level: "COUNTY", topic: "三项教育一", orgId: c.root.id } });
  const s2 = await t.db.trainingSession.create({ data: { heldOn: "2026-09-01", level: "COUNTY", topic: "三项教育二", orgId: c.root.id } });
  await t.db.trainingAttendance.createMany({ data: [{ sessionId: s1.id, memberId: mover }, { sessionId: s1.id, memberId: a1.member }, { sessionId: s2.id, memberId: mover }, { sessionId: s2.id, memberId: b1.member }] });
  // assistance by the mover: a project before the transfer, jobs after
  const p = await t.db.pairing.create({ data: { cadreId: mover, residentId: h1, startedOn: "2026-01-10" } });
  const aid = (givenOn: string, kind: string, extra: object = {}) => t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn, kind, description: "帮扶", createdById: mover, ...extra } });
  await aid("2026-05-01", "PROJECT");
  await aid("2026-08-01", "EMPLOYMENT", { peopleEmployed: 3 });
  await aid("2026-08-02", "EMPLOYMENT");
  await aid("2026-08-03", "PROJECT", { deletedAt: new Date() });
  // requests recorded by the mover: one answered before the transfer, one never; b1's cadre's answered in April
  const base = { source: "WALK_IN", residentName: "群众", content: "修路" };
  await t.db.request.create({ data: { ...base, ownerId: mover, createdById: mover, raisedOn: "2026-06-10", feedbackOn: "2026-06-12", status: "RESOLVED" } });
  await t.db.request.create({ data: { ...base, ownerId: mover, createdById: mover, raisedOn: "2026-06-20" } });
  await t.db.request.create({ data: { ...base, ownerId: b1.cadre, createdById: b1.cadre, raisedOn: "2026-04-01", feedbackOn: "2026-04-05", status: "RESOLVED" } });
  // stationings: a2's cadre in B1 from February on; the mover in B2 from 20 May to 31 July (May's end in A1, June's and July's in B1)
  await t.db.stationing.create({ data: { memberId: a2.cadre, orgId: b1.id, fromOn: "2026-02-01", post: "DEPUTY_SECRETARY", kind: "GRADUATE_OFFICIAL" } });
  await t.db.stationing.create({ data: { memberId: mover, orgId: b2.id, fromOn: "2026-05-20", toOn: "2026-07-31", post: "CLERK", kind: "VILLAGE_CADRE" } });
  await transfer(mover, b1.id, b1.zoneId, "2026-06-15", "2026-06-14");
  await transfer(a1.member, b1.id, b1.zoneId, "2026-07-01", "2026-06-30");
});
afterEach(() => t.close());

const months = (d: DeskReport, f: (typeof SERIES_FIGURES)[number]) => d.trend.series[f];

/** Every summed series adds up to the roll-up's year figure; stationed's last month is the roll-up's. */
async function expectAgreesWithRollup(d: DeskReport) {
  const r = (await rollupOf(t.kx, d.org.id, d.year, d.asOf))!;
  for (const f of TREND_FIGURES) {
    const sum = months(d, f).reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(Math.round(sum * 100) / 100, `${d.org.code} ${f}`).toBe(r.totals[f]);
  }
  const last = Number(d.lastDay.slice(5, 7)) - 1;
  expect(months(d, "stationed")[last], `${d.org.code} stationed`).toBe(r.totals.stationed);
  for (const f of SERIES_FIGURES) expect(months(d, f).slice(last + 1).every((v) => v === null), f).toBe(true);
}

describe("the desk's monthly series of stays, writings, training, assistance, requests and stationing", () => {
  it("sum to the roll-up's year figure for the county, a township and a branch, with transfers", async () => {
    const { a1, b1 } = c.branches;
    for (const id of [c.root.id, c.townships.A.id, c.townships.B.id, a1.id, b1.id, c.branches.a2.id]) expectAgreesWithRollup((await buildDesk(t.kx, id, 2026, TODAY))!);

    const county = (await buildDesk(t.kx, c.root.id, 2026, TODAY))!;
    expect(county.totals).toMatchObject({ stays: 4, stayHouseholds: 2, writings: 3, trained: 3, projects: 1, employment: 4, problemsSolved: 2, stationed: 1 });
    expect(months(county, "stays").slice(5, 8)).toEqual([2, 1, 1]);
    expect(months(county, "trained")[2]).toBe(2);
    expect(months(county, "trained")[8]).toBe(1); // the mover's second session is not a second person

    const A = (await buildDesk(t.kx, c.townships.A.id, 2026, TODAY))!;
    expect(months(A, "stays").slice(5, 8)).toEqual([1, 0, 1]); // June: the stay begun the day before the transfer; August: a2's
    expect(months(A, "stayHouseholds")[5]).toBe(1);
    expect(months(A, "writings")[5]).toBe(1);
    expect(months(A, "trained").every((v) => !v)).toBe(true); // both March attendees belong to B1 on the last day
    expect(months(A, "projects")[4]).toBe(1);
    expect(months(A, "employment")[7]).toBe(0);
    expect(months(A, "problemsSolved")[5]).toBe(1);

    const B = (await buildDesk(t.kx, c.townships.B.id, 2026, TODAY))!;
    expect(months(B, "stays").slice(5, 8)).toEqual([1, 1, 0]);
    expect(months(B, "trained")[2]).toBe(2);
    expect(months(B, "employment")[7]).toBe(4);
    expect(months(B, "problemsSolved")[3]).toBe(1);

    // A branch's own desk (its rows are zones): the same series as its row would give
    const branch = (await buildDesk(t.kx, a1.id, 2026, TODAY))!;
    expect(months(branch, "stays")[5]).toBe(1);
    expect(months(branch, "stayHouseholds")[5]).toBe(1);
    expect(months(branch, "projects")[4]).toBe(1);
    expect(months(branch, "employment").every((v) => !v)).toBe(true);
  });

  it("counts the stationed on each month's last day, where the cadre belongs that day", async () => {
    const A = (await buildDesk(t.kx, c.townships.A.id, 2026, TODAY))!;
    // a2's cadre from February on; the mover on 31 May (still in A1); from 15 June the mover is B's
    expect(months(A, "stationed")).toEqual([0, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, null]);
    const B = (await buildDesk(t.kx, c.townships.B.id, 2026, TODAY))!;
    expect(months(B, "stationed")).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, null]);
    expect(months((await buildDesk(t.kx, c.branches.a1.id, 2026, TODAY))!, "stationed").slice(3, 7)).toEqual([0, 1, 0, 0]);
    // as of a day inside July: July's value is that day's
    const july = (await buildDesk(t.kx, c.root.id, 2026, "2026-07-10"))!;
    expect(months(july, "stationed").slice(4)).toEqual([2, 2, 2, null, null, null, null, null]);
    await expectAgreesWithRollup(july);
    // a past year: twelve months, December the year's figure
    const past = (await buildDesk(t.kx, c.root.id, 2025, TODAY))!;
    expect(months(past, "stationed")).toEqual(Array(12).fill(0));
    await expectAgreesWithRollup(past);
  });

  it("the page charts each new series by month and the XLSX lists them, stationed at month end", async () => {
    const reviewer = await t.loginAs("zuzhibu");
    const page = await reviewer.get(`/desk?year=2026&asOf=${TODAY}`);
    expect(page.status).toBe(200);
    for (const label of ["三进三同人次，逐月", "三进三同户数，逐月", "调研报告等材料，逐月", "已参训人数，逐月", "帮扶项目，逐月", "帮助就业人数，逐月", "解决问题，逐月", "驻村干部，逐月（月末人数）"]) {
      expect(page.text).toContain(`aria-label="${label}"`);
    }
    const file = await reviewer.get(`/desk?year=2026&asOf=${TODAY}&format=xlsx`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (x: Buffer) => chunks.push(x));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const sheet = wb.getWorksheet("逐月")!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(DESK_TREND_HEADER);
    expect(header).toContain("驻村干部（月末）");
    const june = (sheet.getRow(7).values as unknown[]).slice(1);
    expect(june[0]).toBe("2026-06");
    expect(june[header.indexOf("三进三同人次")]).toBe(2);
    expect(june[header.indexOf("驻村干部（月末）")]).toBe(2);
  });
});

describe("the desk's figures of the county's other measures open down to their records", () => {
  it("links each nonzero figure of the org's total to the records, a zone row's stays and writings by zone", async () => {
    const reviewer = await t.loginAs("zuzhibu");
    const county = await reviewer.get(`/desk?year=2026&asOf=${TODAY}`);
    const q = `&year=2026&asOf=${TODAY}`;
    for (const f of ["stays", "stayHouseholds", "writings", "stationed", "trained", "trainedShare", "projects", "employment", "problemsSolved"]) {
      expect(county.text, f).toContain(`href="/reports/rollup/records?figure=${f}&amp;org=${c.root.code}${q.replaceAll("&", "&amp;")}"`);
    }
    expect(county.text).not.toContain(`figure=talks`); // the older figures stay plain numbers
    // 参训率 is a share: its bars by unit say it as a percentage, never as a bare fraction (0.7483).
    const share = county.text.slice(county.text.indexOf('aria-label="参训率，按单位"'));
    const bars = share.slice(0, share.indexOf("</svg>"));
    const values = bars.slice(bars.indexOf('<g class="desk-value">'));
    expect(values).toMatch(/^<g class="desk-value"><text[^>]*>\d{1,3}(\.\d)?%</);
    expect(values).not.toMatch(/>0\.\d+</);
    expect(county.text).not.toContain(`&amp;org=XZA&amp;`); // a township's open on its own dashboard (its name's link)
    const townB = await reviewer.get(`/desk?org=XZB${q}`);
    expect(townB.text).toContain(`href="/reports/rollup/records?figure=stays&amp;org=XZB${q.replaceAll("&", "&amp;")}"`);
    expect(townB.text).not.toContain(`figure=projects&amp;org=XZB`); // a zero opens nothing: township B has no project
    const opened = await reviewer.get(`/reports/rollup/records?figure=stays&org=XZB${q}`);
    expect(opened.status).toBe(200);
    expect(opened.text).toContain("乙户");

    const branch = await reviewer.get(`/desk?org=A1${q}`);
    const zoneLink = `/reports/rollup/records?figure=stays&zone=${c.branches.a1.zoneId}${q}`;
    expect(branch.text).toContain(`href="${zoneLink.replaceAll("&", "&amp;")}"`);
    expect(branch.text).not.toContain(`figure=projects&amp;zone=`);
    expect((await reviewer.get(zoneLink)).status).toBe(200);
    // the printed desk keeps plain numbers
    expect((await reviewer.get(`/desk/print?year=2026&asOf=${TODAY}`)).text).not.toContain("/reports/rollup/records?figure=stays");
  });
});
