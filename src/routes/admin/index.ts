/**
 * The admin's desk (管理员), every route under /admin, for accounts holding an ADMIN grant. Each
 * admin manages their grants' subtrees: an account or zone (`:id`) outside them answers 404
 * before its handler runs, lists are cut to the subtree, and the system-wide pages (lines and
 * departments, imports, the audit log) are for an admin at the root; rules per org in reach:
 *
 *   GET  /admin                               管理首页
 *   GET  /admin/accounts  GET|POST /admin/accounts/new|/   GET /admin/accounts/:id
 *   GET  /admin/accounts/:id/edit  POST /admin/accounts/:id
 *   POST /admin/accounts/:id/role|assign/:kind|deactivate|reactivate|password    accounts.ts
 *   GET  /admin/zones  GET|POST /admin/zones/new|/  GET|POST /admin/zones/move
 *   GET  /admin/zones/:id  GET /admin/zones/:id/edit  POST /admin/zones/:id  POST /admin/zones/:id/retire   zones.ts
 *   GET|POST /admin/units  GET|POST /admin/units/:kind/:id  POST /admin/units/:kind/:id/retire|link        units.ts
 *   GET|POST /admin/orgs  GET|POST /admin/orgs/:id  POST /admin/orgs/:id/move|dissolve     orgs.ts
 *   GET  /admin/transfers  GET /admin/transfers/new  POST /admin/transfers     transfers.ts
 *   GET  /admin/stationings  GET|POST /admin/stationings/new|/  POST /admin/stationings/:id/end   stationings.ts
 *   GET|POST /admin/rules                                                      rules.ts
 *   GET|POST /admin/imports  POST /admin/imports/confirm|cancel  GET /admin/imports/templates/:kind      imports.ts
 *   GET  /admin/audit                                                          audit.ts
 *
 * The routes are registered on ONE router (no nested routers), so `adminRoutes()` can list them
 * from its stack and the route-table test checks every one of them refuses the other roles.
 */
import { Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { requirePolicy } from "../../auth/guards.ts";
import { can } from "../../auth/policies.ts";
import { NotFoundError } from "../../core/errors.ts";
import { adminScope } from "./helpers.ts";
import { accountRoutes } from "./accounts.ts";
import { zoneRoutes } from "./zones.ts";
import { unitRoutes } from "./units.ts";
import { ruleRoutes } from "./rules.ts";
import { orgRoutes } from "./orgs.ts";
import { transferRoutes } from "./transfers.ts";
import { stationingRoutes } from "./stationings.ts";
import { importRoutes } from "./imports.ts";
import { auditRoutes } from "./audit.ts";

export function adminRouter(deps: RouteDeps): Router {
  const r = Router();
  r.use(requirePolicy(can.administerSomewhere, "您的角色无权访问此页面"));
  // Rules are per org (rules.ts checks the org in reach); the rest is system-wide.
  r.use(["/units", "/imports", "/audit"], requirePolicy(can.administerAll, "只有全县（根组织）的管理员可以使用此页面"));
  // An account or zone outside the admin's subtrees: 404 before any handler reads the body.
  r.param("id", async (req, _res, next, raw) => {
    try {
      const id = /^\d{1,9}$/.test(String(raw)) ? Number(raw) : null;
      const scope = adminScope(req);
      if (id !== null && req.path.startsWith("/accounts/") && !(await deps.db.member.count({ where: { id, branch: scope } }))) throw new NotFoundError();
      if (id !== null && req.path.startsWith("/zones/") && !(await deps.db.zone.count({ where: { id, branch: scope } }))) throw new NotFoundError();
      next();
    } catch (e) {
      next(e);
    }
  });
  r.get("/", async (req, res) => {
    const scope = adminScope(req);
    const [accounts, inactive, zones, lines, departments] = await Promise.all([
      deps.db.member.count({ where: { active: true, branch: scope } }),
      deps.db.member.count({ where: { active: false, branch: scope } }),
      deps.db.zone.count({ where: { retiredOn: null, branch: scope } }),
      deps.db.line.count({ where: { retiredOn: null } }),
      deps.db.department.count({ where: { retiredOn: null } }),
    ]);
    res.render("admin/index", { title: "管理", counts: { accounts, inactive, zones, lines, departments } });
  });
  accountRoutes(r, deps);
  zoneRoutes(r, deps);
  unitRoutes(r, deps);
  orgRoutes(r, deps);
  transferRoutes(r, deps);
  stationingRoutes(r, deps);
  ruleRoutes(r, deps);
  importRoutes(r, deps);
  auditRoutes(r, deps);
  return r;
}

/** Every method and path of an admin router, from its stack (paths relative to /admin). */
export function adminRoutes(router: Router): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const layer of router.stack as unknown as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== "_all") out.push({ method: m.toUpperCase(), path: layer.route.path });
  }
  return out;
}
