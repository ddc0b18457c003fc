/**
 * Scoped reads of line visits and of the lines/departments a cadre can pick. Outside the
 * actor's reach → NotFoundError (404). Soft-deleted visits are never returned.
 */
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";
import { heldOn } from "../held-on.ts";
import { byNaturalName } from "../natural-order.ts";

export async function findReadableVisit(db: Db, actor: Viewer, id: number) {
  const visit = await db.lineVisit.findFirst({
    where: { id, deletedAt: null, cadre: memberWhere(actor.reach) },
    include: { line: true, department: true, cadre: { select: { id: true, name: true, username: true } } },
  });
  if (!visit) throw new NotFoundError();
  return visit;
}

export async function findOwnVisit(db: Db, actor: Actor, id: number) {
  const visit = await db.lineVisit.findFirst({ where: { id, cadreId: actor.id, deletedAt: null } });
  if (!visit) throw new NotFoundError();
  return visit;
}

/** The line assigned to the member on `date` (YYYY-MM-DD), if any. */
export async function assignedLineOn(db: Db, memberId: number, date: string) {
  const a = await db.lineAssignment.findFirst({
    where: { memberId, ...heldOn(date) },
    orderBy: { fromOn: "desc" },
    include: { line: true },
  });
  return a?.line ?? null;
}

/** The department linked to the member on `date`, if any. */
export async function assignedDepartmentOn(db: Db, memberId: number, date: string) {
  const a = await db.departmentAssignment.findFirst({
    where: { memberId, ...heldOn(date) },
    orderBy: { fromOn: "desc" },
    include: { department: true },
  });
  return a?.department ?? null;
}

/** Lines and departments not retired on `date`, for the visit form's select. */
export async function visitTargets(db: Db, date: string) {
  const open = { OR: [{ retiredOn: null }, { retiredOn: { gt: date } }] };
  const [lines, departments] = await Promise.all([
    db.line.findMany({ where: open }).then(byNaturalName),
    db.department.findMany({ where: open }).then(byNaturalName),
  ]);
  return { lines, departments };
}
