/**
 * Stays (三进三同) and writings as the pages show them: a member's year (their year page, dashboard
 * and A4 binder), a zone's counts, and the records behind one roll-up figure of an org or a zone
 * (the drill-down of `stays`, `stayHouseholds`, `writings`: src/domain/rollup/stays.ts counts and
 * lists by the same attribution, so the list holds exactly the records counted). Raw reads, no
 * attachment bytes. Dates are Asia/Shanghai `YYYY-MM-DD`; the range is 1 Jan to the report's last
 * day (`asOf`, or 31 Dec when later).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { jsonValues, readSnapshot } from "../db/dialect.ts";
import { unitsFor, type Attribution } from "../domain/rollup/queries.ts";
import { countedIn, stayFigures, type StayFigure } from "../domain/rollup/stays.ts";

export interface StayRow { id: number; cadreId: number; residentId: number; cadre: string; resident: string; fromOn: string; toOn: string; eat: boolean; live: boolean; work: boolean; diary: string; problems: string }
export interface WritingRow { id: number; authorId: number; author: string; writtenOn: string; kind: string; title: string; content: string; attachmentName: string | null; attachmentSize: number | null }

/** Rows shown at most on one drill-down page (the count says how many there are). */
export const DRILL_MAX = 500;

// Kysely keeps each compiled text per connection (src/db/kysely.ts), so the per-view reads are prepared once.
const STAY_SQL = sql`SELECT s."id", s."cadreId", s."residentId", m."name" AS "cadre", r."name" AS "resident", s."fromOn", s."toOn", s."eat", s."live", s."work", s."diary", s."problems"
  FROM "Stay" s JOIN "Member" m ON m."id" = s."cadreId" JOIN "Resident" r ON r."id" = s."residentId"`;
const WRITING_SQL = sql`SELECT w."id", w."authorId", m."name" AS "author", w."writtenOn", w."kind", w."title", w."content", w."attachmentName", w."attachmentSize"
  FROM "Writing" w JOIN "Member" m ON m."id" = w."authorId"`;

/** Booleans come back as 1 / 0 on both engines (src/db/kysely.ts). */
const stayRow = (r: Record<string, unknown>): StayRow => ({ ...(r as unknown as StayRow), eat: !!r.eat, live: !!r.live, work: !!r.work });

/** A member's stays beginning in `year` and writings dated in it, oldest first. */
export async function memberStaysAndWritings(kx: Kysely<DB>, memberId: number, year: number): Promise<{ stays: StayRow[]; writings: WritingRow[] }> {
  const [from, to] = [`${year}-01-01`, `${year}-12-31`];
  const stays = await sql<Record<string, unknown>>`${STAY_SQL} WHERE s."cadreId" = ${memberId} AND s."fromOn" BETWEEN ${from} AND ${to} AND s."deletedAt" IS NULL ORDER BY s."fromOn", s."id"`.execute(kx);
  const writings = await sql<WritingRow>`${WRITING_SQL} WHERE w."authorId" = ${memberId} AND w."writtenOn" BETWEEN ${from} AND ${to} AND w."deletedAt" IS NULL ORDER BY w."writtenOn", w."id"`.execute(kx);
  return { stays: stays.rows.map(stayRow), writings: writings.rows };
}

/** Where a drill-down looks: an org's subtree, or one zone of a branch. */
export type DrillScope = { org: { id: number; path: string } } | { zone: { id: number; branchId: number } };

async function scoped(kx: Kysely<DB>, scope: DrillScope): Promise<{ a: Attribution; unitIds: Set<number> }> {
  if ("zone" in scope) return { a: { by: "zone", branchId: scope.zone.branchId }, unitIds: new Set([scope.zone.id]) };
  const branches = await kx.selectFrom("Org").select("id").where("kind", "=", "BRANCH").where(sql<boolean>`"path" LIKE ${scope.org.path} || '%'`).execute();
  return { a: { by: "branch", under: scope.org.id }, unitIds: new Set(branches.map((b) => b.id)) };
}

const rangeOf = (year: number, asOf: string) => ({ from: `${year}-01-01`, to: asOf < `${year}-12-31` ? asOf : `${year}-12-31` });

/** The three figures of a scope for `year` up to `asOf` (a zone's page), on one snapshot. */
export async function scopeFigures(kx: Kysely<DB>, scope: DrillScope, year: number, asOf: string): Promise<Record<StayFigure, number>> {
  return readSnapshot(kx, async (tx) => {
    const { a, unitIds } = await scoped(tx, scope);
    const figures = await stayFigures(tx, await unitsFor(tx, a), rangeOf(year, asOf), a);
    const sum = (c: Map<number, number>) => [...c].reduce((s, [k, n]) => s + (unitIds.has(k) ? n : 0), 0);
    return { stays: sum(figures.stays), stayHouseholds: sum(figures.stayHouseholds), writings: sum(figures.writings) };
  });
}

/** The records behind `figure` in the scope: how many, and the newest DRILL_MAX of them, on one snapshot. */
export async function drillDown(kx: Kysely<DB>, figure: StayFigure, scope: DrillScope, year: number, asOf: string): Promise<{ total: number; stays: StayRow[]; writings: WritingRow[] }> {
  return readSnapshot(kx, async (tx) => {
    const { a, unitIds } = await scoped(tx, scope);
    const ids = await countedIn(tx, await unitsFor(tx, a), figure, unitIds, rangeOf(year, asOf), a);
    const shown = jsonValues(tx, ids.slice(0, DRILL_MAX), "integer");
    if (figure === "writings") {
      const rows = await sql<WritingRow>`${WRITING_SQL} WHERE w."id" IN ${shown} ORDER BY w."writtenOn" DESC, w."id" DESC`.execute(tx);
      return { total: ids.length, stays: [], writings: rows.rows };
    }
    const rows = await sql<Record<string, unknown>>`${STAY_SQL} WHERE s."id" IN ${shown} ORDER BY s."fromOn" DESC, s."id" DESC`.execute(tx);
    return { total: ids.length, stays: rows.rows.map(stayRow), writings: [] };
  });
}
