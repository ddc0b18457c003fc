/**
 * A zone's year (责任区的年度台账): the zone's meetings of every kind held in the year (院坝会 and
 * the others of 有关工作制度 2) with host, place, attendance and late-entry mark (补录, as in
 * member-year.ts), soft-deleted meetings left out. Dates are Asia/Shanghai `LocalDate`s;
 * `period` (a month or an ISO week) narrows the list.
 */
import type Database from "better-sqlite3";
import { yearPeriod, type Period } from "../rules/index.ts";
import { enteredOf } from "./member-year.ts";

export interface ZoneMeeting {
  id: number;
  date: string;
  kind: string;
  place: string;
  topics: string;
  host: string | null;
  members: number;
  residentCount: number;
  enteredAt: string;
  late: boolean;
}

export interface ZoneYear {
  zone: { id: number; name: string; description: string; leader: string | null; establishedOn: string; retiredOn: string | null };
  meetings: ZoneMeeting[];
}

/** The zone `zoneId` and its meetings of `year` (or of `period` within it), or null when there is no such zone. */
export function loadZoneYear(raw: Database.Database, zoneId: number, year: number, period: Period | null = null): ZoneYear | null {
  const zone = raw
    .prepare(
      `SELECT z.id, z.name, z.description, m.name AS leader, z.establishedOn, z.retiredOn
       FROM Zone z LEFT JOIN Member m ON m.id = z.leaderId WHERE z.id = ?`,
    )
    .get(zoneId) as ZoneYear["zone"] | undefined;
  if (!zone) return null;
  const yp = yearPeriod(year);
  const from = period && period.start > yp.start ? period.start : yp.start;
  const to = period && period.end < yp.end ? period.end : yp.end;
  const rows = raw
    .prepare(
      `SELECT m.id, m.heldOn AS date, m.kind, m.place, m.topics, h.name AS host, m.residentCount, m.createdAt,
              (SELECT count(*) FROM MeetingAttendance a WHERE a.meetingId = m.id) AS members
       FROM Meeting m LEFT JOIN Member h ON h.id = m.hostId
       WHERE m.zoneId = ? AND m.heldOn BETWEEN ? AND ? AND m.deletedAt IS NULL ORDER BY m.heldOn, m.id`,
    )
    .all(zoneId, from, to) as (Omit<ZoneMeeting, "enteredAt" | "late"> & { createdAt: string })[];
  return { zone, meetings: rows.map(({ createdAt, ...m }) => ({ ...m, ...enteredOf(createdAt, m.date) })) };
}
