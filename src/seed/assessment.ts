/**
 * The demo county's 三维考核 inputs for the last generated year (DOMAIN.md "三维考核"), so the
 * assessment shows real scores on a fresh clone: 常住人口 of every assessed unit (townships get
 * theirs in orgs.ts; departments, which have none there, a few thousand people they serve, so each
 * has a sample of 20), the 民主测评 ballots of the three levels, the 民意调查 draw of each unit
 * from a recorded seed, and the answers of most of the people drawn. Generated data only.
 *
 * Written through the domain's own commands (src/domain/assessment/*: recordBallots, drawSurvey,
 * recordAnswer; they join the seed's transaction `trx`, on either engine), audited like a user's entries by the
 * admin account), so the rows are exactly what the pages would have written. Each unit gets a
 * "standing" in [0, 1] that tilts its grades and answers, so scores and ranks come out mixed.
 * Deterministic: its own fork of the seed's random stream. Entered on the year's last generated
 * day (today, or 31 December), never later. Its audit entries are added to the summary's count;
 * the assessment tables are not in SEED_TABLES (the summary lists the ledger's tables).
 */
import { assessedUnits } from "../domain/assessment/units.ts";
import { recordBallots } from "../domain/assessment/ballots.ts";
import { drawSurvey, recordAnswer, storedDraw } from "../domain/assessment/survey.ts";
import { indicatorsFor } from "../domain/assessment/indicators.ts";
import { ANSWERS, GRADES, LEVELS, METHODS, type Level } from "../domain/assessment/scores.ts";
import type { SeedContext } from "./context.ts";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { resetIdSequence } from "../db/dialect.ts";
import { at, ds } from "./writer.ts";

/** Ballots per unit and level, by scale: [min, max]; 平级 never more than the other units. */
const BALLOTS: Record<"demo" | "county", Record<Level, [number, number]>> = {
  demo: { UPPER: [5, 9], LOWER: [12, 20], PEER: [3, 6] },
  county: { UPPER: [7, 12], LOWER: [20, 40], PEER: [15, 30] },
};
const RATERS: Record<Level, string> = { UPPER: "县领导", LOWER: "干部群众代表", PEER: "兄弟单位" };

/** Grade weights (优秀, 称职, 基本称职, 不称职) for a unit of standing `q`; 上级 a little stricter. */
function gradeWeights(q: number, level: Level): number[] {
  const s = level === "UPPER" ? Math.max(0, q - 0.1) : q;
  return [0.2 + 0.5 * s, 0.55 - 0.3 * s, 0.17 - 0.14 * s, 0.08 - 0.06 * s];
}

/** Answer weights (满意, 基本满意, 不满意) for a unit of satisfaction `q`. */
const answerWeights = (q: number) => [0.4 + 0.45 * q, 0.4 - 0.3 * q, 0.2 - 0.15 * q];

/** Writes the assessment inputs of `ctx.opts.year` (inside the seed's transaction `trx`). */
export async function seedAssessment(ctx: SeedContext, trx: Kysely<DB>): Promise<void> {
  const year = ctx.opts.year;
  const day = ctx.rangeEnd;
  if (ds(day).slice(0, 4) !== String(year)) return; // the year has no generated day
  const rng = ctx.rng.fork("assessment");
  const admin = ctx.persons.find((p) => p.special === "admin")?.id ?? null;
  const when = (minute: number) => new Date(at(day, minute));
  const audits = async () => Number((await trx.selectFrom("AuditEntry").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const auditsBefore = await audits();
  // The seed wrote AuditEntry ids itself: on PostgreSQL move its sequence past them before the commands' own inserts.
  await resetIdSequence(trx, "AuditEntry");
  const units = await assessedUnits(trx, year);
  for (const u of units) {
    if (u.population === null) {
      u.population = rng.int(4_000, 9_000);
      await trx.updateTable("Org").set({ population: u.population }).where("id", "=", u.id).execute();
    }
  }
  const scale = BALLOTS[ctx.opts.scale];
  for (const [i, u] of units.entries()) {
    const standing = rng.next();
    // 民主测评: each level's ballots, tallied by grade and entered as counted ballots.
    for (const level of LEVELS) {
      let [lo, hi] = scale[level];
      if (level === "PEER") hi = Math.min(hi, units.length - 1);
      const n = rng.int(Math.min(lo, hi), hi);
      const tally = new Map<string, number>();
      for (let b = 0; b < n; b++) {
        const g = rng.weighted(GRADES, gradeWeights(standing, level));
        tally.set(g, (tally.get(g) ?? 0) + 1);
      }
      for (const grade of GRADES) {
        const count = tally.get(grade);
        if (count) await recordBallots(trx, { year, orgId: u.id, level, grade, count, rater: RATERS[level] }, admin, when(9 * 60 + i % 60), year);
      }
    }
    // 民意调查: the draw from a recorded seed, then the answers of those reached.
    const seed = rng.int(1, 2 ** 31 - 1);
    await drawSurvey(trx, { year, orgId: u.id, seed }, admin, when(10 * 60 + i % 60), ds(day));
    const people = (await storedDraw(trx, year, u.id))?.people ?? [];
    const indicators = await indicatorsFor(trx, year, u.path);
    const satisfaction = Math.min(1, Math.max(0, 0.6 * standing + 0.4 * rng.next()));
    for (const p of people) {
      if (rng.chance(0.06)) continue; // not reached
      const answers = indicators.map(() => (rng.chance(0.04) ? null : rng.weighted(ANSWERS, answerWeights(satisfaction))));
      const method = rng.weighted(METHODS, [6, 3, 1]);
      await recordAnswer(trx, { year, orgId: u.id, respondentNo: String(p.number), method, answers }, admin, when(14 * 60 + (p.number % 180)));
    }
  }
  ctx.writer.counts.AuditEntry += (await audits()) - auditsBefore; // the summary counts every row written
}
