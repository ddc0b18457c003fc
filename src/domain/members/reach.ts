/**
 * One member as seen by an actor: found only when within their reach (themselves, or their
 * branch today is inside one of the actor's subtrees — auth/reach.ts `memberWhere`), else
 * NotFoundError (404), so a changed id in a URL reveals nothing.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";

type Reader = Db | Prisma.TransactionClient;

/** The member `id` with their role and branch (id, path), if the actor reaches them. */
export async function findReadableMember(db: Reader, actor: Viewer, id: number) {
  const m = await db.member.findFirst({ where: { AND: [{ id }, memberWhere(actor.reach)] }, select: { id: true, role: true, branch: { select: { id: true, path: true } } } });
  if (!m) throw new NotFoundError();
  return m;
}
