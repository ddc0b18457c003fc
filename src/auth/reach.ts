/**
 * One place computes what an actor reaches (DOMAIN.md "Who uses it"; ARCHITECTURE.md "Reach
 * across an organization tree"): their own records; their branch if they are its secretary; the
 * subtrees of their oversight grants (REVIEWER reads, ADMIN reads and manages). Everything else
 * answers 404. `loadReach` reads the grants and the actor's branch once (per request); the rest
 * are pure functions of the result, used by queries (Prisma `where` pieces) and policies.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { Actor } from "../core/actor.ts";
import { isWithin } from "../core/org-tree.ts";
import { prepared } from "../db/prepared.ts";
import { keptAt } from "../db/kept.ts";

export type GrantRole = "REVIEWER" | "ADMIN";

/** A subtree the actor reaches: the org at its top, and why. */
export interface ReachedSubtree {
  orgId: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  depth: number;
  /** SECRETARY: the actor's own branch as its secretary; else the grant's role. */
  via: GrantRole | "SECRETARY";
}

export interface Reach {
  /** The actor's member id: their own records are always reached. */
  self: number;
  /** The actor's branch today (null only for a broken account). */
  branchId: number | null;
  /** The subtrees reached, widest first (secretary's branch included when SECRETARY). */
  subtrees: ReachedSubtree[];
}

/** An actor together with their reach: what scoped queries and commands take. */
export interface Viewer extends Actor {
  reach: Reach;
}

type Reader = Db | Prisma.TransactionClient;

/** Loads the actor's reach on `today`: their grants and, if SECRETARY, their branch. */
export async function loadReach(db: Reader, actor: Actor, today: string): Promise<Reach> {
  const [grants, membership, me] = await Promise.all([
    db.grant.findMany({ where: { memberId: actor.id }, select: { role: true, org: { select: { id: true, code: true, name: true, kind: true, path: true, depth: true } } } }),
    db.orgMembership.findFirst({
      where: { memberId: actor.id, fromOn: { lte: today }, OR: [{ toOn: null }, { toOn: { gte: today } }] },
      orderBy: { fromOn: "desc" },
      select: { org: { select: { id: true, code: true, name: true, kind: true, path: true, depth: true } } },
    }),
    db.member.findUnique({ where: { id: actor.id }, select: { branchId: true, branch: { select: { id: true, code: true, name: true, kind: true, path: true, depth: true } } } }),
  ]);
  return assemble(actor, grants, membership?.org ?? null, me?.branch ?? null);
}

type OrgRow = { id: number; code: string; name: string; kind: string; path: string; depth: number };

function assemble(actor: Actor, grants: Array<{ role: string; org: OrgRow }>, membershipOrg: OrgRow | null, accountBranch: OrgRow | null): Reach {
  // Before their first day (registered in the future) the account's branch is the denormalised one.
  const branch = membershipOrg ?? accountBranch;
  const subtrees: ReachedSubtree[] = grants.map((g) => ({ ...pick(g.org), via: g.role as GrantRole }));
  if (actor.role === "SECRETARY" && branch) subtrees.push({ ...pick(branch), via: "SECRETARY" });
  subtrees.sort((a, b) => a.depth - b.depth || a.orgId - b.orgId);
  return { self: actor.id, branchId: branch?.id ?? null, subtrees };
}

const ORG_COLUMNS = ["o.id", "o.code", "o.name", "o.kind", "o.path", "o.depth"] as const;

/**
 * `loadReach` on Kysely, either engine (issue 16: it runs on every request; three Prisma reads with
 * relations cost milliseconds of CPU each, three small indexed reads on compiled statements
 * microseconds). Same rows, same Reach; membership ties on `fromOn` broken by the latest row.
 */
export async function loadReachKx(kx: Kysely<DB>, actor: Actor, today: string): Promise<Reach> {
  const [grantRows, [membership], [branch]] = await Promise.all([grantsOf(kx, actor.id), membershipOn(kx, actor.id, today), accountBranchOf(kx, actor.id)]);
  const grants = grantRows.map(({ role, ...org }) => ({ role, org }));
  return assemble(actor, grants, membership ?? null, branch ?? null);
}

/**
 * `loadReachKx` with its three reads kept while `version` is unchanged: the caller reads it before
 * this, as LedgerVersion rows 1 and 5 together ("v1:v5", http/ledger-at.ts): row 1 watches Member,
 * Org and OrgMembership (a transfer or a role change), row 5 Grant (a grant given or taken), so
 * each counts from the next request on, whichever process wrote it. The membership is the one of
 * `today` (kept per day). `version` null: all read now. Same Reach as `loadReachKx`; the rows kept
 * are shared and never changed (assemble copies what it keeps).
 */
export async function loadReachAt(kx: Kysely<DB>, actor: Actor, today: string, version: string | null): Promise<Reach> {
  const rows = await keptAt(kx, "reach", version, today, String(actor.id), async () => {
    const [grantRows, [membership], [branch]] = await Promise.all([grantsOf(kx, actor.id), membershipOn(kx, actor.id, today), accountBranchOf(kx, actor.id)]);
    return { grants: grantRows.map(({ role, ...org }) => ({ role, org })), membership: membership ?? null, branch: branch ?? null };
  });
  return assemble(actor, rows.grants, rows.membership, rows.branch);
}

// loadReachKx's reads, compiled once (db/prepared.ts): they run on every request.
const grantsOf = prepared((kx: Kysely<DB>, memberId: number) =>
  kx.selectFrom("Grant as g").innerJoin("Org as o", "o.id", "g.orgId").select(["g.role as role", ...ORG_COLUMNS]).where("g.memberId", "=", memberId),
);
const membershipOn = prepared((kx: Kysely<DB>, memberId: number, today: string) =>
  kx
    .selectFrom("OrgMembership as om")
    .innerJoin("Org as o", "o.id", "om.orgId")
    .select(ORG_COLUMNS)
    .where("om.memberId", "=", memberId)
    .where("om.fromOn", "<=", today)
    .where((eb) => eb.or([eb("om.toOn", "is", null), eb("om.toOn", ">=", today)]))
    .orderBy("om.fromOn", "desc")
    .orderBy("om.id", "desc")
    .limit(1),
);
const accountBranchOf = prepared((kx: Kysely<DB>, memberId: number) =>
  kx.selectFrom("Member as m").innerJoin("Org as o", "o.id", "m.branchId").select(ORG_COLUMNS).where("m.id", "=", memberId),
);

function pick(o: { id: number; code: string; name: string; kind: string; path: string; depth: number }) {
  return { orgId: o.id, code: o.code, name: o.name, kind: o.kind, path: o.path, depth: o.depth };
}

/** Does the actor reach the org at `path` (inside one of their subtrees)? */
export function reachesOrg(reach: Reach, path: string, via?: ReadonlyArray<ReachedSubtree["via"]>): boolean {
  return reach.subtrees.some((s) => (!via || via.includes(s.via)) && isWithin(path, s.path));
}

/** Does the actor administer the org at `path` (an ADMIN grant above or at it)? */
export function administersOrg(reach: Reach, path: string): boolean {
  return reachesOrg(reach, path, ["ADMIN"]);
}

/** Does the actor oversee anyone beyond themselves (secretary, reviewer or admin)? */
export function oversees(reach: Reach): boolean {
  return reach.subtrees.length > 0;
}

/** The widest org the actor reaches (the default `org=` of reports), or null. */
export function widestOrg(reach: Reach): ReachedSubtree | null {
  return reach.subtrees[0] ?? null;
}

/** The subtrees with no other reached subtree above them (overlaps removed). */
export function topSubtrees(reach: Reach): ReachedSubtree[] {
  return reach.subtrees.filter((s, i) => !reach.subtrees.some((o, j) => j !== i && o.path !== s.path && isWithin(s.path, o.path)));
}

/** Prisma `where` on Org: the orgs inside the actor's subtrees (nothing when they oversee none). */
export function orgWhere(reach: Reach): Prisma.OrgWhereInput {
  const tops = topSubtrees(reach);
  return tops.length ? { OR: tops.map((s) => ({ path: { startsWith: s.path } })) } : { id: -1 };
}

/**
 * Prisma `where` on Member: the people the actor reads — themselves, and everyone whose branch
 * today (Member.branchId, kept by transfers) lies in one of their subtrees.
 */
export function memberWhere(reach: Reach): Prisma.MemberWhereInput {
  const tops = topSubtrees(reach);
  return tops.length ? { OR: [{ id: reach.self }, { branch: orgWhere(reach) }] } : { id: reach.self };
}

/**
 * Prisma `where` on Member: the people the actor may name as a talk partner — the fellows of
 * their own branch today, and everyone they reach.
 */
export function fellowWhere(reach: Reach): Prisma.MemberWhereInput {
  return reach.branchId === null ? memberWhere(reach) : { OR: [{ branchId: reach.branchId }, memberWhere(reach)] };
}

/** Prisma `where` on Zone: the zones of the branches in the actor's subtrees. */
export function zoneWhere(reach: Reach): Prisma.ZoneWhereInput {
  return { branch: orgWhere(reach) };
}

/**
 * Prisma `where` on Zone: the zones a member sees (masked) in the ledger's shared lists — those
 * of their own branch — plus every zone they reach.
 */
export function branchZoneWhere(reach: Reach): Prisma.ZoneWhereInput {
  return reach.branchId === null ? zoneWhere(reach) : { OR: [{ branchId: reach.branchId }, zoneWhere(reach)] };
}

/** Prisma `where` on Org: the orgs the actor administers (inside an ADMIN grant's subtree). */
export function adminOrgWhere(reach: Reach): Prisma.OrgWhereInput {
  return orgWhere({ ...reach, subtrees: reach.subtrees.filter((s) => s.via === "ADMIN") });
}
