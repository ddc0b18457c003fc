/**
 * The roll-up figures of 三进三同 stays and writings (issue 18 item 5), counted as DOMAIN.md "Roll-up
 * counting" says, with the one dated-membership model (queries.ts `Units`):
 * - `stays`: stays beginning in the range (dated by their first day, `fromOn`), toward the cadre's
 *   unit on that day (queries.ts countRecords);
 * - `stayHouseholds`: the distinct households (residents) stayed with in the range, each counted
 *   ONCE in the whole county, toward the unit of the cadre of its first stay of the range (earliest
 *   `fromOn`, then lowest id). Counting a household once where it was first reached keeps the
 *   children summing to the parent at every level (a household two branches stayed with is not
 *   counted twice in the county);
 * - `writings`: writings dated in the range (`writtenOn`), toward the author's unit on that day.
 * `countedIn` lists the ids of the records one unit's figure counts (the roll-up's drill-down), by
 * the same attribution. Dates are Asia/Shanghai `YYYY-MM-DD`; soft-deleted rows never count.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { authorsOf, countRecords, type Attribution, type Counts, type RollupRange, type Units } from "./queries.ts";

export interface StayFigures {
  stays: Counts;
  stayHouseholds: Counts;
  writings: Counts;
}

/** Each household's first stay of the range: [stay id, resident id, cadre id, fromOn], in the county. */
async function firstStays(kx: Kysely<DB>, r: RollupRange): Promise<Array<[number, number, number, string]>> {
  const found = await kx
    .selectFrom("Stay")
    .select(["id", "residentId", "cadreId", "fromOn"])
    .where("fromOn", ">=", r.from)
    .where("fromOn", "<=", r.to)
    .where("deletedAt", "is", null)
    .orderBy("residentId")
    .orderBy("fromOn")
    .orderBy("id")
    .execute();
  const rows = found.map((s): [number, number, number, string] => [s.id, s.residentId, s.cadreId, s.fromOn]);
  return rows.filter((row, i) => i === 0 || rows[i - 1][1] !== row[1]);
}

/** The three figures per unit of `units` (branch or zone ids). */
export async function stayFigures(kx: Kysely<DB>, units: Units, r: RollupRange, a?: Attribution): Promise<StayFigures> {
  const stayHouseholds: Counts = new Map();
  for (const [, , cadreId, fromOn] of await firstStays(kx, r)) {
    const unit = units.on(cadreId, fromOn);
    if (unit !== null) stayHouseholds.set(unit, (stayHouseholds.get(unit) ?? 0) + 1);
  }
  return {
    stays: await countRecords(kx, units, "Stay", "cadreId", "fromOn", r, a),
    stayHouseholds,
    writings: await countRecords(kx, units, "Writing", "authorId", "writtenOn", r, a),
  };
}

export type StayFigure = keyof StayFigures;

/**
 * The ids of the records `figure` counts toward any unit in `unitIds` (a subtree's branches, or
 * one zone), newest first: stay ids for `stays` and `stayHouseholds` (the households' first
 * stays), writing ids for `writings`.
 */
export async function countedIn(kx: Kysely<DB>, units: Units, figure: StayFigure, unitIds: ReadonlySet<number>, r: RollupRange, a?: Attribution): Promise<number[]> {
  let rows: Array<[number, number, string]>;
  if (figure === "stayHouseholds") rows = (await firstStays(kx, r)).map(([id, , cadreId, on]) => [id, cadreId, on]);
  else {
    const [table, author, date] = figure === "stays" ? ["Stay", "cadreId", "fromOn"] : ["Writing", "authorId", "writtenOn"];
    const found = await sql<{ id: number; who: number; on: string }>`SELECT "id", ${sql.ref(author)} AS "who", ${sql.ref(date)} AS "on" FROM ${sql.table(table)}
      WHERE ${sql.ref(date)} BETWEEN ${r.from} AND ${r.to} AND "deletedAt" IS NULL ${authorsOf(a, sql.ref(author))}`.execute(kx);
    rows = found.rows.map((x) => [x.id, x.who, x.on]);
  }
  return rows
    .filter(([, who, on]) => {
      const unit = units.on(who, on);
      return unit !== null && unitIds.has(unit);
    })
    .sort((x, y) => (x[2] < y[2] ? 1 : x[2] > y[2] ? -1 : y[0] - x[0]))
    .map(([id]) => id);
}
