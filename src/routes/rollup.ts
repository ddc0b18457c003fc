/**
 * The roll-up report (FORMATS.md "Organization reports"): `GET /reports/rollup?year=&org=&asOf=
 * &format=html|json|csv|xlsx` for whoever oversees an org (a secretary their branch, reviewers and
 * admins their grants' subtrees; src/auth/reach.ts). `org` (a code) defaults to the widest org
 * the user reaches; an org out of reach or unknown answers 404; a member or cadre with no
 * oversight gets 403. The page shows the totals and one row per child, each opening one level
 * down (a zone opens its year page). Bad year or date: 400 with a Chinese message.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { oversees, reachesOrg, widestOrg } from "../auth/reach.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";
import { ORG_KIND_LABELS } from "../core/org-tree.ts";
import { rollupOf, ROLLUP_FIGURES, ROLLUP_LABELS } from "../domain/rollup/report.ts";
import { orgByCode } from "../domain/rollup/queries.ts";
import { MEASURE_FIGURES } from "../domain/rollup/measures.ts";
import { rollupCsv, rollupXlsx } from "../reports/rollup-export.ts";
import { drillDown, DRILL_MAX, type DrillScope } from "../reports/stays-writings.ts";
import { findReachableZone } from "../domain/zones/reach.ts";

const query = (thisYear: number, today: string) =>
  z.object({
    year: z.coerce.number({ error: "年份无效" }).int("年份无效").min(2000, "年份无效").max(thisYear + 1, "年份无效").default(thisYear),
    asOf: z.string().refine(isValidLocalDate, "截止日期无效（格式如 2026-11-29）").default(today),
    org: z.string().trim().max(64, "组织代码无效").optional(),
    format: z.enum(["html", "json", "csv", "xlsx"], { error: "格式只能是 json、csv 或 xlsx" }).default("html"),
  });

export function rollupRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const reach = req.user!.reach; // loaded once per request (http/load-reach.ts)
    if (!oversees(reach)) throw new ForbiddenError("您的角色无权查看汇总报表");
    const parsed = query(Number(today.slice(0, 4)), today).safeParse(req.query);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => i.message).join("；");
      if (req.query.format && req.query.format !== "html") return res.status(400).json({ error: message });
      return res.status(400).render("reports/rollup", { title: "汇总", report: null, error: message, q: req.query, figures: ROLLUP_FIGURES, labels: ROLLUP_LABELS, kinds: ORG_KIND_LABELS });
    }
    const { year, asOf, format } = parsed.data;
    const org = parsed.data.org ? await orgByCode(kx, parsed.data.org) : (() => {
      const w = widestOrg(reach);
      return w ? { id: w.orgId, code: w.code, name: w.name, kind: w.kind, path: w.path } : null;
    })();
    if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
    const report = (await rollupOf(kx, org.id, year, asOf))!;
    const name = `rollup-${org.code}-${year}-asof-${asOf}`;
    if (format === "json") return res.json(report);
    if (format === "csv") return res.attachment(`${name}.csv`).type("text/csv; charset=utf-8").send(rollupCsv(report));
    if (format === "xlsx") {
      return res.attachment(`${name}.xlsx`).type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await rollupXlsx(report));
    }
    const up = await db.org.findMany({ where: { id: { in: org.path.split("/").filter(Boolean).map(Number) } }, select: { code: true, name: true, path: true } });
    const crumbs = up.sort((a, b) => a.path.length - b.path.length).filter((o) => reachesOrg(reach, o.path));
    res.render("reports/rollup", { title: `汇总 · ${org.name}`, report, error: null, q: { year, asOf }, crumbs, figures: ROLLUP_FIGURES, labels: ROLLUP_LABELS, kinds: ORG_KIND_LABELS, opens: [...MEASURE_FIGURES, "trainedShare"] });
  });

  // The records behind a stays/stayHouseholds/writings figure of an org (org=) or a branch's zone
  // (zone=), counted by the roll-up's own attribution (src/reports/stays-writings.ts). 404 outside reach.
  r.get("/records", async (req, res) => {
    const today = todayOf(clock);
    const reach = req.user!.reach;
    if (!oversees(reach)) throw new ForbiddenError("您的角色无权查看汇总报表");
    const parsed = query(Number(today.slice(0, 4)), today).extend({ figure: z.enum(["stays", "stayHouseholds", "writings"]), zone: z.coerce.number().int().positive().optional() }).safeParse(req.query);
    if (!parsed.success) throw new NotFoundError();
    const { year, asOf, figure } = parsed.data;
    let scope: DrillScope;
    let where: string;
    if (parsed.data.zone !== undefined) {
      const zone = await findReachableZone(db, req.user!, parsed.data.zone, today); // 404 outside reach
      scope = { zone: { id: zone.id, branchId: zone.branchId } };
      where = zone.name;
    } else {
      // No org named: the widest org in reach, as the roll-up and the other measures' records.
      const w = parsed.data.org ? null : widestOrg(reach);
      const org = parsed.data.org ? await orgByCode(kx, parsed.data.org) : w && { id: w.orgId, code: w.code, name: w.name, kind: w.kind, path: w.path };
      if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
      scope = { org };
      where = org.name;
    }
    const found = await drillDown(kx, figure, scope, year, asOf);
    res.render("reports/rollup-stay-records", { title: `${ROLLUP_LABELS[figure]} · ${where}`, figure, label: ROLLUP_LABELS[figure], where, year, asOf, ...found, max: DRILL_MAX });
  });
  return r;
}
