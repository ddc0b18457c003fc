/**
 * The roll-up's reads (FORMATS.md "Organization reports"; DOMAIN.md "Roll-up counting"): each
 * figure grouped by a unit key, read in one pass per table. Two attributions:
 * - `branch`: a record counts toward the branch its author belonged to on the record's date
 *   (OrgMembership in force then); a meeting toward its zone's branch; people and pairings toward
 *   the branch they belong to on the report's last day.
 * - `zone` (inside one branch): the same with the zone (ZoneAssignment) instead of the branch,
 *   limited to the branch's people; a meeting toward its own zone.
 * Dates are Asia/Shanghai `YYYY-MM-DD` text; the range is `[from, to]` inclusive. Soft-deleted
 * records never count; ADMIN accounts (operators) are not counted as members.
 */
import type Database from "better-sqlite3";

export interface RollupRange {
  from: string;
  to: string;
}

/** Which unit a row is counted toward. */
export type Attribution = { by: "branch" } | { by: "zone"; branchId: number };

/** One figure's counts per unit key (branch id or zone id). */
export type Counts = Map<number, number>;

/** Dated membership table and its key column for the attribution. */
function dated(a: Attribution): { table: string; key: string; extra: string } {
  return a.by === "branch"
    ? { table: "OrgMembership", key: "orgId", extra: "" }
    : {
        table: "ZoneAssignment",
        key: "zoneId",
        extra: `AND EXISTS (SELECT 1 FROM "Zone" zz WHERE zz."id" = d."zoneId" AND zz."branchId" = ${Number(a.branchId)})`,
      };
}

/** `d` in force on `dateExpr` for member `memberExpr`. */
function heldOn(a: Attribution, memberExpr: string, dateExpr: string): string {
  const { table, extra } = dated(a);
  return `JOIN "${table}" d ON d."memberId" = ${memberExpr} AND d."fromOn" <= ${dateExpr} AND (d."toOn" IS NULL OR d."toOn" >= ${dateExpr}) ${extra}`;
}

function grouped(raw: Database.Database, sql: string, params: unknown[]): Counts {
  const out: Counts = new Map();
  for (const r of raw.prepare(sql).raw().iterate(...params) as Iterable<[number, number]>) out.set(r[0], r[1]);
  return out;
}

/** Members (not ADMIN, active on `to`) by where they belong on `to`. */
export function countMembers(raw: Database.Database, a: Attribution, r: RollupRange): Counts {
  const { key } = dated(a);
  return grouped(
    raw,
    `SELECT d."${key}", COUNT(*) FROM "Member" m ${heldOn(a, `m."id"`, "?")}
     WHERE m."role" <> 'ADMIN' AND m."registeredOn" <= ? AND (m."deactivatedOn" IS NULL OR m."deactivatedOn" >= ?)
     GROUP BY d."${key}"`,
    [r.to, r.to, r.to, r.to], // the day twice in the join, twice in the where
  );
}

/** Talks (by talker), line visits (by cadre) in the range. */
export function countTalks(raw: Database.Database, a: Attribution, r: RollupRange): Counts {
  const { key } = dated(a);
  return grouped(
    raw,
    `SELECT d."${key}", COUNT(*) FROM "Talk" t ${heldOn(a, `t."talkerId"`, `t."occurredOn"`)}
     WHERE t."occurredOn" BETWEEN ? AND ? AND t."deletedAt" IS NULL GROUP BY d."${key}"`,
    [r.from, r.to],
  );
}

export function countVisits(raw: Database.Database, a: Attribution, r: RollupRange): Counts {
  const { key } = dated(a);
  return grouped(
    raw,
    `SELECT d."${key}", COUNT(*) FROM "LineVisit" v ${heldOn(a, `v."cadreId"`, `v."visitedOn"`)}
     WHERE v."visitedOn" BETWEEN ? AND ? AND v."deletedAt" IS NULL GROUP BY d."${key}"`,
    [r.from, r.to],
  );
}

/**
 * 院坝会 held and their attendees (residents counted at the meeting plus members ticked present),
 * toward the meeting's zone (or the zone's branch).
 */
export function countCourtyard(raw: Database.Database, a: Attribution, r: RollupRange): { meetings: Counts; attendees: Counts } {
  const key = a.by === "branch" ? `z."branchId"` : `z."id"`;
  const where = a.by === "branch" ? "" : `AND z."branchId" = ${Number(a.branchId)}`;
  const meetings: Counts = new Map();
  const attendees: Counts = new Map();
  const rows = raw
    .prepare(
      `SELECT ${key}, COUNT(*), SUM(mt."residentCount" + (SELECT COUNT(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = mt."id"))
       FROM "Meeting" mt JOIN "Zone" z ON z."id" = mt."zoneId"
       WHERE mt."kind" = 'COURTYARD' AND mt."heldOn" BETWEEN ? AND ? AND mt."deletedAt" IS NULL ${where}
       GROUP BY ${key}`,
    )
    .raw()
    .iterate(r.from, r.to) as Iterable<[number, number, number]>;
  for (const [k, n, people] of rows) {
    meetings.set(k, n);
    attendees.set(k, people);
  }
  return { meetings, attendees };
}

/** Pairings running on `to` (household not deleted by then), toward the cadre's unit on `to`. */
export function countPairings(raw: Database.Database, a: Attribution, r: RollupRange): Counts {
  const { key } = dated(a);
  return grouped(
    raw,
    `SELECT d."${key}", COUNT(*) FROM "Pairing" p ${heldOn(a, `p."cadreId"`, "?")}
     JOIN "Resident" res ON res."id" = p."residentId"
     WHERE p."startedOn" <= ? AND (p."endedOn" IS NULL OR p."endedOn" > ?)
       AND (res."deletedAt" IS NULL OR date(res."deletedAt", '+8 hours') > ?)
     GROUP BY d."${key}"`,
    [r.to, r.to, r.to, r.to, r.to],
  );
}

/** Assistance given in the range, in fen, toward the pairing cadre's unit on the day it was given. */
export function sumAssistanceFen(raw: Database.Database, a: Attribution, r: RollupRange): Counts {
  const { key } = dated(a);
  return grouped(
    raw,
    `SELECT d."${key}", SUM(COALESCE(ar."amountFen", 0)) FROM "AssistanceRecord" ar
     JOIN "Pairing" p ON p."id" = ar."pairingId" ${heldOn(a, `p."cadreId"`, `ar."givenOn"`)}
     WHERE ar."givenOn" BETWEEN ? AND ? AND ar."deletedAt" IS NULL GROUP BY d."${key}"`,
    [r.from, r.to],
  );
}

/**
 * Requests raised in the range by unit of their recorder (the author) on the day raised, with
 * the days their feedback took (null: none yet, or given after `to`), for the on-time count.
 */
export function requestRows(raw: Database.Database, a: Attribution, r: RollupRange): Iterable<[number, string, number | null]> {
  const { key } = dated(a);
  return raw
    .prepare(
      `SELECT d."${key}", q."raisedOn",
         CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ? THEN CAST(julianday(q."feedbackOn") - julianday(q."raisedOn") AS INTEGER) END
       FROM "Request" q ${heldOn(a, `q."createdById"`, `q."raisedOn"`)}
       WHERE q."raisedOn" BETWEEN ? AND ? AND q."deletedAt" IS NULL`,
    )
    .raw()
    .iterate(r.to, r.from, r.to) as Iterable<[number, string, number | null]>;
}

/** Member id → the unit they belong to on `to` (for counting statuses of the compliance report). */
export function unitOnDay(raw: Database.Database, a: Attribution, to: string): Map<number, number> {
  const { key } = dated(a);
  const out = new Map<number, number>();
  const rows = raw.prepare(`SELECT m."id", d."${key}" FROM "Member" m ${heldOn(a, `m."id"`, "?")}`).raw().iterate(to, to) as Iterable<[number, number]>;
  for (const [id, unit] of rows) out.set(id, unit);
  return out;
}

/** REQUEST_FEEDBACK_DAYS settings, oldest first. */
export function feedbackSettings(raw: Database.Database): { value: number; effectiveFrom: string }[] {
  return raw.prepare(`SELECT "value", "effectiveFrom" FROM "RuleSetting" WHERE "rule" = 'REQUEST_FEEDBACK_DAYS' ORDER BY "effectiveFrom", "id"`).all() as {
    value: number;
    effectiveFrom: string;
  }[];
}

/** The tree around org `orgId` that the roll-up needs: the org, its direct children, its subtree's branches, its zones. */
export function rollupTree(raw: Database.Database, orgId: number) {
  const org = raw.prepare(`SELECT "id", "code", "name", "kind", "path", "dissolvedOn" FROM "Org" WHERE "id" = ?`).get(orgId) as
    | { id: number; code: string; name: string; kind: string; path: string; dissolvedOn: string | null }
    | undefined;
  if (!org) return null;
  const childOrgs = raw.prepare(`SELECT "id", "code", "name", "kind", "path", "dissolvedOn" FROM "Org" WHERE "parentId" = ? ORDER BY "code"`).all(orgId) as typeof org[];
  const branches = raw.prepare(`SELECT "id", "path" FROM "Org" WHERE "kind" = 'BRANCH' AND "path" LIKE ? || '%'`).all(org.path) as { id: number; path: string }[];
  const zones = raw.prepare(`SELECT "id", "name" FROM "Zone" WHERE "branchId" = ? ORDER BY "id"`).all(orgId) as { id: number; name: string }[];
  return { org, childOrgs, branches, zones };
}

/** The org with code `code`, or null. */
export function orgByCode(raw: Database.Database, code: string): { id: number; code: string; name: string; kind: string; path: string } | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path" FROM "Org" WHERE "code" = ?`).get(code) as never) ?? null;
}

/** The root org (the county), or null in a database without one. */
export function rootOrg(raw: Database.Database): { id: number; code: string; name: string; kind: string; path: string } | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path" FROM "Org" WHERE "parentId" IS NULL ORDER BY "id" LIMIT 1`).get() as never) ?? null;
}
