import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildComplianceReport, type ComplianceReport, type MemberCompliance } from "../../src/domain/compliance/report.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { daysOf, scenario } from "./scenario.ts";

let t: TestDb;
let s: Awaited<ReturnType<typeof scenario>>;

beforeEach(async () => {
  t = await freshDb();
  s = await scenario(t);
});
afterEach(async () => {
  await t.close();
});

const report = (year: number, asOf: string, more: { zoneId?: number; memberIds?: number[] } = {}) =>
  buildComplianceReport(t.kx, { year, asOf, ...more });

function memberOf(r: ComplianceReport, username: string): MemberCompliance {
  const m = r.members.find((x) => x.username === username);
  if (!m) throw new Error(`${username} is not in the report`);
  return m;
}

describe("yearly talks (谈心制度 5)", () => {
  it("counts a member's talks in the year and judges the pace as of the day", async () => {
    const lisi = await s.member("lisi");
    const wangwu = await s.member("wangwu");
    await s.talks(lisi.id, ["2025-12-31", ...daysOf("2026-01", 3), ...daysOf("2026-03", 4)]);
    await s.talks(wangwu.id, daysOf("2026-02", 3));

    const mid = (await report(2026, "2026-07-01"));
    // 181 of 365 days elapsed: 7/10 is ahead of pace, 3/10 behind it.
    expect(memberOf(mid, "lisi").yearTalks).toEqual({ count: 7, required: 10, status: "in_progress" });
    expect(memberOf(mid, "wangwu").yearTalks).toEqual({ count: 3, required: 10, status: "at_risk" });
    // As of 29 November, 7 of 10 is behind (FORMATS.md's example).
    expect(memberOf((await report(2026, "2026-11-29")), "lisi").yearTalks).toEqual({ count: 7, required: 10, status: "at_risk" });
    expect(memberOf((await report(2026, "2027-01-05")), "lisi").yearTalks.status).toBe("missed");
  });

  it("does not count a deleted talk", async () => {
    const lisi = await s.member("lisi");
    await s.talks(lisi.id, ["2026-01-05", "2026-01-06"]);
    await s.talks(lisi.id, ["2026-01-07"], { deleted: true });
    expect(memberOf((await report(2026, "2026-02-01")), "lisi").yearTalks.count).toBe(2);
  });

  it("does not count a talk dated after asOf", async () => {
    const lisi = await s.member("lisi");
    await s.talks(lisi.id, ["2026-04-30", "2026-05-01", "2026-05-02"]);
    expect(memberOf((await report(2026, "2026-05-01")), "lisi").yearTalks.count).toBe(2);
  });

  it("makes a member who joined on 1 July owe 6 talks for the year", async () => {
    const xin = await s.member("xin", { registeredOn: "2026-07-01" });
    await s.talks(xin.id, daysOf("2026-08", 6));
    expect(memberOf((await report(2026, "2026-12-31")), "xin").yearTalks).toEqual({ count: 6, required: 6, status: "met" });
  });

  it("lists only members subject for a day of the year up to asOf, and never an ADMIN", async () => {
    await s.member("admin", { role: "ADMIN" });
    await s.member("left", { registeredOn: "2020-01-01", deactivatedOn: "2025-12-31" });
    await s.member("later", { registeredOn: "2026-06-01" });
    await s.member("stayed", { registeredOn: "2020-01-01", deactivatedOn: "2026-01-01" });
    const names = (await report(2026, "2026-05-31")).members.map((m) => m.username);
    expect(names).toEqual(["stayed"]);
    expect((await report(2026, "2026-06-01")).members.map((m) => m.username)).toEqual(["later", "stayed"]);
  });
});

describe("monthly talks (谈心制度 6)", () => {
  it("judges each month of a cadre from January to the month of asOf", async () => {
    const zhang = await s.cadre("zhangsan");
    await s.talks(zhang.id, [...daysOf("2026-01", 5), ...daysOf("2026-02", 3), ...daysOf("2026-03", 2)]);
    const m = memberOf((await report(2026, "2026-03-10")), "zhangsan");
    expect(m.monthlyTalks).toEqual([
      { period: "2026-01", count: 5, required: 5, status: "met" },
      { period: "2026-02", count: 3, required: 5, status: "missed" },
      { period: "2026-03", count: 2, required: 5, status: "in_progress" },
    ]);
    expect(m.yearTalks).toEqual({ count: 10, required: 10, status: "met" });
  });

  it("starts at the month a member became a cadre, pro-rated", async () => {
    await s.member("promoted", {
      role: "CADRE",
      terms: [
        { role: "MEMBER", fromOn: "2025-01-01", toOn: "2026-04-15" },
        { role: "CADRE", fromOn: "2026-04-16" },
      ],
    });
    const m = memberOf((await report(2026, "2026-05-20")), "promoted");
    expect(m.monthlyTalks?.map((p) => [p.period, p.required])).toEqual([
      ["2026-04", 3], // ceil(5 × 15 / 30)
      ["2026-05", 5],
    ]);
  });

  it("judges an account without role history by its current role from its registration", async () => {
    await s.member("legacy", { role: "SECRETARY", registeredOn: "2026-02-16", terms: [] });
    const m = memberOf((await report(2026, "2026-03-31")), "legacy");
    expect(m.role).toBe("SECRETARY");
    expect(m.monthlyTalks?.map((p) => [p.period, p.required])).toEqual([
      ["2026-02", 3], // ceil(5 × 13 / 28)
      ["2026-03", 5],
    ]);
  });

  it("is absent for a member who is not a cadre", async () => {
    await s.member("lisi");
    const m = memberOf((await report(2026, "2026-05-20")), "lisi");
    expect("monthlyTalks" in m).toBe(false);
    expect("weeklyVisits" in m).toBe(false);
    expect("pairings" in m).toBe(false);
  });

  it("applies a threshold change effective mid-year to the later months only", async () => {
    await s.setting("MONTH_TALKS", 5, "2000-01-01");
    await s.setting("MONTH_TALKS", 3, "2026-06-15");
    const zhang = await s.cadre("zhangsan");
    await s.talks(zhang.id, ["05", "06", "07", "08"].flatMap((mm) => daysOf(`2026-${mm}`, 3)));
    const months = memberOf((await report(2026, "2026-08-31")), "zhangsan").monthlyTalks!;
    expect(months.slice(4).map((p) => [p.period, p.count, p.required, p.status])).toEqual([
      ["2026-05", 3, 5, "missed"],
      ["2026-06", 3, 5, "missed"],
      ["2026-07", 3, 3, "met"],
      ["2026-08", 3, 3, "met"],
    ]);
    // No YEAR_TALKS row: the source's 10 applies.
    expect(memberOf((await report(2026, "2026-08-31")), "zhangsan").yearTalks.required).toBe(10);
  });
});

describe("weekly line visits (责任区工作制度 6(1))", () => {
  it("counts visits in the ISO weeks of ISO week-year 2026, from 2025-12-29 to 2027-01-03", async () => {
    const zhang = await s.cadre("zhangsan");
    const line = await s.line("1路");
    await s.assignLine(zhang.id, line.id, "2025-12-01");
    await s.visits(zhang.id, line.id, ["2025-12-28", "2025-12-29", "2025-12-31", "2026-01-04", "2027-01-01", "2027-01-04"]);
    const weeks = memberOf((await report(2026, "2027-01-03")), "zhangsan").weeklyVisits!;
    expect(weeks).toHaveLength(53);
    expect(weeks[0]).toEqual({ period: "2026-W01", count: 3, required: 3, status: "met" });
    expect(weeks[1]).toEqual({ period: "2026-W02", count: 0, required: 3, status: "missed" });
    // 2027-01-03 is the last day of 2026-W53: not over yet, 1 of 3 is behind pace.
    expect(weeks[52]).toEqual({ period: "2026-W53", count: 1, required: 3, status: "at_risk" });
  });

  it("counts only visits to the line assigned on the visit's date", async () => {
    const zhang = await s.cadre("zhangsan");
    const a = await s.line("1路");
    const b = await s.line("2路");
    const dept = await s.department("办公室");
    await s.assignLine(zhang.id, a.id, "2026-01-05", "2026-01-11");
    await s.assignLine(zhang.id, b.id, "2026-01-12");
    await s.visits(zhang.id, a.id, ["2026-01-05", "2026-01-12"]);
    await s.visits(zhang.id, b.id, ["2026-01-06", "2026-01-13", "2026-01-14"]);
    await s.visits(zhang.id, null, ["2026-01-07"], { departmentId: dept.id });
    await s.visits(zhang.id, b.id, ["2026-01-15"], { deleted: true });
    const weeks = memberOf((await report(2026, "2026-01-31")), "zhangsan").weeklyVisits!;
    expect(weeks.slice(0, 2).map((w) => [w.period, w.count])).toEqual([
      ["2026-W02", 1],
      ["2026-W03", 2],
    ]);
  });

  it("makes a cadre who got a line on a Thursday owe 2 visits that week", async () => {
    const zhang = await s.cadre("zhangsan");
    const line = await s.line("1路");
    await s.assignLine(zhang.id, line.id, "2026-03-05"); // a Thursday, in 2026-W10
    await s.visits(zhang.id, line.id, ["2026-03-05", "2026-03-06"]);
    const weeks = memberOf((await report(2026, "2026-03-15")), "zhangsan").weeklyVisits!;
    expect(weeks).toEqual([
      { period: "2026-W10", count: 2, required: 2, status: "met" },
      { period: "2026-W11", count: 0, required: 3, status: "at_risk" },
    ]);
  });
});

describe("pairings (结穷亲)", () => {
  it("counts the households a county-managed cadre is paired with on asOf against 4", async () => {
    const zone = await s.zone("第一责任区");
    const zhang = await s.cadre("zhangsan", { cadreLevel: "COUNTY_MANAGED" });
    for (const [i, started, ended] of [
      [1, "2025-03-01", null],
      [2, "2025-06-01", null],
      [3, "2026-01-10", null],
      [4, "2025-01-01", "2026-03-01"],
      [5, "2026-07-15", null],
    ] as const) {
      const r = await s.resident(zone.id, `住户${i}`);
      await s.pairing(zhang.id, r.id, started, ended);
    }
    expect(memberOf((await report(2026, "2026-06-30")), "zhangsan").pairings).toEqual({ count: 3, required: 4, status: "missed" });
  });

  it("does not apply to a cadre without a cadre level or to a plain member", async () => {
    await s.cadre("nolevel");
    await s.member("plain", { cadreLevel: "GENERAL" });
    const r = (await report(2026, "2026-06-30"));
    expect("pairings" in memberOf(r, "nolevel")).toBe(false);
    expect("pairings" in memberOf(r, "plain")).toBe(false);
  });

  it("falls back to the member's cadre level when the role term has none", async () => {
    const zone = await s.zone("第一责任区");
    const m = await s.member("grad", { role: "CADRE", cadreLevel: "GRADUATE_OFFICIAL", terms: [{ role: "CADRE", fromOn: "2025-01-01" }] });
    await s.pairing(m.id, (await s.resident(zone.id, "住户")).id, "2026-01-01");
    const g = memberOf((await report(2026, "2026-06-30")), "grad");
    expect(g.cadreLevel).toBe("GRADUATE_OFFICIAL");
    expect(g.pairings).toEqual({ count: 1, required: 1, status: "met" });
  });
});

describe("zones and the branch", () => {
  it("judges each zone's courtyard meetings per month and the branch's meetings per half-year", async () => {
    const admin = await s.member("admin", { role: "ADMIN" });
    const a = await s.zone("第一责任区", "2025-01-01");
    const b = await s.zone("第二责任区", "2026-02-10");
    await s.zone("旧责任区", "2024-01-01", "2025-12-31");
    await s.zone("新责任区", "2026-05-01");
    await s.meeting("COURTYARD", a.id, "2026-01-15", admin.id);
    await s.meeting("FORUM", a.id, "2026-02-10", admin.id);
    await s.meeting("COURTYARD", a.id, "2026-02-20", admin.id, { deleted: true });
    await s.meeting("COURTYARD", a.id, "2026-03-02", admin.id);
    await s.meeting("COURTYARD", a.id, "2026-03-20", admin.id);
    await s.meeting("COURTYARD", b.id, "2026-02-25", admin.id);
    await s.meeting("COURTYARD", b.id, "2026-04-01", admin.id);

    const r = (await report(2026, "2026-03-31"));
    expect(r.zones.map((z) => z.name)).toEqual(["第一责任区", "第二责任区"]);
    expect(r.zones[0].monthlyCourtyardMeetings).toEqual([
      { period: "2026-01", count: 1, required: 1, status: "met" },
      { period: "2026-02", count: 0, required: 1, status: "missed" },
      { period: "2026-03", count: 2, required: 1, status: "met" },
    ]);
    expect(r.zones[1].monthlyCourtyardMeetings).toEqual([
      { period: "2026-02", count: 1, required: 1, status: "met" },
      { period: "2026-03", count: 0, required: 1, status: "at_risk" },
    ]);
    expect(r.branch.halfYearMeetings).toEqual([{ period: "2026-H1", count: 1, required: 1, status: "met" }]);
    expect(r.members).toEqual([]);
  });
});

describe("zone shown and filters", () => {
  it("shows the zone assigned on asOf, else the last zone of the year, else null", async () => {
    const a = await s.zone("第一责任区");
    const b = await s.zone("第二责任区");
    const mover = await s.member("mover");
    await s.assignZone(mover.id, a.id, "2025-01-01", "2026-04-30");
    await s.assignZone(mover.id, b.id, "2026-05-01");
    const leaver = await s.member("leaver", { deactivatedOn: "2026-04-30" });
    await s.assignZone(leaver.id, a.id, "2025-01-01", "2026-04-30");
    await s.member("nowhere");
    const r = (await report(2026, "2026-06-30"));
    expect([memberOf(r, "mover").zone, memberOf(r, "leaver").zone, memberOf(r, "nowhere").zone]).toEqual([
      "第二责任区",
      "第一责任区",
      null,
    ]);
    expect(memberOf((await report(2026, "2026-03-31")), "mover").zone).toBe("第一责任区");
  });

  it("keeps only the given members and their zones, or only one zone and its members", async () => {
    const a = await s.zone("第一责任区");
    const b = await s.zone("第二责任区");
    const one = await s.member("one");
    const two = await s.member("two");
    const three = await s.member("three");
    await s.assignZone(one.id, a.id, "2025-01-01");
    await s.assignZone(two.id, b.id, "2025-01-01");
    await s.assignZone(three.id, a.id, "2025-01-01", "2026-02-28");
    await s.assignZone(three.id, b.id, "2026-03-01");
    await s.talks(two.id, ["2026-01-02", "2026-01-03"]);

    await s.meeting("FORUM", a.id, "2026-03-03", one.id);

    const byIds = (await report(2026, "2026-06-30", { memberIds: [one.id, three.id] }));
    expect(byIds.members.map((m) => m.username)).toEqual(["one", "three"]);
    expect(byIds.zones.map((z) => z.name)).toEqual(["第一责任区", "第二责任区"]);
    const justOne = (await report(2026, "2026-06-30", { memberIds: [one.id] }));
    expect(justOne.members.map((m) => m.username)).toEqual(["one"]);
    expect(justOne.zones.map((z) => z.name)).toEqual(["第一责任区"]);

    const byZone = (await report(2026, "2026-06-30", { zoneId: b.id }));
    expect(byZone.members.map((m) => [m.username, m.zone, m.yearTalks.count])).toEqual([
      ["two", "第二责任区", 2],
      ["three", "第二责任区", 0],
    ]);
    expect(byZone.zones.map((z) => z.name)).toEqual(["第二责任区"]);
    // The branch's meetings are branch-wide whatever the filter.
    expect(byZone.branch.halfYearMeetings[0]).toMatchObject({ period: "2026-H1", count: 1, status: "met" });
    expect((await report(2026, "2026-06-30", { zoneId: b.id, memberIds: [one.id] })).members).toEqual([]);
  });
});

describe("the JSON shape of FORMATS.md", () => {
  it("has exactly the documented keys and period labels", async () => {
    const zone = await s.zone("第一责任区");
    const zhang = await s.cadre("zhangsan", { name: "张三", cadreLevel: "MIDDLE" });
    await s.assignZone(zhang.id, zone.id, "2025-01-01");
    const line = await s.line("1路");
    await s.assignLine(zhang.id, line.id, "2025-01-01");
    await s.talks(zhang.id, ["2026-01-05"]);
    const r = JSON.parse(JSON.stringify((await report(2026, "2026-01-20"))));

    expect(Object.keys(r)).toEqual(expect.arrayContaining(["year", "asOf", "timeZone", "members", "zones"]));
    expect([r.year, r.asOf, r.timeZone]).toEqual([2026, "2026-01-20", "Asia/Shanghai"]);
    const m = r.members[0];
    expect(Object.keys(m)).toEqual(
      expect.arrayContaining(["username", "name", "role", "zone", "yearTalks", "monthlyTalks", "weeklyVisits", "pairings"]),
    );
    expect([m.id, m.username, m.name, m.role, m.cadreLevel, m.zone]).toEqual([zhang.id, "zhangsan", "张三", "CADRE", "MIDDLE", "第一责任区"]);
    expect(Object.keys(m.yearTalks).sort()).toEqual(["count", "required", "status"]);
    expect(Object.keys(m.pairings).sort()).toEqual(["count", "required", "status"]);
    expect(Object.keys(m.monthlyTalks[0]).sort()).toEqual(["count", "period", "required", "status"]);
    expect(m.monthlyTalks.map((p: { period: string }) => p.period)).toEqual(["2026-01"]);
    expect(m.weeklyVisits.map((p: { period: string }) => p.period)).toEqual(["2026-W01", "2026-W02", "2026-W03", "2026-W04"]);
    expect(Object.keys(r.zones[0])).toEqual(expect.arrayContaining(["name", "monthlyCourtyardMeetings"]));
    expect(r.zones[0].monthlyCourtyardMeetings[0]).toEqual({ period: "2026-01", count: 0, required: 1, status: "at_risk" });
  });
});
