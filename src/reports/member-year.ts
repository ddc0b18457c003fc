/**
 * A member's year (一人一年的台账), as the secretary checks it for 年终备查 and as the printed
 * binder shows it: every record of the person dated in the year — talks with their must-talk
 * reason (谈心制度 7), line visits grouped by ISO week with the week's date range (责任区工作制度
 * 6(1)), meetings attended or hosted, pairings (结穷亲) and the assistance given, requests owned
 * (群众诉求) — soft-deleted records left out.
 *
 * The year: calendar days 1 Jan–31 Dec (Asia/Shanghai `LocalDate`s), except line visits, which
 * follow the ISO weeks of ISO week-year `year` as the quota does (2026-W01 = 2025-12-29 to
 * 2026-01-04). `period` (a month "2026-03" or a week "2026-W10") narrows every list to that period.
 *
 * Late entry (补录): a record entered (createdAt, read as an Asia/Shanghai date) more than
 * `LATE_AFTER_DAYS` days after the day it happened is marked `late`, with both dates kept.
 * Money: assistance `amountFen` in fen, `amountYuan` as text with two decimals.
 */
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../db/kysely.ts";
import { daysBetween as daysBetweenSql, jsonValues, readSnapshot, shanghaiDateOf } from "../db/dialect.ts";
import { daysBetween, localDateOf, localDateTimeOf, periodsOfYear, yearPeriod, type Period } from "../rules/index.ts";
import { pager, PRINT_CAP, type Pager } from "../domain/paging.ts";

export const LATE_AFTER_DAYS = 7;

interface Entered {
  /** "YYYY-MM-DD HH:mm", Asia/Shanghai. */
  enteredAt: string;
  late: boolean;
}

export interface TalkRecord extends Entered { id: number; date: string; counterpartKind: string; counterpartName: string; reason: string; content: string }
export interface VisitRecord extends Entered { id: number; date: string; time: string; target: string; targetKind: "line" | "department"; purpose: string; problemsFound: string; handling: string }
export interface VisitWeek { label: string; start: string; end: string; visits: VisitRecord[] }
export interface MeetingRecord extends Entered { id: number; date: string; kind: string; zone: string; place: string; topics: string; residentCount: number; hosted: boolean }
export interface AssistanceEntry extends Entered { id: number; date: string; kind: string; amountFen: number | null; amountYuan: string | null; description: string }
export interface PairingRecord extends Entered { id: number; resident: string; zone: string; startedOn: string; endedOn: string | null; endReason: string | null; assistance: AssistanceEntry[] }
export interface RequestRecord extends Entered { id: number; date: string; source: string; residentName: string; zone: string | null; content: string; status: string; handling: string; feedbackOn: string | null; feedbackHow: string | null; feedbackContent: string | null }

/** The lists of a member's year that can grow without bound, each paged on its own. */
export const YEAR_LISTS = ["talks", "visits", "meetings", "pairings", "assistance", "requests"] as const;
export type YearList = (typeof YEAR_LISTS)[number];

/** One month's counts (the summary above the lists); visits by their date, in the ISO week-year's span. */
export interface MonthCounts { month: string; talks: number; visits: number; meetings: number; assistance: number; requests: number }

export interface AssistanceRow extends AssistanceEntry { pairingId: number; resident: string }

export interface MemberYear {
  member: { id: number; username: string; name: string; role: string; cadreLevel: string | null };
  year: number;
  period: Period | null;
  /** The rows of the page shown (or the first `PRINT_CAP` for print); `lists` has the totals. */
  talks: TalkRecord[];
  visitWeeks: VisitWeek[];
  visitCount: number;
  meetings: MeetingRecord[];
  /** Pairings of the page; their `assistance` is empty: assistance is its own list. */
  pairings: PairingRecord[];
  assistance: AssistanceRow[];
  requests: RequestRecord[];
  lists: Record<YearList, Pager>;
  months: MonthCounts[];
  lateCount: number;
}

/** Which rows of each list to load: a page of `size` rows per list (missing pages are page 1). */
export interface YearPaging {
  size: number;
  pages?: Partial<Record<YearList, number>>;
}

/** Entered-at of a row and whether it is a late entry for the record dated `date`. */
export function enteredOf(createdAt: string | number | Date, date: string): Entered {
  const at = createdAt instanceof Date ? createdAt : new Date(createdAt);
  return { enteredAt: localDateTimeOf(at), late: daysBetween(date, localDateOf(at)) > LATE_AFTER_DAYS };
}

/** "12.50" for 1250 fen. */
export const yuan = (fen: number | null): string | null => (fen === null ? null : (fen / 100).toFixed(2));

/** 1 when the row was entered (createdAt, as an Asia/Shanghai date) more than LATE_AFTER_DAYS days after `date`, else 0, in SQL. */
const LATE = (kx: Kysely<DB>, created: RawBuilder<unknown>, date: RawBuilder<unknown>) =>
  sql<number>`CASE WHEN ${daysBetweenSql(kx, date, shanghaiDateOf(kx, created))} > ${sql.lit(LATE_AFTER_DAYS)} THEN 1 ELSE 0 END`;

/**
 * Loads the year of member `memberId` (any role but the query does not check access: callers
 * scope it), or null when there is no such member. `period` must be a month or ISO week label.
 * Every list is bounded: `paging` loads one page of each (the screen); without it each list holds
 * its first `PRINT_CAP` rows (the printed binder, which says so). Totals, the late-entry count
 * and the per-month summary are counted in SQL over all rows, whatever is loaded; every read is
 * of one snapshot.
 */
export async function loadMemberYear(kx: Kysely<DB>, memberId: number, year: number, period: Period | null = null, paging?: YearPaging): Promise<MemberYear | null> {
  return readSnapshot(kx, async (tx) => {
    const rest = await readMemberYearRest(tx, memberId, year, period, paging);
    return rest && withVisits(tx, rest);
  });
}

/** A member's year without the rows of its visits list (`visitWeeks` empty; `lists.visits` counted). */
export type MemberYearRest = Omit<MemberYear, "visitWeeks"> & { visitWeeks: [] };

/** The days a year (or `period` within it) covers: calendar days, and the ISO weeks' days for visits. */
function spanOf(year: number, period: Period | null) {
  const yp = yearPeriod(year);
  const weeks = periodsOfYear("isoWeek", year);
  return {
    weeks,
    from: period ? (period.start > yp.start ? period.start : yp.start) : yp.start,
    to: period ? (period.end < yp.end ? period.end : yp.end) : yp.end,
    wFrom: period ? period.start : weeks[0].start,
    wTo: period ? period.end : weeks[weeks.length - 1].end,
  };
}

/** Each list: its table, its WHERE (with its parameters), its date and createdAt columns. */
function sources(memberId: number, { from, to, wFrom, wTo }: ReturnType<typeof spanOf>) {
  return {
    talks: { table: sql`"Talk" t`, where: sql`t."talkerId" = ${memberId} AND t."occurredOn" BETWEEN ${from} AND ${to} AND t."deletedAt" IS NULL`, date: sql`t."occurredOn"`, created: sql`t."createdAt"` },
    visits: { table: sql`"LineVisit" v`, where: sql`v."cadreId" = ${memberId} AND v."visitedOn" BETWEEN ${wFrom} AND ${wTo} AND v."deletedAt" IS NULL`, date: sql`v."visitedOn"`, created: sql`v."createdAt"` },
    meetings: {
      table: sql`"Meeting" m`,
      where: sql`m."id" IN (SELECT "meetingId" FROM "MeetingAttendance" WHERE "memberId" = ${memberId} UNION SELECT "id" FROM "Meeting" WHERE "hostId" = ${memberId})
             AND m."deletedAt" IS NULL AND m."heldOn" BETWEEN ${from} AND ${to}`,
      date: sql`m."heldOn"`,
      created: sql`m."createdAt"`,
    },
    pairings: { table: sql`"Pairing" p`, where: sql`p."cadreId" = ${memberId} AND p."startedOn" <= ${to} AND (p."endedOn" IS NULL OR p."endedOn" >= ${from})`, date: sql`p."startedOn"`, created: sql`p."createdAt"` },
    assistance: {
      table: sql`"AssistanceRecord" a JOIN "Pairing" p ON p."id" = a."pairingId"`,
      where: sql`p."cadreId" = ${memberId} AND a."givenOn" BETWEEN ${from} AND ${to} AND a."deletedAt" IS NULL`,
      date: sql`a."givenOn"`,
      created: sql`a."createdAt"`,
    },
    requests: { table: sql`"Request" q`, where: sql`q."ownerId" = ${memberId} AND q."raisedOn" BETWEEN ${from} AND ${to} AND q."deletedAt" IS NULL`, date: sql`q."raisedOn"`, created: sql`q."createdAt"` },
  } satisfies Record<YearList, { table: RawBuilder<unknown>; where: RawBuilder<unknown>; date: RawBuilder<unknown>; created: RawBuilder<unknown> }>;
}

/**
 * `loadMemberYear` but for the rows of the visits list (`withVisits` adds them): every other read
 * of the page; the caller provides the snapshot. Every table it reads raises a LedgerVersion row
 * (Line and Department, the visits' targets, do not: hence the split).
 */
export async function readMemberYearRest(kx: Kysely<DB>, memberId: number, year: number, period: Period | null, paging?: YearPaging): Promise<MemberYearRest | null> {
  const member = await kx.selectFrom("Member").select(["id", "username", "name", "role", "cadreLevel"]).where("id", "=", memberId).executeTakeFirst();
  if (!member) return null;
  const src = sources(memberId, spanOf(year, period));
  const lists = {} as Record<YearList, Pager>;
  let lateCount = 0;
  for (const k of Object.keys(src) as YearList[]) {
    const { rows } = await sql<{ n: number; late: number }>`SELECT count(*) AS "n", coalesce(sum(${LATE(kx, src[k].created, src[k].date)}), 0) AS "late" FROM ${src[k].table} WHERE ${src[k].where}`.execute(kx);
    const c = { n: Number(rows[0].n), late: Number(rows[0].late) };
    lists[k] = paging ? pager(c.n, paging.pages?.[k] ?? 1, paging.size) : pager(c.n, 1, PRINT_CAP);
    lateCount += c.late;
  }
  const lim = (k: YearList) => sql`LIMIT ${lists[k].size} OFFSET ${lists[k].offset}`;
  const all = async <R>(q: RawBuilder<R>) => (await q.execute(kx)).rows;

  const talks = (
    await all(
      sql<Omit<TalkRecord, keyof Entered> & { createdAt: string }>`SELECT t."id", t."occurredOn" AS "date", t."counterpartKind", t."counterpartName", t."reason", t."content", t."createdAt"
        FROM ${src.talks.table} WHERE ${src.talks.where} ORDER BY t."occurredOn", t."id" ${lim("talks")}`,
    )
  ).map(({ createdAt, ...t }) => ({ ...t, ...enteredOf(createdAt, t.date) }));

  const meetings = (
    await all(
      sql<Omit<MeetingRecord, keyof Entered | "hosted"> & { hosted: number; createdAt: string }>`SELECT m."id", m."heldOn" AS "date", m."kind", z."name" AS "zone", m."place", m."topics", m."residentCount",
                CASE WHEN m."hostId" IS NOT NULL AND m."hostId" = ${memberId} THEN 1 ELSE 0 END AS "hosted", m."createdAt"
         FROM ${src.meetings.table} JOIN "Zone" z ON z."id" = m."zoneId"
         WHERE ${src.meetings.where}
         ORDER BY m."heldOn", m."id" ${lim("meetings")}`,
    )
  ).map(({ createdAt, hosted, ...m }) => ({ ...m, hosted: Number(hosted) === 1, ...enteredOf(createdAt, m.date) }));

  const pairings = (
    await all(
      sql<Omit<PairingRecord, keyof Entered | "assistance"> & { createdAt: string }>`SELECT p."id", r."name" AS "resident", z."name" AS "zone", p."startedOn", p."endedOn", p."endReason", p."createdAt"
         FROM ${src.pairings.table} JOIN "Resident" r ON r."id" = p."residentId" JOIN "Zone" z ON z."id" = r."zoneId"
         WHERE ${src.pairings.where}
         ORDER BY p."startedOn", p."id" ${lim("pairings")}`,
    )
  ).map(({ createdAt, ...p }) => ({ ...p, ...enteredOf(createdAt, p.startedOn), assistance: [] }));

  const assistance = (
    await all(
      sql<Omit<AssistanceRow, keyof Entered | "amountYuan"> & { createdAt: string }>`SELECT a."id", a."pairingId", r."name" AS "resident", a."givenOn" AS "date", a."kind", a."amountFen", a."description", a."createdAt"
         FROM ${src.assistance.table} JOIN "Resident" r ON r."id" = p."residentId"
         WHERE ${src.assistance.where}
         ORDER BY a."givenOn", a."id" ${lim("assistance")}`,
    )
  ).map(({ createdAt, ...a }) => ({ ...a, amountYuan: yuan(a.amountFen), ...enteredOf(createdAt, a.date) }));

  const requests = (
    await all(
      sql<Omit<RequestRecord, keyof Entered> & { createdAt: string }>`SELECT q."id", q."raisedOn" AS "date", q."source", q."residentName", z."name" AS "zone", q."content", q."status", q."handling",
                q."feedbackOn", q."feedbackHow", q."feedbackContent", q."createdAt"
         FROM ${src.requests.table} LEFT JOIN "Zone" z ON z."id" = q."zoneId"
         WHERE ${src.requests.where}
         ORDER BY q."raisedOn", q."id" ${lim("requests")}`,
    )
  ).map(({ createdAt, ...q }) => ({ ...q, ...enteredOf(createdAt, q.date) }));

  // The summary: counts per month of every dated list (pairings are few and have no month).
  const byMonth = new Map<string, MonthCounts>();
  for (const k of ["talks", "visits", "meetings", "assistance", "requests"] as const) {
    const rows = await all(sql<{ month: string; n: number }>`SELECT substr(${src[k].date}, 1, 7) AS "month", count(*) AS "n" FROM ${src[k].table} WHERE ${src[k].where} GROUP BY substr(${src[k].date}, 1, 7)`);
    for (const { month, n } of rows) {
      const m = byMonth.get(month) ?? { month, talks: 0, visits: 0, meetings: 0, assistance: 0, requests: 0 };
      m[k] = Number(n);
      byMonth.set(month, m);
    }
  }
  return {
    member,
    year,
    period,
    talks,
    visitWeeks: [],
    visitCount: lists.visits.total,
    meetings,
    pairings,
    assistance,
    requests,
    lists,
    months: [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month)),
    lateCount,
  };
}

/** A visit of the list as read, before its target's name (Line and Department raise no ledger version). */
export interface VisitRow extends Omit<VisitRecord, "target" | "targetKind"> {
  lineId: number | null;
  departmentId: number | null;
}

/** `rest` with its page of visits (the list's rows, grouped by ISO week), read on `kx`. */
export async function withVisits(kx: Kysely<DB>, rest: MemberYearRest): Promise<MemberYear> {
  return withVisitTargets(kx, rest, await readVisitRows(kx, rest));
}

/** The rows of `rest`'s page of visits (`lists.visits`), in the list's order, without their targets' names. */
export async function readVisitRows(kx: Kysely<DB>, rest: MemberYearRest): Promise<VisitRow[]> {
  const src = sources(rest.member.id, spanOf(rest.year, rest.period));
  const pg = rest.lists.visits;
  const { rows } = await sql<Omit<VisitRow, keyof Entered | "time"> & { visitedAt: string; createdAt: string }>`SELECT v."id", v."visitedOn" AS "date", v."visitedAt", v."lineId", v."departmentId",
                v."purpose", v."problemsFound", v."handling", v."createdAt"
         FROM ${src.visits.table}
         WHERE ${src.visits.where}
         ORDER BY v."visitedAt", v."id" LIMIT ${pg.size} OFFSET ${pg.offset}`.execute(kx);
  return rows.map(({ createdAt, visitedAt, ...v }) => ({ ...v, time: localDateTimeOf(new Date(visitedAt)).slice(11), ...enteredOf(createdAt, v.date) }));
}

/**
 * `rest` with `rows` (readVisitRows) named and grouped by ISO week: each visit's target is its
 * line's name, else its department's, else '' (one read of the names of the page's lines and departments).
 */
export async function withVisitTargets(kx: Kysely<DB>, rest: MemberYearRest, rows: readonly VisitRow[]): Promise<MemberYear> {
  const lineIds = [...new Set(rows.flatMap((v) => (v.lineId === null ? [] : [v.lineId])))];
  const departmentIds = [...new Set(rows.flatMap((v) => (v.departmentId === null ? [] : [v.departmentId])))];
  const lines = new Map<number, string>();
  const departments = new Map<number, string>();
  if (lineIds.length || departmentIds.length) {
    const { rows: named } = await sql<{ kind: string; id: number; name: string }>`SELECT 'l' AS "kind", "id", "name" FROM "Line" WHERE "id" IN ${jsonValues(kx, lineIds, "integer")}
      UNION ALL SELECT 'd' AS "kind", "id", "name" FROM "Department" WHERE "id" IN ${jsonValues(kx, departmentIds, "integer")}`.execute(kx);
    for (const n of named) (n.kind === "l" ? lines : departments).set(Number(n.id), n.name);
  }
  const visits: VisitRecord[] = rows.map(({ id, date, lineId, departmentId, purpose, problemsFound, handling, time, enteredAt, late }) => ({
    id,
    date,
    target: (lineId !== null ? lines.get(lineId) : undefined) ?? (departmentId !== null ? departments.get(departmentId) : undefined) ?? "",
    targetKind: lineId !== null ? "line" : "department",
    purpose,
    problemsFound,
    handling,
    time,
    enteredAt,
    late,
  }));
  const visitWeeks: VisitWeek[] = [];
  for (const w of spanOf(rest.year, rest.period).weeks) {
    const inWeek = visits.filter((v) => v.date >= w.start && v.date <= w.end);
    if (inWeek.length) visitWeeks.push({ label: w.label, start: w.start, end: w.end, visits: inWeek });
  }
  return { ...rest, visitWeeks };
}
