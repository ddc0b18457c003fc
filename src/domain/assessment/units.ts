/**
 * The assessed units of the 三维考核 (DOMAIN.md: "townships and departments (the units under the
 * county, or under the 机关工委)"): the root's children of kind TOWNSHIP or COMMITTEE, and every
 * child of a WORK_COMMITTEE (a department's 党委, 党总支 or 党支部), not dissolved by 1 Jan of the
 * year. Read with Kysely (either engine); ordered by path (the tree's order).
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { isWithin } from "../../core/org-tree.ts";
import { AlreadySubmittedError } from "../form-tokens.ts";

export interface AssessedUnit {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  parentId: number;
  /** 常住人口, null when not set. */
  population: number | null;
}

/** Every assessed unit for `year` (dissolved before the year: left out). */
export async function assessedUnits(kx: Kysely<DB>, year: number): Promise<AssessedUnit[]> {
  const rows = await kx
    .selectFrom("Org as o")
    .innerJoin("Org as p", "p.id", "o.parentId")
    .select(["o.id", "o.code", "o.name", "o.kind", "o.path", "o.parentId", "o.population"])
    .where((eb) => eb.or([eb.and([eb("p.parentId", "is", null), eb("o.kind", "in", ["TOWNSHIP", "COMMITTEE"])]), eb("p.kind", "=", "WORK_COMMITTEE")]))
    .where((eb) => eb.or([eb("o.dissolvedOn", "is", null), eb("o.dissolvedOn", ">", `${year}-01-01`)]))
    .orderBy("o.path")
    .execute();
  return rows as AssessedUnit[];
}

/** The assessed units inside the subtree at `rootPath` (the org itself included when it is one). */
export function unitsUnder(units: readonly AssessedUnit[], rootPath: string): AssessedUnit[] {
  return units.filter((u) => isWithin(u.path, rootPath));
}

/** An org by code, or null. */
export async function orgOfCode(kx: Kysely<DB>, code: string): Promise<{ id: number; code: string; name: string; kind: string; path: string; parentId: number | null; population: number | null } | null> {
  return (await kx.selectFrom("Org").select(["id", "code", "name", "kind", "path", "parentId", "population"]).where("code", "=", code).executeTakeFirst()) ?? null;
}

/** Prisma 7's SQLite DateTime text for an instant (`2026-03-05T06:30:12.345+00:00`). */
export const stampOf = (d: Date): string => d.toISOString().replace("Z", "+00:00");

/** Writes one audit entry (src/domain/audit/trail.ts shape), inside the caller's transaction `kx`. */
export async function auditKx(kx: Kysely<DB>, e: { actorId: number | null; action: string; entity: string; entityId: number | string; after: unknown; at: Date; before?: unknown }): Promise<void> {
  await kx
    .insertInto("AuditEntry")
    .values({
      actorId: e.actorId,
      action: e.action,
      entity: e.entity,
      entityId: String(e.entityId),
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: JSON.stringify(e.after),
      reason: null,
      at: stampOf(e.at),
    })
    .execute();
}

/** Years whose assessment is finalized (定稿): their ballots, answers and draws are read-only. */
export async function finalizedYears(kx: Kysely<DB>): Promise<Set<number>> {
  return new Set((await kx.selectFrom("AssessmentSnapshot").select("year").execute()).map((r) => r.year));
}

/** The Chinese refusal for a write into a finalized year. */
export const finalizedMessage = (year: number) => `${year} 年度的三维考核已定稿，不能再录入或修改`;

/**
 * Consumes a single-use form token (src/domain/form-tokens.ts) inside the caller's transaction
 * `kx`: a form submitted twice writes once. Throws AlreadySubmittedError.
 */
export async function consumeTokenKx(kx: Kysely<DB>, token: string | undefined, memberId: number | null, listPath: string): Promise<void> {
  if (!token || memberId === null) return;
  const done = await kx
    .insertInto("FormToken")
    .values({ token, memberId, usedAt: stampOf(new Date()) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(done.numInsertedOrUpdatedRows ?? 0) === 0) throw new AlreadySubmittedError(listPath);
}
