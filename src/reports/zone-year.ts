/**
 * A zone's year (责任区的年度台账): the zone's meetings of every kind held in the year (院坝会 and
 * the others of 有关工作制度 2) with host, place, attendance and late-entry mark (补录, as in
 * member-year.ts), soft-deleted meetings left out. Dates are Asia/Shanghai `LocalDate`s;
 * `period` (a month or an ISO week) narrows the list.
 */
import type Database from "better-sqlite3";
import { yearPeriod, type Period } from "../rules/index.ts";
import { enteredOf } from "./member-year.ts";
import { pager, PRINT_CAP, type Pager } from "../domain/paging.ts";

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
  /** The meetings of the page shown (or the first `PRINT_CAP` for print); `list` has the total. */
  meetings: ZoneMeeting[];
  list: Pager;
}

/**
 * The zone `zoneId` and its meetings of `year` (or of `period` within it), or null when there is
 * no such zone. Bounded: `paging` loads one page of meetings (the screen), else the first
 * `PRINT_CAP` (the binder, which says so).
 */
export function loadZoneYear(raw: Database.Database, zoneId: number, year: number, period: Period | null = null, paging?: { page: number; size: number }): ZoneYear | null {
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
  const where = `m.zoneId = ? AND m.heldOn BETWEEN ? AND ? AND m.deletedAt IS NULL`;
  const total = (raw.prepare(`SELECT count(*) AS n FROM Meeting m WHERE ${where}`).get(zoneId, from, to) as { n: number }).n;
  const list = paging ? pager(total, paging.page, paging.size) : pager(total, 1, PRINT_CAP);
  const rows = raw
    .prepare(
      `SELECT m.id, m.heldOn AS date, m.kind, m.place, m.topics, h.name AS host, m.residentCount, m.createdAt,
              (SELECT count(*) FROM MeetingAttendance a WHERE a.meetingId = m.id) AS members
       FROM Meeting m LEFT JOIN Member h ON h.id = m.hostId
       WHERE ${where} ORDER BY m.heldOn, m.id LIMIT ? OFFSET ?`,
    )
    .all(zoneId, from, to, list.size, list.offset) as (Omit<ZoneMeeting, "enteredAt" | "late"> & { createdAt: string })[];
  return { zone, meetings: rows.map(({ createdAt, ...m }) => ({ ...m, ...enteredOf(createdAt, m.date) })), list };
}
