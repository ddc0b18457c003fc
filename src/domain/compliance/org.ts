/**
 * The compliance report of one org (FORMATS.md "Organization reports"): the members who belong to
 * its subtree on the report's last day (`asOf`, or 31 Dec when `asOf` is later; for someone who
 * left, their last branch up to that day), each judged over the whole period wherever they were —
 * so the figures are the county report's own rows, filtered (src/domain/compliance/cache.ts keeps
 * the county report while the ledger is unchanged). The top level gains `org` (code, name, kind)
 * and each member `org`: the code of their branch on that day. `zones[]` keeps the zones of the
 * subtree's branches. Where a member belongs comes from the one dated-membership read model
 * (src/domain/orgs/memberships.ts), the same the roll-up counts by.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";
import type { ComplianceReport, MemberCompliance } from "./report.ts";
import { judgingBranch, lastBranchBy, loadMembershipTimeline } from "../orgs/memberships.ts";
import { versioned } from "./ledger-version.ts";
import { cachedComplianceReport } from "./cache.ts";

export interface OrgRef {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
}

export interface OrgComplianceReport extends Omit<ComplianceReport, "members"> {
  org: { code: string; name: string; kind: string };
  members: Array<MemberCompliance & { org: string | null }>;
}

/**
 * Member id → [branch code, branch path] as of `day`: the branch of their membership in force
 * then, else of their last one begun on or before it (the dated-membership read model,
 * src/domain/orgs/memberships.ts `lastBranchBy`; an account without membership rows: its
 * Member.branchId).
 */
async function branchesOn(kx: Kysely<DB>, day: string, memoOwner: object): Promise<Map<number, [string, string]>> {
  const rows = await kx.selectFrom("Org").select(["id", "code", "path"]).execute();
  const orgs = new Map(rows.map(({ id, code, path }) => [id, [code, path] as [string, string]]));
  const timeline = await versioned(kx, "report.memberships", () => loadMembershipTimeline(kx), memoOwner);
  const out = new Map<number, [string, string]>();
  for (const id of timeline.keys()) {
    // Every membership begun later (an account whose membership was recorded after its 登记日期): the first one.
    const branch = lastBranchBy(timeline, id, day) ?? judgingBranch(timeline, id, day);
    const o = branch === null ? undefined : orgs.get(branch);
    if (o) out.set(id, o);
  }
  return out;
}

/**
 * The compliance report of `org`'s subtree for `year` as of `asOf`, read in one snapshot.
 * `memoOwner`: what the county report and memberships are kept on (default `kx`).
 */
export async function orgComplianceReport(kx: Kysely<DB>, opts: { year: number; asOf: string; org: OrgRef }, memoOwner: object = kx): Promise<OrgComplianceReport> {
  return readSnapshot(kx, (tx) => orgReportIn(tx, opts, memoOwner));
}

async function orgReportIn(kx: Kysely<DB>, opts: { year: number; asOf: string; org: OrgRef }, memoOwner: object): Promise<OrgComplianceReport> {
  const { year, asOf, org } = opts;
  const full = await cachedComplianceReport(kx, { year, asOf }, memoOwner);
  const lastDay = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const where = await branchesOn(kx, lastDay, memoOwner);
  const whole = org.path.split("/").filter(Boolean).length === 1; // the root: everyone, nothing to cut
  const members = full.members
    .filter((m) => whole || where.get(m.id)?.[1].startsWith(org.path))
    .map((m) => ({ ...m, org: where.get(m.id)?.[0] ?? null }));
  // Paths are digits and slashes (no LIKE wildcards): the subtree is every org whose path starts with it.
  const zoneIds = whole
    ? null
    : new Set(
        (await kx.selectFrom("Zone as z").innerJoin("Org as o", "o.id", "z.branchId").select("z.id").where("o.path", "like", `${org.path}%`).execute()).map((r) => r.id),
      );
  return {
    year: full.year,
    asOf: full.asOf,
    timeZone: full.timeZone,
    org: { code: org.code, name: org.name, kind: org.kind },
    members,
    zones: zoneIds ? full.zones.filter((z) => zoneIds.has(z.id)) : full.zones,
    branch: full.branch,
  };
}

