/**
 * Writes of line visits (一线走访): log, edit, delete (soft, audited), in one transaction each.
 * `visitedAt` is the Asia/Shanghai date+time as an instant; `visitedOn` its local date, which
 * decides the ISO week the visit counts in. Refuses closed years and times in the future.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { instantOf } from "../../rules/index.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { DomainError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { findOwnVisit } from "./queries.ts";
import type { VisitInput } from "./schema.ts";
import { consumeFormToken } from "../form-tokens.ts";

type Tx = Prisma.TransactionClient;

async function values(tx: Tx, input: VisitInput, now: Date) {
  const visitedAt = instantOf(input.visitedOn, input.visitedTime);
  if (visitedAt.getTime() > now.getTime() + 5 * 60_000) throw new DomainError("visitedOn", "走访时间不能晚于现在");
  if (input.visitedOn < "2000-01-01") throw new DomainError("visitedOn", "走访日期太早，请检查");
  const open = (r: { retiredOn: string | null } | null) => r && (r.retiredOn === null || r.retiredOn > input.visitedOn);
  let lineId: number | null = null;
  let departmentId: number | null = null;
  if (input.target.kind === "line") {
    const line = await tx.line.findUnique({ where: { id: input.target.id } });
    if (!open(line)) throw new DomainError("target", "所选线路不存在或已撤销");
    lineId = input.target.id;
  } else {
    const dept = await tx.department.findUnique({ where: { id: input.target.id } });
    if (!open(dept)) throw new DomainError("target", "所选科室不存在或已撤销");
    departmentId = input.target.id;
  }
  return {
    visitedAt,
    visitedOn: input.visitedOn,
    lineId,
    departmentId,
    purpose: input.purpose,
    problemsFound: input.problemsFound,
    handling: input.handling,
  };
}

/** Logs a visit; AlreadySubmittedError when the single-use form token `once` was used before. */
export async function logVisit(db: Db, actor: Actor, input: VisitInput, now: Date, once?: string) {
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id);
    await assertYearOpen(tx, { memberId: actor.id }, input.visitedOn);
    const visit = await tx.lineVisit.create({ data: { cadreId: actor.id, ...(await values(tx, input, now)) } });
    await audit(tx, { actorId: actor.id, action: "visit.create", entity: "LineVisit", entityId: visit.id, after: visit });
    return visit;
  });
}

export async function updateVisit(db: Db, actor: Actor, id: number, input: VisitInput, now: Date) {
  const before = await findOwnVisit(db, actor, id);
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.visitedOn, input.visitedOn);
    const visit = await tx.lineVisit.update({ where: { id }, data: await values(tx, input, now) });
    await audit(tx, { actorId: actor.id, action: "visit.update", entity: "LineVisit", entityId: id, before, after: visit });
    return visit;
  });
}

export async function deleteVisit(db: Db, actor: Actor, id: number, now: Date) {
  const before = await findOwnVisit(db, actor, id);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.visitedOn);
    await tx.lineVisit.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "visit.delete", entity: "LineVisit", entityId: id, before });
  });
}
