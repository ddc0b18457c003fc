/**
 * The assessed units of the 三维考核 (DOMAIN.md: "townships and departments (the units under the
 * county, or under the 机关工委)"): the root's children of kind TOWNSHIP or COMMITTEE, and every
 * child of a WORK_COMMITTEE (a department's 党委, 党总支 or 党支部), not dissolved by 1 Jan of the
 * year. Read on the raw better-sqlite3 connection; ordered by path (the tree's order).
 */
import type Database from "better-sqlite3";
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
export function assessedUnits(raw: Database.Database, year: number): AssessedUnit[] {
  return raw
    .prepare(
      `SELECT o."id", o."code", o."name", o."kind", o."path", o."parentId", o."population"
       FROM "Org" o JOIN "Org" p ON p."id" = o."parentId"
       WHERE ((p."parentId" IS NULL AND o."kind" IN ('TOWNSHIP', 'COMMITTEE')) OR p."kind" = 'WORK_COMMITTEE')
         AND (o."dissolvedOn" IS NULL OR o."dissolvedOn" > ?)
       ORDER BY o."path"`,
    )
    .all(`${year}-01-01`) as AssessedUnit[];
}

/** The assessed units inside the subtree at `rootPath` (the org itself included when it is one). */
export function unitsUnder(units: readonly AssessedUnit[], rootPath: string): AssessedUnit[] {
  return units.filter((u) => isWithin(u.path, rootPath));
}

/** An org by code, or null. */
export function orgOfCode(raw: Database.Database, code: string): { id: number; code: string; name: string; kind: string; path: string; parentId: number | null; population: number | null } | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path", "parentId", "population" FROM "Org" WHERE "code" = ?`).get(code) as never) ?? null;
}

/** Prisma 7's SQLite DateTime text for an instant (`2026-03-05T06:30:12.345+00:00`). */
export const stampOf = (d: Date): string => d.toISOString().replace("Z", "+00:00");

/** Writes one audit entry (src/domain/audit/trail.ts shape) on the raw connection, inside the caller's transaction. */
export function auditRaw(raw: Database.Database, e: { actorId: number | null; action: string; entity: string; entityId: number | string; after: unknown; at: Date; before?: unknown }): void {
  raw
    .prepare(`INSERT INTO "AuditEntry" ("actorId", "action", "entity", "entityId", "before", "after", "reason", "at") VALUES (?, ?, ?, ?, ?, ?, NULL, ?)`)
    .run(e.actorId, e.action, e.entity, String(e.entityId), e.before === undefined ? null : JSON.stringify(e.before), JSON.stringify(e.after), stampOf(e.at));
}

/** Years whose assessment is finalized (定稿): their ballots, answers and draws are read-only. */
export function finalizedYears(raw: Database.Database): Set<number> {
  return new Set((raw.prepare(`SELECT "year" FROM "AssessmentSnapshot"`).raw().all() as [number][]).map((r) => r[0]));
}

/** The Chinese refusal for a write into a finalized year. */
export const finalizedMessage = (year: number) => `${year} 年度的三维考核已定稿，不能再录入或修改`;

/**
 * Consumes a single-use form token (src/domain/form-tokens.ts) on the raw connection, inside the
 * caller's transaction: a form submitted twice writes once. Throws AlreadySubmittedError.
 */
export function consumeTokenRaw(raw: Database.Database, token: string | undefined, memberId: number | null, listPath: string): void {
  if (!token || memberId === null) return;
  const done = raw.prepare(`INSERT OR IGNORE INTO "FormToken" ("token", "memberId", "usedAt") VALUES (?, ?, ?)`).run(token, memberId, stampOf(new Date())).changes;
  if (done === 0) throw new AlreadySubmittedError(listPath);
}
