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
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { daysBetween, shanghaiDateOf, stringAgg } from "../../db/dialect.ts";
import { branchOf, loadMembershipTimeline, type MembershipTimeline } from "../orgs/memberships.ts";
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

/** An SQL fragment: a condition to append, a column, or nothing. */
type Fragment = RawBuilder<unknown>;

/** The ids of the orgs in the subtree of org `orgId` (itself included), inlined as a number (plans as before). */
function subtreeOrgs(orgId: number): Fragment {
  return sql`SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ${sql.lit(Number(orgId))}) || '%'`;
}

/** `AND <col> IN (the orgs of the subtree of a.under)`, or nothing. Ids are inlined as numbers. */
function underOrg(a: Attribution, col: Fragment): Fragment {
  if (a.by !== "branch" || a.under === undefined) return sql``;
  return sql`AND ${col} IN (${subtreeOrgs(a.under)})`;
}

/**
 * `AND <col> IN (the members whose rows can count toward a unit of a)`, or nothing: a superset
 * (everyone who ever belonged there), the dated attribution in JS decides each row. `col` names
 * a column (`sql.ref`). The ids are inlined as numbers, so SQLite plans each read from that list
 * into the (author, date) index (EXPLAIN QUERY PLAN: `SEARCH … USING COVERING INDEX … (talkerId=?
 * AND occurredOn>? AND occurredOn<?)` after `LIST SUBQUERY`).
 */
export function authorsOf(a: Attribution | undefined, col: Fragment): Fragment {
  if (!a) return sql``;
  if (a.by === "zone") {
    return sql`AND ${col} IN (SELECT za."memberId" FROM "ZoneAssignment" za JOIN "Zone" z ON z."id" = za."zoneId" WHERE z."branchId" = ${sql.lit(Number(a.branchId))})`;
  }
  if (a.under === undefined) return sql``;
  const sub = subtreeOrgs(a.under);
  return sql`AND ${col} IN (SELECT "memberId" FROM "OrgMembership" WHERE "orgId" IN (${sub}) UNION SELECT "id" FROM "Member" WHERE "branchId" IN (${sub}))`;
}

/** One figure's counts per unit key (branch id or zone id). */
export type Counts = Map<number, number>;

/** Where a member's records count: the unit on a day, and the one unit of a whole range when it never changes. */
export interface Units {
  on(memberId: number, day: string): number | null;
  /** The unit on every day of [from, to], or undefined when it is not one unit throughout. */
  across(memberId: number, from: string, to: string): number | null | undefined;
}

/** The branch units of a membership timeline the caller has already (no read). */
export function unitsOf(timeline: MembershipTimeline): Units {
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
async function zoneTimeline(kx: Kysely<DB>, branchId: number): Promise<MembershipTimeline> {
  const out = new Map<number, Dated<number>[]>();
  const rows = await kx
    .selectFrom("ZoneAssignment as za")
    .innerJoin("Zone as z", "z.id", "za.zoneId")
    .select(["za.memberId", "za.zoneId", "za.fromOn", "za.toOn"])
    .where("z.branchId", "=", branchId)
    .orderBy("za.memberId")
    .orderBy("za.fromOn")
    .orderBy("za.id")
    .execute();
  for (const { memberId, zoneId, fromOn, toOn } of rows) {
    const d = { from: fromOn, to: toOn, value: zoneId };
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
export async function unitsFor(kx: Kysely<DB>, a: Attribution, timeline?: MembershipTimeline): Promise<Units> {
  return unitsOf(a.by === "branch" ? (timeline ?? (await loadMembershipTimeline(kx))) : await zoneTimeline(kx, a.branchId));
}

const bump = (counts: Counts, unit: number | null, n: number) => {
  if (unit !== null) counts.set(unit, (counts.get(unit) ?? 0) + n);
};

/**
 * The records of `table` in the range, soft-deleted left out, counted toward their author's unit
 * on each record's date (talks by talker, line visits by cadre: the same query over two tables).
 * `authorColumn` and `dateColumn` name columns of `table` (identifiers from this module, never input).
 */
export async function countRecords(kx: Kysely<DB>, units: Units, table: string, authorColumn: string, dateColumn: string, r: RollupRange, a?: Attribution): Promise<Counts> {
  const author = sql.ref(authorColumn);
  const date = sql.ref(dateColumn);
  const { rows } = await sql<{ author: number; dates: string }>`SELECT ${author} AS "author", ${stringAgg(kx, date, "")} AS "dates" FROM ${sql.table(table)}
       WHERE ${date} BETWEEN ${r.from} AND ${r.to} AND "deletedAt" IS NULL ${authorsOf(a, author)} GROUP BY ${author}`.execute(kx);
  const out: Counts = new Map();
  for (const { author, dates } of rows) {
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
export async function countMembers(kx: Kysely<DB>, units: Units, r: RollupRange): Promise<Counts> {
  const rows = await kx
    .selectFrom("Member")
    .select("id")
    .where("role", "<>", "ADMIN")
    .where("registeredOn", "<=", r.to)
    .where((eb) => eb.or([eb("deactivatedOn", "is", null), eb("deactivatedOn", ">=", r.to)]))
    .execute();
  const out: Counts = new Map();
  for (const { id } of rows) bump(out, units.on(id, r.to), 1);
  return out;
}

/**
 * 院坝会 held and their attendees (residents counted at the meeting plus members ticked present),
 * toward the meeting's zone (or the zone's branch).
 */
export async function countCourtyard(kx: Kysely<DB>, a: Attribution, r: RollupRange): Promise<{ meetings: Counts; attendees: Counts }> {
  const key = a.by === "branch" ? sql`z."branchId"` : sql`z."id"`;
  const where = a.by === "branch" ? underOrg(a, sql`z."branchId"`) : sql`AND z."branchId" = ${a.branchId}`;
  const meetings: Counts = new Map();
  const attendees: Counts = new Map();
  const { rows } = await sql<{ k: number; n: number; people: number | string }>`SELECT ${key} AS "k", COUNT(*) AS "n", SUM(mt."residentCount" + (SELECT COUNT(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = mt."id")) AS "people"
       FROM "Meeting" mt JOIN "Zone" z ON z."id" = mt."zoneId"
       WHERE mt."kind" = 'COURTYARD' AND mt."heldOn" BETWEEN ${r.from} AND ${r.to} AND mt."deletedAt" IS NULL ${where}
       GROUP BY ${key}`.execute(kx);
  for (const { k, n, people } of rows) {
    meetings.set(k, n);
    attendees.set(k, Number(people)); // PostgreSQL: SUM of bigint is numeric (text)
  }
  return { meetings, attendees };
}

/** Pairings running on `to` (household not deleted by then, by its Asia/Shanghai day), toward the cadre's unit on `to`. */
export async function countPairings(kx: Kysely<DB>, units: Units, r: RollupRange, a?: Attribution): Promise<Counts> {
  const { rows } = await sql<{ cadreId: number; n: number }>`SELECT p."cadreId", COUNT(*) AS "n" FROM "Pairing" p JOIN "Resident" res ON res."id" = p."residentId"
       WHERE p."startedOn" <= ${r.to} AND (p."endedOn" IS NULL OR p."endedOn" > ${r.to})
         AND (res."deletedAt" IS NULL OR ${shanghaiDateOf(kx, sql`res."deletedAt"`)} > ${r.to}) ${authorsOf(a, sql`p."cadreId"`)}
       GROUP BY p."cadreId"`.execute(kx);
  const out: Counts = new Map();
  for (const { cadreId, n } of rows) bump(out, units.on(cadreId, r.to), n);
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
export async function countAssistance(kx: Kysely<DB>, units: Units, r: RollupRange, a?: Attribution): Promise<AssistanceCounts> {
  type Row = { cadreId: number; givenOn: string; fen: number | string; projects: number | string; employed: number | string };
  const { rows } = await sql<Row>`SELECT p."cadreId", ar."givenOn", SUM(COALESCE(ar."amountFen", 0)) AS "fen",
         SUM(CASE WHEN ar."kind" = 'PROJECT' THEN 1 ELSE 0 END) AS "projects",
         SUM(CASE WHEN ar."kind" = 'EMPLOYMENT' OR ar."peopleEmployed" > 0 THEN COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END) ELSE 0 END) AS "employed"
       FROM "AssistanceRecord" ar
       JOIN "Pairing" p ON p."id" = ar."pairingId"
       WHERE ar."givenOn" BETWEEN ${r.from} AND ${r.to} AND ar."deletedAt" IS NULL ${authorsOf(a, sql`p."cadreId"`)} GROUP BY p."cadreId", ar."givenOn"`.execute(kx);
  const out: AssistanceCounts = { fen: new Map(), projects: new Map(), employment: new Map() };
  for (const row of rows) {
    const unit = units.on(row.cadreId, row.givenOn);
    // Number(): PostgreSQL may answer a SUM as numeric (text); SQLite's integers pass unchanged.
    const [fen, projects, employed] = [Number(row.fen), Number(row.projects), Number(row.employed)];
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
export async function requestRows(kx: Kysely<DB>, units: Units, r: RollupRange, a?: Attribution): Promise<Array<[number, string, number | null, number]>> {
  type Row = { createdById: number; raisedOn: string; took: number | null; branchId: number };
  const { rows } = await sql<Row>`SELECT q."createdById", q."raisedOn",
         CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ${r.to} THEN ${daysBetween(kx, sql`q."raisedOn"`, sql`q."feedbackOn"`)} END AS "took",
         COALESCE(z."branchId", o."branchId") AS "branchId"
       FROM "Request" q LEFT JOIN "Zone" z ON z."id" = q."zoneId" JOIN "Member" o ON o."id" = q."ownerId"
       WHERE q."raisedOn" BETWEEN ${r.from} AND ${r.to} AND q."deletedAt" IS NULL ${authorsOf(a, sql`q."createdById"`)}`.execute(kx);
  const out: Array<[number, string, number | null, number]> = [];
  for (const { createdById, raisedOn, took, branchId } of rows) {
    const unit = units.on(createdById, raisedOn);
    if (unit !== null) out.push([unit, raisedOn, took, branchId]);
  }
  return out;
}

/** REQUEST_FEEDBACK_DAYS settings, the system's and every org's, oldest first. */
export async function feedbackSettings(kx: Kysely<DB>): Promise<{ value: number; effectiveFrom: string; orgId: number | null }[]> {
  return kx
    .selectFrom("RuleSetting")
    .select(["value", "effectiveFrom", "orgId"])
    .where("rule", "=", "REQUEST_FEEDBACK_DAYS")
    .orderBy("effectiveFrom")
    .orderBy("id")
    .execute();
}

/** Every org's path by id (for resolving a branch's settings over its path). */
export async function orgPaths(kx: Kysely<DB>): Promise<Map<number, string>> {
  const rows = await kx.selectFrom("Org").select(["id", "path"]).execute();
  return new Map(rows.map((o) => [o.id, o.path]));
}

const ORG_COLUMNS = ["id", "code", "name", "kind", "path", "dissolvedOn"] as const;

/** The tree around org `orgId` that the roll-up needs: the org, its direct children, its subtree's branches, its zones. */
export async function rollupTree(kx: Kysely<DB>, orgId: number) {
  const org = await kx.selectFrom("Org").select(ORG_COLUMNS).where("id", "=", orgId).executeTakeFirst();
  if (!org) return null;
  const childOrgs = await kx.selectFrom("Org").select(ORG_COLUMNS).where("parentId", "=", orgId).orderBy("code").execute();
  const branches = await kx.selectFrom("Org").select(["id", "path"]).where("kind", "=", "BRANCH").where(sql<boolean>`"path" LIKE ${org.path} || '%'`).execute();
  const zones = await kx.selectFrom("Zone").select(["id", "name"]).where("branchId", "=", orgId).orderBy("id").execute();
  return { org, childOrgs, branches, zones };
}

/** The org with code `code`, or null. */
export async function orgByCode(kx: Kysely<DB>, code: string): Promise<{ id: number; code: string; name: string; kind: string; path: string } | null> {
  return (await kx.selectFrom("Org").select(["id", "code", "name", "kind", "path"]).where("code", "=", code).executeTakeFirst()) ?? null;
}

/** The root org (the county), or null in a database without one. */
export async function rootOrg(kx: Kysely<DB>): Promise<{ id: number; code: string; name: string; kind: string; path: string } | null> {
  return (await kx.selectFrom("Org").select(["id", "code", "name", "kind", "path"]).where("parentId", "is", null).orderBy("id").limit(1).executeTakeFirst()) ?? null;
}
