/**
 * Writes of residents (群众台账): create, edit, soft-delete, and the audited reveal of a full ID
 * number. Allowed to the members of the resident's zone on today, the secretary and the admin
 * (ForbiddenError otherwise). A second resident of the same folded name (names.ts) in a zone is
 * saved only once confirmed (DomainError "confirmDuplicate" otherwise: the form asks 仍然保存). Audit entries carry masked personal data only, so the audit log
 * never becomes a second copy of phones and ID numbers.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import { actsInZone, branchOfZone, zoneIdOn } from "../zones/reach.ts";
import { branchZoneWhere } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { maskAddress, maskIdNumber, maskPhone } from "./mask.ts";
import { foldName } from "../../core/names.ts";
import type { ResidentInput } from "./schema.ts";

type Plain = { name: string; phone: string | null; idNumber: string | null; address: string | null; householdSize: number | null; tags: string; zoneId: number };

/** A resident's values fit for the audit log. */
export function auditView(r: Plain) {
  return { zoneId: r.zoneId, name: r.name, phone: maskPhone(r.phone), idNumber: maskIdNumber(r.idNumber), address: maskAddress(r.address), householdSize: r.householdSize, tags: r.tags };
}

async function assertActs(db: Db, actor: Viewer, zoneId: number, today: string) {
  if (!(await actsInZone(db, actor, zoneId, today))) throw new ForbiddenError("只有本责任区党员、支部书记和管理员可以维护该群众信息");
}

/**
 * Refuses (DomainError "confirmDuplicate") a resident named `name` in `zoneId` while another live
 * one there has the same folded name, unless `confirmed`. Names are folded on write, but rows
 * stored before that are compared folded too, so the zone's names are read (id and name only).
 */
async function assertNotDuplicate(db: Db, zoneId: number, name: string, confirmed: boolean | undefined, exceptId?: number) {
  if (confirmed) return;
  const wanted = foldName(name);
  const rows = await db.resident.findMany({ where: { zoneId, deletedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { name: true } });
  const same = rows.filter((r) => foldName(r.name) === wanted).length;
  if (same > 0) {
    throw new DomainError("confirmDuplicate", `本责任区已有${same > 1 ? ` ${same} 位` : ""}同名群众「${wanted}」。如确为另一人，请勾选“仍然保存”后再提交`);
  }
}

async function findLive(db: Db, id: number) {
  const r = await db.resident.findFirst({ where: { id, deletedAt: null } });
  if (!r) throw new NotFoundError();
  return r;
}

/** Adds a resident to a zone (the actor's own zone unless the secretary/admin picks one). */
export async function createResident(db: Db, actor: Viewer, input: ResidentInput, today: string, once?: string) {
  await assertFormTokenUnused(db, once, "/residents");
  const zoneId = input.zoneId ?? (await zoneIdOn(db, actor.id, today));
  if (zoneId === null) throw new DomainError("zoneId", "请选择责任区");
  const zone = await db.zone.findUnique({ where: { id: zoneId } });
  if (!zone) throw new DomainError("zoneId", "所选责任区不存在");
  if (!(await actsInZone(db, actor, zoneId, today))) throw new DomainError("zoneId", "只能为自己所在的责任区登记群众");
  await assertNotDuplicate(db, zoneId, input.name, input.confirmDuplicate);
  const { zoneId: _z, confirmDuplicate: _c, ...data } = input;
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/residents");
    const r = await tx.resident.create({ data: { ...data, idNumber: data.idNumber ?? null, zoneId } });
    await audit(tx, { actorId: actor.id, action: "resident.create", entity: "Resident", entityId: r.id, after: auditView(r) });
    return r;
  });
}

/** Edits a resident; the zone may change only for the secretary/admin. */
export async function updateResident(db: Db, actor: Viewer, id: number, input: ResidentInput, today: string) {
  const before = await findLive(db, id);
  await assertActs(db, actor, before.zoneId, today);
  const zoneId = input.zoneId ?? before.zoneId;
  if (zoneId !== before.zoneId && !(await actsInZone(db, actor, zoneId, today))) throw new DomainError("zoneId", "不能把群众移到您不在的责任区");
  if (zoneId !== before.zoneId && !(await db.zone.findUnique({ where: { id: zoneId } }))) throw new DomainError("zoneId", "所选责任区不存在");
  // Asked only when the name or the zone changes: an existing namesake is not asked about again.
  if (zoneId !== before.zoneId || foldName(before.name) !== foldName(input.name)) await assertNotDuplicate(db, zoneId, input.name, input.confirmDuplicate, id);
  const { zoneId: _z, confirmDuplicate: _c, ...data } = input;
  return db.$transaction(async (tx) => {
    const r = await tx.resident.update({ where: { id }, data: { ...data, zoneId } });
    await audit(tx, { actorId: actor.id, action: "resident.update", entity: "Resident", entityId: id, before: auditView(before), after: auditView(r) });
    return r;
  });
}

/**
 * Soft-deletes a resident (their talks, pairings and requests keep the name). Only the secretary
 * and the admin delete (ForbiddenError otherwise; the zone's members add and edit), and never a
 * resident with a pairing still running on `today` or later (DomainError "pairing": end it first),
 * so a cadre's 结穷亲 count never drops behind their back.
 */
export async function deleteResident(db: Db, actor: Viewer, id: number, today: string, now: Date) {
  const before = await findLive(db, id);
  const branch = await branchOfZone(db, before.zoneId);
  // Out of the actor's branch and reach: 404; seen (masked) but not theirs to delete: 403.
  if (!branch || !(await db.zone.count({ where: { id: before.zoneId, ...branchZoneWhere(actor.reach) } }))) throw new NotFoundError();
  if (!can.deleteResident(actor.reach, branch)) throw new ForbiddenError("只有支部书记和管理员可以删除群众");
  await db.$transaction(async (tx) => {
    const pairing = await tx.pairing.findFirst({ where: { residentId: id, OR: [{ endedOn: null }, { endedOn: { gt: today } }] }, include: { cadre: { select: { name: true } } } });
    if (pairing) throw new DomainError("pairing", `该群众与${pairing.cadre.name}的结对尚未结束，不能删除；请先结束结对`);
    await tx.resident.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "resident.delete", entity: "Resident", entityId: id, before: auditView(before) });
  });
}

/**
 * The full ID number, for one look, with an audit entry `resident.reveal` (who, which resident,
 * when). ForbiddenError for anyone outside the zone but the secretary and admin; DomainError when
 * none is recorded.
 */
export async function revealIdNumber(db: Db, actor: Viewer, id: number, today: string): Promise<string> {
  const r = await findLive(db, id);
  await assertActs(db, actor, r.zoneId, today);
  if (!r.idNumber) throw new DomainError("idNumber", "该群众没有登记身份证号");
  await db.$transaction(async (tx) => {
    await audit(tx, { actorId: actor.id, action: "resident.reveal", entity: "Resident", entityId: id, after: { field: "idNumber", shown: maskIdNumber(r.idNumber) } });
  });
  return r.idNumber;
}
