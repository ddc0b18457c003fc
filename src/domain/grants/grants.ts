/**
 * Oversight grants (DOMAIN.md "Who uses it"): REVIEWER (reads the subtree) or ADMIN (manages it)
 * at an org, for one account. Given and revoked by an admin whose own ADMIN grants cover the org
 * (the command line acts as the system: `actor` null), each in one transaction with an audit
 * entry `grant.create` / `grant.delete` (entity Grant, entityId the grant's id). Bad input — an
 * unknown login name or org code, a role that is not REVIEWER or ADMIN, an org outside the acting
 * admin's subtrees, a grant already held (or not held, to revoke), revoking one's own ADMIN
 * grant — throws DomainError with a Chinese message and writes nothing.
 */
import type { Db } from "../../db/client.ts";
import { administersOrg, type Viewer } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { DomainError } from "../../core/errors.ts";

export const GRANT_ROLES = ["REVIEWER", "ADMIN"] as const;
export type GrantRoleCode = (typeof GRANT_ROLES)[number];
export const GRANT_ROLE_LABELS: Record<GrantRoleCode, string> = { REVIEWER: "党委审核", ADMIN: "管理员" };

export interface GrantInput {
  /** The account, by login name (case-insensitive) or id. */
  username?: string;
  memberId?: number;
  role: string;
  /** The org, by its code (组织代码). */
  orgCode: string;
}

async function resolve(db: Db, actor: Viewer | null, input: GrantInput) {
  if (!(GRANT_ROLES as readonly string[]).includes(input.role)) throw new DomainError("role", "授权类型须为 REVIEWER（党委审核）或 ADMIN（管理员）");
  const member =
    input.memberId !== undefined
      ? await db.member.findUnique({ where: { id: input.memberId }, select: { id: true, username: true, name: true } })
      : await db.member.findUnique({ where: { username: (input.username ?? "").trim().toLowerCase() }, select: { id: true, username: true, name: true } });
  if (!member) throw new DomainError("username", `没有登录名为「${input.username ?? input.memberId}」的账号`);
  const code = input.orgCode.trim();
  if (!code) throw new DomainError("orgCode", "请填写组织代码");
  const org = await db.org.findUnique({ where: { code }, select: { id: true, code: true, name: true, path: true } });
  // An org out of the actor's reach reads like an unknown code: the same words, never its name.
  const unknown = actor ? `没有代码为「${code}」的组织，或该组织不在您管理的组织范围内` : `没有代码为「${code}」的组织`;
  if (!org || (actor && !administersOrg(actor.reach, org.path))) throw new DomainError("orgCode", unknown);
  return { member, org, role: input.role as GrantRoleCode };
}

/** Gives the grant; returns it. */
export async function giveGrant(db: Db, actor: Viewer | null, input: GrantInput) {
  const { member, org, role } = await resolve(db, actor, input);
  return db.$transaction(async (tx) => {
    if (await tx.grant.findUnique({ where: { memberId_orgId_role: { memberId: member.id, orgId: org.id, role } } })) {
      throw new DomainError("orgCode", `${member.name}已有「${org.name}」的${GRANT_ROLE_LABELS[role]}授权`);
    }
    const g = await tx.grant.create({ data: { memberId: member.id, orgId: org.id, role, grantedById: actor?.id ?? null } });
    await audit(tx, { actorId: actor?.id ?? null, action: "grant.create", entity: "Grant", entityId: g.id, after: { memberId: member.id, username: member.username, org: org.code, role } });
    return g;
  });
}

/** Revokes the grant; returns the removed row. */
export async function revokeGrant(db: Db, actor: Viewer | null, input: GrantInput) {
  const { member, org, role } = await resolve(db, actor, input);
  if (actor && member.id === actor.id && role === "ADMIN") throw new DomainError("orgCode", "不能撤销自己的管理员授权");
  return db.$transaction(async (tx) => {
    const g = await tx.grant.findUnique({ where: { memberId_orgId_role: { memberId: member.id, orgId: org.id, role } } });
    if (!g) throw new DomainError("orgCode", `${member.name}没有「${org.name}」的${GRANT_ROLE_LABELS[role]}授权`);
    await tx.grant.delete({ where: { id: g.id } });
    await audit(tx, { actorId: actor?.id ?? null, action: "grant.delete", entity: "Grant", entityId: g.id, before: { memberId: member.id, username: member.username, org: org.code, role } });
    return g;
  });
}

/** The account's grants, widest first, with their orgs. */
export async function grantsOf(db: Db, memberId: number) {
  const rows = await db.grant.findMany({ where: { memberId }, include: { org: { select: { id: true, code: true, name: true, path: true, depth: true } }, grantedBy: { select: { name: true } } } });
  return rows.sort((a, b) => a.org.depth - b.org.depth || a.id - b.id);
}
