/**
 * 驻村 reads (issue 18 item 3).
 * - `stationingsWhere`: the stationings whose cadre's branch (today) or village lies inside the
 *   subtrees `paths` (the admin's list; the roll-up's record list filters by unit itself).
 * - `villageStationings`: who is (or was) stationed in a village branch in a year, each with their
 *   records in the village over their stationing: talks with residents of the village's zones,
 *   meetings held in those zones that they hosted or attended, requests of those zones they own.
 * Dates are Asia/Shanghai `YYYY-MM-DD`; soft-deleted records are left out.
 */
import type { Db } from "../../db/client.ts";
import { STATION_KIND_LABELS, STATION_POST_LABELS, type StationKind, type StationPost } from "./rules.ts";

export interface StationingLine {
  id: number;
  memberId: number;
  memberName: string;
  username: string;
  branchName: string;
  orgId: number;
  orgName: string;
  orgCode: string;
  fromOn: string;
  toOn: string | null;
  post: string;
  postLabel: string;
  kind: string;
  kindLabel: string;
  note: string;
}

/** Stationings touching the subtrees `paths` (cadre's branch today or the village), newest first. */
export async function stationingsWhere(db: Db, paths: string[], limit = 500): Promise<StationingLine[]> {
  if (paths.length === 0) return [];
  const inside = (p: string) => paths.some((t) => p.startsWith(t));
  const rows = await db.stationing.findMany({ orderBy: [{ fromOn: "desc" }, { id: "desc" }], take: 5000 });
  const members = new Map(
    (await db.member.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.memberId))] } }, select: { id: true, name: true, username: true, branch: { select: { name: true, path: true } } } })).map((m) => [m.id, m]),
  );
  const orgs = new Map((await db.org.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true, code: true, path: true } })).map((o) => [o.id, o]));
  const out: StationingLine[] = [];
  for (const r of rows) {
    const m = members.get(r.memberId);
    const o = orgs.get(r.orgId);
    if (!m || !o || !(inside(m.branch.path) || inside(o.path))) continue;
    out.push(lineOf(r, m, o));
    if (out.length >= limit) break;
  }
  return out;
}

function lineOf(
  r: { id: number; memberId: number; orgId: number; fromOn: string; toOn: string | null; post: string; kind: string; note: string },
  m: { name: string; username: string; branch: { name: string } },
  o: { name: string; code: string },
): StationingLine {
  return {
    id: r.id,
    memberId: r.memberId,
    memberName: m.name,
    username: m.username,
    branchName: m.branch.name,
    orgId: r.orgId,
    orgName: o.name,
    orgCode: o.code,
    fromOn: r.fromOn,
    toOn: r.toOn,
    post: r.post,
    postLabel: STATION_POST_LABELS[r.post as StationPost] ?? r.post,
    kind: r.kind,
    kindLabel: STATION_KIND_LABELS[r.kind as StationKind] ?? r.kind,
    note: r.note,
  };
}

export interface VillageRecord {
  on: string;
  what: string;
  text: string;
  href: string;
}

export interface VillageStationed extends StationingLine {
  records: VillageRecord[];
  counts: { talks: number; meetings: number; requests: number };
}

/**
 * The stationings in village `orgId` that overlap `year`, each with the records of its cadre in
 * the village during the stationing (within the year), latest first (at most `limit` listed; the
 * counts are complete).
 */
export async function villageStationings(db: Db, orgId: number, year: number, limit = 20): Promise<VillageStationed[]> {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const rows = await db.stationing.findMany({ where: { orgId, fromOn: { lte: to }, OR: [{ toOn: null }, { toOn: { gte: from } }] }, orderBy: [{ fromOn: "asc" }, { id: "asc" }] });
  const org = await db.org.findUnique({ where: { id: orgId }, select: { name: true, code: true } });
  if (!org) return [];
  const zoneIds = (await db.zone.findMany({ where: { branchId: orgId }, select: { id: true } })).map((z) => z.id);
  const out: VillageStationed[] = [];
  for (const r of rows) {
    const m = await db.member.findUnique({ where: { id: r.memberId }, select: { name: true, username: true, branch: { select: { name: true } } } });
    if (!m) continue;
    const span = { gte: r.fromOn > from ? r.fromOn : from, lte: r.toOn !== null && r.toOn < to ? r.toOn : to };
    const [talks, meetings, requests] = await Promise.all([
      db.talk.findMany({ where: { talkerId: r.memberId, deletedAt: null, occurredOn: span, counterpartResident: { zoneId: { in: zoneIds } } }, orderBy: { occurredOn: "desc" }, select: { id: true, occurredOn: true, counterpartName: true } }),
      db.meeting.findMany({
        where: { zoneId: { in: zoneIds }, deletedAt: null, heldOn: span, OR: [{ hostId: r.memberId }, { attendances: { some: { memberId: r.memberId } } }] },
        orderBy: { heldOn: "desc" },
        select: { id: true, heldOn: true, topics: true },
      }),
      db.request.findMany({ where: { zoneId: { in: zoneIds }, deletedAt: null, raisedOn: span, ownerId: r.memberId }, orderBy: { raisedOn: "desc" }, select: { id: true, raisedOn: true, content: true } }),
    ]);
    const records: VillageRecord[] = [
      ...talks.map((t) => ({ on: t.occurredOn, what: "谈心", text: t.counterpartName, href: `/talks/${t.id}` })),
      ...meetings.map((x) => ({ on: x.heldOn, what: "会议", text: x.topics, href: `/meetings/${x.id}` })),
      ...requests.map((x) => ({ on: x.raisedOn, what: "群众诉求", text: x.content, href: `/requests/${x.id}` })),
    ].sort((a, b) => (a.on < b.on ? 1 : a.on > b.on ? -1 : 0));
    out.push({ ...lineOf(r, m, org), records: records.slice(0, limit), counts: { talks: talks.length, meetings: meetings.length, requests: requests.length } });
  }
  return out;
}
