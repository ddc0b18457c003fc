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
import type Database from "better-sqlite3";
import type { ComplianceReport, MemberCompliance } from "./report.ts";
import { judgingBranch, lastBranchBy, loadMembershipTimelineSync } from "../orgs/memberships.ts";
import { versionedSync } from "./ledger-version.ts";
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
function branchesOn(raw: Database.Database, day: string): Map<number, [string, string]> {
  const orgs = new Map((raw.prepare(`SELECT "id", "code", "path" FROM "Org"`).raw().all() as [number, string, string][]).map(([id, code, path]) => [id, [code, path] as [string, string]]));
  const timeline = versionedSync(raw, "report.memberships", () => loadMembershipTimelineSync(raw));
  const out = new Map<number, [string, string]>();
  for (const id of timeline.keys()) {
    // Every membership begun later (an account whose membership was recorded after its 登记日期): the first one.
    const branch = lastBranchBy(timeline, id, day) ?? judgingBranch(timeline, id, day);
    const o = branch === null ? undefined : orgs.get(branch);
    if (o) out.set(id, o);
  }
  return out;
}

/** The compliance report of `org`'s subtree for `year` as of `asOf`. */
export function orgComplianceReport(raw: Database.Database, opts: { year: number; asOf: string; org: OrgRef }): OrgComplianceReport {
  const { year, asOf, org } = opts;
  const full = cachedComplianceReport(raw, { year, asOf });
  const lastDay = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const where = branchesOn(raw, lastDay);
  const whole = org.path.split("/").filter(Boolean).length === 1; // the root: everyone, nothing to cut
  const members = full.members
    .filter((m) => whole || where.get(m.id)?.[1].startsWith(org.path))
    .map((m) => ({ ...m, org: where.get(m.id)?.[0] ?? null }));
  const zoneIds = whole ? null : new Set(
    (raw.prepare(`SELECT z."id" FROM "Zone" z JOIN "Org" o ON o."id" = z."branchId" WHERE o."path" LIKE ? || '%'`).raw().all(org.path) as [number][]).map((r) => r[0]),
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
