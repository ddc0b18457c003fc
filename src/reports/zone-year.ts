/**
 * A zone's year (责任区的年度台账): the zone's meetings of every kind held in the year (院坝会 and
 * the others of 有关工作制度 2) with host, place, attendance and late-entry mark (补录, as in
 * member-year.ts), soft-deleted meetings left out. Dates are Asia/Shanghai `LocalDate`s;
 * `period` (a month or an ISO week) narrows the list.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import { prepared } from "../db/prepared.ts";
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

// loadZoneYear's reads, compiled once (db/prepared.ts): every zone page makes them.
const zoneHeader = prepared((kx: Kysely<DB>, zoneId: number) =>
  kx
    .selectFrom("Zone as z")
    .leftJoin("Member as m", "m.id", "z.leaderId")
    .select(["z.id", "z.name", "z.description", "m.name as leader", "z.establishedOn", "z.retiredOn"])
    .where("z.id", "=", zoneId),
);
const meetingsIn = (kx: Kysely<DB>, zoneId: number, from: string, to: string) =>
  kx.selectFrom("Meeting as m").where("m.zoneId", "=", zoneId).where("m.heldOn", ">=", from).where("m.heldOn", "<=", to).where("m.deletedAt", "is", null);
const meetingCount = prepared((kx: Kysely<DB>, zoneId: number, from: string, to: string) => meetingsIn(kx, zoneId, from, to).select((eb) => eb.fn.countAll().as("n")));
const meetingPage = prepared((kx: Kysely<DB>, zoneId: number, from: string, to: string, size: number, offset: number) =>
  meetingsIn(kx, zoneId, from, to)
    .leftJoin("Member as h", "h.id", "m.hostId")
    .select([
      "m.id", "m.heldOn as date", "m.kind", "m.place", "m.topics", "h.name as host", "m.residentCount", "m.createdAt",
      sql<number>`(SELECT count(*) FROM "MeetingAttendance" a WHERE a."meetingId" = m."id")`.as("members"),
    ])
    .orderBy("m.heldOn")
    .orderBy("m.id")
    .limit(size)
    .offset(offset),
);

/**
 * The zone `zoneId` and its meetings of `year` (or of `period` within it), or null when there is
 * no such zone. Bounded: `paging` loads one page of meetings (the screen), else the first
 * `PRINT_CAP` (the binder, which says so).
 */
export async function loadZoneYear(kx: Kysely<DB>, zoneId: number, year: number, period: Period | null = null, paging?: { page: number; size: number }): Promise<ZoneYear | null> {
  return readSnapshot(kx, async (tx) => {
    const [zone] = await zoneHeader(tx, zoneId);
    if (!zone) return null;
    const yp = yearPeriod(year);
    const from = period && period.start > yp.start ? period.start : yp.start;
    const to = period && period.end < yp.end ? period.end : yp.end;
    const total = Number((await meetingCount(tx, zoneId, from, to))[0].n);
    const list = paging ? pager(total, paging.page, paging.size) : pager(total, 1, PRINT_CAP);
    const rows = await meetingPage(tx, zoneId, from, to, list.size, list.offset);
    return { zone, meetings: rows.map(({ createdAt, ...m }) => ({ ...m, members: Number(m.members), ...enteredOf(createdAt, m.date) })), list };
  });
}
