/**
 * Scoped reads of meetings: a meeting is within reach of the members of its zone on today, its
 * recorder, those who attended it, and those whose reach holds its zone's branch (secretary,
 * reviewer, admin; NotFoundError otherwise).
 * Soft-deleted meetings are never returned.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { zoneWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";
import { zoneIdOn } from "../zones/reach.ts";

export const MEETINGS_PAGE = 50;

async function reachWhere(db: Db, actor: Viewer, today: string): Promise<Prisma.MeetingWhereInput> {
  const zoneId = await zoneIdOn(db, actor.id, today);
  const or: Prisma.MeetingWhereInput[] = [{ createdById: actor.id }, { attendances: { some: { memberId: actor.id } } }];
  if (zoneId !== null) or.push({ zoneId });
  if (actor.reach.subtrees.length) or.push({ zone: zoneWhere(actor.reach) });
  return { deletedAt: null, OR: or };
}

export async function findReadableMeeting(db: Db, actor: Viewer, id: number, today: string) {
  const meeting = await db.meeting.findFirst({
    where: { AND: [{ id }, await reachWhere(db, actor, today)] },
    include: {
      zone: { select: { id: true, name: true } },
      host: { select: { id: true, name: true } },
      createdBy: { select: { id: true, name: true } },
      attendances: { include: { member: { select: { id: true, name: true } } } },
      residents: { include: { resident: { select: { id: true, name: true } } } },
      requests: { where: { deletedAt: null }, orderBy: { id: "asc" }, select: { id: true, residentName: true, content: true, status: true } },
    },
  });
  if (!meeting) throw new NotFoundError();
  return meeting;
}

export interface MeetingFilter {
  zoneId?: number;
  kind?: string;
  page: number;
}

/** Meetings within reach, newest first. */
export async function listMeetings(db: Db, actor: Viewer, filter: MeetingFilter, today: string, pageSize = MEETINGS_PAGE) {
  const rows = await db.meeting.findMany({
    where: { AND: [await reachWhere(db, actor, today), filter.zoneId ? { zoneId: filter.zoneId } : {}, filter.kind ? { kind: filter.kind } : {}] },
    include: { zone: { select: { id: true, name: true } }, host: { select: { name: true } }, _count: { select: { attendances: true, requests: true } } },
    orderBy: [{ heldOn: "desc" }, { id: "desc" }],
    skip: (filter.page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { rows: rows.slice(0, pageSize), more: rows.length > pageSize };
}

/** The zone's latest meetings (for the zone page). */
export async function recentMeetingsOfZone(db: Db, zoneId: number, take = 10) {
  return db.meeting.findMany({
    where: { zoneId, deletedAt: null },
    include: { host: { select: { name: true } }, _count: { select: { attendances: true, requests: true } } },
    orderBy: [{ heldOn: "desc" }, { id: "desc" }],
    take,
  });
}
