/**
 * 三维考核 settings (issue 13 items 3, 4): each unit's 常住人口 (an ADMIN above the unit), the
 * county-wide survey indicators from a year on and the dated weights (an ADMIN at the county):
 *   GET  /assessment/settings?year=
 *   POST /assessment/settings/population   { year, org, population }   (empty: cleared)
 *   POST /assessment/settings/indicators   { fromYear, names }          (one per line or 、-separated)
 *   POST /assessment/settings/weights      { effectiveFrom, performance, rating, survey }
 * Readers of the assessment see the page; a unit outside the admin's units answers 404; bad
 * input (weights not summing to 1, a negative population, a repeated indicator): 422 with the
 * page again, a Chinese message and the values kept; nothing written.
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { formValues } from "../domain/forms.ts";
import { DomainError, ForbiddenError } from "../core/errors.ts";
import { indicatorsFor, parseIndicatorNames, setIndicators } from "../domain/assessment/indicators.ts";
import { setPopulation } from "../domain/assessment/survey.ts";
import { setWeights, weightSettings, weightsFor } from "../domain/assessment/weights.ts";
import { adminUnits, atRoot, unitOf, unitsInReach, yearOf } from "./assessment-scope.ts";

const num = (s: string | undefined) => (s === undefined || s.trim() === "" ? Number.NaN : Number(s.trim()));

export function assessmentSettingsRoutes(r: Router, { kx, clock }: RouteDeps) {
  const thisYear = () => Number(todayOf(clock).slice(0, 4));

  async function render(req: Request, res: Response, year: number, status = 200, values: Record<string, string> = {}, error = "") {
    const reach = req.user!.reach;
    const units = await unitsInReach(kx, reach, year);
    const editable = new Set((await adminUnits(kx, reach, year)).map((u) => u.code));
    res.status(status).render("assessment/settings", {
      title: "三维考核设置", year, units, editable, countyAdmin: atRoot(reach, ["ADMIN"]),
      indicators: await indicatorsFor(kx, year), weights: await weightsFor(kx, year), history: await weightSettings(kx), values, error,
    });
  }

  r.get("/settings", (req, res) => render(req, res, yearOf(req.query.year, thisYear())));

  const handle = (path: string, act: (req: Request, values: Record<string, string>, year: number) => Promise<string>) =>
    r.post(path, async (req, res) => {
      const values = formValues(req.body);
      const year = yearOf(values.year, thisYear());
      await unitsInReach(kx, req.user!.reach, year); // 403 for those who do not run the assessment
      try {
        flash(req, "success", await act(req, values, year));
        res.redirect(303, `/assessment/settings?year=${year}`);
      } catch (e) {
        if (e instanceof DomainError) return render(req, res, year, 422, values, e.message);
        throw e;
      }
    });

  handle("/settings/population", async (req, values, year) => {
    const code = (values.org ?? "").trim();
    const seen = unitOf(await unitsInReach(kx, req.user!.reach, year), code); // 404 outside the viewer's units
    // A unit the viewer reads but does not administer (a reviewer): refused, not hidden.
    if (!(await adminUnits(kx, req.user!.reach, year)).some((u) => u.id === seen.id)) throw new ForbiddenError("只有上级管理员可以设置常住人口");
    const unit = seen;
    const text = (values.population ?? "").trim();
    const population = text === "" ? null : /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    await setPopulation(kx, unit.id, Number.isNaN(population as number) ? -1 : population, req.user!.id, clock.now());
    return `已设置「${unit.name}」常住人口：${population ?? "（未设置）"}`;
  });

  handle("/settings/indicators", async (req, values) => {
    if (!atRoot(req.user!.reach, ["ADMIN"])) throw new ForbiddenError("只有县级管理员可以设置调查指标");
    const fromYear = Number(values.fromYear);
    if (!Number.isInteger(fromYear) || fromYear < 2000 || fromYear > thisYear() + 1) throw new DomainError("fromYear", "起始年度无效");
    const names = parseIndicatorNames(values.names ?? "");
    await setIndicators(kx, { orgId: null, fromYear, names }, req.user!.id, clock.now());
    return `已设置自 ${fromYear} 年度起的 ${names.length} 项调查指标`;
  });

  handle("/settings/weights", async (req, values) => {
    if (!atRoot(req.user!.reach, ["ADMIN"])) throw new ForbiddenError("只有县级管理员可以设置考核权重");
    await setWeights(kx, { effectiveFrom: (values.effectiveFrom ?? "").trim(), performance: num(values.performance), rating: num(values.rating), survey: num(values.survey) }, req.user!.id, clock.now());
    return `已设置自 ${values.effectiveFrom} 起的考核权重`;
  });
}
