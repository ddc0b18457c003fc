/**
 * The secretary's way through a year's sign-offs (issue 15, item 4): who may be signed off in a
 * batch (every personal rule met or not applicable, as of the year's end or today if earlier),
 * and which member is next after one ("通过并查看下一位": the next still 待查阅 in name order,
 * zh-CN collation, wrapping around; never the secretary's own year).
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { ReviewView } from "../domain/reviews/queries.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { metEveryRule } from "./overview.ts";

/** The day a year's sign-off is judged on: its 31 December, or `today` while the year runs. */
export const signOffAsOf = (year: number, today: string) => (today < `${year}-12-31` ? today : `${year}-12-31`);

/** Ids of the members of `year` who met every rule as of `asOf`. */
export async function metEveryRuleIds(kx: Kysely<DB>, year: number, asOf: string): Promise<Set<number>> {
  return new Set((await cachedComplianceReport(kx, { year, asOf })).members.filter(metEveryRule).map((m) => m.id));
}

const collator = new Intl.Collator("zh-CN", { numeric: true });

/** The next member of `year` after `afterId` still 待查阅 (`reviews`: by member id), or null. */
export async function nextPendingId(kx: Kysely<DB>, year: number, asOf: string, reviews: Map<number, ReviewView>, afterId: number, selfId: number): Promise<number | null> {
  const members = [...(await cachedComplianceReport(kx, { year, asOf })).members].sort((a, b) => collator.compare(a.name, b.name) || a.id - b.id);
  const i = members.findIndex((m) => m.id === afterId);
  const ring = i < 0 ? members : [...members.slice(i + 1), ...members.slice(0, i)];
  const next = ring.find((m) => m.id !== selfId && (reviews.get(m.id)?.state ?? "PENDING") === "PENDING");
  return next?.id ?? null;
}
