/**
 * The 三维考核 (FORMATS.md "Organization reports"): `GET /reports/assessment?year=&asOf=
 * &format=html|json|xlsx` for those who run it (assessment-scope.ts; 403 for others). The JSON is
 * the documented shape; a viewer whose grant is at the 机关工委 sees its departments' rows only
 * (ranks stay the county's). The page shows each 工作实绩 share, linked down to the compliance
 * report and the roll-up of the unit that back it, each level's ballots and the respondents.
 * `POST /reports/assessment/finalize` (定稿; a REVIEWER or ADMIN at the county) stores the year
 * as computed; later views read the stored one. Bad year or date: 400 with a Chinese message.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { DomainError, ForbiddenError } from "../core/errors.ts";
import { LEVEL_LABELS } from "../domain/assessment/scores.ts";
import { assessmentJson, assessmentOf, finalizeAssessment, type AssessmentDetail } from "../reports/assessment.ts";
import { assessmentXlsx, MARK_LABELS } from "../reports/assessment-export.ts";
import { SHARES, SHARE_LABELS } from "../reports/assessment-performance.ts";
import { atRoot, unitsInReach, yearOf } from "./assessment-scope.ts";

const query = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    format: z.enum(["html", "json", "xlsx"], { error: "格式只能是 json 或 xlsx" }).default("html"),
  });

export function assessmentReportRouter({ kx, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const thisYear = Number(today.slice(0, 4));
    const reach = req.user!.reach;
    const parsed = query(thisYear, today).safeParse(req.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join("；");
      await unitsInReach(kx, reach, thisYear); // 403 first for those who may not run it
      if (req.query.format && req.query.format !== "html") return res.status(400).json({ error: message });
      return res.status(400).render("assessment/report", { title: "三维考核", d: null, error: message, year: thisYear, asOf: today });
    }
    const { year, asOf, format } = parsed.data;
    const codes = new Set((await unitsInReach(kx, reach, year)).map((u) => u.code));
    const full = await assessmentOf(kx, year, asOf);
    const d: AssessmentDetail = { ...full, units: full.units.filter((u) => codes.has(u.code)) };
    if (format === "json") return res.json(assessmentJson(d));
    if (format === "xlsx") {
      return res.attachment(`assessment-${year}.xlsx`).type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await assessmentXlsx(d));
    }
    res.render("assessment/report", {
      title: `${year} 年度三维考核`, d, error: null, year, asOf, shares: SHARES, shareLabels: SHARE_LABELS, levels: LEVEL_LABELS, marks: MARK_LABELS,
      canFinalize: atRoot(reach) && !d.finalizedAt,
    });
  });

  r.post("/finalize", async (req, res) => {
    const today = todayOf(clock);
    const thisYear = Number(today.slice(0, 4));
    if (!atRoot(req.user!.reach)) throw new ForbiddenError("只有县委组织部的审核人员或县级管理员可以定稿");
    const typed = String(req.body?.year ?? "");
    const year = yearOf(typed, thisYear);
    if (String(year) !== typed) return res.status(422).render("assessment/report", { title: "三维考核", d: null, error: "请指定要定稿的年度", year, asOf: today });
    try {
      await finalizeAssessment(kx, year, today, req.user!.id, clock.now());
      flash(req, "success", `${year} 年度三维考核已定稿，之后查看的均为定稿时的结果`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
    }
    res.redirect(303, `/reports/assessment?year=${year}`);
  });

  return r;
}
