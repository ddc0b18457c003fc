/**
 * The county dashboard (issue 13 items 1 and 5), for REVIEWER and ADMIN grants (auth/policies.ts
 * `can.desk`; anyone else 403):
 *   GET /desk?org=&year=&asOf=&sort=&dir=&format=html|xlsx   the page, or its XLSX
 *   GET /desk/print?…                                          the same on A4 (print.css numbers the pages)
 * `org` (a code) defaults to the widest org the user's grants reach; an org outside them, or
 * unknown, answers 404. `sort` is a column (`name`, `flags` or a figure), `dir` asc|desc: plain
 * links, so sorting works without JavaScript. Bad year, date or sort: 400 with a Chinese message.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { reachesOrg } from "../auth/reach.ts";
import { can } from "../auth/policies.ts";
import { requirePolicy } from "../auth/guards.ts";
import { NotFoundError } from "../core/errors.ts";
import { ORG_KIND_LABELS } from "../core/org-tree.ts";
import { orgByCode } from "../domain/rollup/queries.ts";
import { DESK_DRILL, DESK_FIGURES, DESK_LABELS, DESK_SORTS, MONTH_END_FIGURES, SERIES_FIGURES, sortRows } from "../reports/desk.ts";
import { deskXlsx } from "../reports/desk-export.ts";
import { cachedDesk, cachedStationed } from "../reports/desk-cache.ts";
import { deskAt } from "../http/ledger-at.ts";
import { barChart, hbarChart, shortLabel } from "../reports/desk-chart.ts";

const querySchema = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    org: z.string().trim().max(64, "组织代码无效").optional(),
    sort: z.enum(DESK_SORTS, { error: "排序列无效" }).optional(),
    dir: z.enum(["asc", "desc"], { error: "排序方向无效" }).default("desc"),
    format: z.enum(["html", "xlsx"], { error: "格式只能是 xlsx" }).default("html"),
  });

/** The query's schema for `today`, built once a day (building a zod schema per request cost ~0.7 ms of a township page's CPU). */
let kept: { today: string; schema: ReturnType<typeof querySchema> } | null = null;
function query(thisYear: number, today: string) {
  if (kept?.today !== today) kept = { today, schema: querySchema(thisYear, today) };
  return kept.schema;
}

const common = { figures: DESK_FIGURES, labels: DESK_LABELS, trendFigures: SERIES_FIGURES, monthEndFigures: MONTH_END_FIGURES, drill: DESK_DRILL, kinds: ORG_KIND_LABELS, barChart, hbarChart, shortLabel };

export function deskRouter({ kx, clock }: RouteDeps) {
  const r = Router();
  r.use(requirePolicy(can.desk, "工作概况仅供党委审核和管理员查看"));

  const page = (print: boolean) => async (req: Request, res: Response) => {
    const today = todayOf(clock);
    const reach = req.user!.reach;
    const parsed = query(Number(today.slice(0, 4)), today).safeParse(req.query);
    const view = print ? "desk/print" : "desk/index";
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join("；");
      return res.status(400).render(view, { ...common, title: "工作概况", report: null, rows: [], error: message, q: {}, crumbs: [] });
    }
    const { year, asOf, sort, dir, format } = parsed.data;
    const mine = reach.subtrees.find((s) => s.via === "REVIEWER" || s.via === "ADMIN")!; // widest first
    const org = parsed.data.org ? await orgByCode(kx, parsed.data.org) : { id: mine.orgId, path: mine.path };
    if (!org || !can.deskOrg(reach, org)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
    const report = (await cachedDesk(kx, org.id, year, asOf, deskAt(req, kx)))!; // rows 1 and 2 read once for the request (http/ledger-at.ts)
    const rows = sortRows(report.rows, sort, dir);
    if (format === "xlsx") {
      return res
        .attachment(`desk-${report.org.code}-${year}-asof-${asOf}.xlsx`)
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .send(await deskXlsx(report, rows));
    }
    const crumbs = report.ancestors.filter((o) => reachesOrg(reach, o.path, ["REVIEWER", "ADMIN"]));
    const stationed = await cachedStationed(kx, org.id, report.lastDay, deskAt(req, kx));
    res.render(view, { ...common, title: `工作概况 · ${report.org.name}`, report, rows, error: null, q: { year, asOf, sort: sort ?? null, dir }, crumbs, stationed });
  };

  r.get("/", page(false));
  r.get("/print", page(true));
  return r;
}
