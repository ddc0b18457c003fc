/**
 * The compliance report (FORMATS.md): `GET /reports/compliance?year=&asOf=&format=json|csv|xlsx`
 * for the secretary and the admin (the whole year; the XLSX is streamed, compliance-xlsx.ts);
 * without `format` an HTML page of the same figures filtered by `zone`, `role` and `status`, 50
 * members a page (`page`), with the download links and a link to the overview (/review) for the
 * month and week grids. Bad year or date: the page with a Chinese message (400); a bad filter
 * value is ignored (a filter, not a form).
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { zoneWhere } from "../auth/reach.ts";
import { findReachableZone } from "../domain/zones/reach.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { complianceCsv } from "../reports/compliance-export.ts";
import { writeComplianceXlsx } from "../reports/compliance-xlsx.ts";
import { compliancePage } from "../reports/compliance-page.ts";
import { queryString } from "./review.ts";
import { ROLE_LABELS, STATUS_LABELS } from "../core/labels.ts";
import { NotFoundError } from "../core/errors.ts";
import { reachesOrg, widestOrg } from "../auth/reach.ts";
import { orgComplianceReport } from "../domain/compliance/org.ts";
import { complianceReportJson } from "../domain/compliance/report-json.ts";
import { orgByCode } from "../domain/rollup/queries.ts";
import { byNaturalName } from "../domain/natural-order.ts";

const optional = <T extends z.ZodType>(t: T) => z.preprocess((v) => (v === "" ? undefined : v), t.optional()).catch(undefined);
const pageFilter = z.object({
  zone: optional(z.coerce.number().int().positive().max(1e9)),
  role: optional(z.enum(["MEMBER", "CADRE", "SECRETARY"])),
  status: optional(z.enum(["met", "missed", "at_risk", "in_progress", "not_applicable"])),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

const query = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    format: z.enum(["html", "json", "csv", "xlsx"], { error: "格式只能是 json、csv 或 xlsx" }).default("html"),
    org: z.string().trim().max(64, "组织代码无效").optional(),
  });

export function reportsRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();
  r.use(requirePolicy(can.oversee));

  r.get("/compliance", async (req, res) => {
    const today = todayOf(clock);
    const parsed = query(Number(today.slice(0, 4)), today).safeParse(req.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join("；");
      if (req.query.format && req.query.format !== "html") return res.status(400).json({ error: message });
      return res.status(400).render("reports/compliance", { title: "达标情况", report: null, error: message, q: req.query, zones: [] });
    }
    const { year, asOf, format } = parsed.data;
    // FORMATS.md "Organization reports": org= (default the widest org the user reaches); out of reach is 404.
    const reach = req.user!.reach;
    const widest = widestOrg(reach);
    const org = parsed.data.org ? await orgByCode(kx, parsed.data.org) : widest && { id: widest.orgId, code: widest.code, name: widest.name, kind: widest.kind, path: widest.path };
    if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
    if (format === "html") {
      const f = pageFilter.parse(req.query);
      if (f.zone) await findReachableZone(db, req.user!, f.zone, today); // a zone out of reach: 404
      const report = f.zone ? await cachedComplianceReport(kx, { year, asOf, zoneId: f.zone }) : await orgComplianceReport(kx, { year, asOf, org });
      const zones = await db.zone.findMany({ where: zoneWhere(req.user!.reach), select: { id: true, name: true } }).then(byNaturalName);
      const base = { year, asOf, zone: f.zone, role: f.role, status: f.status };
      return res.render("reports/compliance", {
        title: "达标情况",
        report,
        list: compliancePage(report, f),
        error: null,
        q: { year, asOf },
        f,
        zones,
        qs: (over: Record<string, unknown> = {}) => queryString(base, over),
        roleLabels: ROLE_LABELS,
        statusLabels: STATUS_LABELS,
      });
    }
    // The county report (rebuilt whenever the ledger changed) first, then a turn of the event loop
    // before cutting it to the org, so other requests are not held for both in one go.
    await cachedComplianceReport(kx, { year, asOf });
    await new Promise((resolve) => setImmediate(resolve));
    const report = await orgComplianceReport(kx, { year, asOf, org });
    const name = parsed.data.org ? `compliance-${org.code}-${year}-asof-${asOf}` : `compliance-${year}-asof-${asOf}`;
    // The bytes res.json would send (JSON.stringify, UTF-8), written in one pass: ~11.8 MB at county scale.
    if (format === "json") return res.type("json").send(complianceReportJson(report));
    if (format === "csv") {
      res.attachment(`${name}.csv`).type("text/csv; charset=utf-8");
      return res.send(complianceCsv(report));
    }
    if (format === "xlsx") {
      res.attachment(`${name}.xlsx`).type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
      await writeComplianceXlsx(report, res); // streamed, yielding between batches of rows
      return;
    }
  });
  return r;
}
