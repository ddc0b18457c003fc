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
import type Database from "better-sqlite3";
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

/** An Asia/Shanghai date of a stored createdAt (ISO text, or epoch ms from raw inserts), in SQL. */
const LOCAL_CREATED = (col: string) => `CASE WHEN typeof(${col}) = 'integer' THEN date(${col} / 1000, 'unixepoch', '+8 hours') ELSE date(${col}, '+8 hours') END`;
/** 1 when the row was entered more than LATE_AFTER_DAYS days after `dateCol`, in SQL. */
const LATE = (createdCol: string, dateCol: string) => `(julianday(${LOCAL_CREATED(createdCol)}) - julianday(${dateCol}) > ${LATE_AFTER_DAYS})`;

/**
 * Loads the year of member `memberId` (any role but the query does not check access: callers
 * scope it), or null when there is no such member. `period` must be a month or ISO week label.
 * Every list is bounded: `paging` loads one page of each (the screen); without it each list holds
 * its first `PRINT_CAP` rows (the printed binder, which says so). Totals, the late-entry count
 * and the per-month summary are counted in SQL over all rows, whatever is loaded.
 */
export function loadMemberYear(raw: Database.Database, memberId: number, year: number, period: Period | null = null, paging?: YearPaging): MemberYear | null {
  const member = raw.prepare(`SELECT id, username, name, role, cadreLevel FROM Member WHERE id = ?`).get(memberId) as MemberYear["member"] | undefined;
  if (!member) return null;
  const yp = yearPeriod(year);
  const weeks = periodsOfYear("isoWeek", year);
  const from = period ? (period.start > yp.start ? period.start : yp.start) : yp.start;
  const to = period ? (period.end < yp.end ? period.end : yp.end) : yp.end;
  const wFrom = period ? period.start : weeks[0].start;
  const wTo = period ? period.end : weeks[weeks.length - 1].end;

  // Each list: FROM/WHERE (with its parameters), its date column and its ORDER BY.
  const src = {
    talks: { from: `Talk t WHERE t.talkerId = ? AND t.occurredOn BETWEEN ? AND ? AND t.deletedAt IS NULL`, args: [memberId, from, to], date: "t.occurredOn", created: "t.createdAt" },
    visits: {
      from: `LineVisit v WHERE v.cadreId = ? AND v.visitedOn BETWEEN ? AND ? AND v.deletedAt IS NULL`,
      args: [memberId, wFrom, wTo],
      date: "v.visitedOn",
      created: "v.createdAt",
    },
    meetings: {
      from: `Meeting m WHERE m.id IN (SELECT meetingId FROM MeetingAttendance WHERE memberId = ? UNION SELECT id FROM Meeting WHERE hostId = ?)
             AND m.deletedAt IS NULL AND m.heldOn BETWEEN ? AND ?`,
      args: [memberId, memberId, from, to],
      date: "m.heldOn",
      created: "m.createdAt",
    },
    pairings: {
      from: `Pairing p WHERE p.cadreId = ? AND p.startedOn <= ? AND (p.endedOn IS NULL OR p.endedOn >= ?)`,
      args: [memberId, to, from],
      date: "p.startedOn",
      created: "p.createdAt",
    },
    assistance: {
      from: `AssistanceRecord a JOIN Pairing p ON p.id = a.pairingId WHERE p.cadreId = ? AND a.givenOn BETWEEN ? AND ? AND a.deletedAt IS NULL`,
      args: [memberId, from, to],
      date: "a.givenOn",
      created: "a.createdAt",
    },
    requests: { from: `Request q WHERE q.ownerId = ? AND q.raisedOn BETWEEN ? AND ? AND q.deletedAt IS NULL`, args: [memberId, from, to], date: "q.raisedOn", created: "q.createdAt" },
  } satisfies Record<YearList, { from: string; args: (string | number)[]; date: string; created: string }>;

  const lists = {} as Record<YearList, Pager>;
  let lateCount = 0;
  for (const k of Object.keys(src) as YearList[]) {
    const c = raw.prepare(`SELECT count(*) AS n, coalesce(sum(${LATE(src[k].created, src[k].date)}), 0) AS late FROM ${src[k].from}`).get(...src[k].args) as { n: number; late: number };
    lists[k] = paging ? pager(c.n, paging.pages?.[k] ?? 1, paging.size) : pager(c.n, 1, PRINT_CAP);
    lateCount += c.late;
  }
  const lim = (k: YearList) => [lists[k].size, lists[k].offset];

  const talks = (
    raw
      .prepare(`SELECT t.id, t.occurredOn AS date, t.counterpartKind, t.counterpartName, t.reason, t.content, t.createdAt FROM ${src.talks.from} ORDER BY t.occurredOn, t.id LIMIT ? OFFSET ?`)
      .all(...src.talks.args, ...lim("talks")) as (Omit<TalkRecord, keyof Entered> & { createdAt: string })[]
  ).map(({ createdAt, ...t }) => ({ ...t, ...enteredOf(createdAt, t.date) }));

  const visits = (
    raw
      .prepare(
        `SELECT v.id, v.visitedOn AS date, v.visitedAt, coalesce(l.name, d.name, '') AS target,
                CASE WHEN v.lineId IS NOT NULL THEN 'line' ELSE 'department' END AS targetKind,
                v.purpose, v.problemsFound, v.handling, v.createdAt
         FROM ${src.visits.from.replace("LineVisit v WHERE", "LineVisit v LEFT JOIN Line l ON l.id = v.lineId LEFT JOIN Department d ON d.id = v.departmentId WHERE")}
         ORDER BY v.visitedAt, v.id LIMIT ? OFFSET ?`,
      )
      .all(...src.visits.args, ...lim("visits")) as (Omit<VisitRecord, keyof Entered | "time"> & { visitedAt: string; createdAt: string })[]
  ).map(({ createdAt, visitedAt, ...v }) => ({ ...v, time: localDateTimeOf(new Date(visitedAt)).slice(11), ...enteredOf(createdAt, v.date) }));
  const visitWeeks: VisitWeek[] = [];
  for (const w of weeks) {
    const inWeek = visits.filter((v) => v.date >= w.start && v.date <= w.end);
    if (inWeek.length) visitWeeks.push({ label: w.label, start: w.start, end: w.end, visits: inWeek });
  }

  const meetings = (
    raw
      .prepare(
        `SELECT m.id, m.heldOn AS date, m.kind, z.name AS zone, m.place, m.topics, m.residentCount,
                (m.hostId IS NOT NULL AND m.hostId = ?) AS hosted, m.createdAt
         FROM ${src.meetings.from.replace("Meeting m WHERE", "Meeting m JOIN Zone z ON z.id = m.zoneId WHERE")}
         ORDER BY m.heldOn, m.id LIMIT ? OFFSET ?`,
      )
      .all(memberId, ...src.meetings.args, ...lim("meetings")) as (Omit<MeetingRecord, keyof Entered | "hosted"> & { hosted: number; createdAt: string })[]
  ).map(({ createdAt, hosted, ...m }) => ({ ...m, hosted: hosted === 1, ...enteredOf(createdAt, m.date) }));

  const pairings = (
    raw
      .prepare(
        `SELECT p.id, r.name AS resident, z.name AS zone, p.startedOn, p.endedOn, p.endReason, p.createdAt
         FROM ${src.pairings.from.replace("Pairing p WHERE", "Pairing p JOIN Resident r ON r.id = p.residentId JOIN Zone z ON z.id = r.zoneId WHERE")}
         ORDER BY p.startedOn, p.id LIMIT ? OFFSET ?`,
      )
      .all(...src.pairings.args, ...lim("pairings")) as (Omit<PairingRecord, keyof Entered | "assistance"> & { createdAt: string })[]
  ).map(({ createdAt, ...p }) => ({ ...p, ...enteredOf(createdAt, p.startedOn), assistance: [] }));

  const assistance = (
    raw
      .prepare(
        `SELECT a.id, a.pairingId, r.name AS resident, a.givenOn AS date, a.kind, a.amountFen, a.description, a.createdAt
         FROM ${src.assistance.from.replace("JOIN Pairing p ON p.id = a.pairingId", "JOIN Pairing p ON p.id = a.pairingId JOIN Resident r ON r.id = p.residentId")}
         ORDER BY a.givenOn, a.id LIMIT ? OFFSET ?`,
      )
      .all(...src.assistance.args, ...lim("assistance")) as (Omit<AssistanceRow, keyof Entered | "amountYuan"> & { createdAt: string })[]
  ).map(({ createdAt, ...a }) => ({ ...a, amountYuan: yuan(a.amountFen), ...enteredOf(createdAt, a.date) }));

  const requests = (
    raw
      .prepare(
        `SELECT q.id, q.raisedOn AS date, q.source, q.residentName, z.name AS zone, q.content, q.status, q.handling,
                q.feedbackOn, q.feedbackHow, q.feedbackContent, q.createdAt
         FROM ${src.requests.from.replace("Request q WHERE", "Request q LEFT JOIN Zone z ON z.id = q.zoneId WHERE")}
         ORDER BY q.raisedOn, q.id LIMIT ? OFFSET ?`,
      )
      .all(...src.requests.args, ...lim("requests")) as (Omit<RequestRecord, keyof Entered> & { createdAt: string })[]
  ).map(({ createdAt, ...q }) => ({ ...q, ...enteredOf(createdAt, q.date) }));

  // The summary: counts per month of every dated list (pairings are few and have no month).
  const byMonth = new Map<string, MonthCounts>();
  for (const k of ["talks", "visits", "meetings", "assistance", "requests"] as const) {
    const rows = raw.prepare(`SELECT substr(${src[k].date}, 1, 7) AS month, count(*) AS n FROM ${src[k].from} GROUP BY 1`).all(...src[k].args) as { month: string; n: number }[];
    for (const { month, n } of rows) {
      const m = byMonth.get(month) ?? { month, talks: 0, visits: 0, meetings: 0, assistance: 0, requests: 0 };
      m[k] = n;
      byMonth.set(month, m);
    }
  }

  return {
    member,
    year,
    period,
    talks,
    visitWeeks,
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
