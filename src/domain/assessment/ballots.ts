/**
 * 民主测评票 (DOMAIN.md "三维考核"): entering ballots and reading the year's counts. A ballot grades
 * one assessed unit for one year at one level; `recordBallots` writes `count` identical ballots
 * (quick repeated entry from a tally sheet) and one audit entry, in one transaction.
 * @throws DomainError (Chinese message) for a unit that is not assessed, an unknown level or
 * grade, a bad year or count; nothing is written then.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { rowsPerInsert, writeTransaction } from "../../db/dialect.ts";
import { DomainError } from "../../core/errors.ts";
import { GRADES, LEVELS, ratingScore, type BallotCounts, type Grade, type Level, type RatingScore } from "./scores.ts";
import { assessedUnits, auditKx, consumeTokenKx, finalizedMessage, finalizedYears, stampOf, type AssessedUnit } from "./units.ts";

export interface BallotInput {
  year: number;
  orgId: number;
  level: string;
  grade: string;
  count: number;
  rater: string;
}

export const MAX_BALLOTS_PER_ENTRY = 1000;

/** Checks a year for the assessment: 2000 … next year. */
export function checkYear(year: number, thisYear: number): void {
  if (!Number.isInteger(year) || year < 2000 || year > thisYear + 1) throw new DomainError("year", "年度无效");
}

/** The assessed unit of `orgId` for `year` (a year not finalized), or a DomainError. */
export async function assessedUnit(kx: Kysely<DB>, year: number, orgId: number): Promise<AssessedUnit> {
  if ((await finalizedYears(kx)).has(year)) throw new DomainError("year", finalizedMessage(year));
  const unit = (await assessedUnits(kx, year)).find((u) => u.id === orgId);
  if (!unit) throw new DomainError("org", "该组织不是三维考核的被考核单位（应为县委下的乡镇党委或机关工委下的部门）");
  return unit;
}

/** Writes `count` ballots (one multi-row INSERT per batch); returns their count. */
export async function recordBallots(kx: Kysely<DB>, input: BallotInput, actorId: number | null, now: Date, thisYear: number, once?: string): Promise<number> {
  checkYear(input.year, thisYear);
  if (!(LEVELS as readonly string[]).includes(input.level)) throw new DomainError("level", "测评层面只能是 上级、下级 或 平级");
  if (!(GRADES as readonly string[]).includes(input.grade)) throw new DomainError("grade", "评价只能是 优秀、称职、基本称职 或 不称职");
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_BALLOTS_PER_ENTRY) throw new DomainError("count", `票数应为 1 到 ${MAX_BALLOTS_PER_ENTRY} 之间的整数`);
  if (input.rater.length > 50) throw new DomainError("rater", "测评人不能超过 50 个字");
  return writeTransaction(kx, async (tx) => {
    await consumeTokenKx(tx, once, actorId, "/assessment/ballots");
    const unit = await assessedUnit(tx, input.year, input.orgId);
    const row = { year: input.year, orgId: unit.id, level: input.level, grade: input.grade, rater: input.rater, enteredById: actorId, enteredAt: stampOf(now) };
    const batch = rowsPerInsert(tx, Object.keys(row).length);
    let first = Infinity;
    for (let done = 0; done < input.count; done += batch) {
      const ids = await tx.insertInto("Ballot").values(Array.from({ length: Math.min(batch, input.count - done) }, () => row)).returning("id").execute();
      for (const r of ids) first = Math.min(first, Number(r.id));
    }
    await auditKx(tx, { actorId, action: "ballot.create", entity: "Ballot", entityId: first, after: { year: input.year, org: unit.code, level: input.level, grade: input.grade, count: input.count, rater: input.rater }, at: now });
    return input.count;
  });
}

/** Ballot counts per unit id, level and grade for `year`. */
export async function ballotCounts(kx: Kysely<DB>, year: number): Promise<Map<number, BallotCounts>> {
  const out = new Map<number, BallotCounts>();
  const rows = await kx
    .selectFrom("Ballot")
    .select((eb) => ["orgId", "level", "grade", eb.fn.countAll<number>().as("n")])
    .where("year", "=", year)
    .groupBy(["orgId", "level", "grade"])
    .orderBy("orgId")
    .orderBy("level")
    .orderBy("grade")
    .execute();
  for (const r of rows as { orgId: number; level: Level; grade: Grade; n: number }[]) {
    const c = out.get(r.orgId) ?? {};
    (c[r.level] ??= {})[r.grade] = r.n;
    out.set(r.orgId, c);
  }
  return out;
}

export interface UnitRating extends RatingScore {
  unit: AssessedUnit;
  counts: BallotCounts;
}

/** The year's rating of every unit in `units` (units without ballots included, score null). */
export async function ratingsOf(kx: Kysely<DB>, year: number, units: readonly AssessedUnit[]): Promise<UnitRating[]> {
  const counts = await ballotCounts(kx, year);
  return units.map((unit) => {
    const c = counts.get(unit.id) ?? {};
    return { unit, counts: c, ...ratingScore(c) };
  });
}
