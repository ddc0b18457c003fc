/**
 * Issue 11 item 8 (DOMAIN.md "Rules: settled edge cases": standing on a date decides which rules
 * apply; today's values never rewrite the past). A members re-import records a demotion, a
 * promotion, a cadre level change and a move to ADMIN from each row's 登记日期, and the compliance
 * report (GET /reports/compliance JSON) judges each date by the standing then.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commitImport } from "../../src/import/engine.ts";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { csv } from "../import/files.ts";

const HEADERS = ["姓名", "登录名", "角色", "干部级别", "挂钩线路", "登记日期", "不适用原因"];
/** A 党员干部 row without a line states why (issue 15: no cadre escapes the visit quota silently). */
const withReason = (rows: string[][]) => rows.map((r) => [...r, r[2] === "党员干部" && r[4] === "" ? "在机关科室工作，不挂钩线路" : ""]);

let t: TestApp;
let lineId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "shuji", role: "SECRETARY" });
  lineId = (await t.db.line.create({ data: { name: "1路" } })).id;
});
afterEach(() => t.close());

async function importMembers(rows: string[][]) {
  const out = await commitImport(t.kx, "members", csv(HEADERS, withReason(rows)), "名册.csv", { today: "2026-11-18", now: new Date("2026-11-18T02:00:00Z"), actorId: null });
  expect(out.plan.errors).toEqual([]);
  expect(out.committed).toBe(true);
  return out;
}

type Row = { username: string; role: string; cadreLevel: string | null; yearTalks: unknown; monthlyTalks?: { period: string; count: number; required: number; status: string }[]; weeklyVisits?: { period: string; count: number; required: number; status: string }[]; pairings?: unknown };

async function report(a: Agent, year: number, asOf?: string): Promise<Row[]> {
  const res = await a.get(`/reports/compliance?year=${year}&format=json${asOf ? `&asOf=${asOf}` : ""}`);
  expect(res.status).toBe(200);
  return res.body.members;
}
const of = (rows: Row[], username: string) => rows.find((m) => m.username === username);
const period = (list: Row["monthlyTalks"], label: string) => list?.find((p) => p.period === label);

async function id(username: string) {
  return (await t.db.member.findUniqueOrThrow({ where: { username } })).id;
}

describe("a members re-import dated mid-year", () => {
  it("imports a demotion, a promotion and a level change dated mid-year and compares the statuses", async () => {
    await importMembers([
      ["降职甲", "jiangzhi", "党员干部", "一般干部", "1路", "2025-01-01"],
      ["提拔乙", "tiba", "党员", "", "", "2025-01-01"],
      ["调级丙", "tiaoji", "党员干部", "县管领导干部", "", "2025-01-01"],
      ["转岗丁", "zhuangang", "党员干部", "中层干部", "", "2025-01-01"],
    ]);
    const a = await t.loginAs("shuji");

    // The demoted cadre's records around the date: talks and visits before and after it.
    const demoted = await id("jiangzhi");
    for (const d of ["2026-06-10", "2026-06-12", "2026-06-20"]) {
      await t.db.talk.create({ data: { talkerId: demoted, occurredOn: d, counterpartKind: "RESIDENT", counterpartName: "群众" } });
    }
    for (const d of ["2026-06-08", "2026-06-10", "2026-06-12", "2026-06-16"]) {
      await t.db.lineVisit.create({ data: { cadreId: demoted, lineId, visitedOn: d, visitedAt: new Date(`${d}T01:00:00Z`) } });
    }
    // Three households paired with the level-changed cadre since 2025.
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const leveled = await id("tiaoji");
    for (const n of ["户一", "户二", "户三"]) {
      const r = await t.db.resident.create({ data: { zoneId: zone.id, name: n } });
      await t.db.pairing.create({ data: { cadreId: leveled, residentId: r.id, startedOn: "2025-06-01" } });
    }
    const past = await report(a, 2025);

    const out = await importMembers([
      ["降职甲", "jiangzhi", "党员", "", "", "2026-06-15"],
      ["提拔乙", "tiba", "党员干部", "一般干部", "1路", "2026-03-10"],
      ["调级丙", "tiaoji", "党员干部", "一般干部", "", "2026-07-01"],
      ["转岗丁", "zhuangang", "管理员", "", "", "2026-04-01"],
    ]);
    expect(out.changed).toBe(4);
    expect(out.added).toBe(0);
    expect(out.passwords).toEqual([]);
    // The earlier standing is kept for the dates before each change.
    expect(await t.db.roleTerm.findMany({ where: { memberId: demoted }, select: { role: true, cadreLevel: true, fromOn: true, toOn: true }, orderBy: { fromOn: "asc" } })).toEqual([
      { role: "CADRE", cadreLevel: "GENERAL", fromOn: "2025-01-01", toOn: "2026-06-14" },
      { role: "MEMBER", cadreLevel: null, fromOn: "2026-06-15", toOn: null },
    ]);
    expect(await t.db.lineAssignment.findMany({ where: { memberId: demoted }, select: { fromOn: true, toOn: true } })).toEqual([{ fromOn: "2025-01-01", toOn: "2026-06-14" }]);
    expect(await t.db.member.findUniqueOrThrow({ where: { id: demoted }, select: { role: true, cadreLevel: true } })).toEqual({ role: "MEMBER", cadreLevel: null });

    const now = await report(a, 2026);

    // Demoted on 2026-06-15: owes cadre talks and visits through 06-14 only.
    const d = of(now, "jiangzhi")!;
    expect(d).toMatchObject({ role: "MEMBER", cadreLevel: null });
    expect(d.pairings).toBeUndefined();
    expect(d.yearTalks).toEqual({ count: 3, required: 10, status: "at_risk" });
    expect(period(d.monthlyTalks, "2026-05")).toEqual({ period: "2026-05", count: 0, required: 5, status: "missed" });
    // June: 14 of 30 days a cadre, ceil(5 × 14 / 30) = 3; the talk of 06-20 does not count here.
    expect(period(d.monthlyTalks, "2026-06")).toEqual({ period: "2026-06", count: 2, required: 3, status: "missed" });
    expect(period(d.monthlyTalks, "2026-07")).toEqual({ period: "2026-07", count: 0, required: 0, status: "not_applicable" });
    expect(period(d.monthlyTalks, "2026-11")).toEqual({ period: "2026-11", count: 0, required: 0, status: "not_applicable" });
    // 06-15 is a Monday: W24 (06-08..06-14) is owed in full, W25 holds no cadre day.
    expect(period(d.weeklyVisits, "2026-W24")).toEqual({ period: "2026-W24", count: 3, required: 3, status: "met" });
    expect(period(d.weeklyVisits, "2026-W25")).toEqual({ period: "2026-W25", count: 0, required: 0, status: "not_applicable" });

    // Promoted on 2026-03-10 (a Tuesday): owes from then, pro-rated.
    const p = of(now, "tiba")!;
    expect(p).toMatchObject({ role: "CADRE", cadreLevel: "GENERAL" });
    expect(p.monthlyTalks![0]).toEqual({ period: "2026-03", count: 0, required: 4, status: "missed" }); // ceil(5 × 22 / 31)
    expect(p.weeklyVisits![0]).toEqual({ period: "2026-W11", count: 0, required: 3, status: "missed" }); // ceil(3 × 6 / 7)
    expect(p.pairings).toEqual({ count: 0, required: 2, status: "missed" });

    // Level COUNTY_MANAGED (4) → GENERAL (2) on 2026-07-01: the quota changes from then only.
    expect(of(now, "tiaoji")).toMatchObject({ cadreLevel: "GENERAL", pairings: { count: 3, required: 2, status: "met" } });
    expect(of(await report(a, 2026, "2026-06-30"), "tiaoji")).toMatchObject({ cadreLevel: "COUNTY_MANAGED", pairings: { count: 3, required: 4, status: "missed" } });

    // ADMIN from 2026-04-01: judged as a cadre for January to March, not after.
    const z = of(now, "zhuangang")!;
    expect(z.role).toBe("ADMIN");
    // ceil(10 × 90 / 365); the year is not over, so behind pace rather than missed.
    expect(z.yearTalks).toEqual({ count: 0, required: 3, status: "at_risk" });
    expect(z.monthlyTalks!.map((m) => m.required)).toEqual([5, 5, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(z.pairings).toBeUndefined();

    // A past year's report is unchanged by the re-import.
    expect(await report(a, 2025)).toEqual(past);
    expect(of(past, "zhuangang")).toMatchObject({ role: "CADRE", cadreLevel: "MIDDLE" });
    expect(of(past, "tiaoji")).toMatchObject({ cadreLevel: "COUNTY_MANAGED", pairings: { count: 3, required: 4, status: "missed" } });
  });

  it("skips a row that changes nothing and refuses a date before a change already recorded", async () => {
    await importMembers([["甲", "jia", "党员干部", "一般干部", "", "2025-01-01"]]);
    await importMembers([["甲", "jia", "党员", "", "", "2026-06-15"]]);
    const same = await commitImport(t.kx, "members", csv(HEADERS, withReason([["甲", "jia", "党员", "", "", "2026-08-01"]])), "a.csv", { today: "2026-11-18", now: new Date(), actorId: null });
    expect(same.plan.duplicates).toHaveLength(1);
    expect(same.changed ?? 0).toBe(0);
    const early = await commitImport(t.kx, "members", csv(HEADERS, withReason([["甲", "jia", "支部书记", "", "", "2026-05-01"]])), "b.csv", { today: "2026-11-18", now: new Date(), actorId: null });
    expect(early.committed).toBe(false);
    expect(early.plan.errors[0]).toMatchObject({ column: "登记日期", reason: "该党员自 2026-06-15 起已有调整，登记日期不能早于该日" });
    expect(await t.db.roleTerm.count({ where: { member: { username: "jia" } } })).toBe(2);
  });
});

describe("the report reads each date's standing, whatever wrote the history", () => {
  it("stops a demoted cadre's visits though the line was kept, and judges a past year of today's ADMIN", async () => {
    // Demoted on the account page (dated role term) without taking the line away.
    const m = await t.db.member.create({ data: { branchId: t.branchId, username: "lao", name: "老干部", role: "MEMBER", registeredOn: "2025-01-01", passwordHash: "x" } });
    await t.db.roleTerm.createMany({
      data: [
        { memberId: m.id, role: "CADRE", cadreLevel: "MIDDLE", fromOn: "2025-01-01", toOn: "2026-06-17" },
        { memberId: m.id, role: "MEMBER", cadreLevel: null, fromOn: "2026-06-18" },
      ],
    });
    await t.db.lineAssignment.create({ data: { memberId: m.id, lineId, fromOn: "2025-01-01" } });
    for (const d of ["2026-06-15", "2026-06-19"]) await t.db.lineVisit.create({ data: { cadreId: m.id, lineId, visitedOn: d, visitedAt: new Date(`${d}T01:00:00Z`) } });
    // An ADMIN today who was a cadre until 2025-12-31.
    const adm = await t.db.member.create({ data: { branchId: t.branchId, username: "guanli", name: "管理员", role: "ADMIN", registeredOn: "2025-01-01", passwordHash: "x" } });
    await t.db.roleTerm.createMany({
      data: [
        { memberId: adm.id, role: "CADRE", cadreLevel: "GENERAL", fromOn: "2025-01-01", toOn: "2025-12-31" },
        { memberId: adm.id, role: "ADMIN", cadreLevel: null, fromOn: "2026-01-01" },
      ],
    });
    const a = await t.loginAs("shuji");
    const now = await report(a, 2026);
    // W25 is 06-15..06-21: a cadre on 3 of its days (ceil(3 × 3 / 7) = 2), the visit of 06-19 does not count.
    expect(period(of(now, "lao")!.weeklyVisits, "2026-W25")).toEqual({ period: "2026-W25", count: 1, required: 2, status: "missed" });
    expect(period(of(now, "lao")!.weeklyVisits, "2026-W26")).toEqual({ period: "2026-W26", count: 0, required: 0, status: "not_applicable" });
    expect(of(now, "guanli")).toBeUndefined();
    expect(of(await report(a, 2025), "guanli")).toMatchObject({ role: "CADRE", cadreLevel: "GENERAL", pairings: { count: 0, required: 2, status: "missed" } });
    // The member's year page shows the role of that year, not today's.
    const page = await a.get(`/years/2025/members/${adm.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/guanli · 党员干部/);
  });
});
