/**
 * The 三维考核 (src/reports/assessment.ts, issue 13) at county scale against its floor: every
 * assessed unit of the county (about 100 townships and departments) as JSON the way
 * `GET /reports/assessment?format=json` serves it (`assessmentOf` + `assessmentJson` +
 * `JSON.stringify`), and as the function alone.
 *
 * The floor is the bare read of the same rows, each grouped where the assessment places it, and
 * nothing else: the year's requests joined to their author's dated membership and grouped by
 * branch (as the roll-up bench's floor); the members by their branch on the last day; the zones by
 * branch; the year's ballots grouped by unit, level and grade; every survey answer sheet of the
 * year (the JSON text read, not parsed); the org tree. No feedback rule, no shares, no scores, no
 * ranks. Like the roll-up, the 工作实绩 shares come from the county compliance report, which the
 * app keeps while the ledger is unchanged (report-cache.ts): the judged figure uses that cache
 * (built in the warm-up); `cold` is the first assessment after a write (the ledger version raised,
 * the compliance report rebuilt), for information. Timed interleaved, median of `runs`.
 */
import type Database from "better-sqlite3";
import { assessmentJson, assessmentOf } from "../../src/reports/assessment.ts";
import type { Kysely } from "kysely";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import { floorSql } from "./rollup-bench.ts";
import { median, type Sample, timeInterleavedAsync, timeOnceAsync } from "./stats.ts";

/** The floor's statements, by name (parameters @from, @to, @year). */
export const ASSESSMENT_FLOOR_SQL: Record<string, string> = {
  requests: floorSql(false).requests,
  members: floorSql(false).members,
  zones: `SELECT branchId, count(*) FROM Zone GROUP BY branchId`,
  ballots: `SELECT orgId, level, grade, count(*) FROM Ballot WHERE year = @year GROUP BY orgId, level, grade`,
  answers: `SELECT orgId, answers FROM SurveyAnswer WHERE year = @year`,
  orgs: `SELECT id, path, kind, parentId FROM Org`,
};

export interface AssessmentFigures {
  floor: Sample;
  json: Sample;
  fn: Sample;
  /** First assessment after a write (compliance report rebuilt): median of `coldRuns`. */
  cold: Sample;
  coldRuns: number;
  units: number;
  /** Units with all three dimensions scored. */
  complete: number;
  ballots: number;
  answers: number;
  bytes: number;
}

/**
 * What the 三维考核 bench times on either engine (the floors differ): the assessment as JSON and the
 * function alone. `sizes` is filled by the JSON run (units, complete units, bytes).
 */
export function assessmentSubjects(kx: Kysely<DB>, year: number, asOf: string) {
  const sizes = { units: 0, complete: 0, bytes: 0 };
  const subjects = {
    json: async () => {
      const d = await assessmentOf(kx, year, asOf);
      sizes.units = d.units.length;
      sizes.complete = d.units.filter((u) => u.performance !== null && u.rating !== null && u.survey !== null).length;
      sizes.bytes = Buffer.byteLength(JSON.stringify(assessmentJson(d)));
    },
    fn: () => assessmentOf(kx, year, asOf),
  };
  return { subjects, sizes };
}

export async function benchAssessment(raw: Database.Database, year: number, asOf: string, runs: number, coldRuns = 3): Promise<AssessmentFigures> {
  const kx = openKysely("file:bench", { sqlite: raw }); // over the bench's handle (left open)
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const params = { from: `${year}-01-01`, to, year };
  const floor = Object.values(ASSESSMENT_FLOOR_SQL).map((sql) => {
    const stmt = raw.prepare(sql);
    const names = [...sql.matchAll(/@(\w+)/g)].map((m) => m[1]);
    const own = Object.fromEntries(Object.entries(params).filter(([k]) => names.includes(k)));
    return () => stmt.raw().all(own);
  });
  const { subjects, sizes } = assessmentSubjects(kx, year, asOf);
  const t = await timeInterleavedAsync({ floor: () => floor.forEach((read) => read()), ...subjects }, runs);
  // Rows 1, 3 and 4 (a roster write raises all three): the report re-reads everything, not only the talks.
  const bump = raw.prepare(`UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" IN (1, 3, 4)`);
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    bump.run();
    cold.push(await timeOnceAsync(async () => JSON.stringify(assessmentJson(await assessmentOf(kx, year, asOf)))));
  }
  await kx.destroy();
  const count = (table: string) => raw.prepare(`SELECT count(*) FROM "${table}" WHERE "year" = ?`).pluck().get(year) as number;
  return {
    floor: t.floor,
    json: t.json,
    fn: t.fn,
    cold: { wallMs: median(cold.map((s) => s.wallMs)), cpuMs: median(cold.map((s) => s.cpuMs)) },
    coldRuns,
    units: sizes.units,
    complete: sizes.complete,
    ballots: count("Ballot"),
    answers: count("SurveyAnswer"),
    bytes: sizes.bytes,
  };
}
