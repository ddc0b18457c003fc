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
import type Database from "better-sqlite3";
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

/** Rows of [author, date, n] put toward the author's branch on that date, by month. */
function byAuthor(raw: Database.Database, units: Units, sql: string, params: unknown[]): MonthCounts {
  const out: MonthCounts = new Map();
  for (const [author, day, n] of raw.prepare(sql).raw().iterate(...params) as Iterable<[number, string, number]>) {
    const b = units.on(author, day);
    if (b !== null) put(out, b, day.slice(0, 7), n);
  }
  return out;
}

/** Talks by talker's branch and month. */
export function monthlyTalks(raw: Database.Database, units: Units, r: DeskRange): MonthCounts {
  return byAuthor(
    raw,
    units,
    `SELECT t."talkerId", t."occurredOn", COUNT(*) FROM "Talk" t
     WHERE t."occurredOn" BETWEEN ? AND ? AND t."deletedAt" IS NULL GROUP BY 1, 2`,
    [r.from, r.to],
  );
}

/** Line visits by the cadre's branch and month. */
export function monthlyVisits(raw: Database.Database, units: Units, r: DeskRange): MonthCounts {
  return byAuthor(
    raw,
    units,
    `SELECT v."cadreId", v."visitedOn", COUNT(*) FROM "LineVisit" v
     WHERE v."visitedOn" BETWEEN ? AND ? AND v."deletedAt" IS NULL GROUP BY 1, 2`,
    [r.from, r.to],
  );
}

/** 院坝会 held and their attendees (residents counted plus members ticked present), by the zone's branch and month. */
export function monthlyCourtyard(raw: Database.Database, r: DeskRange): { meetings: MonthCounts; attendees: MonthCounts } {
  const meetings: MonthCounts = new Map();
  const attendees: MonthCounts = new Map();
  const rows = raw
    .prepare(
      `SELECT z."branchId", substr(mt."heldOn", 1, 7), COUNT(*),
         SUM(mt."residentCount" + (SELECT COUNT(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = mt."id"))
       FROM "Meeting" mt JOIN "Zone" z ON z."id" = mt."zoneId"
       WHERE mt."kind" = 'COURTYARD' AND mt."heldOn" BETWEEN ? AND ? AND mt."deletedAt" IS NULL
       GROUP BY 1, 2`,
    )
    .raw()
    .iterate(r.from, r.to) as Iterable<[number, string, number, number]>;
  for (const [b, month, n, people] of rows) {
    put(meetings, b, month, n);
    put(attendees, b, month, people);
  }
  return { meetings, attendees };
}

/**
 * Assistance by the pairing cadre's branch on the day given and month, in one read: `fen` given,
 * `projects` (项目 records) and `employment` (people helped into work: peopleEmployed, or 1 for a
 * 就业 record without the number), each as the roll-up counts it (src/domain/rollup/measures.ts).
 */
export function monthlyAssistance(raw: Database.Database, units: Units, r: DeskRange): { fen: MonthCounts; projects: MonthCounts; employment: MonthCounts } {
  const fen: MonthCounts = new Map();
  const projects: MonthCounts = new Map();
  const employment: MonthCounts = new Map();
  const rows = raw
    .prepare(
      `SELECT p."cadreId", ar."givenOn", SUM(COALESCE(ar."amountFen", 0)), SUM(ar."kind" = 'PROJECT'),
         SUM(MAX(COALESCE(ar."peopleEmployed", CASE WHEN ar."kind" = 'EMPLOYMENT' THEN 1 ELSE 0 END), 0))
       FROM "AssistanceRecord" ar JOIN "Pairing" p ON p."id" = ar."pairingId"
       WHERE ar."givenOn" BETWEEN ? AND ? AND ar."deletedAt" IS NULL GROUP BY 1, 2`,
    )
    .raw()
    .iterate(r.from, r.to) as Iterable<[number, string, number, number, number]>;
  for (const [cadre, day, f, n, people] of rows) {
    const b = units.on(cadre, day);
    if (b === null) continue;
    const month = day.slice(0, 7);
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
export function* requestRowsByBranch(raw: Database.Database, units: Units, r: DeskRange): Iterable<[number, string, number | null, number]> {
  const rows = raw
    .prepare(
      `SELECT q."createdById", q."raisedOn",
         CASE WHEN q."feedbackOn" IS NOT NULL AND q."feedbackOn" <= ? THEN CAST(julianday(q."feedbackOn") - julianday(q."raisedOn") AS INTEGER) END,
         COALESCE(z."branchId", o."branchId")
       FROM "Request" q
       LEFT JOIN "Zone" z ON z."id" = q."zoneId" JOIN "Member" o ON o."id" = q."ownerId"
       WHERE q."raisedOn" BETWEEN ? AND ? AND q."deletedAt" IS NULL`,
    )
    .raw()
    .iterate(r.to, r.from, r.to) as Iterable<[number, string, number | null, number]>;
  for (const [author, raisedOn, took, settingsBranch] of rows) {
    const b = units.on(author, raisedOn);
    if (b !== null) yield [b, raisedOn, took, settingsBranch];
  }
}

/** REQUEST_FEEDBACK_DAYS settings with the org they are set at (null: the whole system), oldest first. */
export function feedbackDaySettings(raw: Database.Database): { value: number; effectiveFrom: string; orgId: number | null }[] {
  return raw.prepare(`SELECT "value", "effectiveFrom", "orgId" FROM "RuleSetting" WHERE "rule" = 'REQUEST_FEEDBACK_DAYS' ORDER BY "effectiveFrom", "id"`).all() as {
    value: number;
    effectiveFrom: string;
    orgId: number | null;
  }[];
}

/** Org id → its materialized path. */
export function orgPaths(raw: Database.Database): Map<number, string> {
  return new Map(raw.prepare(`SELECT "id", "path" FROM "Org"`).raw().all() as [number, string][]);
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
export function zoneOnDay(raw: Database.Database, branchId: number, day: string): Map<number, number> {
  const out = new Map<number, number>();
  const rows = raw
    .prepare(
      `SELECT a."memberId", a."zoneId" FROM "ZoneAssignment" a JOIN "Zone" z ON z."id" = a."zoneId"
       WHERE z."branchId" = ? AND a."fromOn" <= ? AND (a."toOn" IS NULL OR a."toOn" >= ?)`,
    )
    .raw()
    .iterate(branchId, day, day) as Iterable<[number, number]>;
  for (const [m, z] of rows) out.set(m, z);
  return out;
}

/** Zone id → its branch id, for every zone. */
export function zoneBranches(raw: Database.Database): Map<number, number> {
  return new Map(raw.prepare(`SELECT "id", "branchId" FROM "Zone"`).raw().all() as [number, number][]);
}

/** The orgs on `path` (the org and its ancestors), root first. */
export function ancestorsOf(raw: Database.Database, path: string): { code: string; name: string; path: string }[] {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = raw.prepare(`SELECT "code", "name", "path" FROM "Org" WHERE "id" IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { code: string; name: string; path: string }[];
  return rows.sort((a, b) => a.path.length - b.path.length);
}
