/**
 * Writes of 三进三同 stays (issue 18 item 1): record, edit and delete (soft), audited, in one
 * transaction each. Only a cadre or secretary (can.lead) records, for themselves, with a household
 * of their zone or one of their 结穷亲 households; only the cadre edits or deletes their own (as
 * delete: anyone else's is NotFoundError, 404). Refused with a DomainError (field, Chinese
 * message; nothing written): the end before the start or after today, an overlap with another of
 * the cadre's stays (on edit: other than itself), a year closed for the cadre's branch on either
 * end (on edit: the old dates and the new) (LockedError,
 * src/domain/reviews/lock.ts). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, ForbiddenError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { findOwnStay, mayStayWith } from "./queries.ts";
import { overlapMessage, stayDatesProblem } from "./rules.ts";
import type { StayInput } from "./schema.ts";

type Tx = Prisma.TransactionClient;

/** The first stay of `cadreId` sharing a day with [fromOn, toOn] (other than `exceptId`), or null. */
export async function overlappingStay(tx: Tx | Db, cadreId: number, fromOn: string, toOn: string, exceptId?: number) {
  return tx.stay.findFirst({
    where: { cadreId, deletedAt: null, fromOn: { lte: toOn }, toOn: { gte: fromOn }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { fromOn: true, toOn: true },
    orderBy: { fromOn: "asc" },
  });
}

/** Records a stay of the actor; `once`: the form's single-use token (AlreadySubmittedError when used). */
export async function logStay(db: Db, actor: Viewer, input: StayInput, today: string, once?: string) {
  if (!can.lead(actor)) throw new ForbiddenError("三进三同由党员干部记录");
  await assertFormTokenUnused(db, once, "/stays");
  const problem = stayDatesProblem(input, today);
  if (problem) throw new DomainError(problem[0], problem[1]);
  if (input.residentId === undefined || !(await mayStayWith(db, actor, input.residentId, today))) {
    throw new DomainError("residentId", "只能选择本责任区的群众或本人的结穷亲户");
  }
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/stays");
    await assertYearOpen(tx, { memberId: actor.id }, input.fromOn, input.toOn);
    const other = await overlappingStay(tx, actor.id, input.fromOn, input.toOn);
    if (other) throw new DomainError("fromOn", overlapMessage(other));
    const stay = await tx.stay.create({
      data: {
        cadreId: actor.id,
        residentId: input.residentId!,
        fromOn: input.fromOn,
        toOn: input.toOn,
        eat: input.eat,
        live: input.live,
        work: input.work,
        diary: input.diary,
        problems: input.problems,
      },
    });
    await audit(tx, { actorId: actor.id, action: "stay.create", entity: "Stay", entityId: stay.id, after: stay });
    return stay;
  });
}

/**
 * Edits the actor's own stay `id` with the form's `input` (every field, as logStay takes them).
 * The household may be one logStay accepts or the one the stay already names (a cadre who has
 * since moved zones keeps their stay's household). NotFoundError for anyone else's stay;
 * DomainError (nothing written) for bad dates, an overlap with another of their stays, a closed
 * year on the old or the new dates (LockedError). Audited as `stay.update` (before and after).
 */
export async function updateStay(db: Db, actor: Viewer, id: number, input: StayInput, today: string) {
  const before = await findOwnStay(db, actor, id);
  const problem = stayDatesProblem(input, today);
  if (problem) throw new DomainError(problem[0], problem[1]);
  const residentId = input.residentId;
  if (residentId === undefined || (residentId !== before.residentId && !(await mayStayWith(db, actor, residentId, today)))) {
    throw new DomainError("residentId", "只能选择本责任区的群众或本人的结穷亲户");
  }
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.fromOn, before.toOn, input.fromOn, input.toOn);
    const other = await overlappingStay(tx, actor.id, input.fromOn, input.toOn, id);
    if (other) throw new DomainError("fromOn", overlapMessage(other));
    const after = await tx.stay.update({
      where: { id },
      data: { residentId, fromOn: input.fromOn, toOn: input.toOn, eat: input.eat, live: input.live, work: input.work, diary: input.diary, problems: input.problems },
    });
    await audit(tx, { actorId: actor.id, action: "stay.update", entity: "Stay", entityId: id, before, after });
    return after;
  });
}

/** Deletes (soft) the actor's own stay; NotFoundError for anyone else's, LockedError in a closed year. */
export async function deleteStay(db: Db, actor: Viewer, id: number, now: Date) {
  const before = await findOwnStay(db, actor, id);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.fromOn, before.toOn);
    await tx.stay.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "stay.delete", entity: "Stay", entityId: id, before });
  });
}
