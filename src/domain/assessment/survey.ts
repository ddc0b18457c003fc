/**
 * 民意调查 (DOMAIN.md "三维考核"): a unit's 常住人口 (Org.population), the year's draw and the
 * answers.
 * - `drawSurvey`: the sample of one assessed unit for a year, `sampleSize(常住人口, on record)`
 *   residents (2‰ rounded up, at least 20, all when fewer) from the residents on record (not
 *   deleted) in the zones of the unit's subtree, picked by `drawSample` from the recorded seed.
 *   Stored as SurveyDraw + SurveyRespondent (受访编号 1…n in draw order); drawing again replaces
 *   the draw while the unit has no answers for the year. Audited.
 * - `recordAnswer`: one respondent's answers (per indicator 满意/基本满意/不满意 or skipped) and
 *   method; a 受访编号 already answered for the unit and year is refused.
 * - `surveyScores`: per unit, respondents, answered items and the mean (scores.ts).
 * @throws DomainError (Chinese) for a unit without 常住人口, a unit not assessed, a repeated
 * respondent, an unknown answer or method; nothing is written then.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { rowsPerInsert, writeTransaction } from "../../db/dialect.ts";
import { DomainError } from "../../core/errors.ts";
import { drawSample } from "./draw.ts";
import { ANSWERS, METHODS, sampleSize, surveyScore, type Answer } from "./scores.ts";
import { assessedUnit } from "./ballots.ts";
import { auditKx, consumeTokenKx, stampOf, type AssessedUnit } from "./units.ts";
import { indicatorsFor } from "./indicators.ts";

/** Sets a unit's 常住人口 (a whole number, or null to clear); audited. */
export async function setPopulation(kx: Kysely<DB>, orgId: number, population: number | null, actorId: number | null, now: Date): Promise<void> {
  if (population !== null && (!Number.isInteger(population) || population < 0 || population > 100_000_000)) {
    throw new DomainError("population", "常住人口应为 0 到 1 亿之间的整数");
  }
  await writeTransaction(kx, async (tx) => {
    const before = await tx.selectFrom("Org").select("population").where("id", "=", orgId).executeTakeFirst();
    if (!before) throw new DomainError("org", "组织不存在");
    await tx.updateTable("Org").set({ population }).where("id", "=", orgId).execute();
    await auditKx(tx, { actorId, action: "org.population", entity: "Org", entityId: orgId, before, after: { population }, at: now });
  });
}

/** Resident ids on record in the zones of the subtree at `path` (zones not retired by `today`), in id order. */
export async function residentsOnRecord(kx: Kysely<DB>, path: string, today: string): Promise<number[]> {
  const rows = await kx
    .selectFrom("Resident as r")
    .innerJoin("Zone as z", "z.id", "r.zoneId")
    .innerJoin("Org as o", "o.id", "z.branchId")
    .select("r.id")
    .where("r.deletedAt", "is", null)
    .where(sql<string>`substr(${sql.ref("o.path")}, 1, ${path.length})`, "=", path)
    .where((eb) => eb.or([eb("z.retiredOn", "is", null), eb("z.retiredOn", ">", today)]))
    .execute();
  return rows.map((r) => r.id);
}

export interface DrawResult {
  drawId: number;
  unit: AssessedUnit;
  seed: number;
  size: number;
  candidates: number;
  residentIds: number[];
}

/** Is there any answer for the unit and year? */
async function hasAnswers(kx: Kysely<DB>, year: number, orgId: number): Promise<boolean> {
  return (await kx.selectFrom("SurveyAnswer").select("id").where("year", "=", year).where("orgId", "=", orgId).limit(1).executeTakeFirst()) !== undefined;
}

/** Draws (and stores) the sample of unit `orgId` for `year` from `seed`. */
export async function drawSurvey(kx: Kysely<DB>, input: { year: number; orgId: number; seed: number }, actorId: number | null, now: Date, today: string): Promise<DrawResult> {
  return writeTransaction(kx, async (tx): Promise<DrawResult> => {
    const unit = await assessedUnit(tx, input.year, input.orgId);
    if (unit.population === null) throw new DomainError("population", `「${unit.name}」未设置常住人口，不能抽样（请先在调查设置中填写常住人口）`);
    if (await hasAnswers(tx, input.year, unit.id)) throw new DomainError("seed", `「${unit.name}」${input.year} 年度已录入调查结果，不能重新抽样`);
    const pool = await residentsOnRecord(tx, unit.path, today);
    const residentIds = drawSample(pool, sampleSize(unit.population, pool.length), input.seed);
    const old = tx.selectFrom("SurveyDraw").select("id").where("year", "=", input.year).where("orgId", "=", unit.id);
    await tx.deleteFrom("SurveyRespondent").where("drawId", "in", old).execute();
    await tx.deleteFrom("SurveyDraw").where("year", "=", input.year).where("orgId", "=", unit.id).execute();
    const { id } = await tx
      .insertInto("SurveyDraw")
      .values({ year: input.year, orgId: unit.id, seed: input.seed, population: unit.population, candidates: pool.length, drawnById: actorId, drawnAt: stampOf(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const drawId = Number(id);
    const people = residentIds.map((residentId, i) => ({ drawId, residentId, number: i + 1 }));
    const batch = rowsPerInsert(tx, 3);
    for (let i = 0; i < people.length; i += batch) await tx.insertInto("SurveyRespondent").values(people.slice(i, i + batch)).execute();
    await auditKx(tx, { actorId, action: "survey.draw", entity: "SurveyDraw", entityId: drawId, after: { year: input.year, org: unit.code, seed: input.seed, size: residentIds.length, candidates: pool.length }, at: now });
    return { drawId, unit, seed: input.seed, size: residentIds.length, candidates: pool.length, residentIds };
  });
}

export interface DrawnPerson {
  number: number;
  residentId: number;
  name: string;
  phone: string | null;
  address: string | null;
  zone: string;
  branch: string;
  answered: boolean;
}

/** The stored draw of a unit and year with its people in 受访编号 order, or null. */
export async function storedDraw(kx: Kysely<DB>, year: number, orgId: number): Promise<{ id: number; seed: number; population: number; candidates: number; drawnAt: string; people: DrawnPerson[] } | null> {
  const d = await kx.selectFrom("SurveyDraw").select(["id", "seed", "population", "candidates", "drawnAt"]).where("year", "=", year).where("orgId", "=", orgId).executeTakeFirst();
  if (!d) return null;
  const people = await kx
    .selectFrom("SurveyRespondent as sr")
    .innerJoin("Resident as r", "r.id", "sr.residentId")
    .innerJoin("Zone as z", "z.id", "r.zoneId")
    .innerJoin("Org as o", "o.id", "z.branchId")
    .select((eb) => [
      "sr.number",
      "r.id as residentId",
      "r.name",
      "r.phone",
      "r.address",
      "z.name as zone",
      "o.name as branch",
      eb
        .exists(
          eb
            .selectFrom("SurveyAnswer as a")
            .select("a.id")
            .where("a.year", "=", year)
            .where("a.orgId", "=", orgId)
            .whereRef("a.respondentNo", "=", sql<string>`CAST(${sql.ref("sr.number")} AS TEXT)`),
        )
        .as("answered"),
    ])
    .where("sr.drawId", "=", d.id)
    .orderBy("sr.number")
    .execute();
  return { ...d, people: people.map((p) => ({ ...p, answered: Boolean(p.answered) })) };
}

export interface AnswerInput {
  year: number;
  orgId: number;
  respondentNo: string;
  method: string;
  /** One per indicator in force: an Answer or null (skipped). */
  answers: (string | null)[];
}

/** Checks an answer sheet against the unit's indicators; returns the cleaned answers. */
export function checkAnswers(input: AnswerInput, indicators: readonly string[]): (Answer | null)[] {
  if (!(METHODS as readonly string[]).includes(input.method)) throw new DomainError("method", "调查方式只能是 电话问卷、入户访谈 或 会议调查");
  if (!/^[0-9A-Za-z\-_]{1,20}$/.test(input.respondentNo)) throw new DomainError("respondentNo", "受访编号应为 1 到 20 位字母或数字");
  if (input.answers.length !== indicators.length) throw new DomainError("answers", `应填写 ${indicators.length} 项指标`);
  return input.answers.map((a, i) => {
    if (a === null || a === "") return null;
    if (!(ANSWERS as readonly string[]).includes(a)) throw new DomainError(`q${i + 1}`, `「${indicators[i]}」只能是 满意、基本满意 或 不满意（或不填）`);
    return a as Answer;
  });
}

/** Records one respondent's answers; returns the answer id. */
export async function recordAnswer(kx: Kysely<DB>, input: AnswerInput, actorId: number | null, now: Date, once?: string): Promise<number> {
  return writeTransaction(kx, async (tx): Promise<number> => {
    const unit = await assessedUnit(tx, input.year, input.orgId);
    await consumeTokenKx(tx, once, actorId, `/assessment/survey/${encodeURIComponent(unit.code)}?year=${input.year}`);
    const answers = checkAnswers(input, await indicatorsFor(tx, input.year, unit.path));
    const taken = await tx.selectFrom("SurveyAnswer").select("id").where("year", "=", input.year).where("orgId", "=", unit.id).where("respondentNo", "=", input.respondentNo).executeTakeFirst();
    if (taken) throw new DomainError("respondentNo", `受访编号 ${input.respondentNo} 的调查结果已经录入，同一受访者不能计入两次`);
    const resident = await tx
      .selectFrom("SurveyRespondent as sr")
      .innerJoin("SurveyDraw as d", "d.id", "sr.drawId")
      .select("sr.residentId")
      .where("d.year", "=", input.year)
      .where("d.orgId", "=", unit.id)
      .where(sql<string>`CAST(${sql.ref("sr.number")} AS TEXT)`, "=", input.respondentNo)
      .executeTakeFirst();
    const { id } = await tx
      .insertInto("SurveyAnswer")
      .values({ year: input.year, orgId: unit.id, respondentNo: input.respondentNo, method: input.method, answers: JSON.stringify(answers), residentId: resident?.residentId ?? null, enteredById: actorId, enteredAt: stampOf(now) })
      .returning("id")
      .executeTakeFirstOrThrow();
    const answerId = Number(id);
    await auditKx(tx, { actorId, action: "survey.answer", entity: "SurveyAnswer", entityId: answerId, after: { year: input.year, org: unit.code, respondentNo: input.respondentNo, method: input.method, answers }, at: now });
    return answerId;
  });
}

/** Per unit id: respondents, answered items and the 民意调查 score (null without answers). */
export async function surveyScores(kx: Kysely<DB>, year: number): Promise<Map<number, { respondents: number; answered: number; score: number | null }>> {
  const byUnit = new Map<number, { respondents: number; items: (Answer | null)[] }>();
  for (const r of await kx.selectFrom("SurveyAnswer").select(["orgId", "answers"]).where("year", "=", year).orderBy("id").execute()) {
    const u = byUnit.get(r.orgId) ?? { respondents: 0, items: [] };
    u.respondents++;
    u.items.push(...(JSON.parse(r.answers) as (Answer | null)[]));
    byUnit.set(r.orgId, u);
  }
  return new Map([...byUnit].map(([id, u]) => [id, { respondents: u.respondents, ...surveyScore(u.items) }]));
}
