/**
 * Who runs the 三维考核 (DOMAIN.md "Who uses it": reviewers and admins "run the 三维考核 at the
 * county"): a REVIEWER or ADMIN grant at the org above the assessed units — the county for the
 * townships, the county or the 机关工委 for the departments. `unitsInReach` lists the units such a
 * viewer may read and enter ballots and answers for; none → 403. A unit outside them → 404.
 * Settings (常住人口, indicators, weights) need ADMIN (`adminUnits`, `administersRoot`).
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Reach } from "../auth/reach.ts";
import { assessedUnits, type AssessedUnit } from "../domain/assessment/units.ts";
import { isWithin } from "../core/org-tree.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";

const parentPath = (path: string) => path.replace(/\d+\/$/, "");

function unitsVia(reach: Reach, units: AssessedUnit[], roles: ReadonlyArray<string>): AssessedUnit[] {
  const subtrees = reach.subtrees.filter((s) => roles.includes(s.via));
  return units.filter((u) => subtrees.some((s) => isWithin(parentPath(u.path), s.path)));
}

/** Does the viewer run the assessment: a REVIEWER/ADMIN grant at the county or a 机关工委? */
export function runsAssessment(reach: Reach): boolean {
  return reach.subtrees.some((s) => (s.via === "REVIEWER" || s.via === "ADMIN") && (s.depth === 0 || s.kind === "WORK_COMMITTEE"));
}

/** The assessed units of `year` the viewer runs the assessment for; 403 for those who do not run it. */
export async function unitsInReach(kx: Kysely<DB>, reach: Reach, year: number): Promise<AssessedUnit[]> {
  if (!runsAssessment(reach)) throw new ForbiddenError("三维考核由县委组织部（或机关工委）的审核人员和管理员进行，您无权使用此页面");
  return unitsVia(reach, await assessedUnits(kx, year), ["REVIEWER", "ADMIN"]);
}

/** The units whose settings the viewer may change (ADMIN above them). */
export async function adminUnits(kx: Kysely<DB>, reach: Reach, year: number): Promise<AssessedUnit[]> {
  return unitsVia(reach, await assessedUnits(kx, year), ["ADMIN"]);
}

/** Does the viewer hold a REVIEWER/ADMIN (or, with `role`, that) grant at the root? */
export function atRoot(reach: Reach, roles: ReadonlyArray<string> = ["REVIEWER", "ADMIN"]): boolean {
  return reach.subtrees.some((s) => s.depth === 0 && roles.includes(s.via));
}

/** The unit with `code` among `units`, else 404. */
export function unitOf(units: AssessedUnit[], code: string): AssessedUnit {
  const u = units.find((x) => x.code === code);
  if (!u) throw new NotFoundError("单位不存在或不在您的管辖范围内");
  return u;
}

/** A year from the query (`?year=`), else this year; out of 2000…next year → this year. */
export function yearOf(q: unknown, thisYear: number): number {
  const y = typeof q === "string" && /^\d{4}$/.test(q) ? Number(q) : thisYear;
  return y >= 2000 && y <= thisYear + 1 ? y : thisYear;
}
