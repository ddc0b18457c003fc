/**
 * The county dashboard's read model (issue 13 item 1) on a small county built here: 县委 → two
 * townships → branches; one member transferred between townships on 2026-06-15. The figures are
 * the roll-up's, children sum to the parent, each figure's months sum to its year figure, the
 * members on pace and the shortfalls come from the compliance report, and rows sort by any column.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { childPath } from "../../src/core/org-tree.ts";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { buildDesk, sortRows, DESK_FIGURES, TREND_FIGURES, type DeskReport } from "../../src/reports/desk.ts";

let t: TestApp;
const ids: Record<string, number> = {};
const TODAY = "2026-11-18";

async function org(code: string, kind: string, parent: string) {
  const p = await t.db.org.findUniqueOrThrow({ where: { code: parent } });
  const o = await t.db.org.create({ data: { code, name: `${code}名`, kind, parentId: p.id, path: "/", depth: p.depth + 1 } });
  await t.db.org.update({ where: { id: o.id }, data: { path: childPath(p.path, o.id) } });
  ids[code] = o.id;
}

async function transfer(memberId: number, code: string, day: string, before: string) {
  await t.db.orgMembership.updateMany({ where: { memberId, toOn: null }, data: { toOn: before } });
  await t.db.orgMembership.create({ data: { memberId, orgId: ids[code], fromOn: day } });
  await t.db.member.update({ where: { id: memberId }, data: { branchId: ids[code] } });
}

const talk = (talkerId: number, occurredOn: string) => t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName: "群众" } });
const zone = async (code: string, name: string) => (await t.db.zone.create({ data: { branchId: ids[code], name, establishedOn: "2020-01-01" } })).id;
const member = async (username: string, code: string, opts: { role?: "MEMBER" | "CADRE"; zoneId?: number } = {}) => {
  const m = await t.member({ username, registeredOn: "2025-01-01", branchId: ids[code], role: opts.role, cadreLevel: opts.role === "CADRE" ? "GENERAL" : null });
  if (opts.zoneId) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: opts.zoneId, fromOn: "2025-01-01" } });
  return m.id;
};

function expectChildrenSum(d: DeskReport) {
  for (const f of DESK_FIGURES) {
    const sum = d.rows.reduce((s, r) => s + r.figures[f], 0);
    expect(Math.round(sum * 100) / 100, f).toBe(d.totals[f]);
  }
}

function expectMonthsSum(d: DeskReport) {
  for (const f of TREND_FIGURES) {
    const sum = d.trend.series[f].reduce<number>((s, v) => s + (v ?? 0), 0);
    expect(Math.round(sum * 100) / 100, f).toBe(d.totals[f]);
  }
}

async function expectRollupFigures(d: DeskReport) {
  const r = (await rollupOf(t.kx, d.org.id, d.year, d.asOf))!;
  for (const f of DESK_FIGURES) if (f !== "onPace") expect(d.totals[f], f).toBe(r.totals[f]);
  expect(d.rows.filter((x) => r.children.some((c) => c.code === x.code)).map((x) => x.code)).toEqual(r.children.map((c) => c.code));
  for (const c of r.children) {
    const row = d.rows.find((x) => x.code === c.code)!;
    for (const f of DESK_FIGURES) if (f !== "onPace") expect(row.figures[f], `${c.code} ${f}`).toBe(c.totals[f]);
  }
}

beforeEach(async () => {
  t = await testApp({ now: `${TODAY}T10:00:00+08:00` });
  const root = await t.db.org.findFirstOrThrow({ where: { parentId: null } });
  ids.COUNTY = root.id;
  ids.A1 = t.branchId;
  await org("A", "TOWNSHIP", root.code);
  const a = await t.db.org.findUniqueOrThrow({ where: { code: "A" } });
  await t.db.org.update({ where: { id: t.branchId }, data: { code: "A1", parentId: a.id, path: childPath(a.path, t.branchId), depth: 2 } });
  await org("A2", "BRANCH", "A");
  await org("B", "TOWNSHIP", root.code);
  await org("B1", "BRANCH", "B");
});
afterEach(() => t.close());

describe("the dashboard counts as the roll-up does", () => {
  it("a transfer mid-year counts each talk toward the branch on its date, in the totals and in the months", async () => {
    const mover = await member("mover", "A1");
    const stay = await member("stay", "A2");
    await talk(mover, "2026-06-14");
    await talk(mover, "2026-06-15");
    await talk(mover, "2026-06-16");
    await talk(stay, "2026-03-01");
    await transfer(mover, "B1", "2026-06-15", "2026-06-14");

    const county = (await buildDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(Object.fromEntries(county.rows.map((r) => [r.code, r.figures.talks]))).toEqual({ A: 2, B: 2 });
    expect(county.trend.series.talks.slice(0, 6)).toEqual([0, 0, 1, 0, 0, 3]);
    expect(county.trend.series.talks.slice(10)).toEqual([0, null]); // November so far; December to come
    const a = (await buildDesk(t.kx, ids.A, 2026, TODAY))!;
    expect(a.trend.series.talks.slice(2, 6)).toEqual([1, 0, 0, 1]);
    const b = (await buildDesk(t.kx, ids.B, 2026, TODAY))!;
    expect(b.trend.series.talks[5]).toBe(2);
    for (const d of [county, a, b]) {
      expectChildrenSum(d);
      expectMonthsSum(d);
      await expectRollupFigures(d);
    }
  });

  it("an account written without membership rows counts in its branch, in the totals and in the months alike", async () => {
    const bare = await member("bare", "B1");
    await t.db.orgMembership.deleteMany({ where: { memberId: bare } });
    await talk(bare, "2026-04-02");
    await t.db.lineVisit.create({ data: { cadreId: bare, lineId: (await t.db.line.create({ data: { name: "1路" } })).id, visitedOn: "2026-04-03", visitedAt: new Date("2026-04-03T01:00:00Z"), purpose: "走访" } });
    const county = (await buildDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(county.rows.find((r) => r.code === "B")!.figures.talks).toBe(1);
    expect(county.trend.series.talks[3]).toBe(1);
    expect(county.trend.series.lineVisits[3]).toBe(1);
    expectMonthsSum(county);
    await expectRollupFigures(county);
  });

  it("meetings, attendees, assistance and requests: children sum to the parent and months to the year", async () => {
    const za = await zone("A1", "甲一责任区");
    const zb = await zone("B1", "乙一责任区");
    const ca = await member("cadre_a", "A1", { role: "CADRE", zoneId: za });
    const cb = await member("cadre_b", "B1", { role: "CADRE", zoneId: zb });
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: za, heldOn: "2026-02-10", residentCount: 12, createdById: ca, attendances: { create: [{ memberId: ca }] } } });
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zb, heldOn: "2026-05-03", residentCount: 7, createdById: cb } });
    await t.db.meeting.create({ data: { kind: "FORUM", zoneId: zb, heldOn: "2026-05-04", residentCount: 30, createdById: cb } });
    const res = await t.db.resident.create({ data: { zoneId: za, name: "困难户" } });
    const p = await t.db.pairing.create({ data: { cadreId: ca, residentId: res.id, startedOn: "2026-01-05" } });
    await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-03-01", kind: "FUNDS", amountFen: 50_050, createdById: ca } });
    await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-09-09", kind: "FUNDS", amountFen: 10_001, createdById: ca } });
    const base = { source: "WALK_IN", residentName: "群众", content: "修路" };
    await t.db.request.create({ data: { ...base, ownerId: ca, createdById: ca, raisedOn: "2026-04-01", feedbackOn: "2026-04-08", status: "RESOLVED" } });
    await t.db.request.create({ data: { ...base, ownerId: cb, createdById: cb, raisedOn: "2026-07-01", feedbackOn: "2026-07-30", status: "RESOLVED" } });
    await t.db.request.create({ data: { ...base, ownerId: cb, createdById: cb, raisedOn: "2026-07-02" } });

    const county = (await buildDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(county.totals).toMatchObject({ courtyardMeetings: 2, courtyardAttendees: 20, pairings: 1, assistanceYuan: 600.51, requestsRaised: 3, requestsAnsweredOnTime: 1 });
    expect(county.trend.series.courtyardAttendees[1]).toBe(13);
    expect(county.trend.series.assistanceYuan[8]).toBe(100.01);
    expect(county.trend.series.requestsRaised[6]).toBe(2);
    for (const code of ["COUNTY", "A", "B", "A1", "B1"]) {
      const d = (await buildDesk(t.kx, ids[code], 2026, TODAY))!;
      expectChildrenSum(d);
      expectMonthsSum(d);
      await expectRollupFigures(d);
    }
    // A branch's rows are its zones; a zone opens its year page (the view links /years/…/zones/:id).
    const a1 = (await buildDesk(t.kx, ids.A1, 2026, TODAY))!;
    expect(a1.rows[0]).toMatchObject({ code: `zone:${za}`, kind: "ZONE", id: za, name: "甲一责任区" });
  });

  it("requests answered on time by month agree with the roll-up where a township sets its own feedback days", async () => {
    const za = await zone("A1", "甲一责任区");
    const ca = await member("cadre_a", "A1", { role: "CADRE", zoneId: za });
    const cb = await member("cadre_b", "B1", { role: "CADRE" });
    await t.db.ruleSetting.create({ data: { rule: "REQUEST_FEEDBACK_DAYS", value: 30, effectiveFrom: "2026-01-01", orgId: ids.A } });
    const base = { source: "WALK_IN", residentName: "群众", content: "修路", status: "RESOLVED" };
    await t.db.request.create({ data: { ...base, ownerId: ca, createdById: ca, zoneId: za, raisedOn: "2026-04-01", feedbackOn: "2026-04-20" } });
    await t.db.request.create({ data: { ...base, ownerId: cb, createdById: cb, raisedOn: "2026-05-01", feedbackOn: "2026-05-20" } });
    await t.db.request.create({ data: { ...base, ownerId: cb, createdById: cb, raisedOn: "2026-05-02", feedbackOn: "2026-05-03" } });
    for (const code of ["COUNTY", "A", "B"]) {
      const d = (await buildDesk(t.kx, ids[code], 2026, TODAY))!;
      expectMonthsSum(d);
      await expectRollupFigures(d);
    }
  });

  it("a past year shows its twelve months; a year not begun shows none", async () => {
    const m = await member("m", "A1");
    await talk(m, "2025-12-31");
    const past = (await buildDesk(t.kx, ids.COUNTY, 2025, TODAY))!;
    expect(past.lastDay).toBe("2025-12-31");
    expect(past.trend.series.talks[11]).toBe(1);
    expect(past.trend.series.talks.every((v) => v !== null)).toBe(true);
    expectMonthsSum(past);
    const early = (await buildDesk(t.kx, ids.COUNTY, 2026, "2025-12-01"))!;
    expect(early.trend.series.talks.every((v) => v === null)).toBe(true);
    expect(early.totals.talks).toBe(0);
  });
});

describe("members on pace and units behind", () => {
  it("counts members whose yearly talks are met or on pace, and flags the rest with the talks they owe", async () => {
    const za = await zone("A1", "甲一责任区");
    const zb = await zone("B1", "乙一责任区");
    const met = await member("met", "A1", { zoneId: za });
    const pace = await member("pace", "A1", { zoneId: za });
    const behind = await member("behind", "B1", { zoneId: zb });
    for (let i = 0; i < 10; i++) await talk(met, `2026-0${1 + (i % 9)}-10`);
    for (let i = 0; i < 9; i++) await talk(pace, `2026-0${1 + i}-11`);
    await talk(behind, "2026-01-05");
    // A courtyard meeting in November for zone A only.
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: za, heldOn: "2026-11-02", residentCount: 5, createdById: met } });

    const county = (await buildDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    const row = (code: string) => county.rows.find((r) => r.code === code)!;
    expect(row("A").figures.onPace).toBe(2);
    expect(row("B").figures.onPace).toBe(0);
    expect(county.totals.onPace).toBe(2);
    expect(row("A").flags.text).toEqual([]);
    expect(row("B").flags.yearTalks).toEqual({ count: 1, owed: 9 });
    expect(row("B").flags.courtyard).toEqual({ count: 1, owed: 1 });
    expect(row("B").flags.text).toEqual(["1 名党员谈心未达进度（差 9 次）", "1 个责任区 11 月未开院坝会"]);
    expect(county.flags.text).toEqual(row("B").flags.text);
    // One level down the flag sits on the zone.
    const b1 = (await buildDesk(t.kx, ids.B1, 2026, TODAY))!;
    expect(b1.rows.find((r) => r.id === zb)!.flags.text).toEqual(["1 名党员谈心未达进度（差 9 次）", "1 个责任区 11 月未开院坝会"]);
    expectChildrenSum(b1);
  });

  it("flags cadres behind on the month's talks and their pairing quota", async () => {
    const za = await zone("A2", "甲二责任区");
    const c = await member("cadre", "A2", { role: "CADRE", zoneId: za });
    for (let i = 0; i < 10; i++) await talk(c, `2026-0${1 + (i % 9)}-12`);
    await talk(c, "2026-11-02");
    const a = (await buildDesk(t.kx, ids.A, 2026, TODAY))!;
    const f = a.rows.find((r) => r.code === "A2")!.flags;
    expect(f.monthTalks.count).toBe(1);
    expect(f.pairings).toEqual({ count: 1, owed: 2 }); // 一般干部: 2 households
    expect(f.text).toContain("1 名干部结穷亲户数不足（差 2 户）");
    expect(f.text.some((s) => s.startsWith("1 名干部 11 月谈心未达进度"))).toBe(true);
  });
});

describe("sorting", () => {
  it("orders rows by any figure either way, by name, or by the shortfalls; ties keep the roll-up's order", async () => {
    const a = await member("a", "A1");
    const b = await member("b", "B1");
    await talk(a, "2026-02-01");
    await talk(b, "2026-02-01");
    await talk(b, "2026-02-02");
    const d = (await buildDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(sortRows(d.rows, "talks", "desc").map((r) => r.code)).toEqual(["B", "A"]);
    expect(sortRows(d.rows, "talks", "asc").map((r) => r.code)).toEqual(["A", "B"]);
    expect(sortRows(d.rows, "members", "desc").map((r) => r.code)).toEqual(["A", "B"]); // a tie
    expect(sortRows(d.rows, undefined, "desc").map((r) => r.code)).toEqual(["A", "B"]);
    expect(sortRows(d.rows, "flags", "desc").map((r) => r.code)).toEqual(["A", "B"]);
  });
});

describe("the kept dashboard", () => {
  it("is reused while nothing changed, and rebuilt after a request, an assistance record or an attendance is written", async () => {
    const { cachedDesk } = await import("../../src/reports/desk-cache.ts");
    const za = await zone("A1", "甲一责任区");
    const ca = await member("cadre_a", "A1", { role: "CADRE", zoneId: za });
    const first = (await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY)).toBe(first);

    await t.db.request.create({ data: { source: "WALK_IN", residentName: "群众", content: "修路", ownerId: ca, createdById: ca, raisedOn: "2026-04-01" } });
    const second = (await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!;
    expect(second.totals.requestsRaised).toBe(1);

    const res = await t.db.resident.create({ data: { zoneId: za, name: "困难户" } });
    const p = await t.db.pairing.create({ data: { cadreId: ca, residentId: res.id, startedOn: "2026-01-05" } });
    expect((await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!.totals.pairings).toBe(1);
    await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-03-01", kind: "FUNDS", amountFen: 1_000, createdById: ca } });
    expect((await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!.totals.assistanceYuan).toBe(10);

    const m = await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: za, heldOn: "2026-02-10", residentCount: 3, createdById: ca } });
    expect((await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!.totals.courtyardAttendees).toBe(3);
    await t.db.meetingAttendance.create({ data: { meetingId: m.id, memberId: ca } });
    expect((await cachedDesk(t.kx, ids.COUNTY, 2026, TODAY))!.totals.courtyardAttendees).toBe(4);
  });
});
