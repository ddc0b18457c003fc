/**
 * 民主测评 and 民意调查 pages (issue 13 items 2, 3), for those who run the 三维考核
 * (assessment-scope.ts; 403 for others, 404 for a unit outside their reach):
 *   GET  /assessment/ballots?year=        enter ballots (unit, level, grade, count) + the year's rating per unit and level
 *   POST /assessment/ballots
 *   GET  /assessment/survey?year=         per unit: 常住人口, the draw, answers, score; draw a unit's sample
 *   POST /assessment/survey/draw          { year, org, seed }
 *   GET  /assessment/survey/:code?year=[&print=1]   the call/visit list (phone masked for reviewers,
 *        full for admins, like residents' data) and the answer form
 *   POST /assessment/survey/:code/answers { year, respondentNo, method, q1…qN }
 *   /assessment/settings…                 常住人口, indicators, weights (assessment-settings.ts)
 * Bad input: 422, the page again with a Chinese message and the values kept; nothing written.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { formValues } from "../domain/forms.ts";
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { recordBallots, ratingsOf } from "../domain/assessment/ballots.ts";
import { drawSurvey, recordAnswer, storedDraw, surveyScores } from "../domain/assessment/survey.ts";
import { indicatorsFor } from "../domain/assessment/indicators.ts";
import { parseSeed } from "../domain/assessment/draw.ts";
import { assessedUnits, finalizedYears } from "../domain/assessment/units.ts";
import { maskAddress, maskPhone } from "../domain/residents/mask.ts";
import { ANSWER_LABELS, GRADE_LABELS, LEVEL_LABELS, LEVELS, METHOD_LABELS, round1 } from "../domain/assessment/scores.ts";
import { unitOf, unitsInReach, yearOf } from "./assessment-scope.ts";
import { assessmentSettingsRoutes } from "./assessment-settings.ts";

const ballotForm = z.object({
  year: z.coerce.number({ error: "年度无效" }).int("年度无效"),
  org: z.string().trim().min(1, "请选择被测评单位"),
  level: z.string({ error: "请选择测评层面" }),
  grade: z.string({ error: "请选择评价" }),
  count: z.coerce.number({ error: "票数应为整数" }).int("票数应为整数").default(1),
  rater: z.string().trim().max(50, "测评人不能超过 50 个字").default(""),
});

export function assessmentRouter(deps: RouteDeps) {
  const { kx, clock } = deps;
  const r = Router();
  assessmentSettingsRoutes(r, deps);
  const thisYear = () => Number(todayOf(clock).slice(0, 4));

  async function renderBallots(req: Request, res: Response, year: number, status = 200, values: Record<string, string> = {}, error = "") {
    const units = await unitsInReach(kx, req.user!.reach, year);
    const ratings = (await ratingsOf(kx, year, units)).map((x) => ({
      code: x.unit.code, name: x.unit.name,
      levels: LEVELS.map((l) => ({ ballots: x.levels[l].ballots, score: x.levels[l].score === null ? null : round1(x.levels[l].score!) })),
      score: x.score === null ? null : round1(x.score),
    }));
    res.status(status).render("assessment/ballots", {
      title: "民主测评", year, units, ratings, values: { level: "UPPER", grade: "EXCELLENT", count: "1", ...values }, error,
      levels: LEVEL_LABELS, grades: GRADE_LABELS, finalized: (await finalizedYears(kx)).has(year),
    });
  }

  r.get("/ballots", (req, res) => renderBallots(req, res, yearOf(req.query.year, thisYear())));

  r.post("/ballots", async (req, res) => {
    const values = formValues(req.body);
    const year = yearOf(values.year, thisYear());
    const units = await unitsInReach(kx, req.user!.reach, year);
    const parsed = ballotForm.safeParse(values);
    if (!parsed.success) return renderBallots(req, res, year, 422, values, parsed.error.issues[0].message);
    const f = parsed.data;
    if (!(await assessedUnits(kx, f.year)).some((u) => u.code === f.org)) {
      return renderBallots(req, res, year, 422, values, `「${f.org}」不是被考核单位（三维考核只考核县委下的乡镇和机关工委下的部门）`);
    }
    const unit = unitOf(units, f.org); // 404 outside the viewer's units
    try {
      const n = await recordBallots(kx, { year: f.year, orgId: unit.id, level: f.level, grade: f.grade, count: f.count, rater: f.rater }, req.user!.id, clock.now(), thisYear(), formTokenOf(req.body));
      flash(req, "success", `已录入「${unit.name}」${LEVEL_LABELS[f.level as keyof typeof LEVEL_LABELS]}测评「${GRADE_LABELS[f.grade as keyof typeof GRADE_LABELS]}」${n} 票`);
      res.redirect(303, `/assessment/ballots?year=${f.year}`);
    } catch (e) {
      if (e instanceof DomainError) return renderBallots(req, res, year, 422, values, e.message);
      throw e;
    }
  });

  async function renderSurvey(req: Request, res: Response, year: number, status = 200, values: Record<string, string> = {}, error = "") {
    const units = await unitsInReach(kx, req.user!.reach, year);
    const scores = await surveyScores(kx, year);
    const rows = [];
    for (const u of units) {
      const d = await storedDraw(kx, year, u.id);
      const s = scores.get(u.id);
      rows.push({ code: u.code, name: u.name, population: u.population, draw: d ? { seed: d.seed, size: d.people.length, candidates: d.candidates } : null, respondents: s?.respondents ?? 0, score: s?.score == null ? null : round1(s.score) });
    }
    res.status(status).render("assessment/survey", { title: "民意调查", year, rows, values, error, finalized: (await finalizedYears(kx)).has(year), suggestedSeed: Math.floor(Math.random() * 1_000_000) });
  }

  r.get("/survey", (req, res) => renderSurvey(req, res, yearOf(req.query.year, thisYear())));

  r.post("/survey/draw", async (req, res) => {
    const values = formValues(req.body);
    const year = yearOf(values.year, thisYear());
    const units = await unitsInReach(kx, req.user!.reach, year);
    const code = (values.org ?? "").trim();
    if (!(await assessedUnits(kx, year)).some((u) => u.code === code)) return renderSurvey(req, res, year, 422, values, `「${code}」不是被考核单位`);
    const unit = unitOf(units, code);
    const seed = parseSeed(values.seed ?? "");
    if (typeof seed === "string") return renderSurvey(req, res, year, 422, values, seed);
    try {
      const d = await drawSurvey(kx, { year, orgId: unit.id, seed }, req.user!.id, clock.now(), todayOf(clock));
      flash(req, "success", `已为「${unit.name}」抽取 ${d.size} 名受访群众（随机种子 ${seed}，在册群众 ${d.candidates} 人）`);
      res.redirect(303, `/assessment/survey/${encodeURIComponent(unit.code)}?year=${year}`);
    } catch (e) {
      if (e instanceof DomainError) return renderSurvey(req, res, year, 422, values, e.message);
      throw e;
    }
  });

  async function renderList(req: Request, res: Response, code: string, year: number, status = 200, values: Record<string, string> = {}, error = "") {
    const reach = req.user!.reach;
    const unit = unitOf(await unitsInReach(kx, reach, year), code);
    // Residents' personal data: full for those who act in the unit (admins: the interviewers'
    // role), masked for reviewers, as on the residents' pages.
    const full = reach.subtrees.some((s) => s.via === "ADMIN" && unit.path.startsWith(s.path));
    const d = await storedDraw(kx, year, unit.id);
    const people = (d?.people ?? []).map((p) => ({ ...p, phone: full ? (p.phone ?? "") : maskPhone(p.phone), address: full ? (p.address ?? "") : maskAddress(p.address) }));
    const print = req.query.print === "1";
    res.status(status).render("assessment/survey-list", {
      title: `民意调查 · ${unit.name}`, print, year, unit, draw: d, people, full,
      indicators: await indicatorsFor(kx, year, unit.path), methods: METHOD_LABELS, answers: ANSWER_LABELS,
      values: { method: "PHONE", ...values }, error, finalized: (await finalizedYears(kx)).has(year),
    });
  }

  r.get("/survey/:code", (req, res) => renderList(req, res, String(req.params.code), yearOf(req.query.year, thisYear())));

  r.post("/survey/:code/answers", async (req, res) => {
    const values = formValues(req.body);
    const year = yearOf(values.year, thisYear());
    const code = String(req.params.code);
    const unit = unitOf(await unitsInReach(kx, req.user!.reach, year), code);
    const indicators = await indicatorsFor(kx, year, unit.path);
    try {
      await recordAnswer(
        kx,
        { year, orgId: unit.id, respondentNo: (values.respondentNo ?? "").trim(), method: values.method ?? "", answers: indicators.map((_, i) => values[`q${i + 1}`] || null) },
        req.user!.id, clock.now(), formTokenOf(req.body),
      );
      flash(req, "success", `已录入受访编号 ${values.respondentNo} 的调查结果`);
      res.redirect(303, `/assessment/survey/${encodeURIComponent(unit.code)}?year=${year}`);
    } catch (e) {
      if (e instanceof DomainError) return renderList(req, res, code, year, 422, values, e.message);
      throw e;
    }
  });

  return r;
}
