/** 操作日志 (admin): who did what to which record and when, before and after; filters by person, kind, dates. */
import type { Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { listAudit } from "../../domain/audit/log.ts";
import { pageOf, q } from "./helpers.ts";

export function auditRoutes(r: Router, { db }: RouteDeps) {
  r.get("/audit", async (req, res) => {
    const filters = { username: q(req, "username", 32), entity: q(req, "entity", 40), from: q(req, "from", 10), to: q(req, "to", 10), page: pageOf(req) };
    const log = await listAudit(db, filters);
    res.render("admin/audit/index", { title: "操作日志", log, filters });
  });
}
