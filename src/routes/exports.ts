/**
 * Long exports as background jobs with a progress page (overseers: secretary, reviewer, admin):
 *   POST /exports                 start the year workbook (year, asOf, org) → 303 to its progress page
 *   GET  /exports/:id             progress page (public/js/export-progress.js polls the status)
 *   GET  /exports/:id/status      { state, rows, total, sheet, message, error, download } (JSON)
 *   GET  /exports/:id/download    the finished .xlsx
 * The workbook covers one org's subtree (`org` = a code; default the widest org the person
 * reaches, a secretary's branch; 404 out of reach) and the job records it. A job belongs to the
 * person who started it; anyone else gets 404, and so does its owner once the org is out of reach.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { DomainError, NotFoundError } from "../core/errors.ts";
import { reachesOrg, type Reach } from "../auth/reach.ts";
import { isRoot, orgParam, resolveOrg } from "../reports/org-scope.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { ExportJobs, type ExportJob } from "../reports/export-jobs.ts";

const idOf = (raw: unknown): string => {
  if (typeof raw !== "string" || !/^[0-9a-f-]{36}$/.test(raw)) throw new NotFoundError();
  return raw;
};

function status(job: ExportJob) {
  const pct = job.total ? Math.min(100, Math.floor((100 * job.rows) / job.total)) : 0;
  const message =
    job.state === "done"
      ? `已完成：共 ${job.rows.toLocaleString("zh-CN")} 行`
      : job.state === "failed"
        ? "导出失败"
        : `正在导出${job.sheet ? `「${job.sheet}」` : ""}：${job.rows.toLocaleString("zh-CN")} / ${job.total.toLocaleString("zh-CN")} 行（${pct}%）`;
  return {
    state: job.state,
    sheet: job.sheet,
    rows: job.rows,
    total: job.total,
    percent: pct,
    message,
    error: job.error ? "导出失败，请稍后重试" : null,
    download: job.state === "done" ? `/exports/${job.id}/download` : null,
  };
}

export function exportsRouter({ kx, clock, config }: RouteDeps, jobs = new ExportJobs()) {
  const r = Router();
  r.use(requirePolicy(can.oversee));

  r.post("/", async (req, res) => {
    const today = todayOf(clock);
    const org = await resolveOrg(kx, req.user!.reach, orgParam(req.body?.org)); // out of reach: 404
    const form = z
      .object({
        year: z.coerce.number().int().min(2000).max(Number(today.slice(0, 4))),
        asOf: z.string().refine(isValidLocalDate).catch(today),
      })
      .safeParse(req.body);
    if (!form.success) {
      flash(req, "error", "年份无效");
      return res.redirect(303, "/review");
    }
    try {
      // The workbook reads on a connection of its own, opened from DATABASE_URL (SQLite or PostgreSQL).
      const job = jobs.startYearWorkbook(config.DATABASE_URL, req.user!.id, form.data.year, form.data.asOf, org);
      res.redirect(303, `/exports/${job.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      res.redirect(303, `/review?year=${form.data.year}`);
    }
  });

  /** The owner's job, while its org is still within their reach; else 404. */
  const jobOf = (raw: unknown, ownerId: number, reach: Reach): ExportJob => {
    const job = jobs.get(idOf(raw), ownerId);
    if (job.org && !reachesOrg(reach, job.org.path)) throw new NotFoundError("导出任务不存在或已过期");
    return job;
  };

  r.get("/:id", (req, res) => {
    const job = jobOf(req.params.id, req.user!.id, req.user!.reach);
    res.render("exports/show", { title: "导出年度台账", job, s: status(job), orgName: job.org && !isRoot(job.org) ? job.org.name : null });
  });

  r.get("/:id/status", (req, res) => {
    res.set("Cache-Control", "no-store").json(status(jobOf(req.params.id, req.user!.id, req.user!.reach)));
  });

  r.get("/:id/download", (req, res) => {
    const job = jobOf(req.params.id, req.user!.id, req.user!.reach);
    if (job.state !== "done") return res.redirect(303, `/exports/${job.id}`);
    res.download(job.file, job.filename);
  });

  return r;
}
