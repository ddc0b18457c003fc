/**
 * The admin's reads of lines and departments: both lists with the cadres linked on `today`, and
 * one line or department with its current cadres, its whole link history, and the cadres that
 * can be linked (active 党员干部 and 支部书记, each with the line or department held today).
 */
import type { Db } from "../../db/client.ts";
import { findUnit, type UnitKind } from "./commands.ts";
import { heldOn } from "../held-on.ts";
import { openFirstNatural } from "../natural-order.ts";


export async function listUnits(db: Db, today: string) {
  const [lines, departments, lineCounts, deptCounts] = await Promise.all([
    db.line.findMany({ orderBy: [{ retiredOn: "asc" }, { name: "asc" }] }).then(openFirstNatural),
    db.department.findMany({ orderBy: [{ retiredOn: "asc" }, { name: "asc" }] }).then(openFirstNatural),
    db.lineAssignment.groupBy({ by: ["lineId"], where: heldOn(today), _count: { _all: true } }),
    db.departmentAssignment.groupBy({ by: ["departmentId"], where: heldOn(today), _count: { _all: true } }),
  ]);
  const lc = new Map(lineCounts.map((c) => [c.lineId, c._count._all]));
  const dc = new Map(deptCounts.map((c) => [c.departmentId, c._count._all]));
  return {
    lines: lines.map((l) => ({ ...l, cadres: lc.get(l.id) ?? 0 })),
    departments: departments.map((d) => ({ ...d, cadres: dc.get(d.id) ?? 0 })),
  };
}

export async function unitDetail(db: Db, kind: UnitKind, id: number, today: string) {
  const unit = await findUnit(db, kind, id);
  const member = { select: { id: true, name: true, username: true } };
  const history =
    kind === "line"
      ? await db.lineAssignment.findMany({ where: { lineId: id }, include: { member }, orderBy: [{ fromOn: "desc" }, { id: "desc" }] })
      : await db.departmentAssignment.findMany({ where: { departmentId: id }, include: { member }, orderBy: [{ fromOn: "desc" }, { id: "desc" }] });
  const current = history.filter((h) => h.fromOn <= today && (h.toOn === null || h.toOn >= today));
  const cadres = await db.member.findMany({
    where: { active: true, role: { in: ["CADRE", "SECRETARY"] } },
    orderBy: { username: "asc" },
    select: {
      id: true,
      name: true,
      username: true,
      lineAssignments: { where: heldOn(today), select: { line: { select: { name: true } } }, take: 1 },
      departmentAssignments: { where: heldOn(today), select: { department: { select: { name: true } } }, take: 1 },
    },
  });
  return {
    unit,
    history,
    current,
    cadres: cadres.map((c) => ({
      id: c.id,
      name: c.name,
      username: c.username,
      now: kind === "line" ? (c.lineAssignments[0]?.line.name ?? "") : (c.departmentAssignments[0]?.department.name ?? ""),
    })),
  };
}
