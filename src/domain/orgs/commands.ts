/**
 * Changing the organization tree (DOMAIN.md "Organizations"; issue 12): create, rename, move
 * and dissolve an org, each in one transaction with an audit entry (org.create, org.rename,
 * org.move, org.dissolve). The materialized path (`/1/7/42/`) of a moved org and of everything
 * under it is rewritten in the same transaction as the move, with the depths.
 *
 * The caller (route, CLI) checks the actor administers the orgs involved (auth/reach.ts); these
 * commands check the tree's own rules and throw DomainError(field, Chinese message):
 * - a code that exists; a kind that may not sit under the parent's kind (PARENT_KINDS); a parent
 *   that is dissolved; a second root; a move under the org itself or its own subtree (a cycle);
 * - dissolving while members still belong to the org's subtree on the date, or while a child is
 *   not dissolved. A dissolved org keeps its rows, memberships and history.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { DomainError } from "../../core/errors.ts";
import { consumeFormToken } from "../form-tokens.ts";
import { ORG_FIELDS, orgById, type OrgRow } from "./queries.ts";
import { ORG_KIND_LABELS, PARENT_KINDS, childPath, isWithin, type OrgKind } from "../../core/org-tree.ts";

type Tx = Prisma.TransactionClient;

export const ORG_CODE = /^[A-Za-z0-9_.-]{1,32}$/;

export interface OrgCreateInput {
  code: string;
  name: string;
  kind: OrgKind;
  parentId: number;
  setUpOn?: string | null;
  population?: number | null;
}

/** Is `kind` allowed under a parent of `parentKind`? Throws DomainError(field) when not. */
export function assertKindUnder(kind: OrgKind, parentKind: string, field = "parentId"): void {
  if (!(PARENT_KINDS[kind] as readonly string[]).includes(parentKind)) {
    const label = ORG_KIND_LABELS[parentKind as OrgKind] ?? parentKind;
    throw new DomainError(field, `${ORG_KIND_LABELS[kind]}不能设在${label}之下`);
  }
}

function assertOpen(o: OrgRow, field: string, today: string): void {
  if (o.dissolvedOn !== null && o.dissolvedOn <= today) throw new DomainError(field, `「${o.name}」已于 ${o.dissolvedOn} 撤销`);
}

/** Creates an org under `parentId`. Throws DomainError (code taken, bad kind, dissolved parent). */
export async function createOrg(db: Db, actor: Actor, input: OrgCreateInput, today: string, once?: string): Promise<OrgRow> {
  if (!ORG_CODE.test(input.code)) throw new DomainError("code", "组织代码只能用 1–32 位字母、数字、_ . -");
  if (input.kind === "COUNTY") throw new DomainError("kind", "县委是组织树的根，只能有一个");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/admin/orgs");
    if (await tx.org.findUnique({ where: { code: input.code } })) throw new DomainError("code", `组织代码「${input.code}」已存在`);
    const parent = await tx.org.findUnique({ where: { id: input.parentId }, select: ORG_FIELDS });
    if (!parent) throw new DomainError("parentId", "上级组织不存在");
    assertOpen(parent, "parentId", today);
    assertKindUnder(input.kind, parent.kind);
    const o = await tx.org.create({
      data: { code: input.code, name: input.name, kind: input.kind, parentId: parent.id, path: parent.path, depth: parent.depth + 1, setUpOn: input.setUpOn ?? null, population: input.population ?? null },
    });
    const row = await tx.org.update({ where: { id: o.id }, data: { path: childPath(parent.path, o.id) }, select: ORG_FIELDS });
    await audit(tx, { actorId: actor.id, action: "org.create", entity: "Org", entityId: row.id, after: row });
    return row;
  });
}

export interface OrgRenameInput {
  name: string;
  population?: number | null;
}

/** Renames org `id` (and sets its 常住人口). The code never changes: files and reports name it. */
export async function renameOrg(db: Db, actor: Actor, id: number, input: OrgRenameInput): Promise<OrgRow> {
  return db.$transaction(async (tx) => {
    const before = await orgById(tx, id);
    const row = await tx.org.update({ where: { id }, data: { name: input.name, population: input.population ?? null }, select: ORG_FIELDS });
    await audit(tx, { actorId: actor.id, action: "org.rename", entity: "Org", entityId: id, before, after: row });
    return row;
  });
}

/**
 * Moves org `id` under `parentId`: rewrites the path and depth of the org and its whole subtree
 * in one statement inside the transaction. Refuses the root, a move under itself or its subtree
 * (a cycle), a parent of the wrong kind or dissolved.
 */
export async function moveOrg(db: Db, actor: Actor, id: number, parentId: number, today: string): Promise<OrgRow> {
  return db.$transaction(async (tx) => {
    const org = await orgById(tx, id);
    if (org.parentId === null) throw new DomainError("parentId", "县委是组织树的根，不能移动");
    const parent = await tx.org.findUnique({ where: { id: parentId }, select: ORG_FIELDS });
    if (!parent) throw new DomainError("parentId", "上级组织不存在");
    if (isWithin(parent.path, org.path)) throw new DomainError("parentId", "不能移到本组织或其下级组织之下（会形成循环）");
    assertOpen(parent, "parentId", today);
    assertKindUnder(org.kind as OrgKind, parent.kind);
    if (parent.id === org.parentId) return org;
    await rewriteSubtree(tx, org, parent);
    const row = await orgById(tx, id);
    await audit(tx, { actorId: actor.id, action: "org.move", entity: "Org", entityId: id, before: { parentId: org.parentId, path: org.path }, after: { parentId: row.parentId, path: row.path } });
    return row;
  });
}

/** Re-roots `org`'s subtree under `parent`: new paths by prefix replacement, depths shifted. */
export async function rewriteSubtree(tx: Tx, org: OrgRow, parent: { id: number; path: string; depth: number }): Promise<void> {
  const newPath = childPath(parent.path, org.id);
  const shift = parent.depth + 1 - org.depth;
  await tx.org.update({ where: { id: org.id }, data: { parentId: parent.id } });
  await tx.$executeRaw`UPDATE "Org" SET "path" = ${newPath} || substr("path", ${org.path.length + 1}), "depth" = "depth" + ${shift} WHERE substr("path", 1, ${org.path.length}) = ${org.path}`;
}

/**
 * Dissolves org `id` from `on` (its first day no longer in existence). Refused for the root,
 * while any member still belongs to the subtree on `on` or later, or while a child is not
 * dissolved. Open zones of a dissolved branch are retired the same day.
 */
export async function dissolveOrg(db: Db, actor: Actor, id: number, on: string, reason: string): Promise<OrgRow> {
  return db.$transaction(async (tx) => {
    const org = await orgById(tx, id);
    if (org.parentId === null) throw new DomainError("dissolvedOn", "县委是组织树的根，不能撤销");
    if (org.dissolvedOn !== null) throw new DomainError("dissolvedOn", `该组织已于 ${org.dissolvedOn} 撤销`);
    if (org.setUpOn !== null && on <= org.setUpOn) throw new DomainError("dissolvedOn", `撤销日期应晚于设立日期 ${org.setUpOn}`);
    const openChildren = await tx.org.count({ where: { parentId: id, dissolvedOn: null } });
    if (openChildren > 0) throw new DomainError("dissolvedOn", `还有 ${openChildren} 个下级组织未撤销，请先撤销或移走`);
    const members = await tx.orgMembership.count({ where: { org: { path: { startsWith: org.path } }, OR: [{ toOn: null }, { toOn: { gte: on } }], member: { active: true } } });
    if (members > 0) throw new DomainError("dissolvedOn", `该组织在 ${on} 及以后还有 ${members} 名党员，请先办理组织关系转接`);
    await tx.zone.updateMany({ where: { branchId: id, retiredOn: null }, data: { retiredOn: on } });
    const row = await tx.org.update({ where: { id }, data: { dissolvedOn: on }, select: ORG_FIELDS });
    await audit(tx, { actorId: actor.id, action: "org.dissolve", entity: "Org", entityId: id, before: org, after: row, reason: reason || undefined });
    return row;
  });
}
