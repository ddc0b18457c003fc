/**
 * Writes of 结穷亲: start a pairing (the actor as cadre, a resident of their zone), end it with a
 * reason, record and delete assistance. Each runs in one transaction with an audit entry and
 * refuses dates after today and dates in a closed year (LockedError). Only the pairing's cadre
 * writes it; the secretary may end a pairing left without a cadre (cadre deactivated or no longer
 * a cadre), so that coverage can be restored. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { assertDateSane } from "../requests/commands.ts";
import { actsInZone } from "../zones/reach.ts";
import { activeOn } from "./queries.ts";
import type { AssistanceInput, EndPairingInput, StartPairingInput } from "./schema.ts";

const CADRE_ROLES = ["CADRE", "SECRETARY"];

/** Is the pairing's cadre gone (deactivated, or no longer a cadre with a level)? */
export function isOrphaned(cadre: { active: boolean; role: string; cadreLevel: string | null }): boolean {
  return !cadre.active || !CADRE_ROLES.includes(cadre.role) || !cadre.cadreLevel;
}

/** `once`: the form's single-use token (AlreadySubmittedError when used before). */
export async function startPairing(db: Db, actor: Viewer, input: StartPairingInput, today: string, once?: string) {
  await assertFormTokenUnused(db, once, "/pairings");
  if (!can.lead(actor)) throw new ForbiddenError("结穷亲由党员干部进行");
  assertDateSane("startedOn", "结对日期", input.startedOn, today);
  const resident = await db.resident.findFirst({ where: { id: input.residentId, deletedAt: null } });
  if (!resident || !(await actsInZone(db, actor, resident.zoneId, today))) throw new DomainError("residentId", "只能与本责任区的群众结对");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/pairings");
    await assertYearOpen(tx, { memberId: actor.id }, input.startedOn);
    const dup = await tx.pairing.findFirst({ where: { cadreId: actor.id, residentId: resident.id, OR: [{ endedOn: null }, { endedOn: { gt: input.startedOn } }] } });
    if (dup) throw new DomainError("residentId", "您已与该户结对");
    const p = await tx.pairing.create({ data: { cadreId: actor.id, residentId: resident.id, startedOn: input.startedOn } });
    await audit(tx, { actorId: actor.id, action: "pairing.create", entity: "Pairing", entityId: p.id, after: p });
    return p;
  });
}

/**
 * The pairing `id` if the actor may end it: its cadre, or the secretary when the cadre is gone.
 * NotFoundError when missing or out of reach, ForbiddenError for the secretary/admin otherwise.
 */
export async function endablePairing(db: Db, actor: Viewer, id: number) {
  const row = await db.pairing.findUnique({
    where: { id },
    include: { cadre: { select: { active: true, role: true, cadreLevel: true, branch: { select: { path: true } } } }, resident: { select: { zone: { select: { branch: { select: { path: true } } } } } } },
  });
  if (!row) throw new NotFoundError();
  const { resident, cadre: { branch: cadreBranch, ...cadre }, ...rest } = row;
  const before = { ...rest, cadre };
  const own = before.cadreId === actor.id;
  const branch = resident.zone.branch;
  if (own) return before;
  if (!can.readOrg(actor.reach, cadreBranch) && !can.readOrg(actor.reach, branch)) throw new NotFoundError();
  if (!(can.reviewBranch(actor.reach, branch) && isOrphaned(before.cadre))) throw new ForbiddenError("只有结对干部本人可以结束结对（干部调离后由支部书记处理）");
  return before;
}

/** The actor's own pairing `id` (the one they record assistance in); NotFoundError otherwise. */
export async function ownPairing(db: Db, actor: Viewer, id: number) {
  const pairing = await db.pairing.findFirst({ where: { id, cadreId: actor.id } });
  if (!pairing) throw new NotFoundError();
  return pairing;
}

export async function endPairing(db: Db, actor: Viewer, id: number, input: EndPairingInput, today: string) {
  const before = await endablePairing(db, actor, id);
  if (before.endedOn !== null && before.endedOn <= today) throw new DomainError("endedOn", "该结对已结束");
  assertDateSane("endedOn", "结束日期", input.endedOn, today);
  if (input.endedOn < before.startedOn) throw new DomainError("endedOn", "结束日期不能早于结对日期");
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: before.cadreId }, input.endedOn);
    const { cadre: _c, ...plain } = before;
    const p = await tx.pairing.update({ where: { id }, data: { endedOn: input.endedOn, endReason: input.endReason } });
    await audit(tx, { actorId: actor.id, action: "pairing.end", entity: "Pairing", entityId: id, before: plain, after: p, reason: input.endReason });
    return p;
  });
}

/** `once`: the form's single-use token (AlreadySubmittedError when used before). */
export async function addAssistance(db: Db, actor: Viewer, pairingId: number, input: AssistanceInput, today: string, once?: string) {
  const pairing = await ownPairing(db, actor, pairingId);
  await assertFormTokenUnused(db, once, `/pairings/${pairingId}`);
  assertDateSane("givenOn", "帮扶日期", input.givenOn, today);
  if (input.givenOn < pairing.startedOn) throw new DomainError("givenOn", "帮扶日期不能早于结对日期");
  if (pairing.endedOn && input.givenOn > pairing.endedOn) throw new DomainError("givenOn", "帮扶日期不能晚于结对结束日期");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, `/pairings/${pairingId}`);
    await assertYearOpen(tx, { memberId: pairing.cadreId }, input.givenOn);
    const rec = await tx.assistanceRecord.create({
      data: { pairingId, givenOn: input.givenOn, kind: input.kind, amountFen: input.amount, description: input.description, peopleEmployed: input.peopleEmployed, createdById: actor.id },
    });
    await audit(tx, { actorId: actor.id, action: "assistance.create", entity: "AssistanceRecord", entityId: rec.id, after: rec });
    return rec;
  });
}

export async function deleteAssistance(db: Db, actor: Viewer, pairingId: number, id: number, now: Date) {
  const before = await db.assistanceRecord.findFirst({ where: { id, pairingId, createdById: actor.id, deletedAt: null } });
  if (!before) throw new NotFoundError();
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: before.createdById }, before.givenOn);
    await tx.assistanceRecord.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "assistance.delete", entity: "AssistanceRecord", entityId: id, before });
  });
}

export { activeOn };
