/**
 * Writes of 群众诉求: raise (受理), handle (办理中), close (已办结 / 已上报) with the feedback given
 * back to the resident. Each runs in one transaction with an audit entry and refuses dates in a
 * closed year (LockedError). Only the owner (责任人) handles a request; the creator or anyone else
 * within reach gets ForbiddenError (403). A closed request is final.
 * Dates are Asia/Shanghai `YYYY-MM-DD`; `today` and `now` come from the app clock.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, ForbiddenError } from "../../core/errors.ts";
import { OPEN_REQUEST_STATUSES, type RequestStatus } from "../../core/labels.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { actsInZone, rosterOn, zoneIdOn } from "../zones/reach.ts";
import { findReadableRequest } from "./queries.ts";
import { CLOSING, type HandleRequestInput, type RaiseRequestInput } from "./schema.ts";

type Tx = Prisma.TransactionClient;

export function assertDateSane(field: string, label: string, date: string, today: string) {
  if (date > today) throw new DomainError(field, `${label}不能晚于今天`);
  if (date < "2000-01-01") throw new DomainError(field, `${label}太早，请检查`);
}

/**
 * The resident a typed name stands for in `zoneId`: the picked id when it is a resident of the
 * zone (DomainError otherwise), else the only resident of that name in the zone, else null.
 */
export async function residentOf(tx: Tx, zoneId: number | null, name: string, id?: number, field = "residentName") {
  if (id !== undefined) {
    const r = await tx.resident.findFirst({ where: { id, deletedAt: null, ...(zoneId ? { zoneId } : {}) }, select: { id: true, name: true } });
    if (!r) throw new DomainError(field, "所选群众不在该责任区名册中，请重新选择");
    return r;
  }
  if (zoneId === null) return null;
  const rs = await tx.resident.findMany({ where: { zoneId, name, deletedAt: null }, select: { id: true, name: true }, take: 2 });
  return rs.length === 1 ? rs[0] : null;
}

/** The actor's own stay `id` with its household (the request's resident and zone); DomainError when none. */
async function ownStayOf(db: Db, cadreId: number, id: number | undefined) {
  const stay = id === undefined ? null : await db.stay.findFirst({ where: { id, cadreId, deletedAt: null }, select: { id: true, resident: { select: { id: true, name: true, zoneId: true } } } });
  if (!stay) throw new DomainError("source", "关联的三进三同记录不存在");
  return stay;
}

/** Raises a request with the actor as creator; the owner is the actor unless one of the zone's members is picked. */
/** `once`: the form's single-use token (AlreadySubmittedError when used before). */
export async function raiseRequest(db: Db, actor: Viewer, input: RaiseRequestInput, today: string, once?: string) {
  await assertFormTokenUnused(db, once, "/requests");
  assertDateSane("raisedOn", "提出日期", input.raisedOn, today);
  // A problem found at one's own 三进三同 stay is raised in the household's zone (issue 18 item 1).
  const stay = input.source === "STAY" ? await ownStayOf(db, actor.id, input.linkId) : null;
  const zoneId = stay?.resident.zoneId ?? input.zoneId ?? (await zoneIdOn(db, actor.id, today));
  if (zoneId === null) throw new DomainError("zoneId", "请选择责任区");
  if (!stay && !(await actsInZone(db, actor, zoneId, today))) throw new DomainError("zoneId", "只能在自己所在的责任区登记诉求");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/requests");
    await assertYearOpen(tx, { zoneId }, input.raisedOn);
    let ownerId = actor.id;
    if (input.ownerId !== undefined && input.ownerId !== actor.id) {
      const roster = await rosterOn(tx, zoneId, today);
      if (!roster.some((m) => m.id === input.ownerId)) throw new DomainError("ownerId", "责任人须是该责任区的党员");
      ownerId = input.ownerId;
    }
    let talkId: number | null = null;
    let lineVisitId: number | null = null;
    if (input.linkId !== undefined && input.source === "TALK") {
      const talk = await tx.talk.findFirst({ where: { id: input.linkId, talkerId: actor.id, deletedAt: null }, select: { id: true } });
      if (!talk) throw new DomainError("source", "关联的谈心记录不存在");
      talkId = talk.id;
    }
    if (input.linkId !== undefined && input.source === "VISIT") {
      const visit = await tx.lineVisit.findFirst({ where: { id: input.linkId, cadreId: actor.id, deletedAt: null }, select: { id: true } });
      if (!visit) throw new DomainError("source", "关联的走访记录不存在");
      lineVisitId = visit.id;
    }
    const resident = stay ? stay.resident : await residentOf(tx, zoneId, input.residentName, input.residentId);
    const request = await tx.request.create({
      data: {
        source: input.source,
        stayId: stay?.id ?? null,
        talkId,
        lineVisitId,
        zoneId,
        residentId: resident?.id ?? null,
        residentName: resident?.name ?? input.residentName,
        raisedOn: input.raisedOn,
        content: input.content,
        ownerId,
        createdById: actor.id,
      },
    });
    await audit(tx, { actorId: actor.id, action: "request.create", entity: "Request", entityId: request.id, after: request });
    return request;
  });
}

/**
 * The owner records progress or closes the request. Closing without complete feedback never
 * reaches here (the form refuses it); feedback must be dated between raisedOn and today.
 * @throws NotFoundError outside reach, ForbiddenError for a non-owner, DomainError, LockedError.
 */
export async function handleRequest(db: Db, actor: Viewer, id: number, input: HandleRequestInput, today: string, now: Date) {
  const before = await findReadableRequest(db, actor, id, today);
  if (before.ownerId !== actor.id) throw new ForbiddenError("只有责任人可以办理该诉求");
  if (!(OPEN_REQUEST_STATUSES as string[]).includes(before.status)) throw new DomainError("status", "该诉求已办结或上报，不能再修改");
  if (input.feedbackOn) {
    assertDateSane("feedbackOn", "反馈日期", input.feedbackOn, today);
    if (input.feedbackOn < before.raisedOn) throw new DomainError("feedbackOn", "反馈日期不能早于诉求提出日期");
  }
  const closing = (CLOSING as readonly string[]).includes(input.status);
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, before.zoneId === null ? { memberId: before.ownerId } : { zoneId: before.zoneId }, before.raisedOn, ...(input.feedbackOn ? [input.feedbackOn] : []));
    const after = await tx.request.update({
      where: { id: before.id },
      data: {
        status: input.status as RequestStatus,
        handling: input.handling,
        escalatedTo: input.status === "ESCALATED" ? (input.escalatedTo ?? null) : null,
        feedbackOn: input.feedbackOn ?? null,
        feedbackHow: input.feedbackHow ?? null,
        feedbackContent: input.feedbackContent ?? null,
        closedAt: closing ? now : null,
      },
    });
    const { owner: _o, createdBy: _c, zone: _z, meeting: _m, ...plain } = before;
    await audit(tx, { actorId: actor.id, action: closing ? "request.close" : "request.update", entity: "Request", entityId: id, before: plain, after });
    return after;
  });
}
