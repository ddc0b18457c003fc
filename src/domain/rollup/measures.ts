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
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../../db/kysely.ts";
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

type Row = { memberId: number; on: string; ref: number; n: number };

const memberCounted = (r: RollupRange) => sql`m."role" <> 'ADMIN' AND m."registeredOn" <= ${r.to} AND (m."deactivatedOn" IS NULL OR m."deactivatedOn" >= ${r.to})`;

/** The last day selected as a column: typed text, so PostgreSQL never has to guess a parameter's type. */
const lastDay = (r: RollupRange) => sql`CAST(${r.to} AS TEXT)`;

const SQL: Record<MeasureFigure, (r: RollupRange, a?: Attribution) => RawBuilder<Row>> = {
  stationed: (r, a) =>
    sql`SELECT "memberId", ${lastDay(r)} AS "on", "id" AS "ref", 1 AS "n" FROM "Stationing" WHERE "fromOn" <= ${r.to} AND ("toOn" IS NULL OR "toOn" >= ${r.to}) ${authorsOf(a, sql`"memberId"`)}`,
  trained: (r, a) =>
    sql`SELECT DISTINCT ta."memberId", ${lastDay(r)} AS "on", ta."memberId" AS "ref", 1 AS "n" FROM "TrainingAttendance" ta JOIN "TrainingSession" s ON s."id" = ta."sessionId" JOIN "Member" m ON m."id" = ta."memberId"
     WHERE s."heldOn" BETWEEN ${r.from} AND ${r.to} AND ${memberCounted(r)} ${authorsOf(a, sql`ta."memberId"`)}`,
  projects: (r, a) =>
    sql`SELECT p."cadreId" AS "memberId", ar."givenOn" AS "on", ar."id" AS "ref", 1 AS "n" FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
     WHERE ar."kind" = 'PROJECT' AND ar."givenOn" BETWEEN ${r.from} AND ${r.to} AND ar."deletedAt" IS NULL ${authorsOf(a, sql`p."cadreId"`)}`,
  employment: (r, a) =>
    sql`SELECT p."cadreId" AS "memberId", ar."givenOn" AS "on", ar."id" AS "ref", COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END) AS "n" FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
     WHERE (ar."kind" = 'EMPLOYMENT' OR ar."peopleEmployed" > 0) AND ar."givenOn" BETWEEN ${r.from} AND ${r.to} AND ar."deletedAt" IS NULL ${authorsOf(a, sql`p."cadreId"`)}`,
  problemsSolved: (r, a) =>
    sql`SELECT q."createdById" AS "memberId", q."raisedOn" AS "on", q."id" AS "ref", 1 AS "n" FROM "Request" q
     WHERE q."raisedOn" BETWEEN ${r.from} AND ${r.to} AND q."deletedAt" IS NULL AND q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ${r.to} ${authorsOf(a, sql`q."createdById"`)}`,
};

/** The records behind `figure` in range `r`, each with the unit it counts toward (rows outside every unit left out). */
export async function measureRows(kx: Kysely<DB>, units: Units, figure: MeasureFigure, r: RollupRange, a?: Attribution): Promise<MeasureRow[]> {
  const { rows } = await SQL[figure](r, a).execute(kx);
  const out: MeasureRow[] = [];
  for (const { memberId, on, ref, n } of rows) {
    const unit = units.on(memberId, on);
    if (unit !== null && n > 0) out.push({ unit, memberId, on, ref, n });
  }
  return out;
}

/** The counts per unit of each figure in `figures` (every measure figure by default). */
export async function countMeasures(
  kx: Kysely<DB>,
  units: Units,
  r: RollupRange,
  a?: Attribution,
  figures: readonly MeasureFigure[] = MEASURE_FIGURES,
): Promise<Map<MeasureFigure, Counts>> {
  const out = new Map<MeasureFigure, Counts>();
  for (const f of figures) {
    const counts: Counts = new Map();
    for (const row of await measureRows(kx, units, f, r, a)) counts.set(row.unit, (counts.get(row.unit) ?? 0) + row.n);
    out.set(f, counts);
  }
  return out;
}

/** trained ÷ members of one row's summed figures (0 without members), 4 decimals. */
export function trainedShareOf(t: { trained: number; members: number }): number {
  return t.members > 0 ? Math.round((t.trained / t.members) * 10000) / 10000 : 0;
}
