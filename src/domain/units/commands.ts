/**
 * Bus lines (挂钩线路) and departments (科室) on the admin's desk: create, rename / describe,
 * retire (from a date; visits after it are refused by the visit form), and link many cadres to one
 * from a date (dated history: each cadre's current line — or department — is closed the day
 * before). Never deleted. Audited, one transaction each. Throws DomainError, NotFoundError,
 * LockedError.
 */
import { foldName } from "../../core/names.ts";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { changeFrom } from "../members/dated.ts";
import type { UnitInput } from "./schema.ts";

export type UnitKind = "line" | "department";
export const UNIT_LABELS: Record<UnitKind, string> = { line: "线路", department: "科室" };

export async function findUnit(db: Db, kind: UnitKind, id: number) {
  const u = kind === "line" ? await db.line.findUnique({ where: { id } }) : await db.department.findUnique({ where: { id } });
  if (!u) throw new NotFoundError();
  return u;
}

/** Names compare folded (names.ts), also against units named before folding (few rows: all read). */
async function assertNameFree(db: Db, kind: UnitKind, name: string, exceptId?: number) {
  const wanted = foldName(name);
  const select = { id: true, name: true } as const;
  const units = kind === "line" ? await db.line.findMany({ select }) : await db.department.findMany({ select });
  if (units.some((u) => u.id !== exceptId && foldName(u.name) === wanted)) throw new DomainError("name", `已有同名${UNIT_LABELS[kind]}`);
}

export async function createUnit(db: Db, actor: Actor, input: UnitInput, once?: string) {
  await assertFormTokenUnused(db, once, "/admin/units");
  await assertNameFree(db, input.kind, input.name);
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/admin/units");
    const data = { name: input.name, description: input.description };
    const u = input.kind === "line" ? await tx.line.create({ data }) : await tx.department.create({ data });
    await audit(tx, { actorId: actor.id, action: `${input.kind}.create`, entity: input.kind === "line" ? "Line" : "Department", entityId: u.id, after: u });
    return u;
  });
}

export async function updateUnit(db: Db, actor: Actor, kind: UnitKind, id: number, input: Omit<UnitInput, "kind">) {
  const before = await findUnit(db, kind, id);
  await assertNameFree(db, kind, input.name, id);
  return db.$transaction(async (tx) => {
    const data = { name: input.name, description: input.description };
    const u = kind === "line" ? await tx.line.update({ where: { id }, data }) : await tx.department.update({ where: { id }, data });
    await audit(tx, { actorId: actor.id, action: `${kind}.update`, entity: kind === "line" ? "Line" : "Department", entityId: id, before, after: u });
    return u;
  });
}

/** Retires from `retiredOn`; refused while cadres are still linked on or after that date. */
export async function retireUnit(db: Db, actor: Actor, kind: UnitKind, id: number, retiredOn: string) {
  const before = await findUnit(db, kind, id);
  if (before.retiredOn) throw new DomainError("retiredOn", `已于 ${before.retiredOn} 撤销`);
  const linked = { OR: [{ toOn: null }, { toOn: { gte: retiredOn } }] };
  const still =
    kind === "line"
      ? await db.lineAssignment.count({ where: { lineId: id, ...linked } })
      : await db.departmentAssignment.count({ where: { departmentId: id, ...linked } });
  if (still > 0) throw new DomainError("retiredOn", `该日期后仍有 ${still} 名干部挂钩，请先调整他们的挂钩`);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { orgId: null }, retiredOn); // lines and departments serve every branch
    if (kind === "line") await tx.line.update({ where: { id }, data: { retiredOn } });
    else await tx.department.update({ where: { id }, data: { retiredOn } });
    await audit(tx, { actorId: actor.id, action: `${kind}.retire`, entity: kind === "line" ? "Line" : "Department", entityId: id, before: { retiredOn: null }, after: { retiredOn } });
  });
}

/** Links cadres (党员干部 or 支部书记) to the line or department from `fromOn`, all or none. */
export async function linkCadres(db: Db, actor: Actor, kind: UnitKind, id: number, memberIds: number[], fromOn: string): Promise<number> {
  const unit = await findUnit(db, kind, id);
  if (unit.retiredOn !== null && unit.retiredOn <= fromOn) throw new DomainError("fromOn", `已于 ${unit.retiredOn} 撤销`);
  const members = await db.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, name: true, role: true, registeredOn: true } });
  if (members.length !== memberIds.length) throw new DomainError("memberIds", "所选成员中有不存在的账号");
  const notCadre = members.find((m) => m.role !== "CADRE" && m.role !== "SECRETARY");
  if (notCadre) throw new DomainError("memberIds", `${notCadre.name} 不是党员干部或支部书记`);
  const early = members.find((m) => fromOn < m.registeredOn);
  if (early) throw new DomainError("fromOn", `生效日期早于 ${early.name} 的登记日期 ${early.registeredOn}`);
  return db.$transaction(
    async (tx) => {
      let linked = 0;
      for (const m of members) {
        const change = await changeFrom(tx, kind, m.id, [id], fromOn).catch((e: unknown) => {
          if (e instanceof DomainError) throw new DomainError("fromOn", `${m.name}：${e.message}`);
          throw e;
        });
        if (!change.after) continue;
        linked++;
        await audit(tx, { actorId: actor.id, action: `member.${kind}`, entity: "Member", entityId: m.id, before: change.before, after: change.after });
      }
      return linked;
    },
    { timeout: 60_000 },
  );
}
