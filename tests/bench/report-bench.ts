/**
 * The compliance report at county scale against its floor (issue 7): the whole year and one zone
 * as JSON (`buildComplianceReport` + `JSON.stringify`, src/reports/compliance.ts), and the bare
 * grouped count of the year's talks per talker through better-sqlite3 on the best index (the
 * covering (talkerId, occurredOn, deletedAt) one, named with INDEXED BY). Also measured for the
 * record: the same count as SQLite plans it unaided. All timed interleaved, median of `runs`.
 */
import type Database from "better-sqlite3";
import { buildComplianceReport } from "../../src/reports/compliance.ts";
import { timeInterleaved, type Sample } from "./stats.ts";

export const FLOOR_SQL = `SELECT talkerId, count(*) FROM Talk INDEXED BY Talk_talkerId_occurredOn_deletedAt_idx
  WHERE occurredOn BETWEEN ? AND ? AND deletedAt IS NULL GROUP BY talkerId`;
const UNAIDED_SQL = `SELECT talkerId, count(*) FROM Talk WHERE occurredOn BETWEEN ? AND ? AND deletedAt IS NULL GROUP BY talkerId`;

export interface ReportFigures {
  floor: Sample;
  floorUnaided: Sample;
  floorPlan: string[];
  yearJson: Sample;
  yearBuild: Sample;
  zoneJson: Sample;
  zoneId: number;
  members: number;
  zoneMembers: number;
  jsonMB: number;
}

export function planOf(raw: Database.Database, sql: string, ...params: unknown[]): string[] {
  return (raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
}

export function benchReport(raw: Database.Database, year: number, asOf: string, runs: number): ReportFigures {
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
  const t = timeInterleaved(
    {
      floor: () => floorStmt.all(from, to),
      yearJson: () => {
        const report = buildComplianceReport(raw, { year, asOf });
        members = report.members.length;
        jsonBytes = JSON.stringify(report).length;
      },
      zoneJson: () => {
        const report = buildComplianceReport(raw, { year, asOf, zoneId });
        zoneMembers = report.members.length;
        JSON.stringify(report);
      },
      yearBuild: () => buildComplianceReport(raw, { year, asOf }),
      floorUnaided: () => unaidedStmt.all(from, to),
    },
    runs,
  );
  return {
    floor: t.floor,
    floorUnaided: t.floorUnaided,
    floorPlan: planOf(raw, FLOOR_SQL, from, to),
    yearJson: t.yearJson,
    yearBuild: t.yearBuild,
    zoneJson: t.zoneJson,
    zoneId,
    members,
    zoneMembers,
    jsonMB: jsonBytes / 1024 / 1024,
  };
}
