/**
 * Responsibility zones (责任区) on the admin's desk: create, rename / describe / set the leader,
 * retire, and move many members into a zone from a date (each move closes the member's current
 * assignment the day before and opens the new one: members/dated.ts). Audited, one transaction each.
 * Zones are never deleted (their records keep pointing at them). Throws DomainError, NotFoundError,
 * LockedError.
 */
import { foldName } from "../../core/names.ts";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { audit, auditMany } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { changeFromMany } from "../members/dated.ts";
import type { ZoneInput } from "./schema.ts";

export async function findZone(db: Db, id: number) {
  const z = await db.zone.findUnique({ where: { id }, include: { leader: { select: { id: true, name: true, username: true } }, branch: { select: { name: true, code: true } } } });
  if (!z) throw new NotFoundError();
  return z;
}

/** The leader, when one is chosen, must be an active member of the zone's branch today. */
async function assertLeader(db: Db, leaderId: number | undefined, branchId: number) {
  if (leaderId === undefined) return;
  const m = await db.member.findUnique({ where: { id: leaderId } });
  if (!m || !m.active || m.branchId !== branchId) throw new DomainError("leaderId", "所选负责人不存在、已停用或不在该责任区所属党支部");
}

/**
 * Zone names are unique within a branch (Zone @@unique([branchId, name])). Names compare folded
 * (names.ts), also against zones named before folding (a branch's zones are few: all read).
 */
async function assertNameFree(db: Db, branchId: number, name: string, exceptId?: number) {
  const wanted = foldName(name);
  const zones = await db.zone.findMany({ where: { branchId }, select: { id: true, name: true } });
  if (zones.some((z) => z.id !== exceptId && foldName(z.name) === wanted)) throw new DomainError("name", "该党支部已有同名责任区");
}

/** The open branches (党支部) in `scope` (the orgs the acting admin manages), by code. */
export async function branchesFor(db: Db, scope: Prisma.OrgWhereInput, today: string) {
  return db.org.findMany({
    where: { kind: "BRANCH", AND: [scope, { OR: [{ dissolvedOn: null }, { dissolvedOn: { gt: today } }] }] },
    orderBy: { code: "asc" },
    select: { id: true, code: true, name: true },
  });
}

/**
 * The branch a new zone goes into: `input.branchId` when given (an open branch in `scope`, else
 * DomainError on branchId), else the only open branch in scope; with several, the form must say.
 */
async function branchOfNewZone(db: Db, input: ZoneInput, scope: Prisma.OrgWhereInput, today: string) {
  const open = await branchesFor(db, scope, today);
  if (input.branchId !== undefined) {
    const b = open.find((o) => o.id === input.branchId);
    if (!b) throw new DomainError("branchId", "所选党支部不存在、已撤销或不在您的管理范围内");
    return b;
  }
  if (open.length === 1) return open[0];
  throw new DomainError("branchId", open.length === 0 ? "您管理的范围内没有党支部，无法新建责任区" : "请选择责任区所属党支部");
}

/** `scope`: the orgs the acting admin manages; the zone goes into the chosen branch there (branchOfNewZone). */
export async function createZone(db: Db, actor: Actor, input: ZoneInput, once?: string, scope: Prisma.OrgWhereInput = {}, today = input.establishedOn) {
  await assertFormTokenUnused(db, once, "/admin/zones");
  const branch = await branchOfNewZone(db, input, scope, today);
  await assertNameFree(db, branch.id, input.name);
  await assertLeader(db, input.leaderId, branch.id);
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/admin/zones");
    await assertYearOpen(tx, { branchId: branch.id }, input.establishedOn);
    const z = await tx.zone.create({ data: { branchId: branch.id, name: input.name, description: input.description, leaderId: input.leaderId ?? null, establishedOn: input.establishedOn } });
    await audit(tx, { actorId: actor.id, action: "zone.create", entity: "Zone", entityId: z.id, after: z });
    return z;
  });
}

/** Rename, describe, set or clear the leader, correct the date of establishment. */
export async function updateZone(db: Db, actor: Actor, id: number, input: ZoneInput) {
  const before = await findZone(db, id);
  await assertNameFree(db, before.branchId, input.name, id);
  await assertLeader(db, input.leaderId, before.branchId);
  return db.$transaction(async (tx) => {
    if (input.establishedOn !== before.establishedOn) await assertYearOpen(tx, { zoneId: id }, before.establishedOn, input.establishedOn);
    const { leader: _l, branch: _b, ...old } = before;
    const z = await tx.zone.update({ where: { id }, data: { name: input.name, description: input.description, leaderId: input.leaderId ?? null, establishedOn: input.establishedOn } });
    await audit(tx, { actorId: actor.id, action: "zone.update", entity: "Zone", entityId: id, before: old, after: z });
    return z;
  });
}

/**
 * Retires a zone from `retiredOn` (its last day is the day before). Refused while members are
 * still assigned to it on or after that date: move them first.
 */
export async function retireZone(db: Db, actor: Actor, id: number, retiredOn: string) {
  const before = await findZone(db, id);
  if (before.retiredOn) throw new DomainError("retiredOn", `该责任区已于 ${before.retiredOn} 撤销`);
  if (retiredOn <= before.establishedOn) throw new DomainError("retiredOn", `撤销日期应晚于设立日期 ${before.establishedOn}`);
  const still = await db.zoneAssignment.count({ where: { zoneId: id, OR: [{ toOn: null }, { toOn: { gte: retiredOn } }] } });
  if (still > 0) throw new DomainError("retiredOn", `该日期后仍有 ${still} 名成员在此责任区，请先将他们调往其他责任区`);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { zoneId: id }, retiredOn);
    await tx.zone.update({ where: { id }, data: { retiredOn } });
    await audit(tx, { actorId: actor.id, action: "zone.retire", entity: "Zone", entityId: id, before: { retiredOn: null }, after: { retiredOn } });
  });
}

/**
 * Moves every member of `memberIds` into zone `zoneId` from `fromOn`, all or none. Members
 * already in that zone on that date are left as they are. Returns how many moved.
 */
export async function moveMembers(db: Db, actor: Actor, zoneId: number, memberIds: number[], fromOn: string): Promise<number> {
  const zone = await findZone(db, zoneId);
  if (zone.retiredOn !== null && zone.retiredOn <= fromOn) throw new DomainError("zoneId", `该责任区已于 ${zone.retiredOn} 撤销`);
  const members = await db.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, name: true, registeredOn: true } });
  if (members.length !== memberIds.length) throw new DomainError("memberIds", "所选成员中有不存在的账号");
  const early = members.find((m) => fromOn < m.registeredOn);
  if (early) throw new DomainError("fromOn", `生效日期早于 ${early.name} 的登记日期 ${early.registeredOn}`);
  const names = new Map(members.map((m) => [m.id, m.name]));
  return db.$transaction(
    async (tx) => {
      // The whole roster in a few statements (changeFromMany), not several round trips per member.
      const changes = await changeFromMany(tx, "zone", members.map((m) => m.id), [zoneId], fromOn, (id, e) => new DomainError("fromOn", `${names.get(id)}：${e.message}`));
      const moved = changes.filter((c) => c.change.after);
      await auditMany(tx, moved.map(({ memberId, change }) => ({ actorId: actor.id, action: "member.zone", entity: "Member", entityId: memberId, before: change.before, after: change.after })));
      return moved.length;
    },
    { timeout: 60_000 },
  );
}
