/**
 * The roll-up's reads (FORMATS.md "Organization reports"; DOMAIN.md "Roll-up counting"): each
 * figure grouped by a unit key, read in one pass per table. Two attributions:
 * - `branch`: a record counts toward the branch its author belonged to on the record's date (the
 *   one dated-membership read model, src/domain/orgs/memberships.ts `branchOf`); a meeting toward
 *   its zone's branch; people and pairings toward the branch they belong to on the report's last day.
 * - `zone` (inside one branch): the same with the zone (ZoneAssignment) instead of the branch,
 *   limited to the branch's zones; a meeting toward its own zone.
 * The SQL reads each table's rows per author (the covering (author, date) indexes, as a bare
 * GROUP BY would) and the author's unit on each date is looked up in JS, whole-range at once for
 * the many who stayed in one unit all year. Dates are Asia/Shanghai `YYYY-MM-DD` text; the range
 * is `[from, to]` inclusive. Soft-deleted records never count; ADMIN accounts (operators) are not
 * counted as members.
 */
import type Database from "better-sqlite3";
import { branchOf, loadMembershipTimelineSync, type MembershipTimeline } from "../orgs/memberships.ts";
import type { Dated } from "../../rules/index.ts";

export interface RollupRange {
  from: string;
  to: string;
}

/**
 * Which unit a row is counted toward. `under` (an org id) limits the branch attribution to the
 * authors who ever belonged to a branch of that org's subtree: only their rows are read, and SQLite
 * drives each read from that list into the records' (author, date) indexes instead of reading the
 * whole county's year (tests/bench/rollup-bench.ts: a township 17× its floor before). The zone
 * attribution reads only the authors ever assigned to one of the branch's zones.
 */
export type Attribution = { by: "branch"; under?: number } | { by: "zone"; branchId: number };

/** `AND <col> IN (the orgs of the subtree of a.under)`, or nothing. Ids are inlined as numbers. */
function underOrg(a: Attribution, col: string): string {
  if (a.by !== "branch" || a.under === undefined) return "";
  return `AND ${col} IN (SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ${Number(a.under)}) || '%')`;
}

/**
 * `AND <col> IN (the members whose rows can count toward a unit of a)`, or nothing: a superset
 * (everyone who ever belonged there), the dated attribution in JS decides each row.
 */
export function authorsOf(a: Attribution | undefined, col: string): string {
  if (!a) return "";
  if (a.by === "zone") {
    return `AND ${col} IN (SELECT za."memberId" FROM "ZoneAssignment" za JOIN "Zone" z ON z."id" = za."zoneId" WHERE z."branchId" = ${Number(a.branchId)})`;
  }
  if (a.under === undefined) return "";
  const sub = `SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ${Number(a.under)}) || '%'`;
  return `AND ${col} IN (SELECT "memberId" FROM "OrgMembership" WHERE "orgId" IN (${sub}) UNION SELECT "id" FROM "Member" WHERE "branchId" IN (${sub}))`;
}

/** One figure's counts per unit key (branch id or zone id). */
export type Counts = Map<number, number>;

/** Where a member's records count: the unit on a day, and the one unit of a whole range when it never changes. */
export interface Units {
  on(memberId: number, day: string): number | null;
  /** The unit on every day of [from, to], or undefined when it is not one unit throughout. */
  across(memberId: number, from: string, to: string): number | null | undefined;
}

function unitsOf(timeline: MembershipTimeline): Units {
  return {
    on: (memberId, day) => branchOf(timeline, memberId, day),
    across(memberId, from, to) {
      const list = timeline.get(memberId);
      if (!list) return null;
      if (list.length !== 1) return undefined;
      const only = list[0];
      return only.from <= from && (only.to === null || only.to >= to) ? only.value : undefined;
    },
  };
}

/** The zone stretches of every member inside branch `branchId` (ZoneAssignment of its zones). */
function zoneTimeline(raw: Database.Database, branchId: number): MembershipTimeline {
  const out = new Map<number, Dated<number>[]>();
  const rows = raw
    .prepare(`SELECT za."memberId", za."zoneId", za."fromOn", za."toOn" FROM "ZoneAssignment" za JOIN "Zone" z ON z."id" = za."zoneId" WHERE z."branchId" = @branchId ORDER BY za."memberId", za."fromOn", za."id"`)
    .raw()
    .all({ branchId }) as Array<[number, number, string, string | null]>;
  for (const [memberId, zoneId, from, to] of rows) {
    const d = { from, to, value: zoneId };
    const list = out.get(memberId);
    if (list) list.push(d);
    else out.set(memberId, [d]);
  }
  return out;
}

/**
 * The units of attribution `a`: each member's branch (dated membership), or their zone within the
 * branch. `timeline`: the membership timeline when the caller has it already.
 */
export function unitsFor(raw: Database.Database, a: Attribution, timeline?: MembershipTimeline): Units {
  return unitsOf(a.by === "branch" ? (timeline ?? loadMembershipTimelineSync(raw)) : zoneTimeline(raw, a.branchId));
}

const bump = (counts: Counts, unit: number | null, n: number) => {
  if (unit !== null) counts.set(unit, (counts.get(unit) ?? 0) + n);
};

/**
 * The records of `table` in the range, soft-deleted left out, counted toward their author's unit
 * on each record's date (talks by talker, line visits by cadre: the same query over two tables).
 * `authorColumn` and `dateColumn` name columns of `table` (identifiers from this module, never input).
 */
export function countRecords(raw: Database.Database, units: Units, table: string, authorColumn: string, dateColumn: string, r: RollupRange, a?: Attribution): Counts {
  const rows = raw
    .prepare(
      `SELECT "${authorColumn}", group_concat("${dateColumn}", '') FROM "${table}"
       WHERE "${dateColumn}" BETWEEN @from AND @to AND "deletedAt" IS NULL ${authorsOf(a, `"${authorColumn}"`)} GROUP BY "${authorColumn}"`,
    )
    .raw()
    .iterate(r) as Iterable<[number, string]>;
  const out: Counts = new Map();
  for (const [author, dates] of rows) {
    const whole = units.across(author, r.from, r.to);
    if (whole !== undefined) {
      bump(out, whole, dates.length / 10);
      continue;
    }
    for (let i = 0; i < dates.length; i += 10) bump(out, units.on(author, dates.slice(i, i + 10)), 1);
  }
  return out;
}

/** Members (not ADMIN, active on `to`) by where they belong on `to`. */
export function countMembers(raw: Database.Database, units: Units, r: RollupRange): Counts {
  const ids = raw
    .prepare(`SELECT "id" FROM "Member" WHERE "role" <> 'ADMIN' AND "registeredOn" <= @to AND ("deactivatedOn" IS NULL OR "deactivatedOn" >= @to)`)
    .pluck()
    .all({ to: r.to }) as number[];
  const out: Counts = new Map();
  for (const id of ids) bump(out, units.on(id, r.to), 1);
  return out;
}

/**
 * 院坝会 held and their attendees (residents counted at the meeting plus members ticked present),
 * toward the meeting's zone (or the zone's branch).
 */
export function countCourtyard(raw: Database.Database, a: Attribution, r: RollupRange): { meetings: Counts; attendees: Counts } {
  const key = a.by === "branch" ? `z."branchId"` : `z."id"`;
  const where = a.by === "branch" ? underOrg(a, `z."branchId"`) : `AND z."branchId" = @branchId`;
  const meetings: Counts = new Map();
  const attendees: Counts = new Map();
  const rows = raw
    .prepare(
      `SELECT ${key}, COUNT(*), SUM(mt."residentCount" + (SELECT COUNT(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = mt."id"))
       FROM "Meeting" mt JOIN "Zone" z ON z."id" = mt."zoneId"
       WHERE mt."kind" = 'COURTYARD' AND mt."heldOn" BETWEEN @from AND @to AND mt."deletedAt" IS NULL ${where}
       GROUP BY ${key}`,
    )
    .raw()
    .iterate(a.by === "branch" ? r : { ...r, branchId: a.branchId }) as Iterable<[number, number, number]>;
  for (const [k, n, people] of rows) {
    meetings.set(k, n);
    attendees.set(k, people);
  }
  return { meetings, attendees };
}

/** Pairings running on `to` (household not deleted by then), toward the cadre's unit on `to`. */
export function countPairings(raw: Database.Database, units: Units, r: RollupRange, a?: Attribution): Counts {
  const rows = raw
    .prepare(
      `SELECT p."cadreId", COUNT(*) FROM "Pairing" p JOIN "Resident" res ON res."id" = p."residentId"
       WHERE p."startedOn" <= @to AND (p."endedOn" IS NULL OR p."endedOn" > @to)
         AND (res."deletedAt" IS NULL OR date(res."deletedAt", '+8 hours') > @to) ${authorsOf(a, `p."cadreId"`)}
       GROUP BY p."cadreId"`,
    )
    .raw()
    .iterate({ to: r.to }) as Iterable<[number, number]>;
  const out: Counts = new Map();
  for (const [cadreId, n] of rows) bump(out, units.on(cadreId, r.to), n);
  return out;
}

/** The assistance figures per unit: money in fen, 项目 records (`projects`), people helped into work (`employment`). */
export interface AssistanceCounts {
  fen: Counts;
  projects: Counts;
  employment: Counts;
}

/**
 * Assistance given in the range, toward the pairing cadre's unit on the day it was given, in one
 * read of the year's records for three figures: the sum in fen; `projects`, the records of kind
 * 项目 (PROJECT); `employment`, each record's `peopleEmployed`, or 1 for a 就业 (EMPLOYMENT) record
 * without the number (measures.ts `measureRows` lists the same records one by one for the drill-down).
 */
export function countAssistance(raw: Database.Database, units: Units, r: RollupRange, a?: Attribution): AssistanceCounts {
  const rows = raw
    .prepare(
      `SELECT p."cadreId", ar."givenOn", SUM(COALESCE(ar."amountFen", 0)),
         SUM(CASE WHEN ar."kind" = 'PROJECT' THEN 1 ELSE 0 END),
         SUM(CASE WHEN ar."kind" = 'EMPLOYMENT' OR ar."peopleEmployed" > 0 THEN COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END) ELSE 0 END)
       FROM "AssistanceRecord" ar
       JOIN "Pairing" p ON p."id" = ar."pairingId"
       WHERE ar."givenOn" BETWEEN @from AND @to AND ar."deletedAt" IS NULL ${authorsOf(a, `p."cadreId"`)} GROUP BY p."cadreId", ar."givenOn"`,
    )
    .raw()
    .iterate(r) as Iterable<[number, string, number, number, number]>;
  const out: AssistanceCounts = { fen: new Map(), projects: new Map(), employment: new Map() };
  for (const [cadreId, on, fen, projects, employed] of rows) {
    const unit = units.on(cadreId, on);
    bump(out.fen, unit, fen);
    if (projects > 0) bump(out.projects, unit, projects);
    if (employed > 0) bump(out.employment, unit, employed);
  }
  return out;
}

/**
 * Requests raised in the range: [unit of their recorder (the author) on the day raised, raisedOn,
 * the days their feedback took (null: none yet, or given after `to`), the branch whose feedback
 * days apply (the zone's, else the owner's today)], for the on-time count. Rows of a recorder
 * outside every unit that day are left out.
 */
export function requestRows(raw: Database.Database, units: Units, r: RollupRange, a?: Attribution): Array<[number, string, number | null, number]> {
  const rows = raw
    .prepare(
      `SELECT q."createdById", q."raisedOn",
         CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= @to THEN CAST(julianday(q."feedbackOn") - julianday(q."raisedOn") AS INTEGER) END,
         COALESCE(z."branchId", o."branchId")
       FROM "Request" q LEFT JOIN "Zone" z ON z."id" = q."zoneId" JOIN "Member" o ON o."id" = q."ownerId"
       WHERE q."raisedOn" BETWEEN @from AND @to AND q."deletedAt" IS NULL ${authorsOf(a, `q."createdById"`)}`,
    )
    .raw()
    .all(r) as Array<[number, string, number | null, number]>;
  const out: Array<[number, string, number | null, number]> = [];
  for (const [author, raisedOn, took, branchId] of rows) {
    const unit = units.on(author, raisedOn);
    if (unit !== null) out.push([unit, raisedOn, took, branchId]);
  }
  return out;
}

/** REQUEST_FEEDBACK_DAYS settings, the system's and every org's, oldest first. */
export function feedbackSettings(raw: Database.Database): { value: number; effectiveFrom: string; orgId: number | null }[] {
  return raw.prepare(`SELECT "value", "effectiveFrom", "orgId" FROM "RuleSetting" WHERE "rule" = 'REQUEST_FEEDBACK_DAYS' ORDER BY "effectiveFrom", "id"`).all() as {
    value: number;
    effectiveFrom: string;
    orgId: number | null;
  }[];
}

/** Every org's path by id (for resolving a branch's settings over its path). */
export function orgPaths(raw: Database.Database): Map<number, string> {
  return new Map(raw.prepare(`SELECT "id", "path" FROM "Org"`).raw().all() as Array<[number, string]>);
}

/** The tree around org `orgId` that the roll-up needs: the org, its direct children, its subtree's branches, its zones. */
export function rollupTree(raw: Database.Database, orgId: number) {
  const org = raw.prepare(`SELECT "id", "code", "name", "kind", "path", "dissolvedOn" FROM "Org" WHERE "id" = @orgId`).get({ orgId }) as
    | { id: number; code: string; name: string; kind: string; path: string; dissolvedOn: string | null }
    | undefined;
  if (!org) return null;
  const childOrgs = raw.prepare(`SELECT "id", "code", "name", "kind", "path", "dissolvedOn" FROM "Org" WHERE "parentId" = @orgId ORDER BY "code"`).all({ orgId }) as typeof org[];
  const branches = raw.prepare(`SELECT "id", "path" FROM "Org" WHERE "kind" = 'BRANCH' AND "path" LIKE @path || '%'`).all({ path: org.path }) as { id: number; path: string }[];
  const zones = raw.prepare(`SELECT "id", "name" FROM "Zone" WHERE "branchId" = @orgId ORDER BY "id"`).all({ orgId }) as { id: number; name: string }[];
  return { org, childOrgs, branches, zones };
}

/** The org with code `code`, or null. */
export function orgByCode(raw: Database.Database, code: string): { id: number; code: string; name: string; kind: string; path: string } | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path" FROM "Org" WHERE "code" = @code`).get({ code }) as never) ?? null;
}

/** The root org (the county), or null in a database without one. */
export function rootOrg(raw: Database.Database): { id: number; code: string; name: string; kind: string; path: string } | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path" FROM "Org" WHERE "parentId" IS NULL ORDER BY "id" LIMIT 1`).get() as never) ?? null;
}
