/**
 * The county dashboard's monthly series of the county's other measures (issue 18; desk.ts trend):
 * each counted exactly as the roll-up counts its year figure (src/domain/rollup/stays.ts and
 * measures.ts), with the same `Units` (the one dated-membership model, src/domain/orgs/memberships.ts),
 * so that the months of a figure sum to the roll-up's year figure of the org:
 * - `stays`: stays by the month of their first day, toward the cadre's branch on that day;
 * - `stayHouseholds`: each household once, in the month of its first stay of the range, toward
 *   the branch of that stay's cadre on its first day (new households reached that month);
 * - `writings`: by the month written, toward the author's branch that day;
 * - `trained`: each member counted by the roll-up (not ADMIN, registered and active on the last
 *   day) once, in the month of their first 三项教育 session of the range, toward where they belong
 *   on the last day (people count where they belong then, as the roll-up's `trained`);
 * - `projects`, `employment` (desk-queries.ts `monthlyAssistance`, one read with the money) by the
 *   month given, and `problemsSolved` (desk.ts, from the request rows read for requestsRaised) by
 *   the month raised, are read where their tables are read already;
 * - `stationed` is a dated period, not an event: its month's value is the stationings running on
 *   the month's last day (the report's last day in its own month), toward the cadre's branch on
 *   that day; the last month's value is the roll-up's `stationed`. Its months do not sum.
 * Rows outside `branchIds` (the org's subtree) are left out. Dates Asia/Shanghai `YYYY-MM-DD`.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Units } from "../domain/rollup/queries.ts";
import type { DeskRange, MonthCounts } from "./desk-queries.ts";
import { periodsOfYear } from "../rules/index.ts";

function put(out: MonthCounts, branch: number, month: string, n: number): void {
  let m = out.get(branch);
  if (!m) out.set(branch, (m = new Map()));
  m.set(month, (m.get(month) ?? 0) + n);
}

type Row = { who: number; day: string; n: number };

/** Rows of { who, day, n }, each put toward the person's branch on `unitDay(day)`, in the month of `day`. */
async function byPerson(kx: Kysely<DB>, units: Units, query: RawBuilder<Row>, unitDay: (day: string) => string = (d) => d): Promise<MonthCounts> {
  const out: MonthCounts = new Map();
  for (const { who, day, n } of (await query.execute(kx)).rows) {
    const b = units.on(who, unitDay(day));
    if (b !== null) put(out, b, day.slice(0, 7), Number(n));
  }
  return out;
}

/** Stays by the cadre's branch on the first day and the month begun. */
export async function monthlyStays(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  return byPerson(kx, units, sql<Row>`SELECT "cadreId" AS "who", "fromOn" AS "day", COUNT(*) AS "n" FROM "Stay" WHERE "fromOn" BETWEEN ${r.from} AND ${r.to} AND "deletedAt" IS NULL GROUP BY "cadreId", "fromOn" ORDER BY 1, 2`);
}

/** Households by the month of their first stay of the range (earliest day, then lowest id), toward that stay's cadre's branch then. */
export async function monthlyStayHouseholds(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  return byPerson(
    kx,
    units,
    sql<Row>`SELECT f."cadreId" AS "who", f."fromOn" AS "day", 1 AS "n" FROM (
       SELECT "cadreId", "fromOn", "id", ROW_NUMBER() OVER (PARTITION BY "residentId" ORDER BY "fromOn", "id") AS k
       FROM "Stay" WHERE "fromOn" BETWEEN ${r.from} AND ${r.to} AND "deletedAt" IS NULL) f WHERE f.k = 1 ORDER BY f."id"`,
  );
}

/** Writings by the author's branch on the day written and the month. */
export async function monthlyWritings(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  return byPerson(kx, units, sql<Row>`SELECT "authorId" AS "who", "writtenOn" AS "day", COUNT(*) AS "n" FROM "Writing" WHERE "writtenOn" BETWEEN ${r.from} AND ${r.to} AND "deletedAt" IS NULL GROUP BY "authorId", "writtenOn" ORDER BY 1, 2`);
}

/** Members first trained in each month of the range, toward their branch on `r.to` (the roll-up's `trained` members only). */
export async function monthlyTrained(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  return byPerson(
    kx,
    units,
    sql<Row>`SELECT ta."memberId" AS "who", MIN(s."heldOn") AS "day", 1 AS "n" FROM "TrainingAttendance" ta
       JOIN "TrainingSession" s ON s."id" = ta."sessionId" JOIN "Member" m ON m."id" = ta."memberId"
     WHERE s."heldOn" BETWEEN ${r.from} AND ${r.to}
       AND m."role" <> 'ADMIN' AND m."registeredOn" <= ${r.to} AND (m."deactivatedOn" IS NULL OR m."deactivatedOn" >= ${r.to})
     GROUP BY ta."memberId" ORDER BY 1`,
    () => r.to,
  );
}

/**
 * Stationed cadres on each month's last day of the range (`r.to` for its own month), toward the
 * cadre's branch on that day: per branch, per month, a count.
 */
export async function monthlyStationed(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  const rows = (
    await kx
      .selectFrom("Stationing")
      .select(["memberId", "fromOn", "toOn"])
      .where("fromOn", "<=", r.to)
      .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", r.from)]))
      .orderBy("id")
      .execute()
  ).map((s) => [s.memberId, s.fromOn, s.toOn] as [number, string, string | null]);
  const out: MonthCounts = new Map();
  // The range lies in one calendar year (desk.ts: 1 Jan to the report's last day).
  for (const m of periodsOfYear("month", Number(r.from.slice(0, 4)))) {
    if (m.end < r.from || m.start > r.to) continue;
    const end = m.end < r.to ? m.end : r.to;
    for (const [who, from, to] of rows) {
      if (from > end || (to !== null && to < end)) continue;
      const b = units.on(who, end);
      if (b !== null) put(out, b, m.label, 1);
    }
  }
  return out;
}
