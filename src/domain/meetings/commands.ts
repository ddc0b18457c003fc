/**
 * Writes of meetings (会议): record one with its attendance, named residents and the requests
 * raised at it (Request rows with source MEETING, owned by the recorder, raised on the meeting's
 * date), all in one transaction with audit entries; soft-delete by the recorder. Refuses a date
 * after today, a closed year (LockedError), a zone the actor does not act in, and attendees or a
 * host outside the zone's roster on the meeting's date (the recorder may always attend).
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { assertDateSane, residentOf } from "../requests/commands.ts";
import { actsInZone, rosterOn } from "../zones/reach.ts";
import type { MeetingInput } from "./schema.ts";

/** Records a meeting and the requests raised at it. Returns the meeting and the requests' ids. */
export async function recordMeeting(db: Db, actor: Viewer, input: MeetingInput, today: string, once?: string) {
  await assertFormTokenUnused(db, once, "/meetings");
  assertDateSane("heldOn", "会议日期", input.heldOn, today);
  const zone = await db.zone.findUnique({ where: { id: input.zoneId } });
  if (!zone || !(await actsInZone(db, actor, zone.id, today))) throw new DomainError("zoneId", "只能为自己所在的责任区记录会议");
  if (input.heldOn < zone.establishedOn) throw new DomainError("heldOn", `该责任区 ${zone.establishedOn} 才设立`);
  if (zone.retiredOn && input.heldOn > zone.retiredOn) throw new DomainError("heldOn", `该责任区已于 ${zone.retiredOn} 撤销`);
  const allowed = new Set((await rosterOn(db, zone.id, input.heldOn)).map((m) => m.id));
  allowed.add(actor.id);
  if (input.hostId !== undefined && !allowed.has(input.hostId)) throw new DomainError("hostId", "主持人须是会议当日该责任区的党员");
  if (input.attendeeIds.some((id) => !allowed.has(id))) throw new DomainError("attendeeIds", "参会党员须是会议当日该责任区的党员");
  if (input.residentIds.length > input.residentCount) throw new DomainError("residentCount", "参会群众人数不能少于勾选的群众人数");

  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/meetings");
    await assertYearOpen(tx, { zoneId: zone.id }, input.heldOn);
    if (input.residentIds.length) {
      const n = await tx.resident.count({ where: { id: { in: input.residentIds }, zoneId: zone.id, deletedAt: null } });
      if (n !== input.residentIds.length) throw new DomainError("residentIds", "勾选的群众不在该责任区名册中");
    }
    const meeting = await tx.meeting.create({
      data: {
        kind: input.kind,
        zoneId: zone.id,
        heldOn: input.heldOn,
        hostId: input.hostId ?? null,
        place: input.place,
        residentCount: input.residentCount,
        topics: input.topics,
        minutes: input.minutes,
        createdById: actor.id,
        attendances: { create: input.attendeeIds.map((memberId) => ({ memberId })) },
        residents: { create: input.residentIds.map((residentId) => ({ residentId })) },
      },
    });
    await audit(tx, { actorId: actor.id, action: "meeting.create", entity: "Meeting", entityId: meeting.id, after: { ...meeting, attendeeIds: input.attendeeIds, residentIds: input.residentIds } });
    const requestIds: number[] = [];
    for (const [i, row] of input.requests.entries()) {
      const resident = await residentOf(tx, zone.id, row.residentName, undefined, `request-${i}`);
      const request = await tx.request.create({
        data: {
          source: "MEETING",
          meetingId: meeting.id,
          zoneId: zone.id,
          residentId: resident?.id ?? null,
          residentName: resident?.name ?? row.residentName,
          raisedOn: input.heldOn,
          content: row.content,
          ownerId: actor.id,
          createdById: actor.id,
        },
      });
      await audit(tx, { actorId: actor.id, action: "request.create", entity: "Request", entityId: request.id, after: request });
      requestIds.push(request.id);
    }
    return { meeting, requestIds };
  });
}

/** Soft-deletes a meeting the actor recorded (NotFoundError otherwise); its requests stay. */
export async function deleteMeeting(db: Db, actor: Viewer, id: number, now: Date) {
  const before = await db.meeting.findFirst({ where: { id, createdById: actor.id, deletedAt: null } });
  if (!before) throw new NotFoundError();
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { zoneId: before.zoneId }, before.heldOn);
    await tx.meeting.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "meeting.delete", entity: "Meeting", entityId: id, before });
  });
}
