import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SQL } from "../../src/domain/compliance/queries.ts";
import { freshDb, type TestDb } from "../support/db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => {
  await t.close();
});

const SAMPLE: Record<string, unknown> = { zoneId: 1, from: "2026-01-01", to: "2026-11-29", ids: "[1,2,3]", on: "2026-11-29" };

/** The EXPLAIN QUERY PLAN lines of one report query (ENVIRONMENT.md: check it for every report query). */
function plan(sql: string): string {
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]))];
  const params = Object.fromEntries(names.map((n) => [n, SAMPLE[n]]));
  const rows = t.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(names.length ? [params] : [])) as Array<{ detail: string }>;
  return rows.map((r) => r.detail).join("\n");
}

describe("the compliance report's queries", () => {
  it("count talks by seeking each person in the covering (talkerId, occurredOn, deletedAt) index, in index order", () => {
    for (const sql of [SQL.yearTalksOf, SQL.monthTalksOf]) {
      expect(plan(sql)).toContain("SEARCH Talk USING COVERING INDEX Talk_talkerId_occurredOn_deletedAt_idx (talkerId=? AND occurredOn>? AND occurredOn<?)");
      expect(plan(sql)).not.toContain("TEMP B-TREE");
    }
  });

  it("count every talker's talks (a whole-population report) in one scan of that covering index, in index order, the id list read once", () => {
    const p = plan(SQL.talkCounts);
    expect(p.split("\n")[0]).toBe("SCAN Talk USING COVERING INDEX Talk_talkerId_occurredOn_deletedAt_idx");
    expect(p).toContain("LIST SUBQUERY"); // the ids of the FILTER: a list built once, not a correlated subquery per row
    expect(p).not.toContain("CORRELATED");
    expect(p).not.toContain("TEMP B-TREE");
  });

  it("read visits through the covering (cadreId, visitedOn, deletedAt, lineId) index, in index order", () => {
    const p = plan(SQL.weekVisitsOf);
    expect(p).toContain("SEARCH LineVisit USING COVERING INDEX LineVisit_cadreId_visitedOn_deletedAt_lineId_idx (cadreId=? AND visitedOn>? AND visitedOn<?)");
    expect(p).not.toContain("TEMP B-TREE");
  });

  it("count pairings and meetings through an index, never by scanning the table", () => {
    expect(plan(SQL.pairingsOf)).toContain("Pairing_cadreId_startedOn_idx (cadreId=? AND startedOn<?)");
    expect(plan(SQL.meetings)).toBe("SCAN Meeting USING COVERING INDEX Meeting_zoneId_heldOn_deletedAt_kind_idx");
    expect(plan(SQL.branchMeetings)).toContain("SEARCH Meeting USING COVERING INDEX Meeting_kind_heldOn_deletedAt_idx (kind=? AND heldOn>? AND heldOn<?)");
  });

  it("read a filtered report's rows by seeking the member or zone indexes", () => {
    expect(plan(SQL.membersOf)).toContain("SEARCH Member USING INTEGER PRIMARY KEY (rowid=?)");
    expect(plan(SQL.zoneMembers)).toContain("ZoneAssignment_zoneId_fromOn_idx (zoneId=? AND fromOn<?)");
    expect(plan(SQL.roleTermsOf)).toContain("RoleTerm_memberId_fromOn_idx (memberId=? AND fromOn<?)");
    expect(plan(SQL.zoneAssignmentsOf)).toContain("ZoneAssignment_memberId_fromOn_idx (memberId=? AND fromOn<?)");
    expect(plan(SQL.lineAssignmentsOf)).toContain("LineAssignment_memberId_fromOn_idx (memberId=? AND fromOn<?)");
    expect(plan(SQL.meetingsOf)).toContain("SEARCH Meeting USING COVERING INDEX Meeting_zoneId_heldOn_deletedAt_kind_idx (zoneId=? AND heldOn>? AND heldOn<?)");
    expect(plan(SQL.meetingsOf)).not.toContain("TEMP B-TREE");
  });

  it("never scan a whole record table (talks, visits, meetings, pairings)", () => {
    for (const sql of Object.values(SQL)) {
      expect(plan(sql)).not.toMatch(/^SCAN (Talk|LineVisit|Meeting|Pairing|v|p)\b(?! USING COVERING INDEX)/m);
    }
  });
});
