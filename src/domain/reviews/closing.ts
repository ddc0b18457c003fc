/**
 * Which branch a closing or reopening of a year concerns, and who may do it (DOMAIN.md
 * "Organizations": "A branch's year is closed by its secretary (or an ADMIN over it)").
 * Without a branch named (every single-branch form posts none), it is the actor's own branch as
 * its secretary; a named org must be in the actor's reach (else NotFoundError), be a branch (else
 * DomainError on `orgId`), and be the actor's as secretary or under their ADMIN grant (else
 * ForbiddenError). An actor who is no secretary must name the branch.
 */
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../../db/client.ts";
import { administersOrg, reachesOrg, type Viewer } from "../../auth/reach.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../../core/errors.ts";

type Reader = Db | Prisma.TransactionClient;

export interface BranchRef {
  id: number;
  name: string;
  path: string;
}

/** May `actor` close or reopen the year of the branch at `path`? (its secretary, or an ADMIN over it) */
export function mayCloseBranch(actor: Viewer, branch: { path: string }): boolean {
  return reachesOrg(actor.reach, branch.path, ["SECRETARY"]) || administersOrg(actor.reach, branch.path);
}

/** The secretary's own branch, or null for an actor who is no branch's secretary. */
export function ownBranchId(actor: Viewer): number | null {
  return actor.reach.subtrees.find((s) => s.via === "SECRETARY")?.orgId ?? null;
}

/** The org `orgId` if the actor reaches it (NotFoundError otherwise) and it is a branch (DomainError on `orgId`). */
export async function reachableBranch(db: Reader, actor: Viewer, orgId: number): Promise<BranchRef> {
  const org = await db.org.findUnique({ where: { id: orgId }, select: { id: true, name: true, path: true, kind: true } });
  if (!org || !reachesOrg(actor.reach, org.path)) throw new NotFoundError();
  if (org.kind !== "BRANCH") throw new DomainError("orgId", `「${org.name}」不是党支部：年终备查按党支部关闭和退回`);
  return { id: org.id, name: org.name, path: org.path };
}

/** The branch whose year `actor` closes or reopens (see the module comment). */
export async function closingBranch(db: Reader, actor: Viewer, orgId: number | undefined): Promise<BranchRef> {
  const id = orgId ?? ownBranchId(actor);
  if (id === null) throw new ForbiddenError("只有支部书记可以关闭或重新开放本支部的年度；上级管理员请在「各支部年终备查」页选择党支部");
  const branch = await reachableBranch(db, actor, id);
  if (!mayCloseBranch(actor, branch)) throw new ForbiddenError("只有该支部的书记或其上级管理员可以关闭或重新开放年度");
  return branch;
}
