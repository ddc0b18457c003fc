/**
 * What a 党员干部 needs for the cadre quotas to apply (issue 15, item 3): a cadre level (it sets
 * the 结穷亲 households owed) and a line or department (the ≥3 line visits a week). Without them
 * the quotas show 不适用 and the cadre escapes them, so an account lacking either must carry an
 * explicit, audited 不适用原因 (Member.notApplicableReason). Only the CADRE role is held to this:
 * a 支部书记 may take a level or a line but has the secretary's duties regardless.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { heldOn } from "../held-on.ts";

export type CadreGap = "cadreLevel" | "line";

export const GAP_MESSAGES: Record<CadreGap, string> = {
  cadreLevel: "党员干部须选择干部级别（决定结穷亲户数）；确不适用的，请填写不适用原因",
  line: "党员干部须挂钩线路或科室（每周一线走访）；确不适用的，请填写不适用原因",
};

export const GAP_LABELS: Record<CadreGap, string> = { cadreLevel: "无干部级别", line: "未挂钩线路或科室" };

/** The gaps of a person with `role`, `cadreLevel` and whether a line or department is held. */
export function cadreGaps(role: string, cadreLevel: string | null | undefined, hasLineOrDepartment: boolean): CadreGap[] {
  if (role !== "CADRE") return [];
  const gaps: CadreGap[] = [];
  if (!cadreLevel) gaps.push("cadreLevel");
  if (!hasLineOrDepartment) gaps.push("line");
  return gaps;
}

/** Whether member `id` holds a line or a department on `date` (YYYY-MM-DD, Asia/Shanghai). */
export async function holdsLineOrDepartment(db: Db | Prisma.TransactionClient, id: number, date: string): Promise<boolean> {
  const [line, dept] = await Promise.all([
    db.lineAssignment.count({ where: { memberId: id, ...heldOn(date) } }),
    db.departmentAssignment.count({ where: { memberId: id, ...heldOn(date) } }),
  ]);
  return line + dept > 0;
}

export interface UncoveredCadre {
  id: number;
  name: string;
  username: string;
  gaps: CadreGap[];
  reason: string | null;
}

/**
 * Active 党员干部 lacking a cadre level or a line/department on `date`, by name; with their reason if any.
 * Three flat queries (the cadres, and who of them holds a line or a department): relation loads
 * would bind every cadre's id at once, past SQLite's parameter limit at county scale (2,000+ cadres).
 */
export async function uncoveredCadres(db: Db, date: string, scope: Prisma.MemberWhereInput = {}): Promise<UncoveredCadre[]> {
  const who: Prisma.MemberWhereInput = { AND: [{ role: "CADRE", active: true }, scope] };
  const [cadres, lines, departments] = await Promise.all([
    db.member.findMany({ where: who, select: { id: true, name: true, username: true, cadreLevel: true, notApplicableReason: true } }),
    db.lineAssignment.findMany({ where: { AND: [heldOn(date), { member: who }] }, select: { memberId: true } }),
    db.departmentAssignment.findMany({ where: { AND: [heldOn(date), { member: who }] }, select: { memberId: true } }),
  ]);
  const held = new Set([...lines, ...departments].map((a) => a.memberId));
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  return cadres
    .map((c) => ({ id: c.id, name: c.name, username: c.username, reason: c.notApplicableReason, gaps: cadreGaps("CADRE", c.cadreLevel, held.has(c.id)) }))
    .filter((c) => c.gaps.length > 0)
    .sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
}
