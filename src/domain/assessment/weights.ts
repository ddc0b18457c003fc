/**
 * Weights of the three dimensions as dated settings (DOMAIN.md "三维考核": 54% / 23% / 23% by
 * default): a year uses the setting in force on its last day (the latest effectiveFrom ≤ 31 Dec).
 * @throws DomainError for weights not summing to 1, or a bad date.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { writeTransaction } from "../../db/dialect.ts";
import { DomainError } from "../../core/errors.ts";
import { isValidLocalDate } from "../../rules/index.ts";
import { checkWeights, DEFAULT_WEIGHTS, type Weights } from "./scores.ts";
import { auditKx, stampOf } from "./units.ts";

/** The weights for `year`. */
export async function weightsFor(kx: Kysely<DB>, year: number): Promise<Weights> {
  const row = await kx
    .selectFrom("AssessmentWeight")
    .select(["performance", "rating", "survey"])
    .where("effectiveFrom", "<=", `${year}-12-31`)
    .orderBy("effectiveFrom", "desc")
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { performance: row.performance, rating: row.rating, survey: row.survey } : { ...DEFAULT_WEIGHTS };
}

/** Every weight setting, newest first. */
export async function weightSettings(kx: Kysely<DB>): Promise<(Weights & { id: number; effectiveFrom: string })[]> {
  return kx.selectFrom("AssessmentWeight").select(["id", "effectiveFrom", "performance", "rating", "survey"]).orderBy("effectiveFrom", "desc").orderBy("id", "desc").execute();
}

/** Stores weights from `effectiveFrom` on; audited. */
export async function setWeights(kx: Kysely<DB>, input: Weights & { effectiveFrom: string }, actorId: number | null, now: Date): Promise<void> {
  if (!isValidLocalDate(input.effectiveFrom)) throw new DomainError("effectiveFrom", "生效日期无效（格式如 2026-01-01）");
  const bad = checkWeights([input.performance, input.rating, input.survey], "三项权重");
  if (bad) throw new DomainError("weights", bad);
  await writeTransaction(kx, async (tx) => {
    const { id } = await tx
      .insertInto("AssessmentWeight")
      .values({ effectiveFrom: input.effectiveFrom, performance: input.performance, rating: input.rating, survey: input.survey, createdById: actorId, createdAt: stampOf(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    await auditKx(tx, { actorId, action: "assessment.weights", entity: "AssessmentWeight", entityId: Number(id), after: input, at: now });
  });
}
