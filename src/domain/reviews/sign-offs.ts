/**
 * Branch sign-offs seen from above (DOMAIN.md "Organizations": "reviewers see which branches of
 * their subtree have closed, and can return a sign-off with a reason"). A REVIEWER or ADMIN grant
 * holder lists the branches of their subtrees with the state of a year — 已关闭 (closed: when, by
 * whom), 已退回 (the latest step was a return: when, by whom, why) or 未关闭 — and returns a
 * closed branch's year with a written reason: the closure is removed (the branch's records of the
 * year are writable again) and the audit log keeps `year.return` (entity YearClosure, entityId
 * "<year>", before = the closure row with its orgId, reason), which the branch's secretary reads
 * on the year's page. Dates shown are Asia/Shanghai.
 */
import type { Db } from "../../db/client.ts";
import { reachesOrg, type Viewer } from "../../auth/reach.ts";
import { localDateTimeOf } from "../../rules/index.ts";
import { audit } from "../audit/trail.ts";
import { DomainError, ForbiddenError } from "../../core/errors.ts";
import { naturalCompare as natural } from "../natural-order.ts";
import { reachableBranch } from "./closing.ts";
import { closureEntryOrg } from "./queries.ts";

export type BranchYearState = "CLOSED" | "RETURNED" | "OPEN";

/** A return of a branch's year: who, when ("YYYY-MM-DD HH:mm"), why. */
export interface ReturnView {
  byName: string;
  at: string;
  reason: string;
}

export interface BranchSignOff {
  orgId: number;
  code: string;
  name: string;
  /** The path of names above the branch inside the tree, e.g. "甲乡党委". */
  parentName: string;
  state: BranchYearState;
  closedAt: string | null;
  closedByName: string | null;
  returned: ReturnView | null;
}

/** Does the actor oversee a subtree with a REVIEWER or ADMIN grant (the sign-off list is theirs)? */
export function seesSignOffs(actor: Viewer): boolean {
  return actor.reach.subtrees.some((s) => s.via !== "SECRETARY");
}

const GRANTS = ["REVIEWER", "ADMIN"] as const;

/** The latest close/reopen/return step of each branch's `year` (a step without a branch concerns all). */
async function latestSteps(db: Db, year: number) {
  const rows = await db.auditEntry.findMany({
    where: { entity: "YearClosure", entityId: String(year) },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    include: { actor: { select: { name: true } } },
  });
  return rows.map((r) => ({ orgId: closureEntryOrg(r), action: r.action, byName: r.actor?.name ?? "系统", at: localDateTimeOf(r.at), reason: r.reason ?? "" }));
}

/** The return shown to branch `orgId` when the latest step of its `year` is a return, else null. */
export async function lastReturnOf(db: Db, orgId: number, year: number): Promise<ReturnView | null> {
  const last = (await latestSteps(db, year)).filter((s) => s.orgId === undefined || s.orgId === orgId).at(-1);
  return last?.action === "year.return" ? { byName: last.byName, at: last.at, reason: last.reason } : null;
}

/**
 * The branches (not dissolved before `year`) of the actor's REVIEWER/ADMIN subtrees, optionally
 * only under `under` (an org path), with the state of their `year`, in tree order by name.
 */
export async function branchSignOffs(db: Db, actor: Viewer, year: number, under?: string): Promise<BranchSignOff[]> {
  const tops = actor.reach.subtrees.filter((s) => s.via !== "SECRETARY").map((s) => ({ path: { startsWith: s.path } }));
  if (!tops.length) return [];
  const branches = await db.org.findMany({
    where: {
      kind: "BRANCH",
      AND: [{ OR: tops }, { OR: [{ dissolvedOn: null }, { dissolvedOn: { gt: `${year}-01-01` } }] }, ...(under ? [{ path: { startsWith: under } }] : [])],
    },
    select: { id: true, code: true, name: true, parent: { select: { name: true } }, yearClosures: { where: { year }, select: { closedAt: true, closedById: true } } },
  });
  const closers = new Map((await db.member.findMany({ where: { id: { in: branches.flatMap((b) => b.yearClosures.map((c) => c.closedById)) } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  const steps = await latestSteps(db, year);
  const last = new Map<number, (typeof steps)[number]>();
  let shared: (typeof steps)[number] | undefined;
  for (const s of steps) {
    if (s.orgId === undefined) {
      shared = s;
      last.clear();
    } else last.set(s.orgId, s);
  }
  return branches
    .map((b): BranchSignOff => {
      const c = b.yearClosures[0];
      const step = last.get(b.id) ?? shared;
      const returned = !c && step?.action === "year.return" ? { byName: step.byName, at: step.at, reason: step.reason } : null;
      return {
        orgId: b.id,
        code: b.code,
        name: b.name,
        parentName: b.parent?.name ?? "",
        state: c ? "CLOSED" : returned ? "RETURNED" : "OPEN",
        closedAt: c ? localDateTimeOf(c.closedAt) : null,
        closedByName: c ? (closers.get(c.closedById) ?? "") : null,
        returned,
      };
    })
    .sort((a, b) => natural(a.parentName, b.parentName) || natural(a.name, b.name));
}

/**
 * Returns branch `orgId`'s sign-off of `year` with `reason` (required; checked by the form):
 * NotFoundError out of reach; ForbiddenError without a REVIEWER/ADMIN grant over it; DomainError
 * for an org that is not a branch or a year the branch has not closed. Nothing is written then.
 */
export async function returnBranchYear(db: Db, actor: Viewer, orgId: number, year: number, reason: string, now: Date): Promise<void> {
  const branch = await reachableBranch(db, actor, orgId);
  if (!reachesOrg(actor.reach, branch.path, GRANTS)) throw new ForbiddenError("只有上级党委的审核人或管理员可以退回支部的年终备查");
  await db.$transaction(async (tx) => {
    const closure = await tx.yearClosure.findUnique({ where: { orgId_year: { orgId: branch.id, year } } });
    if (!closure) throw new DomainError("reason", `${branch.name} ${year} 年度尚未关闭（未完成年终备查），无法退回`);
    await tx.yearClosure.delete({ where: { id: closure.id } });
    await audit(tx, { actorId: actor.id, action: "year.return", entity: "YearClosure", entityId: year, before: { ...closure, returnedAt: now }, reason });
  });
}
