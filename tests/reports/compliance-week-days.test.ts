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

const weeksOf = (year: number, asOf: string, username: string) => {
  const m = buildComplianceReport(t.raw, { year, asOf }).members.find((x: MemberCompliance) => x.username === username)!;
  return Object.fromEntries(m.weeklyVisits!.map((w) => [w.period, w.count]));
};

describe("weekly visits on the week boundaries", () => {
  it("puts each visit of a leap year's February and of week 53 of 2020 in its ISO week", async () => {
    const zhang = await s.cadre("zhangsan", { registeredOn: "2019-01-01" });
    const line = await s.line("1路");
    await s.assignLine(zhang.id, line.id, "2019-06-01");
    // 2020-W09 is 02-24..03-01 (29 February inside); 2020-W53 is 2020-12-28..2021-01-03.
    await s.visits(zhang.id, line.id, ["2020-02-23", "2020-02-24", "2020-02-28", "2020-02-29", "2020-03-01", "2020-03-02", "2020-12-27", "2020-12-28", "2021-01-03", "2021-01-04"]);
    const w = weeksOf(2020, "2021-01-10", "zhangsan");
    expect([w["2020-W08"], w["2020-W09"], w["2020-W10"], w["2020-W52"], w["2020-W53"]]).toEqual([1, 4, 1, 1, 2]);
    expect(Object.keys(w)).toHaveLength(53);
    // 2021-01-04 opens 2021-W01; 2021-01-03 belongs to 2020's week-year, not 2021's.
    expect(weeksOf(2021, "2021-01-10", "zhangsan")["2021-W01"]).toBe(1);
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
    const w = weeksOf(2026, "2026-04-30", "zhangsan");
    expect([w["2026-W14"], w["2026-W15"]]).toEqual([3, 1]);
  });
});
