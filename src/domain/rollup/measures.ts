/**
 * The roll-up's figures of the county's other measures (issue 18 items 3–5), counted like the
 * others (queries.ts: `Units` over the one dated-membership model, src/domain/orgs/memberships.ts):
 * - `stationed`: stationings (驻村, src/domain/stationing/) running on the report's last day,
 *   toward the cadre's own unit on that day (FORMATS.md: people count where they belong then);
 * - `trained`: members (as `members` counts them: not ADMIN, registered and active on the last day)
 *   who attended at least one 三项教育 session dated in the year up to the last day, toward their
 *   unit on the last day; `trainedShare` = trained ÷ members, computed from the summed numerator
 *   and denominator of each row (never an average of the children's shares), 4 decimals;
 * - `projects`: assistance records of kind 项目 (PROJECT), `employment`: people helped into work
 *   (AssistanceRecord.peopleEmployed, or 1 for a 就业 record without the number), each toward the
 *   pairing cadre's unit on the day given;
 * - `problemsSolved`: requests raised in the range and answered (feedback given by the last day),
 *   toward their recorder's unit on the day raised (as `requestsRaised`).
 * `measureRows` lists the records behind each figure (the roll-up's drill-down); `countMeasures`
 * sums them per unit. Soft-deleted records never count. Dates: Asia/Shanghai `YYYY-MM-DD`.
 */
import type Database from "better-sqlite3";
import { authorsOf, type Attribution, type Counts, type RollupRange, type Units } from "./queries.ts";

export const MEASURE_FIGURES = ["stationed", "trained", "projects", "employment", "problemsSolved"] as const;
export type MeasureFigure = (typeof MEASURE_FIGURES)[number];

/** One record behind a figure: the unit it counts toward, its person, date, id and weight. */
export interface MeasureRow {
  unit: number;
  memberId: number;
  on: string;
  /** Stationing id, member id (trained), AssistanceRecord id or Request id. */
  ref: number;
  n: number;
}

const MEMBER_COUNTED = `m."role" <> 'ADMIN' AND m."registeredOn" <= @to AND (m."deactivatedOn" IS NULL OR m."deactivatedOn" >= @to)`;

const SQL: Record<MeasureFigure, (a?: Attribution) => string> = {
  stationed: (a) => `SELECT "memberId", @to, "id", 1 FROM "Stationing" WHERE "fromOn" <= @to AND ("toOn" IS NULL OR "toOn" >= @to) ${authorsOf(a, `"memberId"`)}`,
  trained: (a) =>
    `SELECT DISTINCT ta."memberId", @to, ta."memberId", 1 FROM "TrainingAttendance" ta JOIN "TrainingSession" s ON s."id" = ta."sessionId" JOIN "Member" m ON m."id" = ta."memberId"
     WHERE s."heldOn" BETWEEN @from AND @to AND ${MEMBER_COUNTED} ${authorsOf(a, `ta."memberId"`)}`,
  projects: (a) =>
    `SELECT p."cadreId", ar."givenOn", ar."id", 1 FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
     WHERE ar."kind" = 'PROJECT' AND ar."givenOn" BETWEEN @from AND @to AND ar."deletedAt" IS NULL ${authorsOf(a, `p."cadreId"`)}`,
  employment: (a) =>
    `SELECT p."cadreId", ar."givenOn", ar."id", COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END) FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
     WHERE (ar."kind" = 'EMPLOYMENT' OR ar."peopleEmployed" > 0) AND ar."givenOn" BETWEEN @from AND @to AND ar."deletedAt" IS NULL ${authorsOf(a, `p."cadreId"`)}`,
  problemsSolved: (a) =>
    `SELECT q."createdById", q."raisedOn", q."id", 1 FROM "Request" q
     WHERE q."raisedOn" BETWEEN @from AND @to AND q."deletedAt" IS NULL AND q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= @to ${authorsOf(a, `q."createdById"`)}`,
};

/** The records behind `figure` in range `r`, each with the unit it counts toward (rows outside every unit left out). */
export function measureRows(raw: Database.Database, units: Units, figure: MeasureFigure, r: RollupRange, a?: Attribution): MeasureRow[] {
  const rows = raw.prepare(SQL[figure](a)).raw().all({ from: r.from, to: r.to }) as Array<[number, string, number, number]>;
  const out: MeasureRow[] = [];
  for (const [memberId, on, ref, n] of rows) {
    const unit = units.on(memberId, on);
    if (unit !== null && n > 0) out.push({ unit, memberId, on, ref, n });
  }
  return out;
}

/** The counts per unit of each figure in `figures` (every measure figure by default). */
export function countMeasures(
  raw: Database.Database,
  units: Units,
  r: RollupRange,
  a?: Attribution,
  figures: readonly MeasureFigure[] = MEASURE_FIGURES,
): Map<MeasureFigure, Counts> {
  const out = new Map<MeasureFigure, Counts>();
  for (const f of figures) {
    const counts: Counts = new Map();
    for (const row of measureRows(raw, units, f, r, a)) counts.set(row.unit, (counts.get(row.unit) ?? 0) + row.n);
    out.set(f, counts);
  }
  return out;
}

/** trained ÷ members of one row's summed figures (0 without members), 4 decimals. */
export function trainedShareOf(t: { trained: number; members: number }): number {
  return t.members > 0 ? Math.round((t.trained / t.members) * 10000) / 10000 : 0;
}
