/**
 * The overview's view of the org tree at county scale (issue 16, item 3): instead of every org and
 * every member of a county on one page, the org shown, its direct children each summarized, and a
 * picker holding only the way up and one level down.
 * - `childOrgs(kx, org)`: the org's direct child orgs, in natural name order (dissolved ones too,
 *   marked: their people may still be placed there).
 * - `memberChildren(kx, report, org, day)`: for each member of `report`, the direct child of
 *   `org` their branch lies under on `day` (the report's last day: the same placement as
 *   org-scope.ts's `subtreeMemberIds`), in one query; kept per report object while the report is
 *   (the report cache returns the same object while the ledger is unchanged).
 * - `pickerOrgs(kx, reach, org)`: the orgs the org picker offers: the top of each reached subtree,
 *   the reached ancestors of `org`, `org` itself and its children, in tree order.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { jsonValues } from "../db/dialect.ts";
import type { Reach } from "../auth/reach.ts";
import { reachesOrg, topSubtrees } from "../auth/reach.ts";
import type { ComplianceReport } from "../domain/compliance/report.ts";
import type { OrgRef } from "../domain/compliance/org.ts";
import { naturalCollator, naturalKey } from "../domain/natural-order.ts";
import { branchOnDay, type OrgChoice } from "./org-scope.ts";
import { versioned } from "../domain/compliance/ledger-version.ts";

export interface ChildOrg {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  dissolvedOn: string | null;
}

/** The direct children of `org`, in natural name order. */
export async function childOrgs(kx: Kysely<DB>, org: Pick<OrgRef, "id">): Promise<ChildOrg[]> {
  const rows: ChildOrg[] = await kx.selectFrom("Org").select(["id", "code", "name", "kind", "path", "dissolvedOn"]).where("parentId", "=", org.id).execute();
  return rows.sort((a, b) => naturalCollator.compare(naturalKey(a.name), naturalKey(b.name)) || a.id - b.id);
}

/** The path of the direct child of the org at `top` that `path` lies under (null: `path` is `top` itself or outside). */
export function childPathUnder(top: string, path: string): string | null {
  if (!path.startsWith(top) || path.length === top.length) return null;
  const end = path.indexOf("/", top.length);
  return end < 0 ? path : path.slice(0, end + 1);
}

const placed = new WeakMap<ComplianceReport, Map<string, Map<number, string>>>();

/**
 * Member id → the path of the child of `org` their branch lies under on `day` (members placed at
 * `org` itself are absent). One query over the subtree; kept per report, org and day.
 */
export async function memberChildren(kx: Kysely<DB>, report: ComplianceReport, org: Pick<OrgRef, "path">, day: string): Promise<Map<number, string>> {
  let byKey = placed.get(report);
  if (!byKey) placed.set(report, (byKey = new Map()));
  const key = `${org.path}|${day}`;
  let out = byKey.get(key);
  if (!out) {
    // paths are digits and slashes only: no wildcards to escape
    const rows = await kx
      .selectFrom("Member as m")
      .innerJoin("Org as o", (j) => j.on("o.id", "=", branchOnDay(day)))
      .select(["m.id", "o.path"])
      .where("o.path", "like", `${org.path}%`)
      .execute();
    out = new Map();
    for (const r of rows) {
      const child = childPathUnder(org.path, r.path);
      if (child) out.set(r.id, child);
    }
    byKey.set(key, out);
  }
  return out;
}

/**
 * The orgs the overview's picker offers `reach` while `org` is shown: each reached subtree's top,
 * the reached ancestors of `org`, `org` and its direct children; tree order (a parent before its
 * children, siblings by id). `at`: the ledger version the request read already (versioned).
 */
export async function pickerOrgs(kx: Kysely<DB>, reach: Reach, org: Pick<OrgRef, "id" | "path">, at?: Promise<number | null>): Promise<OrgChoice[]> {
  const ids = org.path.split("/").filter(Boolean).map(Number); // the way down to org, org included
  const tops = topSubtrees(reach).map((s) => s.orgId);
  const wanted = [...new Set([...tops, ...ids])];
  // Kept at the ledger's version (Org raises it): building this query was ~0.15 ms of CPU per /review (issue 16). Shared: read only.
  const rows = await versioned(kx, `picker:${org.id}:${wanted.join(",")}`, async () =>
    (await kx
      .selectFrom("Org")
      .select(["code", "name", "kind", "depth", "dissolvedOn", "path"])
      .where((eb) => eb.or([eb("id", "in", jsonValues(kx, wanted, "integer")), eb("parentId", "=", org.id)]))
      .execute()) as (OrgChoice & { path: string })[],
    kx,
    at,
  );
  const key = (p: string) => p.split("/").filter(Boolean).map(Number);
  return rows
    .filter((r) => reachesOrg(reach, r.path))
    .sort((a, b) => {
      const x = key(a.path);
      const y = key(b.path);
      for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
      return x.length - y.length;
    })
    .map(({ path: _path, ...o }) => o);
}
