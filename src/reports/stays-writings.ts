/**
 * Stays (三进三同) and writings as the pages show them: a member's year (their year page, dashboard
 * and A4 binder), a zone's counts, and the records behind one roll-up figure of an org or a zone
 * (the drill-down of `stays`, `stayHouseholds`, `writings`: src/domain/rollup/stays.ts counts and
 * lists by the same attribution, so the list holds exactly the records counted). Raw reads, no
 * attachment bytes. Dates are Asia/Shanghai `YYYY-MM-DD`; the range is 1 Jan to the report's last
 * day (`asOf`, or 31 Dec when later).
 */
import type Database from "better-sqlite3";
import { unitsFor, type Attribution } from "../domain/rollup/queries.ts";
import { countedIn, stayFigures, type StayFigure } from "../domain/rollup/stays.ts";

export interface StayRow { id: number; cadreId: number; residentId: number; cadre: string; resident: string; fromOn: string; toOn: string; eat: boolean; live: boolean; work: boolean; diary: string; problems: string }
export interface WritingRow { id: number; authorId: number; author: string; writtenOn: string; kind: string; title: string; content: string; attachmentName: string | null; attachmentSize: number | null }

/** Rows shown at most on one drill-down page (the count says how many there are). */
export const DRILL_MAX = 500;

const STAY_SQL = `SELECT s."id", s."cadreId", s."residentId", m."name" AS cadre, r."name" AS resident, s."fromOn", s."toOn", s."eat", s."live", s."work", s."diary", s."problems"
  FROM "Stay" s JOIN "Member" m ON m."id" = s."cadreId" JOIN "Resident" r ON r."id" = s."residentId"`;
const WRITING_SQL = `SELECT w."id", w."authorId", m."name" AS author, w."writtenOn", w."kind", w."title", w."content", w."attachmentName", w."attachmentSize"
  FROM "Writing" w JOIN "Member" m ON m."id" = w."authorId"`;

const stayRow = (r: Record<string, unknown>): StayRow => ({ ...(r as unknown as StayRow), eat: !!r.eat, live: !!r.live, work: !!r.work });

const memberStmts = new WeakMap<Database.Database, { stays: Database.Statement; writings: Database.Statement }>();

/** A member's stays beginning in `year` and writings dated in it, oldest first. */
export function memberStaysAndWritings(raw: Database.Database, memberId: number, year: number): { stays: StayRow[]; writings: WritingRow[] } {
  const p = { memberId, from: `${year}-01-01`, to: `${year}-12-31` };
  let st = memberStmts.get(raw);
  if (!st) {
    // prepared once per connection: preparing both on every dashboard view cost ~0.4 ms of CPU (issue 16)
    st = {
      stays: raw.prepare(`${STAY_SQL} WHERE s."cadreId" = @memberId AND s."fromOn" BETWEEN @from AND @to AND s."deletedAt" IS NULL ORDER BY s."fromOn", s."id"`),
      writings: raw.prepare(`${WRITING_SQL} WHERE w."authorId" = @memberId AND w."writtenOn" BETWEEN @from AND @to AND w."deletedAt" IS NULL ORDER BY w."writtenOn", w."id"`),
    };
    memberStmts.set(raw, st);
  }
  const stays = st.stays.all(p) as Record<string, unknown>[];
  const writings = st.writings.all(p) as WritingRow[];
  return { stays: stays.map(stayRow), writings };
}

/** Where a drill-down looks: an org's subtree, or one zone of a branch. */
export type DrillScope = { org: { id: number; path: string } } | { zone: { id: number; branchId: number } };

function scoped(raw: Database.Database, scope: DrillScope): { a: Attribution; unitIds: Set<number> } {
  if ("zone" in scope) return { a: { by: "zone", branchId: scope.zone.branchId }, unitIds: new Set([scope.zone.id]) };
  const branches = raw.prepare(`SELECT "id" FROM "Org" WHERE "kind" = 'BRANCH' AND "path" LIKE @path || '%'`).pluck().all({ path: scope.org.path }) as number[];
  return { a: { by: "branch", under: scope.org.id }, unitIds: new Set(branches) };
}

const rangeOf = (year: number, asOf: string) => ({ from: `${year}-01-01`, to: asOf < `${year}-12-31` ? asOf : `${year}-12-31` });

/** The three figures of a scope for `year` up to `asOf` (a zone's page). */
export function scopeFigures(raw: Database.Database, scope: DrillScope, year: number, asOf: string): Record<StayFigure, number> {
  const { a, unitIds } = scoped(raw, scope);
  const figures = stayFigures(raw, unitsFor(raw, a), rangeOf(year, asOf), a);
  const sum = (c: Map<number, number>) => [...c].reduce((s, [k, n]) => s + (unitIds.has(k) ? n : 0), 0);
  return { stays: sum(figures.stays), stayHouseholds: sum(figures.stayHouseholds), writings: sum(figures.writings) };
}

/** The records behind `figure` in the scope: how many, and the newest DRILL_MAX of them. */
export function drillDown(raw: Database.Database, figure: StayFigure, scope: DrillScope, year: number, asOf: string): { total: number; stays: StayRow[]; writings: WritingRow[] } {
  const { a, unitIds } = scoped(raw, scope);
  const ids = countedIn(raw, unitsFor(raw, a), figure, unitIds, rangeOf(year, asOf), a);
  const shown = JSON.stringify(ids.slice(0, DRILL_MAX));
  if (figure === "writings") {
    const rows = raw.prepare(`${WRITING_SQL} WHERE w."id" IN (SELECT value FROM json_each(?)) ORDER BY w."writtenOn" DESC, w."id" DESC`).all(shown) as WritingRow[];
    return { total: ids.length, stays: [], writings: rows };
  }
  const rows = raw.prepare(`${STAY_SQL} WHERE s."id" IN (SELECT value FROM json_each(?)) ORDER BY s."fromOn" DESC, s."id" DESC`).all(shown) as Record<string, unknown>[];
  return { total: ids.length, stays: rows.map(stayRow), writings: [] };
}
