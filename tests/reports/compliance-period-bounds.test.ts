import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildComplianceReport, type MemberCompliance } from "../../src/domain/compliance/report.ts";
import { dayNumberAt } from "../../src/domain/compliance/queries.ts";
import { fromDayNumber, toDayNumber } from "../../src/rules/index.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { scenario } from "./scenario.ts";

// The weekly visits are counted on day numbers read in place from the visits' text
// (queries.ts `countWeekVisits`): the day number must be the calendar's on every day, and the
// week of a visit right on every boundary (ISO weeks across years, leap days, line changes).

describe("dayNumberAt", () => {
  it("gives toDayNumber's day number for every day from 1970 to 2100, read inside a longer text", () => {
    for (let n = toDayNumber("1970-01-01"); n <= toDayNumber("2100-12-31"); n++) {
      const d = fromDayNumber(n);
      if (dayNumberAt(`x,${d}17,`, 2) !== n) expect(`${d}: ${dayNumberAt(`x,${d}17,`, 2)}`).toBe(`${d}: ${n}`);
    }
  });
});

let t: TestDb;
let s: Awaited<ReturnType<typeof scenario>>;
beforeEach(async () => {
  t = await freshDb();
  s = await scenario(t);
});
afterEach(async () => {
  await t.close();
});

const weeksOf = async (year: number, asOf: string, username: string) => {
  const m = (await buildComplianceReport(t.kx, { year, asOf })).members.find((x: MemberCompliance) => x.username === username)!;
  return Object.fromEntries(m.weeklyVisits!.map((w) => [w.period, w.count]));
};

describe("weekly visits on the week boundaries", () => {
  it("puts each visit of a leap year's February and of week 53 of 2020 in its ISO week", async () => {
    const zhang = await s.cadre("zhangsan", { registeredOn: "2019-01-01" });
    const line = await s.line("1路");
    await s.assignLine(zhang.id, line.id, "2019-06-01");
    // 2020-W09 is 02-24..03-01 (29 February inside); 2020-W53 is 2020-12-28..2021-01-03.
    await s.visits(zhang.id, line.id, ["2020-02-23", "2020-02-24", "2020-02-28", "2020-02-29", "2020-03-01", "2020-03-02", "2020-12-27", "2020-12-28", "2021-01-03", "2021-01-04"]);
    const w = (await weeksOf(2020, "2021-01-10", "zhangsan"));
    expect([w["2020-W08"], w["2020-W09"], w["2020-W10"], w["2020-W52"], w["2020-W53"]]).toEqual([1, 4, 1, 1, 2]);
    expect(Object.keys(w)).toHaveLength(53);
    // 2021-01-04 opens 2021-W01; 2021-01-03 belongs to 2020's week-year, not 2021's.
    expect((await weeksOf(2021, "2021-01-10", "zhangsan"))["2021-W01"]).toBe(1);
  });

  it("counts a visit on the last day of a line and not the same line's visit the day after", async () => {
    const zhang = await s.cadre("zhangsan");
    const a = await s.line("1路");
    const b = await s.line("2路");
    await s.assignLine(zhang.id, a.id, "2026-01-01", "2026-03-31");
    await s.assignLine(zhang.id, b.id, "2026-04-01");
    // 2026-03-30..04-05 is 2026-W14: 03-31 on line a counts, 04-01 on line a does not, 04-01 on line b does.
    await s.visits(zhang.id, a.id, ["2026-03-31", "2026-04-01"]);
    await s.visits(zhang.id, b.id, ["2026-03-31", "2026-04-01", "2026-04-05", "2026-04-06"]);
    const w = (await weeksOf(2026, "2026-04-30", "zhangsan"));
    expect([w["2026-W14"], w["2026-W15"]]).toEqual([3, 1]);
  });
});

// Talks of people with months (or a partial year) are counted from their dates
// (queries.ts `tallyTalkDays`): a subject covering the whole range counts months by their digits,
// any other subject date by date. Both must give the same counts on every month boundary.
describe("monthly talks on the month boundaries", () => {
  const DATES = ["2025-12-31", "2026-01-01", "2026-01-31", "2026-02-01", "2026-02-28", "2026-03-01", "2026-06-14", "2026-06-15", "2026-12-31", "2027-01-01"];
  const monthsOf = (m: MemberCompliance) => Object.fromEntries(m.monthlyTalks!.filter((p) => p.count > 0).map((p) => [p.period, p.count]));

  it("counts each month's talks of a cadre of the whole year, for the whole roll and for one person", async () => {
    const zhang = await s.cadre("zhangsan");
    await s.talks(zhang.id, DATES);
    for (const more of [{}, { memberIds: [zhang.id] }]) {
      const m = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-12-31", ...more })).members.find((x) => x.id === zhang.id)!;
      expect(m.yearTalks.count).toBe(8);
      expect(monthsOf(m)).toEqual({ "2026-01": 2, "2026-02": 2, "2026-03": 1, "2026-06": 2, "2026-12": 1 });
      const feb = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-02-28", ...more })).members.find((x) => x.id === zhang.id)!;
      expect([feb.yearTalks.count, monthsOf(feb)]).toEqual([4, { "2026-01": 2, "2026-02": 2 }]);
    }
  });

  it("counts only the days in office of a cadre who joined on 1 February and was demoted on 15 June", async () => {
    const li = await s.member("lisi", {
      registeredOn: "2026-02-01",
      terms: [
        { role: "CADRE", fromOn: "2026-02-01", toOn: "2026-06-14" },
        { role: "MEMBER", fromOn: "2026-06-15" },
      ],
    });
    await s.talks(li.id, DATES);
    for (const more of [{}, { memberIds: [li.id] }]) {
      const m = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-12-31", ...more })).members.find((x) => x.id === li.id)!;
      expect(m.yearTalks.count).toBe(6); // from 02-01 on; the yearly talks bind a 党员 too
      expect(monthsOf(m)).toEqual({ "2026-02": 2, "2026-03": 1, "2026-06": 1 }); // 06-15 is a 党员's talk
    }
  });
});
