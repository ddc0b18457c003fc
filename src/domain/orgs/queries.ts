/**
 * Reading the organization tree (DOMAIN.md "Organizations"): one org by id or code, its children,
 * its subtree (one indexed `path LIKE` range scan), its ancestors (the ids on its path), and the
 * whole tree with today's member and zone counts for the admin page. Dates are Asia/Shanghai
 * `YYYY-MM-DD`. Throws NotFoundError for an unknown id or code.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { NotFoundError } from "../../core/errors.ts";
import { pathIds } from "../../core/org-tree.ts";

type Reader = Db | Prisma.TransactionClient;

export const ORG_FIELDS = { id: true, code: true, name: true, kind: true, parentId: true, path: true, depth: true, setUpOn: true, dissolvedOn: true, population: true } as const;
export type OrgRow = Prisma.OrgGetPayload<{ select: typeof ORG_FIELDS }>;

export async function orgById(db: Reader, id: number): Promise<OrgRow> {
  const o = await db.org.findUnique({ where: { id }, select: ORG_FIELDS });
  if (!o) throw new NotFoundError("组织不存在");
  return o;
}

/** The org with code `code` (exact), or null. */
export function orgByCode(db: Reader, code: string): Promise<OrgRow | null> {
  return db.org.findUnique({ where: { code }, select: ORG_FIELDS });
}

/** The root (县委): the first org without a parent. */
export function rootOrg(db: Reader): Promise<OrgRow> {
  return db.org.findFirstOrThrow({ where: { parentId: null }, orderBy: { id: "asc" }, select: ORG_FIELDS });
}

/** The direct children of org `id`, by code. */
export function childrenOf(db: Reader, id: number): Promise<OrgRow[]> {
  return db.org.findMany({ where: { parentId: id }, orderBy: [{ code: "asc" }], select: ORG_FIELDS });
}

/** The org at `path` and everything under it, in tree order (path). */
export function subtreeOf(db: Reader, path: string): Promise<OrgRow[]> {
  return db.org.findMany({ where: { path: { startsWith: path } }, orderBy: [{ depth: "asc" }, { code: "asc" }], select: ORG_FIELDS });
}

/** The ancestors of the org at `path`, root first (the org itself excluded). */
export async function ancestorsOf(db: Reader, path: string): Promise<OrgRow[]> {
  const ids = pathIds(path).slice(0, -1);
  const rows = await db.org.findMany({ where: { id: { in: ids } }, select: ORG_FIELDS });
  return rows.sort((a, b) => a.depth - b.depth);
}

/** Open branches (党支部 not dissolved on `today`) as id → "name（code）", for pickers. */
export async function openBranches(db: Reader, today: string): Promise<Record<string, string>> {
  const rows = await db.org.findMany({
    where: { kind: "BRANCH", OR: [{ dissolvedOn: null }, { dissolvedOn: { gt: today } }] },
    orderBy: { path: "asc" },
    select: { id: true, name: true, code: true },
  });
  return Object.fromEntries(rows.map((b) => [String(b.id), `${b.name}（${b.code}）`]));
}

export interface TreeLine extends OrgRow {
  /** Members whose branch today is this org (branches only). */
  members: number;
  /** Members in the whole subtree today. */
  subtreeMembers: number;
  zones: number;
  children: number;
}

/**
 * The subtree under `path` in depth-first order, each org with today's member count (by dated
 * OrgMembership on `today`), its subtree's, and its open zones' count.
 */
export async function treeWithCounts(db: Reader, path: string, today: string): Promise<TreeLine[]> {
  const orgs = await db.org.findMany({ where: { path: { startsWith: path } }, select: ORG_FIELDS });
  const [members, zones] = await Promise.all([
    db.orgMembership.groupBy({
      by: ["orgId"],
      where: { org: { path: { startsWith: path } }, fromOn: { lte: today }, OR: [{ toOn: null }, { toOn: { gte: today } }], member: { active: true } },
      _count: { _all: true },
    }),
    db.zone.groupBy({ by: ["branchId"], where: { branch: { path: { startsWith: path } }, retiredOn: null }, _count: { _all: true } }),
  ]);
  const own = new Map(members.map((m) => [m.orgId, m._count._all]));
  const zoneCount = new Map(zones.map((z) => [z.branchId, z._count._all]));
  const lines: TreeLine[] = orgs.map((o) => ({
    ...o,
    members: own.get(o.id) ?? 0,
    subtreeMembers: 0,
    zones: zoneCount.get(o.id) ?? 0,
    children: orgs.filter((c) => c.parentId === o.id).length,
  }));
  for (const l of lines) l.subtreeMembers = lines.filter((x) => x.path.startsWith(l.path)).reduce((s, x) => s + x.members, 0);
  // Depth-first: siblings by code. Sorting by the chain of codes keeps each subtree together.
  const byId = new Map(lines.map((l) => [l.id, l]));
  const keyOf = (l: TreeLine) => pathIds(l.path).map((id) => byId.get(id)?.code ?? "").join("\u0000");
  return lines.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
