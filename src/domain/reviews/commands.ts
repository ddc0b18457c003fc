/**
 * Writes of 年终备查 (year-end review; 谈心制度: 谈话要有记录，年终备查): the secretary signs off
 * each member's year (查阅, or 退回 with a reason the member sees), closes the branch's year —
 * after which every record of the branch dated in it is read-only (lock.ts) — and may reopen it
 * with a written reason; closing is per branch (closing.ts decides which branch and who may).
 * A branch's secretary acts for the members of that branch, except that nobody signs off their
 * own year: the secretary's is signed off by an ADMIN over the branch (see maySignOff); reviewers
 * read (ForbiddenError otherwise). Each step runs in one
 * transaction and lands in the audit log with who, when and why:
 *   review.reviewed / review.returned  entity YearReview, entityId "<year>:<memberId>", reason = comment
 *   year.close / year.reopen           entity YearClosure, entityId "<year>", reason = the written reason
 * Years are calendar years; "today" is the Asia/Shanghai date passed in.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { findReadableMember } from "../members/reach.ts";
import { audit } from "../audit/trail.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import type { ReopenInput, SignOffInput } from "./schema.ts";
import { isBranchYearClosed, isLocked } from "./lock.ts";
import { closingBranch } from "./closing.ts";

function assertSecretary(actor: Viewer) {
  if (!can.signOff(actor.reach)) throw new ForbiddenError("只有支部书记可以进行年终备查");
}

/**
 * Who may sign off whose year (issue 11, item 6; DOMAIN.md "Who uses it"): nobody their own; a
 * branch's secretary anyone else of that branch; an ADMIN over the branch only its secretary's
 * year (the one the secretary cannot sign off); nobody else. Returns null when allowed, else the
 * refusal: `own` (explained, 422) or `role` (403).
 */
export function signOffRefusal(actor: Viewer, member: { id: number; role: string; branch: { path: string } }): "own" | "role" | null {
  if (member.id === actor.id) return "own";
  if (can.reviewBranch(actor.reach, member.branch)) return null;
  if (member.role === "SECRETARY" && can.administer(actor.reach, member.branch)) return null;
  return "role";
}

/** May `actor` sign off `member`'s year? (the pages offer the form only then) */
export function maySignOff(actor: Viewer, member: { id: number; role: string; branch: { path: string } }): boolean {
  return signOffRefusal(actor, member) === null;
}

/**
 * Signs off member `memberId`'s `year`: REVIEWED or RETURNED with `input.comment`. Refused for a
 * closed year, a year not yet begun, an unknown member or an admin account (not subject to the
 * rules), one's own year (DomainError) and anyone signOffRefusal rules out (ForbiddenError).
 * Returns the YearReview row.
 */
export async function signOffYear(db: Db, actor: Viewer, memberId: number, year: number, input: SignOffInput, today: string, now: Date) {
  if (year > Number(today.slice(0, 4))) throw new DomainError("", `${year} 年度尚未开始，不能查阅`);
  return db.$transaction(async (tx) => {
    const member = await findReadableMember(tx, actor, memberId);
    if (member.role === "ADMIN") throw new NotFoundError(); // not subject to the rules
    const refusal = signOffRefusal(actor, member);
    if (refusal === "own") throw new DomainError("", "不能查阅本人的年度记录：支部书记本人的年度记录由管理员查阅");
    if (refusal === "role") throw new ForbiddenError("只有该党员所在支部的书记可以进行年终备查（支部书记本人的由管理员查阅）");
    // The year is the branch's the member belonged to at its end (the branch that closes it).
    if (await isLocked(tx, { memberId }, `${year}-12-31`)) {
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

export type BatchSkip = "self" | "missed" | "signed" | "unknown";

/**
 * Signs off many members' `year` as REVIEWED at once (the overview's batch, issue 15): only those
 * in `eligible` (every rule met, computed by the caller from the compliance report) who are still
 * 待查阅; the secretary's own year, members with a rule not met, and years already signed off or
 * returned are skipped and counted, to be done one by one. One transaction; one audit entry per
 * member (review.reviewed, reason 批量查阅). Refused for a closed year or a year not yet begun.
 */
export async function signOffMany(db: Db, actor: Viewer, year: number, ids: number[], eligible: Set<number>, today: string, now: Date) {
  assertSecretary(actor);
  if (year > Number(today.slice(0, 4))) throw new DomainError("", `${year} 年度尚未开始，不能查阅`);
  return db.$transaction(async (tx) => {
    const own = actor.reach.subtrees.filter((s) => s.via === "SECRETARY");
    for (const b of own) if (await isBranchYearClosed(tx, b.orgId, year)) throw new DomainError("", `${year} 年度已关闭，查阅结果不能再改；如需修改，请先重新开放该年度`);
    // Only members of the branches the actor is secretary of; anyone else ticked is skipped.
    const branches = actor.reach.subtrees.filter((s) => s.via === "SECRETARY").map((s) => ({ path: { startsWith: s.path } }));
    const where = { id: { in: ids }, role: { not: "ADMIN" }, branch: { OR: branches } };
    const members = new Map((await tx.member.findMany({ where, select: { id: true } })).map((m) => [m.id, m]));
    const existing = new Map((await tx.yearReview.findMany({ where: { year, memberId: { in: ids } } })).map((r) => [r.memberId, r]));
    const reviewed: number[] = [];
    const skipped: Record<BatchSkip, number> = { self: 0, missed: 0, signed: 0, unknown: 0 };
    for (const memberId of ids) {
      if (!members.has(memberId)) skipped.unknown++;
      else if (memberId === actor.id) skipped.self++;
      else if (!eligible.has(memberId)) skipped.missed++;
      else if (existing.get(memberId) && existing.get(memberId)!.state !== "PENDING") skipped.signed++;
      else {
        const before = existing.get(memberId);
        const data = { state: "REVIEWED", comment: "", reviewerId: actor.id, reviewedAt: now };
        const review = await tx.yearReview.upsert({ where: { memberId_year: { memberId, year } }, create: { memberId, year, ...data }, update: data });
        await audit(tx, { actorId: actor.id, action: "review.reviewed", entity: "YearReview", entityId: `${year}:${memberId}`, before: before ?? undefined, after: review, reason: "批量查阅（各项均达标）" });
        reviewed.push(memberId);
      }
    }
    return { reviewed, skipped };
  });
}

/**
 * Closes `year` of a branch (`orgId`, or by default the actor's own branch as its secretary;
 * closing.ts): from now on every record of the branch dated in it is read-only (assertYearOpen).
 * Only once the year is over (today after 31 December), not twice, and not while the year of a
 * member of the branch is RETURNED (the member could no longer correct it). DomainError otherwise;
 * NotFoundError / ForbiddenError for a branch out of reach or not the actor's to close.
 */
export async function closeYear(db: Db, actor: Viewer, year: number, orgId: number | undefined, today: string, now: Date) {
  const branch = await closingBranch(db, actor, orgId);
  if (today <= `${year}-12-31`) throw new DomainError("", `${year} 年度尚未结束，年终备查须在年度结束后关闭`);
  return db.$transaction(async (tx) => {
    if (await isBranchYearClosed(tx, branch.id, year)) throw new DomainError("", `${branch.name} ${year} 年度已经关闭`);
    const returned = await tx.yearReview.count({ where: { year, state: "RETURNED", member: { branchId: branch.id } } });
    if (returned > 0) throw new DomainError("", `还有 ${returned} 人的年度记录被退回待修改，请重新查阅后再关闭`);
    const closure = await tx.yearClosure.create({ data: { orgId: branch.id, year, closedAt: now, closedById: actor.id } });
    await audit(tx, { actorId: actor.id, action: "year.close", entity: "YearClosure", entityId: year, after: closure });
    return closure;
  });
}

/** Reopens a branch's closed `year` with a written reason (the YearClosure row is removed; the audit keeps it). */
export async function reopenYear(db: Db, actor: Viewer, year: number, orgId: number | undefined, input: ReopenInput) {
  const branch = await closingBranch(db, actor, orgId);
  await db.$transaction(async (tx) => {
    const closure = await tx.yearClosure.findUnique({ where: { orgId_year: { orgId: branch.id, year } } });
    if (!closure) throw new DomainError("", `${branch.name} ${year} 年度未关闭，无需重新开放`);
    await tx.yearClosure.delete({ where: { id: closure.id } });
    await audit(tx, { actorId: actor.id, action: "year.reopen", entity: "YearClosure", entityId: year, before: closure, reason: input.reason });
  });
}
