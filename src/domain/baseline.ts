/**
 * What every database needs before anyone logs in: the root of the organization tree (a default
 * 县委) with one branch (党支部) under it, so a single-branch office works with no setup, and the
 * default quota thresholds of DOMAIN.md (as RuleSetting rows effective from 2000-01-01, set at no
 * org: they hold for the whole tree), plus the number of days within which a request needs
 * feedback (REQUEST_FEEDBACK_DAYS, default 7). Idempotent.
 */
import type { Db } from "../db/client.ts";
import { DEFAULT_SETTINGS } from "../rules/index.ts";
import { childPath } from "../core/org-tree.ts";

export const DEFAULT_FEEDBACK_DAYS = 7;
export const DEFAULT_COUNTY = { code: "COUNTY", name: "示范县委" } as const;
export const DEFAULT_BRANCH_CODE = "ZB01";

export async function ensureBaseline(db: Db, branchName = "示范党支部"): Promise<{ branchId: number; countyId: number }> {
  let county = await db.org.findFirst({ where: { parentId: null }, orderBy: { id: "asc" } });
  if (!county) {
    county = await db.$transaction(async (tx) => {
      const c = await tx.org.create({ data: { ...DEFAULT_COUNTY, kind: "COUNTY", path: "/", depth: 0 } });
      return tx.org.update({ where: { id: c.id }, data: { path: childPath(null, c.id) } });
    });
  }
  let branch = await db.org.findFirst({ where: { kind: "BRANCH" }, orderBy: { id: "asc" } });
  if (!branch) {
    const root = county;
    branch = await db.$transaction(async (tx) => {
      const b = await tx.org.create({ data: { code: DEFAULT_BRANCH_CODE, name: branchName, kind: "BRANCH", parentId: root.id, path: root.path, depth: root.depth + 1 } });
      return tx.org.update({ where: { id: b.id }, data: { path: childPath(root.path, b.id) } });
    });
  }
  if ((await db.ruleSetting.count()) === 0) {
    await db.ruleSetting.createMany({
      data: [
        ...DEFAULT_SETTINGS.map((s) => ({ rule: s.rule, cadreLevel: s.cadreLevel, value: s.value, effectiveFrom: s.effectiveFrom })),
        { rule: "REQUEST_FEEDBACK_DAYS", cadreLevel: null, value: DEFAULT_FEEDBACK_DAYS, effectiveFrom: "2000-01-01" },
      ],
    });
  }
  return { branchId: branch.id, countyId: county.id };
}
