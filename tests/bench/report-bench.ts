/**
 * The compliance report at county scale against its floor (issue 7): the whole year and one zone
 * as JSON (`buildComplianceReport` + `complianceReportJson`, the UTF-8 bytes the route sends:
 * src/domain/compliance/report.ts, report-json.ts), and the bare
 * grouped count of the year's talks per talker through better-sqlite3 on the best index (the
 * covering (talkerId, occurredOn, deletedAt) one, named with INDEXED BY). Also measured for the
 * record: the same count as SQLite plans it unaided. All timed interleaved, median of `runs`.
 * The report is async over Kysely (issue 17): it gets a Kysely over the same SQLite file (`kx`,
 * lending `raw`); the floors stay plain prepared statements on `raw`.
 *
 * The report keeps its roster and its other records' part between builds while no write raises
 * their versions (src/domain/compliance/ledger-version.ts, rows 3 and 4), and re-reads the talks on
 * every build. So each timed whole-year build is "the report after a talk was logged": before it,
 * a no-op update of one Talk row raises row 1 as logging a talk does (the real trigger fires; no
 * figure changes). `yearCold` is the build after a roster write (the same no-op update of one
 * Member row: rows 1 and 3), for the record.
 */
import type Database from "better-sqlite3";
import type { Kysely, RawBuilder } from "kysely";
import type { DB } from "../../src/db/kysely.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { complianceReportJson } from "../../src/domain/compliance/report-json.ts";
import { SQL } from "../../src/domain/compliance/queries.ts";
import { periodsOfYear } from "../../src/rules/index.ts";
import { median, type Sample, timeInterleavedAsync, timeOnceAsync } from "./stats.ts";

export const FLOOR_SQL = `SELECT talkerId, count(*) FROM Talk INDEXED BY Talk_talkerId_occurredOn_deletedAt_idx
  WHERE occurredOn BETWEEN ? AND ? AND deletedAt IS NULL GROUP BY talkerId`;
const UNAIDED_SQL = `SELECT talkerId, count(*) FROM Talk WHERE occurredOn BETWEEN ? AND ? AND deletedAt IS NULL GROUP BY talkerId`;

/** One of the report's queries, run alone with the whole year's parameters: rows, median ms, plan. */
export interface QueryFigure {
  name: string;
  rows: number;
  ms: number;
  plan: string[];
}

export interface ReportFigures {
  floor: Sample;
  floorUnaided: Sample;
  floorPlan: string[];
  /** The whole year as JSON after a talk was written (talks re-read, roster and other records kept). */
  yearJson: Sample;
  yearBuild: Sample;
  /** The whole year as JSON after a roster write (everything re-read), median of `coldRuns`. */
  yearCold: Sample;
  coldRuns: number;
  zoneJson: Sample;
  zoneId: number;
  members: number;
  zoneMembers: number;
  jsonMB: number;
  /** Where the whole-year report's time goes: each of its queries alone (src/domain/compliance/queries.ts). */
  queries: QueryFigure[];
}

export function planOf(raw: Database.Database, sql: string, ...params: unknown[]): string[] {
  return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}

/** `kx`: a Kysely over the same SQLite file as `raw` (openKysely(url, { sqlite: raw })). */
export async function benchReport(raw: Database.Database, kx: Kysely<DB>, year: number, asOf: string, runs: number, coldRuns = 3): Promise<ReportFigures> {
  const from = `${year}-01-01`;
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const floorStmt = raw.prepare(FLOOR_SQL);
  const unaidedStmt = raw.prepare(UNAIDED_SQL);
  // The zone with the most members assigned on asOf: the largest one-zone report.
  const zoneId = (
    raw
      .prepare(`SELECT zoneId FROM ZoneAssignment WHERE fromOn <= ? AND (toOn IS NULL OR toOn >= ?) GROUP BY zoneId ORDER BY count(*) DESC, zoneId LIMIT 1`)
      .get(asOf, asOf) as { zoneId: number }
  ).zoneId;
  let members = 0;
  let zoneMembers = 0;
  let jsonBytes = 0;
  // No-op writes through the raw handle: the triggers fire (a talk: row 1; a member: rows 1 and 3), no figure changes.
  const talkWrite = raw.prepare(`UPDATE Talk SET deletedAt = deletedAt WHERE id = (SELECT min(id) FROM Talk)`);
  const rosterWrite = raw.prepare(`UPDATE Member SET deactivatedOn = deactivatedOn WHERE id = (SELECT min(id) FROM Member)`);
  const afterTalk = () => talkWrite.run();
  const t = await timeInterleavedAsync(
    {
      floor: () => floorStmt.all(from, to),
      yearJson: async () => {
        const report = await buildComplianceReport(kx, { year, asOf });
        members = report.members.length;
        jsonBytes = complianceReportJson(report).length; // UTF-8 bytes, as the route sends them
      },
      zoneJson: async () => {
        const report = await buildComplianceReport(kx, { year, asOf, zoneId });
        zoneMembers = report.members.length;
        complianceReportJson(report);
      },
      yearBuild: () => buildComplianceReport(kx, { year, asOf }),
      floorUnaided: () => unaidedStmt.all(from, to),
    },
    runs,
    { yearJson: afterTalk, yearBuild: afterTalk },
  );
  // After a roster write (apart, like the roll-up's countyCold: interleaved, it would throw away the kept roster before each timed run).
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    rosterWrite.run();
    cold.push(await timeOnceAsync(async () => complianceReportJson(await buildComplianceReport(kx, { year, asOf }))));
  }
  return {
    queries: reportQueries(raw, kx, year, asOf),
    floor: t.floor,
    floorUnaided: t.floorUnaided,
    floorPlan: planOf(raw, FLOOR_SQL, from, to),
    yearJson: t.yearJson,
    yearBuild: t.yearBuild,
    yearCold: { wallMs: median(cold.map((x) => x.wallMs)), cpuMs: median(cold.map((x) => x.cpuMs)) },
    coldRuns,
    zoneJson: t.zoneJson,
    zoneId,
    members,
    zoneMembers,
    jsonMB: jsonBytes / 1024 / 1024,
  };
}

/**
 * The whole-year report's queries one by one, with the parameters the report gives them (members
 * of each kind chosen as the report chooses them, roughly: leaders for pairings, line holders for
 * visits; every talker's count, and the leaders' dates, in one scan), timed alone (median of 3) with their EXPLAIN QUERY PLAN.
 * Each runs as the report's SQL compiled by `kx` (`.compile(kx)`: SQL and parameters) on `raw`.
 */
/**
 * The whole-year report's statements, by name, as the report builds them (src/domain/compliance/
 * queries.ts `SQL`), for `leaders` (cadres and secretaries) and `liners` (line holders in the year):
 * what the bench times one by one on either engine.
 */
export function reportStatements(kx: Kysely<DB>, year: number, asOf: string, leaders: number[], liners: number[]): Array<[string, RawBuilder<unknown>]> {
  const weeks = periodsOfYear("isoWeek", year);
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const range = { from: `${year}-01-01`, to };
  return [
    ["members", SQL.members(kx, range)],
    ["zoneAssignments", SQL.zoneAssignments(kx, range)],
    ["roleTerms", SQL.roleTerms(kx, { to: weeks[weeks.length - 1].end })],
    ["lineAssignments", SQL.lineAssignments(kx, { from: weeks[0].start, to: weeks[weeks.length - 1].end })],
    ["talkCounts (every talker; dates of the day-counted)", SQL.talkCounts(kx, { ...range, ids: leaders })],
    ["weekVisitsOf (line holders)", SQL.weekVisitsOf(kx, { from: weeks[0].start, to, ids: liners })],
    ["pairingsOf (leaders)", SQL.pairingsOf(kx, { on: to, ids: leaders })],
    ["meetings", SQL.meetings(kx, range)],
  ];
}

export function reportQueries(raw: Database.Database, kx: Kysely<DB>, year: number, asOf: string): QueryFigure[] {
  const weeks = periodsOfYear("isoWeek", year);
  const ids = (sql: string, ...p: unknown[]) => raw.prepare(sql).pluck().all(...p) as number[];
  const leaders = ids(`SELECT DISTINCT memberId FROM RoleTerm WHERE role IN ('CADRE', 'SECRETARY')`);
  const liners = ids(`SELECT DISTINCT memberId FROM LineAssignment WHERE fromOn <= ? AND (toOn IS NULL OR toOn >= ?)`, weeks[weeks.length - 1].end, weeks[0].start);
  const runs = reportStatements(kx, year, asOf, leaders, liners);
  return runs.map(([name, query]) => {
    const { sql, parameters } = query.compile(kx);
    const params = parameters as unknown[];
    const stmt = raw.prepare(sql).raw();
    let rows = 0;
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      rows = stmt.all(...params).length;
      ms.push(performance.now() - t0);
    }
    return { name, rows, ms: median(ms), plan: planOf(raw, sql, ...params) };
  });
}
