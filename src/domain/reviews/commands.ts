/**
 * Writes of 年终备查 (year-end review; 谈心制度: 谈话要有记录，年终备查): the secretary signs off
 * each member's year (查阅, or 退回 with a reason the member sees), closes the year — after which
 * every record dated in it is read-only (lock.ts) — and may reopen it with a written reason.
 * Only a branch's secretary acts, for the members of that branch (ForbiddenError otherwise; admins
 * and reviewers read). Each step runs in one
 * transaction and lands in the audit log with who, when and why:
 *   review.reviewed / review.returned  entity YearReview, entityId "<year>:<memberId>", reason = comment
 *   year.close / year.reopen           entity YearClosure, entityId "<year>", reason = the written reason
 * Years are calendar years; "today" is the Asia/Shanghai date passed in.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { findReadableMember } from "../members/reach.ts";
import { audit } from "../audit.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../errors.ts";
import type { ReopenInput, SignOffInput } from "./schema.ts";
import { isYearClosed } from "./lock.ts";

function assertSecretary(actor: Viewer) {
  if (!can.signOff(actor.reach)) throw new ForbiddenError("只有支部书记可以进行年终备查");
}

/**
 * Signs off member `memberId`'s `year`: REVIEWED or RETURNED with `input.comment`. Refused for a
 * closed year, a year not yet begun, an unknown member or an admin account (not subject to the
 * rules). Returns the YearReview row.
 */
export async function signOffYear(db: Db, actor: Viewer, memberId: number, year: number, input: SignOffInput, today: string, now: Date) {
  assertSecretary(actor);
  if (year > Number(today.slice(0, 4))) throw new DomainError("", `${year} 年度尚未开始，不能查阅`);
  return db.$transaction(async (tx) => {
    const member = await findReadableMember(tx, actor, memberId);
    if (member.role === "ADMIN") throw new NotFoundError();
    if (!can.reviewBranch(actor.reach, member.branch)) throw new ForbiddenError("只有该党员所在支部的书记可以进行年终备查");
    if (await isYearClosed(tx, year)) {
      throw new DomainError("", `${year} 年度已关闭，查阅结果不能再改；如需修改，请先重新开放该年度`);
    }
    const before = await tx.yearReview.findUnique({ where: { memberId_year: { memberId, year } } });
    const data = { state: input.decision, comment: input.comment, reviewerId: actor.id, reviewedAt: now };
    const review = await tx.yearReview.upsert({
      where: { memberId_year: { memberId, year } },
      create: { memberId, year, ...data },
      update: data,
    });
    await audit(tx, {
      actorId: actor.id,
      action: input.decision === "REVIEWED" ? "review.reviewed" : "review.returned",
      entity: "YearReview",
      entityId: `${year}:${memberId}`,
      before: before ?? undefined,
      after: review,
      reason: input.comment || undefined,
    });
    return review;
  });
}

/**
 * Closes `year`: from now on every record dated in it is read-only (assertYearOpen). Only once
 * the year is over (today after 31 December), not twice, and not while a member's year is
 * RETURNED (the member could no longer correct it). DomainError otherwise.
 */
export async function closeYear(db: Db, actor: Viewer, year: number, today: string, now: Date) {
  assertSecretary(actor);
  if (today <= `${year}-12-31`) throw new DomainError("", `${year} 年度尚未结束，年终备查须在年度结束后关闭`);
  return db.$transaction(async (tx) => {
    if (await isYearClosed(tx, year)) throw new DomainError("", `${year} 年度已经关闭`);
    const returned = await tx.yearReview.count({ where: { year, state: "RETURNED" } });
    if (returned > 0) throw new DomainError("", `还有 ${returned} 人的年度记录被退回待修改，请重新查阅后再关闭`);
    const closure = await tx.yearClosure.create({ data: { year, closedAt: now, closedById: actor.id } });
    await audit(tx, { actorId: actor.id, action: "year.close", entity: "YearClosure", entityId: year, after: closure });
    return closure;
  });
}

/** Reopens closed `year` with a written reason (the YearClosure row is removed; the audit keeps it). */
export async function reopenYear(db: Db, actor: Viewer, year: number, input: ReopenInput) {
  assertSecretary(actor);
  await db.$transaction(async (tx) => {
    const closure = await tx.yearClosure.findUnique({ where: { year } });
    if (!closure) throw new DomainError("", `${year} 年度未关闭，无需重新开放`);
    await tx.yearClosure.delete({ where: { year } });
    await audit(tx, { actorId: actor.id, action: "year.reopen", entity: "YearClosure", entityId: year, before: closure, reason: input.reason });
  });
}
