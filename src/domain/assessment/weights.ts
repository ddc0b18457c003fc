/**
 * Weights of the three dimensions as dated settings (DOMAIN.md "三维考核": 54% / 23% / 23% by
 * default): a year uses the setting in force on its last day (the latest effectiveFrom ≤ 31 Dec).
 * @throws DomainError for weights not summing to 1, or a bad date.
 */
import type Database from "better-sqlite3";
import { DomainError } from "../../core/errors.ts";
import { isValidLocalDate } from "../../rules/index.ts";
import { checkWeights, DEFAULT_WEIGHTS, type Weights } from "./scores.ts";
import { auditRaw, stampOf } from "./units.ts";

/** The weights for `year`. */
export function weightsFor(raw: Database.Database, year: number): Weights {
  const row = raw
    .prepare(`SELECT "performance", "rating", "survey" FROM "AssessmentWeight" WHERE "effectiveFrom" <= ? ORDER BY "effectiveFrom" DESC, "id" DESC LIMIT 1`)
    .get(`${year}-12-31`) as Weights | undefined;
  return row ? { performance: row.performance, rating: row.rating, survey: row.survey } : { ...DEFAULT_WEIGHTS };
}

/** Every weight setting, newest first. */
export function weightSettings(raw: Database.Database): (Weights & { id: number; effectiveFrom: string })[] {
  return raw.prepare(`SELECT "id", "effectiveFrom", "performance", "rating", "survey" FROM "AssessmentWeight" ORDER BY "effectiveFrom" DESC, "id" DESC`).all() as never;
}

/** Stores weights from `effectiveFrom` on; audited. */
export function setWeights(raw: Database.Database, input: Weights & { effectiveFrom: string }, actorId: number | null, now: Date): void {
  if (!isValidLocalDate(input.effectiveFrom)) throw new DomainError("effectiveFrom", "生效日期无效（格式如 2026-01-01）");
  const bad = checkWeights([input.performance, input.rating, input.survey], "三项权重");
  if (bad) throw new DomainError("weights", bad);
  raw.transaction(() => {
    const id = raw
      .prepare(`INSERT INTO "AssessmentWeight" ("effectiveFrom", "performance", "rating", "survey", "createdById", "createdAt") VALUES (?, ?, ?, ?, ?, ?)`)
      .run(input.effectiveFrom, input.performance, input.rating, input.survey, actorId, stampOf(now)).lastInsertRowid;
    auditRaw(raw, { actorId, action: "assessment.weights", entity: "AssessmentWeight", entityId: Number(id), after: input, at: now });
  }).immediate();
}
