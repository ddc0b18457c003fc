/**
 * Writes of talks (谈心): log, edit, delete (soft, audited). Each runs in one transaction, refuses
 * dates in a closed year (LockedError) and dates after today (Asia/Shanghai), and links the
 * counterpart to the member or resident of that name when exactly one matches (FORMATS.md).
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { DomainError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { findOwnTalk } from "./queries.ts";
import type { TalkInput } from "./schema.ts";
import { consumeFormToken } from "../form-tokens.ts";

type Tx = Prisma.TransactionClient;

function assertNotFuture(date: string, today: string) {
  if (date > today) throw new DomainError("occurredOn", "谈心日期不能晚于今天");
  if (date < "2000-01-01") throw new DomainError("occurredOn", "谈心日期太早，请检查");
}

/** Resolves the counterpart: a picked id must exist; a typed name links when exactly one matches. */
async function counterpart(tx: Tx, input: TalkInput, actor: Actor) {
  const { counterpartKind: kind, counterpartName: name, counterpartId: id } = input;
  if (kind === "MEMBER") {
    if (id !== undefined) {
      const m = await tx.member.findUnique({ where: { id }, select: { id: true, name: true } });
      if (!m) throw new DomainError("counterpartName", "所选党员不存在，请重新选择");
      if (m.id === actor.id) throw new DomainError("counterpartName", "谈心对象不能是自己");
      return { counterpartMemberId: m.id, counterpartResidentId: null, counterpartName: m.name };
    }
    const ms = await tx.member.findMany({ where: { name }, select: { id: true }, take: 2 });
    const only = ms.length === 1 && ms[0].id !== actor.id ? ms[0].id : null;
    return { counterpartMemberId: only, counterpartResidentId: null, counterpartName: name };
  }
  if (id !== undefined) {
    const r = await tx.resident.findFirst({ where: { id, deletedAt: null }, select: { id: true, name: true } });
    if (!r) throw new DomainError("counterpartName", "所选群众不存在，请重新选择");
    return { counterpartMemberId: null, counterpartResidentId: r.id, counterpartName: r.name };
  }
  const rs = await tx.resident.findMany({ where: { name, deletedAt: null }, select: { id: true }, take: 2 });
  return { counterpartMemberId: null, counterpartResidentId: rs.length === 1 ? rs[0].id : null, counterpartName: name };
}

function fields(input: TalkInput) {
  return { occurredOn: input.occurredOn, counterpartKind: input.counterpartKind, reason: input.reason, content: input.content };
}

/**
 * Logs a talk with the actor as talker. Throws DomainError / LockedError, and
 * AlreadySubmittedError when the single-use form token `once` was used before.
 */
export async function logTalk(db: Db, actor: Actor, input: TalkInput, today: string, once?: string) {
  assertNotFuture(input.occurredOn, today);
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id);
    await assertYearOpen(tx, { memberId: actor.id }, input.occurredOn);
    const talk = await tx.talk.create({
      data: { talkerId: actor.id, ...fields(input), ...(await counterpart(tx, input, actor)) },
    });
    await audit(tx, { actorId: actor.id, action: "talk.create", entity: "Talk", entityId: talk.id, after: talk });
    return talk;
  });
}

/** Edits the actor's own talk (NotFoundError otherwise); both old and new dates must be open. */
export async function updateTalk(db: Db, actor: Actor, id: number, input: TalkInput, today: string) {
  const before = await findOwnTalk(db, actor, id);
  assertNotFuture(input.occurredOn, today);
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.occurredOn, input.occurredOn);
    const talk = await tx.talk.update({
      where: { id: before.id },
      data: { ...fields(input), ...(await counterpart(tx, input, actor)) },
    });
    await audit(tx, { actorId: actor.id, action: "talk.update", entity: "Talk", entityId: id, before, after: talk });
    return talk;
  });
}

/** Soft-deletes the actor's own talk; it stops counting and the audit log keeps a trace. */
export async function deleteTalk(db: Db, actor: Actor, id: number, now: Date) {
  const before = await findOwnTalk(db, actor, id);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.occurredOn);
    await tx.talk.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "talk.delete", entity: "Talk", entityId: id, before });
  });
}
