/**
 * The county dashboard's own reads (issue 13 item 1): the year's records per branch and calendar
 * month, attributed exactly as the roll-up attributes them (DOMAIN.md "Roll-up counting";
 * src/domain/rollup/queries.ts): a talk, visit, assistance record or request toward the branch its
 * author belonged to on the record's date — the `Units` of the one dated-membership read model
 * (src/domain/orgs/memberships.ts), so a month's figures always sum to the roll-up's — and a 院坝会
 * toward its zone's branch. One grouped pass per table, never one query per member or per month. Dates are
 * Asia/Shanghai `YYYY-MM-DD` text (months `YYYY-MM`), the range `[from, to]` inclusive;
 * soft-deleted records never count.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { daysBetween, jsonValues } from "../db/dialect.ts";
import type { Units } from "../domain/rollup/queries.ts";
import { branchOf, type MembershipTimeline } from "../domain/orgs/memberships.ts";

export interface DeskRange {
  from: string;
  to: string;
}

/** Per branch id, per month (`YYYY-MM`): a number. */
export type MonthCounts = Map<number, Map<string, number>>;


function put(out: MonthCounts, branch: number, month: string, n: number): void {
  let m = out.get(branch);
  if (!m) out.set(branch, (m = new Map()));
  m.set(month, (m.get(month) ?? 0) + n);
}

/** Rows of { who, day, n } put toward the author's branch on that date, by month. */
function byAuthor(units: Units, rows: readonly { who: number; day: string; n: number }[]): MonthCounts {
  const out: MonthCounts = new Map();
  for (const { who, day, n } of rows) {
    const b = units.on(who, day);
    if (b !== null) put(out, b, day.slice(0, 7), Number(n));
  }
  return out;
}

/** Talks by talker's branch and month. */
export async function monthlyTalks(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  const { rows } = await sql<{ who: number; day: string; n: number }>`
    SELECT t."talkerId" AS "who", t."occurredOn" AS "day", COUNT(*) AS "n" FROM "Talk" t
    WHERE t."occurredOn" BETWEEN ${r.from} AND ${r.to} AND t."deletedAt" IS NULL
    GROUP BY t."talkerId", t."occurredOn" ORDER BY t."talkerId", t."occurredOn"`.execute(kx);
  return byAuthor(units, rows);
}

/** Line visits by the cadre's branch and month. */
export async function monthlyVisits(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<MonthCounts> {
  const { rows } = await sql<{ who: number; day: string; n: number }>`
    SELECT v."cadreId" AS "who", v."visitedOn" AS "day", COUNT(*) AS "n" FROM "LineVisit" v
    WHERE v."visitedOn" BETWEEN ${r.from} AND ${r.to} AND v."deletedAt" IS NULL
    GROUP BY v."cadreId", v."visitedOn" ORDER BY v."cadreId", v."visitedOn"`.execute(kx);
  return byAuthor(units, rows);
}

/** 院坝会 held and their attendees (residents counted plus members ticked present), by the zone's branch and month. */
export async function monthlyCourtyard(kx: Kysely<DB>, r: DeskRange): Promise<{ meetings: MonthCounts; attendees: MonthCounts }> {
  const meetings: MonthCounts = new Map();
  const attendees: MonthCounts = new Map();
  const { rows } = await sql<{ b: number; month: string; n: number; people: number }>`
    SELECT z."branchId" AS "b", substr(mt."heldOn", 1, 7) AS "month", COUNT(*) AS "n",
      SUM(mt."residentCount" + (SELECT COUNT(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = mt."id")) AS "people"
    FROM "Meeting" mt JOIN "Zone" z ON z."id" = mt."zoneId"
    WHERE mt."kind" = 'COURTYARD' AND mt."heldOn" BETWEEN ${r.from} AND ${r.to} AND mt."deletedAt" IS NULL
    GROUP BY z."branchId", substr(mt."heldOn", 1, 7) ORDER BY 1, 2`.execute(kx);
  for (const { b, month, n, people } of rows) {
    put(meetings, b, month, Number(n));
    put(attendees, b, month, Number(people));
  }
  return { meetings, attendees };
}

/**
 * Assistance by the pairing cadre's branch on the day given and month, in one read: `fen` given,
 * `projects` (项目 records) and `employment` (people helped into work: peopleEmployed, or 1 for a
 * 就业 record without the number), each as the roll-up counts it (src/domain/rollup/measures.ts).
 */
export async function monthlyAssistance(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<{ fen: MonthCounts; projects: MonthCounts; employment: MonthCounts }> {
  const fen: MonthCounts = new Map();
  const projects: MonthCounts = new Map();
  const employment: MonthCounts = new Map();
  const employed = sql`COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END)`;
  const { rows } = await sql<{ cadre: number; day: string; f: number; n: number; people: number }>`
    SELECT p."cadreId" AS "cadre", ar."givenOn" AS "day", SUM(COALESCE(ar."amountFen", 0)) AS "f",
      SUM(CASE WHEN ar."kind" = 'PROJECT' THEN 1 ELSE 0 END) AS "n",
      SUM(CASE WHEN ${employed} > 0 THEN ${employed} ELSE 0 END) AS "people"
    FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
    WHERE ar."givenOn" BETWEEN ${r.from} AND ${r.to} AND ar."deletedAt" IS NULL
    GROUP BY p."cadreId", ar."givenOn" ORDER BY 1, 2`.execute(kx);
  for (const row of rows) {
    const b = units.on(row.cadre, row.day);
    if (b === null) continue;
    const month = row.day.slice(0, 7);
    const [f, n, people] = [Number(row.f), Number(row.n), Number(row.people)];
    put(fen, b, month, f);
    if (n) put(projects, b, month, n);
    if (people) put(employment, b, month, people);
  }
  return { fen, projects, employment };
}

/**
 * Requests raised in the range: [author's branch on the day raised, raisedOn, days the feedback
 * took (null: none yet, or given after `to`), the branch whose feedback-days setting applies (the
 * request's zone's branch, else its owner's)], for the on-time count by month.
 */
export async function requestRowsByBranch(kx: Kysely<DB>, units: Units, r: DeskRange): Promise<[number, string, number | null, number][]> {
  const { rows } = await sql<{ author: number; raisedOn: string; took: number | null; settingsBranch: number }>`
    SELECT q."createdById" AS "author", q."raisedOn" AS "raisedOn",
      CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ${r.to} THEN ${daysBetween(kx, sql.ref("q.raisedOn"), sql.ref("q.feedbackOn"))} END AS "took",
      COALESCE(z."branchId", o."branchId") AS "settingsBranch"
    FROM "Request" q
    LEFT JOIN "Zone" z ON z."id" = q."zoneId" JOIN "Member" o ON o."id" = q."ownerId"
    WHERE q."raisedOn" BETWEEN ${r.from} AND ${r.to} AND q."deletedAt" IS NULL
    ORDER BY q."id"`.execute(kx);
  const out: [number, string, number | null, number][] = [];
  for (const { author, raisedOn, took, settingsBranch } of rows) {
    const b = units.on(author, raisedOn);
    if (b !== null) out.push([b, raisedOn, took === null ? null : Number(took), settingsBranch]);
  }
  return out;
}

/** REQUEST_FEEDBACK_DAYS settings with the org they are set at (null: the whole system), oldest first. */
export async function feedbackDaySettings(kx: Kysely<DB>): Promise<{ value: number; effectiveFrom: string; orgId: number | null }[]> {
  return kx.selectFrom("RuleSetting").select(["value", "effectiveFrom", "orgId"]).where("rule", "=", "REQUEST_FEEDBACK_DAYS").orderBy("effectiveFrom").orderBy("id").execute();
}

/** Org id → its materialized path. */
export async function orgPaths(kx: Kysely<DB>): Promise<Map<number, string>> {
  return new Map((await kx.selectFrom("Org").select(["id", "path"]).execute()).map((o) => [o.id, o.path]));
}

/** Member id → the branch they belong to on `day` (the dated-membership read model). */
export function branchOnDay(timeline: MembershipTimeline, day: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const id of timeline.keys()) {
    const b = branchOf(timeline, id, day);
    if (b !== null) out.set(id, b);
  }
  return out;
}

/** Member id → their zone on `day`, for the zones of branch `branchId` (ZoneAssignment in force then). */
export async function zoneOnDay(kx: Kysely<DB>, branchId: number, day: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const rows = await kx
    .selectFrom("ZoneAssignment as a")
    .innerJoin("Zone as z", "z.id", "a.zoneId")
    .select(["a.memberId", "a.zoneId"])
    .where("z.branchId", "=", branchId)
    .where("a.fromOn", "<=", day)
    .where((eb) => eb.or([eb("a.toOn", "is", null), eb("a.toOn", ">=", day)]))
    .orderBy("a.id")
    .execute();
  for (const { memberId, zoneId } of rows) out.set(memberId, zoneId);
  return out;
}

/** Zone id → its branch id, for every zone. */
export async function zoneBranches(kx: Kysely<DB>): Promise<Map<number, number>> {
  return new Map((await kx.selectFrom("Zone").select(["id", "branchId"]).execute()).map((z) => [z.id, z.branchId]));
}

/** The orgs on `path` (the org and its ancestors), root first. */
export async function ancestorsOf(kx: Kysely<DB>, path: string): Promise<{ code: string; name: string; path: string }[]> {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = await kx.selectFrom("Org").select(["code", "name", "path"]).where("id", "in", jsonValues(kx, ids, "integer")).execute();
  return rows.sort((a, b) => a.path.length - b.path.length);
}
