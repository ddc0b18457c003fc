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
import type Database from "better-sqlite3";
import { DomainError } from "../../core/errors.ts";
import { drawSample } from "./draw.ts";
import { ANSWERS, METHODS, sampleSize, surveyScore, type Answer } from "./scores.ts";
import { assessedUnit } from "./ballots.ts";
import { auditRaw, consumeTokenRaw, stampOf, type AssessedUnit } from "./units.ts";
import { indicatorsFor } from "./indicators.ts";

/** Sets a unit's 常住人口 (a whole number, or null to clear); audited. */
export function setPopulation(raw: Database.Database, orgId: number, population: number | null, actorId: number | null, now: Date): void {
  if (population !== null && (!Number.isInteger(population) || population < 0 || population > 100_000_000)) {
    throw new DomainError("population", "常住人口应为 0 到 1 亿之间的整数");
  }
  raw.transaction(() => {
    const before = raw.prepare(`SELECT "population" FROM "Org" WHERE "id" = ?`).get(orgId) as { population: number | null } | undefined;
    if (!before) throw new DomainError("org", "组织不存在");
    raw.prepare(`UPDATE "Org" SET "population" = ? WHERE "id" = ?`).run(population, orgId);
    auditRaw(raw, { actorId, action: "org.population", entity: "Org", entityId: orgId, before, after: { population }, at: now });
  }).immediate();
}

/** Resident ids on record in the zones of the subtree at `path` (zones not retired by `today`). */
export function residentsOnRecord(raw: Database.Database, path: string, today: string): number[] {
  return (
    raw
      .prepare(
        `SELECT r."id" FROM "Resident" r JOIN "Zone" z ON z."id" = r."zoneId" JOIN "Org" o ON o."id" = z."branchId"
         WHERE r."deletedAt" IS NULL AND substr(o."path", 1, length(?)) = ? AND (z."retiredOn" IS NULL OR z."retiredOn" > ?)`,
      )
      .raw()
      .all(path, path, today) as [number][]
  ).map((r) => r[0]);
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
function hasAnswers(raw: Database.Database, year: number, orgId: number): boolean {
  return raw.prepare(`SELECT 1 FROM "SurveyAnswer" WHERE "year" = ? AND "orgId" = ? LIMIT 1`).get(year, orgId) !== undefined;
}

/** Draws (and stores) the sample of unit `orgId` for `year` from `seed`. */
export function drawSurvey(raw: Database.Database, input: { year: number; orgId: number; seed: number }, actorId: number | null, now: Date, today: string): DrawResult {
  return raw.transaction((): DrawResult => {
    const unit = assessedUnit(raw, input.year, input.orgId);
    if (unit.population === null) throw new DomainError("population", `「${unit.name}」未设置常住人口，不能抽样（请先在调查设置中填写常住人口）`);
    if (hasAnswers(raw, input.year, unit.id)) throw new DomainError("seed", `「${unit.name}」${input.year} 年度已录入调查结果，不能重新抽样`);
    const pool = residentsOnRecord(raw, unit.path, today);
    const residentIds = drawSample(pool, sampleSize(unit.population, pool.length), input.seed);
    raw.prepare(`DELETE FROM "SurveyRespondent" WHERE "drawId" IN (SELECT "id" FROM "SurveyDraw" WHERE "year" = ? AND "orgId" = ?)`).run(input.year, unit.id);
    raw.prepare(`DELETE FROM "SurveyDraw" WHERE "year" = ? AND "orgId" = ?`).run(input.year, unit.id);
    const drawId = Number(
      raw
        .prepare(`INSERT INTO "SurveyDraw" ("year", "orgId", "seed", "population", "candidates", "drawnById", "drawnAt") VALUES (?, ?, ?, ?, ?, ?, ?)`)
        .run(input.year, unit.id, input.seed, unit.population, pool.length, actorId, stampOf(now)).lastInsertRowid,
    );
    const ins = raw.prepare(`INSERT INTO "SurveyRespondent" ("drawId", "residentId", "number") VALUES (?, ?, ?)`);
    residentIds.forEach((id, i) => ins.run(drawId, id, i + 1));
    auditRaw(raw, { actorId, action: "survey.draw", entity: "SurveyDraw", entityId: drawId, after: { year: input.year, org: unit.code, seed: input.seed, size: residentIds.length, candidates: pool.length }, at: now });
    return { drawId, unit, seed: input.seed, size: residentIds.length, candidates: pool.length, residentIds };
  }).immediate();
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
export function storedDraw(raw: Database.Database, year: number, orgId: number): { id: number; seed: number; population: number; candidates: number; drawnAt: string; people: DrawnPerson[] } | null {
  const d = raw.prepare(`SELECT "id", "seed", "population", "candidates", "drawnAt" FROM "SurveyDraw" WHERE "year" = ? AND "orgId" = ?`).get(year, orgId) as
    | { id: number; seed: number; population: number; candidates: number; drawnAt: string }
    | undefined;
  if (!d) return null;
  const people = raw
    .prepare(
      `SELECT sr."number", r."id" AS residentId, r."name", r."phone", r."address", z."name" AS zone, o."name" AS branch,
              EXISTS (SELECT 1 FROM "SurveyAnswer" a WHERE a."year" = ? AND a."orgId" = ? AND a."respondentNo" = CAST(sr."number" AS TEXT)) AS answered
       FROM "SurveyRespondent" sr JOIN "Resident" r ON r."id" = sr."residentId" JOIN "Zone" z ON z."id" = r."zoneId" JOIN "Org" o ON o."id" = z."branchId"
       WHERE sr."drawId" = ? ORDER BY sr."number"`,
    )
    .all(year, orgId, d.id) as (Omit<DrawnPerson, "answered"> & { answered: number })[];
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
export function recordAnswer(raw: Database.Database, input: AnswerInput, actorId: number | null, now: Date, once?: string): number {
  return raw.transaction((): number => {
    const unit = assessedUnit(raw, input.year, input.orgId);
    consumeTokenRaw(raw, once, actorId, `/assessment/survey/${encodeURIComponent(unit.code)}?year=${input.year}`);
    const answers = checkAnswers(input, indicatorsFor(raw, input.year, unit.path));
    const taken = raw.prepare(`SELECT 1 FROM "SurveyAnswer" WHERE "year" = ? AND "orgId" = ? AND "respondentNo" = ?`).get(input.year, unit.id, input.respondentNo);
    if (taken) throw new DomainError("respondentNo", `受访编号 ${input.respondentNo} 的调查结果已经录入，同一受访者不能计入两次`);
    const resident = raw
      .prepare(`SELECT sr."residentId" FROM "SurveyRespondent" sr JOIN "SurveyDraw" d ON d."id" = sr."drawId" WHERE d."year" = ? AND d."orgId" = ? AND CAST(sr."number" AS TEXT) = ?`)
      .get(input.year, unit.id, input.respondentNo) as { residentId: number } | undefined;
    const id = Number(
      raw
        .prepare(`INSERT INTO "SurveyAnswer" ("year", "orgId", "respondentNo", "method", "answers", "residentId", "enteredById", "enteredAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(input.year, unit.id, input.respondentNo, input.method, JSON.stringify(answers), resident?.residentId ?? null, actorId, stampOf(now)).lastInsertRowid,
    );
    auditRaw(raw, { actorId, action: "survey.answer", entity: "SurveyAnswer", entityId: id, after: { year: input.year, org: unit.code, respondentNo: input.respondentNo, method: input.method, answers }, at: now });
    return id;
  }).immediate();
}

/** Per unit id: respondents, answered items and the 民意调查 score (null without answers). */
export function surveyScores(raw: Database.Database, year: number): Map<number, { respondents: number; answered: number; score: number | null }> {
  const byUnit = new Map<number, { respondents: number; items: (Answer | null)[] }>();
  for (const r of raw.prepare(`SELECT "orgId", "answers" FROM "SurveyAnswer" WHERE "year" = ?`).iterate(year) as Iterable<{ orgId: number; answers: string }>) {
    const u = byUnit.get(r.orgId) ?? { respondents: 0, items: [] };
    u.respondents++;
    u.items.push(...(JSON.parse(r.answers) as (Answer | null)[]));
    byUnit.set(r.orgId, u);
  }
  return new Map([...byUnit].map(([id, u]) => [id, { respondents: u.respondents, ...surveyScore(u.items) }]));
}
