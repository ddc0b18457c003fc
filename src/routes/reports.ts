/**
 * The compliance report (FORMATS.md): `GET /reports/compliance?year=&asOf=&format=json|csv|xlsx`
 * for the secretary and the admin; without `format` an HTML page with the same figures and
 * download links. Bad parameters re-render the page with a Chinese message (400).
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./index.ts";
import { requireRole } from "../auth/guards.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { cachedComplianceReport } from "../reports/report-cache.ts";
import { complianceCsv } from "../reports/compliance-export.ts";
import { writeComplianceXlsx } from "../reports/compliance-xlsx.ts";
import { ROLE_LABELS, STATUS_LABELS } from "../domain/labels.ts";

const query = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    format: z.enum(["html", "json", "csv", "xlsx"], { error: "格式只能是 json、csv 或 xlsx" }).default("html"),
  });

export function reportsRouter({ raw, clock }: RouteDeps) {
  const r = Router();
  r.use(requireRole("SECRETARY", "ADMIN"));

  r.get("/compliance", async (req, res) => {
    const today = todayOf(clock);
    const parsed = query(Number(today.slice(0, 4)), today).safeParse(req.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join("；");
      if (req.query.format && req.query.format !== "html") return res.status(400).json({ error: message });
      return res.status(400).render("reports/compliance", { title: "达标情况", report: null, error: message, q: req.query });
    }
    const { year, asOf, format } = parsed.data;
    const report = cachedComplianceReport(raw, { year, asOf }); // rebuilt whenever the ledger changed
    const name = `compliance-${year}-asof-${asOf}`;
    if (format === "json") return res.json(report);
    if (format === "csv") {
      res.attachment(`${name}.csv`).type("text/csv; charset=utf-8");
      return res.send(complianceCsv(report));
    }
    if (format === "xlsx") {
      res.attachment(`${name}.xlsx`).type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      await writeComplianceXlsx(report, res); // streamed, yielding between batches of rows
      return;
    }
    res.render("reports/compliance", { title: "达标情况", report, error: null, q: { year, asOf }, roleLabels: ROLE_LABELS, statusLabels: STATUS_LABELS });
  });
  return r;
}
