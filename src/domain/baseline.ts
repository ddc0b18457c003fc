/**
 * What every database needs before anyone logs in: the one branch (党支部) and the default quota
 * thresholds of DOMAIN.md (as RuleSetting rows effective from 2000-01-01), plus the number of days
 * within which a request needs feedback (REQUEST_FEEDBACK_DAYS, default 7). Idempotent.
 */
import type { Db } from "../db/client.ts";
import { DEFAULT_SETTINGS } from "../rules/index.ts";

export const DEFAULT_FEEDBACK_DAYS = 7;

export async function ensureBaseline(db: Db, branchName = "示范党支部"): Promise<{ branchId: number }> {
  let branch = await db.branch.findFirst({ orderBy: { id: "asc" } });
  branch ??= await db.branch.create({ data: { name: branchName } });
  if ((await db.ruleSetting.count()) === 0) {
    await db.ruleSetting.createMany({
      data: [
        ...DEFAULT_SETTINGS.map((s) => ({ rule: s.rule, cadreLevel: s.cadreLevel, value: s.value, effectiveFrom: s.effectiveFrom })),
        { rule: "REQUEST_FEEDBACK_DAYS", cadreLevel: null, value: DEFAULT_FEEDBACK_DAYS, effectiveFrom: "2000-01-01" },
      ],
    });
  }
  return { branchId: branch.id };
}
