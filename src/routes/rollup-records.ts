/**
 * The records behind a roll-up figure of the county's other measures (src/reports/rollup-records.ts):
 *   GET /reports/rollup/records?figure=stationed|trained|trainedShare|projects|employment|problemsSolved&org=&year=&asOf=
 * For whoever oversees the org (as the roll-up: reach, 404 outside, 403 without oversight).
 * `trainedShare` lists its numerator and links the coverage page (who is still untrained).
 * `figure=stays|stayHouseholds|writings` falls through to routes/rollup.ts (by org or zone).
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { oversees, reachesOrg, widestOrg } from "../auth/reach.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";
import { ROLLUP_LABELS } from "../domain/rollup/report.ts";
import { orgByCode } from "../domain/rollup/queries.ts";
import { MEASURE_FIGURES } from "../domain/rollup/measures.ts";
import { figureRecords, RECORDS_SHOWN } from "../reports/rollup-records.ts";

const STAY_FIGURES = ["stays", "stayHouseholds", "writings"];

const query = (thisYear: number, today: string) =>
  z.object({
    figure: z.enum([...MEASURE_FIGURES, "trainedShare"], { error: "指标无效" }),
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    org: z.string().trim().max(64, "组织代码无效").optional(),
  });

export function rollupRecordsRouter({ kx, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res, next) => {
    // Stays and writings open by org or zone in the roll-up's own router (routes/rollup.ts).
    if (STAY_FIGURES.includes(String(req.query.figure))) return next();
    const today = todayOf(clock);
    const reach = req.user!.reach;
    if (!oversees(reach)) throw new ForbiddenError("您的角色无权查看汇总报表");
    const parsed = query(Number(today.slice(0, 4)), today).safeParse(req.query);
    if (!parsed.success) {
      return res.status(400).render("reports/rollup-records", { title: "汇总明细", error: parsed.error.issues.map((i) => i.message).join("；"), org: null, rows: [], total: 0 });
    }
    const { year, asOf } = parsed.data;
    const figure = parsed.data.figure === "trainedShare" ? "trained" : parsed.data.figure;
    const w = widestOrg(reach);
    const org = parsed.data.org ? await orgByCode(kx, parsed.data.org) : w && { id: w.orgId, code: w.code, name: w.name, kind: w.kind, path: w.path };
    if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
    const { total, rows } = await figureRecords(kx, figure, org.id, year, asOf);
    res.render("reports/rollup-records", { title: `${ROLLUP_LABELS[figure]} · ${org.name}`, error: null, org, figure, label: ROLLUP_LABELS[figure], year, asOf, total, rows, shown: RECORDS_SHOWN });
  });
  return r;
}
