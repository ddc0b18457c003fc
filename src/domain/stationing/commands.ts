/**
 * 驻村 writes (issue 18 item 3): `createStationing` and `endStationing`, each in one transaction
 * with an audit entry (`stationing.create`, `stationing.end`). Who: an ADMIN over the cadre's
 * branch (today) or over the village branch (`reach`, auth/reach.ts); anyone else, or a cadre or
 * stationing that does not exist, gets NotFoundError (404, no existence leak). Refusals are
 * DomainError(field, Chinese reason): a village that is not a village branch (rules.ts) or is
 * dissolved, the cadre's own branch, an end before the start, an overlap with another stationing
 * of the same cadre; a date in a year closed for the cadre's branch on that date or for the
 * village (src/domain/reviews/lock.ts) throws LockedError. The cadre's own quotas are unchanged:
 * nothing here touches their membership, role or zone. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { pathIds } from "../../core/org-tree.ts";
import { administersOrg, type Reach } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { branchOn } from "../orgs/transfers.ts";
import { isVillageBranch, overlapReason, overlapping, type StationKind, type StationPost } from "./rules.ts";

type Tx = Prisma.TransactionClient;

export interface NewStationing {
  memberId: number;
  orgId: number;
  fromOn: string;
  toOn: string | null;
  post: StationPost;
  kind: StationKind;
  note: string;
}

/** The org `orgId` with whether it is a village branch, or null. */
export async function villageOf(db: Db | Tx, orgId: number) {
  const org = await db.org.findUnique({ where: { id: orgId }, select: { id: true, name: true, code: true, kind: true, path: true, dissolvedOn: true } });
  if (!org) return null;
  const ids = pathIds(org.path).filter((id) => id !== org.id);
  const kinds = ids.length ? (await db.org.findMany({ where: { id: { in: ids } }, select: { kind: true } })).map((o) => o.kind) : [];
  return { ...org, village: isVillageBranch(org.kind, kinds) };
}

/** The Chinese reason org `org` cannot take a stationing on `fromOn`, or null. */
export function villageProblem(org: { name: string; village: boolean; dissolvedOn: string | null } | null, fromOn: string): string | null {
  if (!org) return "请选择驻村的村（社区）党支部";
  if (!org.village) return `「${org.name}」不是村（社区）党支部：只能驻在乡镇（街道）党委下属的党支部`;
  if (org.dissolvedOn !== null && org.dissolvedOn <= fromOn) return `「${org.name}」已于 ${org.dissolvedOn} 撤销`;
  return null;
}

async function assertOpen(tx: Tx, memberId: number, orgId: number, dates: string[]) {
  for (const d of dates) {
    await assertYearOpen(tx, { memberId }, d);
    await assertYearOpen(tx, { branchId: orgId }, d);
  }
}

/** Creates a stationing per `input` (see the module comment); returns its id. */
export async function createStationing(db: Db, actor: Actor, input: NewStationing, reach: Reach | null): Promise<{ id: number }> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: input.memberId }, select: { id: true, name: true, branch: { select: { path: true } } } });
    if (!member) throw new NotFoundError();
    const org = await villageOf(tx, input.orgId);
    if (reach && !administersOrg(reach, member.branch.path) && !(org && administersOrg(reach, org.path))) throw new NotFoundError();
    const problem = villageProblem(org, input.fromOn);
    if (problem) throw new DomainError("orgId", problem);
    if (input.toOn !== null && input.toOn < input.fromOn) throw new DomainError("toOn", "结束日期不能早于开始日期");
    if ((await branchOn(tx, member.id, input.fromOn)) === input.orgId) throw new DomainError("orgId", `「${member.name}」本就是「${org!.name}」的党员，驻村应驻在本支部以外的村`);
    const others = await tx.stationing.findMany({ where: { memberId: member.id }, orderBy: { fromOn: "asc" } });
    const clash = overlapping(input, others);
    if (clash) {
      const where = await tx.org.findUnique({ where: { id: clash.orgId }, select: { name: true } });
      throw new DomainError("fromOn", overlapReason({ ...clash, orgName: where?.name }));
    }
    await assertOpen(tx, member.id, input.orgId, [input.fromOn, ...(input.toOn ? [input.toOn] : [])]);
    const row = await tx.stationing.create({ data: { ...input, createdById: actor.id } });
    await audit(tx, { actorId: actor.id, action: "stationing.create", entity: "Stationing", entityId: row.id, after: input });
    return { id: row.id };
  });
}

/** Ends stationing `id` on `toOn` (its last day); returns the cadre's name. */
export async function endStationing(db: Db, actor: Actor, id: number, toOn: string, reach: Reach | null): Promise<{ name: string }> {
  return db.$transaction(async (tx) => {
    const s = await tx.stationing.findUnique({ where: { id } });
    if (!s) throw new NotFoundError();
    const [member, org] = await Promise.all([
      tx.member.findUnique({ where: { id: s.memberId }, select: { name: true, branch: { select: { path: true } } } }),
      tx.org.findUnique({ where: { id: s.orgId }, select: { path: true } }),
    ]);
    if (reach && !(member && administersOrg(reach, member.branch.path)) && !(org && administersOrg(reach, org.path))) throw new NotFoundError();
    if (s.toOn !== null) throw new DomainError("toOn", `该驻村已于 ${s.toOn} 结束`);
    if (toOn < s.fromOn) throw new DomainError("toOn", `结束日期不能早于开始日期 ${s.fromOn}`);
    await assertOpen(tx, s.memberId, s.orgId, [toOn]);
    await tx.stationing.update({ where: { id }, data: { toOn } });
    await audit(tx, { actorId: actor.id, action: "stationing.end", entity: "Stationing", entityId: id, before: { toOn: null }, after: { toOn } });
    return { name: member?.name ?? "" };
  });
}
