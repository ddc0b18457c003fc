/**
 * The compliance report of one org (FORMATS.md "Organization reports"): the members who belong to
 * its subtree on the report's last day (`asOf`, or 31 Dec when `asOf` is later; for someone who
 * left, their last branch up to that day), each judged over the whole period wherever they were —
 * so the figures are the county report's own rows, filtered (src/domain/compliance/cache.ts keeps
 * the county report while the ledger is unchanged). The top level gains `org` (code, name, kind)
 * and each member `org`: the code of their branch on that day. `zones[]` keeps the zones of the
 * subtree's branches.
 */
import type Database from "better-sqlite3";
import type { ComplianceReport, MemberCompliance } from "./report.ts";
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
 * Member id → [branch code, branch path] of their latest membership starting on or before `day`;
 * an account with no membership row yet (registered later, or written without one) is placed by
 * Member.branchId, its branch today.
 */
function branchesOn(raw: Database.Database, day: string): Map<number, [string, string]> {
  const out = new Map<number, [string, string]>();
  const today = raw.prepare(`SELECT m."id", o."code", o."path" FROM "Member" m JOIN "Org" o ON o."id" = m."branchId"`).raw().iterate() as Iterable<[number, string, string]>;
  for (const [id, code, path] of today) out.set(id, [code, path]);
  const rows = raw
    .prepare(
      `SELECT om."memberId", o."code", o."path" FROM "OrgMembership" om JOIN "Org" o ON o."id" = om."orgId"
       WHERE om."fromOn" <= ? ORDER BY om."memberId", om."fromOn"`,
    )
    .raw()
    .iterate(day) as Iterable<[number, string, string]>;
  for (const [id, code, path] of rows) out.set(id, [code, path]); // the last row per member wins
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
