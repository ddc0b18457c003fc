/**
 * The demo county's 三维考核 inputs (src/seed/assessment.ts): a fresh demo seed shows real scores
 * in every dimension for every assessed unit, with ballots of the three levels, a 常住人口 for each
 * unit, a draw per unit that the recorded seed reproduces (sizes, no repeats, inside the unit) and
 * answers only from people drawn; the same options give the same rows.
 */
import { afterEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { seedDatabase, type SeedOptions } from "../../src/seed/seed.ts";
import { assessedUnits } from "../../src/domain/assessment/units.ts";
import { drawSample } from "../../src/domain/assessment/draw.ts";
import { residentsOnRecord, storedDraw } from "../../src/domain/assessment/survey.ts";
import { sampleSize } from "../../src/domain/assessment/scores.ts";
import { computeAssessment } from "../../src/reports/assessment.ts";

const TODAY = "2026-11-18";
const OPTS: SeedOptions = { scale: "demo", year: 2026, today: TODAY, demoPassword: "demo-pass-1" };

const opened: TestDb[] = [];
async function seeded(opts: SeedOptions = OPTS): Promise<TestDb> {
  const t = await freshDb();
  opened.push(t);
  await seedDatabase(t.url, opts);
  return t;
}
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

describe("the demo county's 三维考核", () => {
  it("scores every assessed unit in all three dimensions and ranks them", async () => {
    const t = await seeded();
    const d = await computeAssessment(t.kx, 2026, TODAY);
    expect(d.units.length).toBe(5); // three townships, two departments
    for (const u of d.units) {
      expect(u.performance, u.code).not.toBeNull();
      expect(u.rating, u.code).not.toBeNull();
      expect(u.survey, u.code).not.toBeNull();
      for (const level of ["UPPER", "LOWER", "PEER"] as const) expect(u.levels[level].ballots, `${u.code} ${level}`).toBeGreaterThan(0);
    }
    expect(d.units.map((u) => u.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(d.units.map((u) => u.total)).size).toBeGreaterThan(1);
  });

  it("draws each unit's sample from its recorded seed: 2‰ (at least 20), no repeats, inside the unit; answers only from those drawn", async () => {
    const t = await seeded();
    for (const u of (await assessedUnits(t.kx, 2026))) {
      expect(u.population, u.code).not.toBeNull();
      const draw = (await storedDraw(t.kx, 2026, u.id))!;
      const pool = await residentsOnRecord(t.kx, u.path, TODAY);
      const ids = draw.people.map((p) => p.residentId);
      expect(ids.length, u.code).toBe(sampleSize(u.population!, pool.length));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.every((id) => pool.includes(id))).toBe(true);
      expect(ids).toEqual(drawSample(pool, ids.length, draw.seed)); // the recorded seed reproduces it
      const answered = await t.kx.selectFrom("SurveyAnswer").select(["respondentNo", "residentId"]).where("year", "=", 2026).where("orgId", "=", u.id).execute();
      expect(answered.length).toBeGreaterThan(ids.length / 2);
      for (const a of answered) expect(ids[Number(a.respondentNo) - 1]).toBe(a.residentId);
    }
  });

  it("gives the same ballots, draws and answers for the same options", async () => {
    const rows = (t: TestDb) =>
      Promise.all((["Ballot", "SurveyDraw", "SurveyRespondent", "SurveyAnswer"] as const).map((table) => t.kx.selectFrom(table).selectAll().orderBy("id").execute()));
    expect(await rows(await seeded())).toEqual(await rows(await seeded()));
  });
});
