/**
 * Long exports as background jobs with a progress page (overseers: secretary, reviewer, admin):
 *   POST /exports                 start the year workbook (year, asOf) → 303 to its progress page
 *   GET  /exports/:id             progress page (public/js/export-progress.js polls the status)
 *   GET  /exports/:id/status      { state, rows, total, sheet, message, error, download } (JSON)
 *   GET  /exports/:id/download    the finished .xlsx
 * A job belongs to the person who started it; anyone else gets 404.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../core/errors.ts";
import { orgWhere } from "../auth/reach.ts";
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

export function exportsRouter({ db, raw, clock }: RouteDeps, jobs = new ExportJobs()) {
  const r = Router();
  r.use(requirePolicy(can.oversee));

  r.post("/", async (req, res) => {
    const today = todayOf(clock);
    // The year workbook holds every branch's records: only for someone who reaches every branch
    // (the one secretary of a single-branch office, the county's reviewers and admins) until it is
    // built per org (issue 12 item 4).
    if ((await db.org.count({ where: { kind: "BRANCH", NOT: orgWhere(req.user!.reach) } })) > 0) {
      throw new ForbiddenError("年度台账包含全县各支部的记录，目前只能由县级审核或管理员导出");
    }
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
      const job = jobs.startYearWorkbook(raw.name, req.user!.id, form.data.year, form.data.asOf);
      res.redirect(303, `/exports/${job.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      res.redirect(303, `/review?year=${form.data.year}`);
    }
  });

  r.get("/:id", (req, res) => {
    const job = jobs.get(idOf(req.params.id), req.user!.id);
    res.render("exports/show", { title: "导出年度台账", job, s: status(job) });
  });

  r.get("/:id/status", (req, res) => {
    res.set("Cache-Control", "no-store").json(status(jobs.get(idOf(req.params.id), req.user!.id)));
  });

  r.get("/:id/download", (req, res) => {
    const job = jobs.get(idOf(req.params.id), req.user!.id);
    if (job.state !== "done") return res.redirect(303, `/exports/${job.id}`);
    res.download(job.file, job.filename);
  });

  return r;
}
