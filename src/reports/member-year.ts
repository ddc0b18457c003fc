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

export interface MemberYear {
  member: { id: number; username: string; name: string; role: string; cadreLevel: string | null };
  year: number;
  period: Period | null;
  talks: TalkRecord[];
  visitWeeks: VisitWeek[];
  visitCount: number;
  meetings: MeetingRecord[];
  pairings: PairingRecord[];
  requests: RequestRecord[];
  lateCount: number;
}

/** Entered-at of a row and whether it is a late entry for the record dated `date`. */
export function enteredOf(createdAt: string | number | Date, date: string): Entered {
  const at = createdAt instanceof Date ? createdAt : new Date(createdAt);
  return { enteredAt: localDateTimeOf(at), late: daysBetween(date, localDateOf(at)) > LATE_AFTER_DAYS };
}

/** "12.50" for 1250 fen. */
export const yuan = (fen: number | null): string | null => (fen === null ? null : (fen / 100).toFixed(2));

/**
 * Loads the year of member `memberId` (any role but the query does not check access: callers
 * scope it), or null when there is no such member. `period` must be a month or ISO week label.
 */
export function loadMemberYear(raw: Database.Database, memberId: number, year: number, period: Period | null = null): MemberYear | null {
  const member = raw.prepare(`SELECT id, username, name, role, cadreLevel FROM Member WHERE id = ?`).get(memberId) as MemberYear["member"] | undefined;
  if (!member) return null;
  const yp = yearPeriod(year);
  const weeks = periodsOfYear("isoWeek", year);
  const from = period ? (period.start > yp.start ? period.start : yp.start) : yp.start;
  const to = period ? (period.end < yp.end ? period.end : yp.end) : yp.end;
  const wFrom = period ? period.start : weeks[0].start;
  const wTo = period ? period.end : weeks[weeks.length - 1].end;

  const talks = (
    raw
      .prepare(
        `SELECT id, occurredOn AS date, counterpartKind, counterpartName, reason, content, createdAt FROM Talk
         WHERE talkerId = ? AND occurredOn BETWEEN ? AND ? AND deletedAt IS NULL ORDER BY occurredOn, id`,
      )
      .all(memberId, from, to) as (Omit<TalkRecord, keyof Entered> & { createdAt: string })[]
  ).map(({ createdAt, ...t }) => ({ ...t, ...enteredOf(createdAt, t.date) }));

  const visits = (
    raw
      .prepare(
        `SELECT v.id, v.visitedOn AS date, v.visitedAt, coalesce(l.name, d.name, '') AS target,
                CASE WHEN v.lineId IS NOT NULL THEN 'line' ELSE 'department' END AS targetKind,
                v.purpose, v.problemsFound, v.handling, v.createdAt
         FROM LineVisit v LEFT JOIN Line l ON l.id = v.lineId LEFT JOIN Department d ON d.id = v.departmentId
         WHERE v.cadreId = ? AND v.visitedOn BETWEEN ? AND ? AND v.deletedAt IS NULL ORDER BY v.visitedAt, v.id`,
      )
      .all(memberId, wFrom, wTo) as (Omit<VisitRecord, keyof Entered | "time"> & { visitedAt: string; createdAt: string })[]
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
         FROM Meeting m JOIN Zone z ON z.id = m.zoneId
         WHERE m.id IN (SELECT meetingId FROM MeetingAttendance WHERE memberId = ?
                        UNION SELECT id FROM Meeting WHERE hostId = ? AND heldOn BETWEEN ? AND ?)
           AND m.deletedAt IS NULL AND m.heldOn BETWEEN ? AND ?
         ORDER BY m.heldOn, m.id`,
      )
      .all(memberId, memberId, memberId, from, to, from, to) as (Omit<MeetingRecord, keyof Entered | "hosted"> & { hosted: number; createdAt: string })[]
  ).map(({ createdAt, hosted, ...m }) => ({ ...m, hosted: hosted === 1, ...enteredOf(createdAt, m.date) }));

  const assistance = raw
    .prepare(
      `SELECT a.id, a.pairingId, a.givenOn AS date, a.kind, a.amountFen, a.description, a.createdAt
       FROM AssistanceRecord a JOIN Pairing p ON p.id = a.pairingId
       WHERE p.cadreId = ? AND a.givenOn BETWEEN ? AND ? AND a.deletedAt IS NULL ORDER BY a.givenOn, a.id`,
    )
    .all(memberId, from, to) as { id: number; pairingId: number; date: string; kind: string; amountFen: number | null; description: string; createdAt: string }[];
  const pairings = (
    raw
      .prepare(
        `SELECT p.id, r.name AS resident, z.name AS zone, p.startedOn, p.endedOn, p.endReason, p.createdAt
         FROM Pairing p JOIN Resident r ON r.id = p.residentId JOIN Zone z ON z.id = r.zoneId
         WHERE p.cadreId = ? AND p.startedOn <= ? AND (p.endedOn IS NULL OR p.endedOn >= ?) ORDER BY p.startedOn, p.id`,
      )
      .all(memberId, to, from) as (Omit<PairingRecord, keyof Entered | "assistance"> & { createdAt: string })[]
  ).map(({ createdAt, ...p }) => ({
    ...p,
    ...enteredOf(createdAt, p.startedOn),
    assistance: assistance
      .filter((a) => a.pairingId === p.id)
      .map(({ createdAt: c, pairingId: _p, ...a }) => ({ ...a, amountYuan: yuan(a.amountFen), ...enteredOf(c, a.date) })),
  }));

  const requests = (
    raw
      .prepare(
        `SELECT q.id, q.raisedOn AS date, q.source, q.residentName, z.name AS zone, q.content, q.status, q.handling,
                q.feedbackOn, q.feedbackHow, q.feedbackContent, q.createdAt
         FROM Request q LEFT JOIN Zone z ON z.id = q.zoneId
         WHERE q.ownerId = ? AND q.raisedOn BETWEEN ? AND ? AND q.deletedAt IS NULL ORDER BY q.raisedOn, q.id`,
      )
      .all(memberId, from, to) as (Omit<RequestRecord, keyof Entered> & { createdAt: string })[]
  ).map(({ createdAt, ...q }) => ({ ...q, ...enteredOf(createdAt, q.date) }));

  const all: Entered[] = [...talks, ...visits, ...meetings, ...pairings, ...pairings.flatMap((p) => p.assistance), ...requests];
  return {
    member,
    year,
    period,
    talks,
    visitWeeks,
    visitCount: visits.length,
    meetings,
    pairings,
    requests,
    lateCount: all.filter((r) => r.late).length,
  };
}
