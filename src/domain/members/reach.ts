/**
 * One member as seen by an actor: found only when within their reach (themselves, or their
 * branch today is inside one of the actor's subtrees — auth/reach.ts `memberWhere`), else
 * NotFoundError (404), so a changed id in a URL reveals nothing.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { memberWhere, topSubtrees, type Viewer } from "../../auth/reach.ts";
import { isWithin } from "../../core/org-tree.ts";
import { NotFoundError } from "../../core/errors.ts";

type Reader = Db | Prisma.TransactionClient;

/** The member `id` with their role and branch (id, path), if the actor reaches them. */
export async function findReadableMember(db: Reader, actor: Viewer, id: number) {
  const m = await db.member.findFirst({ where: { AND: [{ id }, memberWhere(actor.reach)] }, select: { id: true, role: true, branch: { select: { id: true, path: true } } } });
  if (!m) throw new NotFoundError();
  return m;
}

/**
 * `findReadableMember` on Kysely (either engine): one small read of the member and their branch's
 * path, the reach checked in memory as `memberWhere` would (themselves, or their branch inside one
 * of the actor's subtrees). For pages read per request (the member's year, issue 16: the Prisma
 * read cost ~1 ms of CPU); the Prisma one stays for callers inside a Prisma transaction.
 * @throws NotFoundError when there is no such member or the actor does not reach them.
 */
export async function findReadableMemberKx(kx: Kysely<DB>, actor: Viewer, id: number): Promise<{ id: number; role: string; branch: { id: number; path: string } }> {
  const m = await kx
    .selectFrom("Member as m")
    .innerJoin("Org as b", "b.id", "m.branchId")
    .select(["m.id", "m.role", "b.id as branchId", "b.path as branchPath"])
    .where("m.id", "=", id)
    .executeTakeFirst();
  const inReach = m && (m.id === actor.reach.self || topSubtrees(actor.reach).some((s) => isWithin(m.branchPath, s.path)));
  if (!m || !inReach) throw new NotFoundError();
  return { id: m.id, role: m.role, branch: { id: m.branchId, path: m.branchPath } };
}
