/**
 * The whole URL map on one screen. Public by opt-in only: everything after `requireLogin`
 * needs a session; routers narrow further with `requirePolicy` (auth/policies.ts) and each record
 * is loaded within the actor's reach (auth/reach.ts, 404 outside). "Overseers" below are the
 * secretary (their branch), reviewers and admins (their grants' subtrees). Handlers live in one
 * file per resource.
 *
 *   GET  /healthz                      liveness + database (in app.ts, before sessions)
 *   GET  /login  POST /login  POST /logout                         session.ts  (public)
 *   GET  /                             我的工作台 (dashboard)        dashboard.ts
 *   GET  /account/password  POST /account/password               account.ts
 *   GET  /records                      我的记录 (talks + visits, filters)   records.ts
 *   GET  /records|/residents|/requests|/meetings/export.csv   the ledger lists as CSV (same filters)  ledger-exports.ts
 *   GET  /talks/new  POST /talks  GET /talks/:id  GET /talks/:id/edit
 *   POST /talks/:id  POST /talks/:id/delete                        talks.ts
 *   GET  /visits/new POST /visits GET /visits/:id GET /visits/:id/edit
 *   POST /visits/:id POST /visits/:id/delete                       visits.ts (cadres, secretary)
 *   GET  /counterparts?kind=&q=        searchable list for the talk form (JSON)   counterparts.ts
 *   GET  /reports/compliance?year=&asOf=&format=html|json|csv|xlsx&org=  reports.ts (overseers, in reach)
 *   GET  /reports/rollup?year=&org=&asOf=&format=   an org's totals and its children's       rollup.ts (overseers, in reach)
 *   GET  /reports/rollup/records?figure=&org=&year=&asOf=   the records behind a measure figure   rollup-records.ts
 *   GET  /villages/:id?year=            a village branch's stationed cadres and their records there   villages.ts (overseers, in reach)
 *   GET  /training[/new]  POST /training  GET /training/:id  GET /training/coverage?org=&year=   三项教育   training.ts
 *   GET|POST /training/:id/attendees  POST /training/:id/attendees/:memberId/delete   a session's attendees  training.ts
 *   /admin/stationings  GET|POST /admin/stationings/new|/  POST /admin/stationings/:id/end   驻村 admin/stationings.ts
 *   GET  /reports/assessment?year=&asOf=&format=html|json|xlsx  POST /reports/assessment/finalize   三维考核  assessment-report.ts
 *   /assessment/ballots|survey|settings   民主测评, 民意调查 (draw, call list, answers), settings   assessment.ts (county reviewers/admins)
 *   GET  /desk[/print]?org=&year=&asOf=&sort=&dir=&format=html|xlsx   工作概况: the county dashboard   desk.ts (REVIEWER/ADMIN grants, in reach)
 *   GET  /vendor/chart.umd.min.js|idb.umd.js   Chart.js, idb from node_modules (public, no CDN; app.ts)  vendor.ts
 *   GET  /sw.js  /pwa/…  /outbox (public; app.ts)  GET /outbox/token (JSON, login)   offline outbox  pwa.ts
 *   GET  /review  /review/reminders    年终备查 overview, who is behind (overseers)
 *   POST /review/:year/members/:id     sign off a member's year (the branch's secretary; an admin over it for the secretary)
 *   GET|POST /review/:year/closure  POST /review/:year/closure/delete   close / reopen a year   review.ts
 *   GET  /years/:year/members/:id[/print]   a member's year and its A4 binder (own; overseers)
 *   GET  /years/:year/zones/:id[/print]     a zone's year and its binder (overseers)    years.ts
 *   POST /exports  GET /exports/:id[/status|/download]   year workbook as a background job   exports.ts
 *   GET  /zones  GET /zones/:id  GET /zones/:id/card (党群连心卡)      zones.ts (zone's members, overseers)
 *   GET  /residents  GET|POST /residents/new|/  GET /residents/:id  POST /residents/:id/reveal
 *   GET  /residents/:id/edit  POST /residents/:id  POST /residents/:id/delete   residents.ts
 *   GET  /meetings  GET /meetings/new  POST /meetings  GET /meetings/:id  POST /meetings/:id/delete  meetings.ts
 *   GET  /requests  GET /requests/overdue (overseers)  GET /requests/new  POST /requests
 *   GET  /requests/:id  POST /requests/:id/handle (owner)          requests.ts
 *   POST /admin/accounts/:id/grants[/delete]   give / revoke an oversight grant   admin/accounts.ts
 *   /admin/...  accounts, zones, lines and departments, rules, imports, audit log   admin/index.ts (ADMIN grants, per subtree)
 *   GET  /pairings  GET /pairings/coverage (overseers)  GET /pairings/new  POST /pairings  GET /pairings/:id
 *   POST /pairings/:id/end  POST /pairings/:id/assistance  POST /pairings/:id/assistance/:aid/delete  pairings.ts (cadres+)
 *   GET  /activists?zone=  POST /activists  GET /activists/:id  POST /activists/:id/notes|end
 *   POST /activists/:id/notes/:nid/delete                          activists.ts (zone's members, overseers)
 *   GET  /situation-reports  POST /situation-reports  GET /situation-reports/:id
 *   POST /situation-reports/:id/handle (secretary)                 situation-reports.ts (cadres+)
 *   GET  /stays  GET|POST /stays/new|/  GET /stays/:id  GET|POST /stays/:id/edit|/:id  POST /stays/:id/delete   三进三同 stays.ts (cadres log; read by reach)
 *   GET  /writings  GET|POST /writings/new|/  GET /writings/:id[/attachment]  GET|POST /writings/:id/edit|/:id  POST /writings/:id/delete   writings.ts (members; read by reach)
 *   GET  /reports/rollup/records?figure=&org=|zone=&year=&asOf=   the records behind a stays/writings figure  rollup.ts
 */
import type { Express } from "express";
import type { RouteDeps } from "./deps.ts";
import { requireLogin } from "../auth/guards.ts";
import { sessionRouter } from "./session.ts";
import { dashboardRouter } from "./dashboard.ts";
import { accountRouter } from "./account.ts";
import { recordsRouter } from "./records.ts";
import { talksRouter } from "./talks.ts";
import { visitsRouter } from "./visits.ts";
import { counterpartsRouter } from "./counterparts.ts";
import { reportsRouter } from "./reports.ts";
import { assessmentRouter } from "./assessment.ts";
import { assessmentReportRouter } from "./assessment-report.ts";
import { rollupRouter } from "./rollup.ts";
import { rollupRecordsRouter } from "./rollup-records.ts";
import { deskRouter } from "./desk.ts";
import { outboxTokenRouter } from "./pwa.ts";
import { reviewRouter } from "./review.ts";
import { yearsRouter } from "./years.ts";
import { exportsRouter } from "./exports.ts";
import { zonesRouter } from "./zones.ts";
import { residentsRouter } from "./residents.ts";
import { meetingsRouter } from "./meetings.ts";
import { requestsRouter } from "./requests.ts";
import { adminRouter } from "./admin/index.ts";
import { pairingsRouter } from "./pairings.ts";
import { activistsRouter } from "./activists.ts";
import { situationReportsRouter } from "./situation-reports.ts";
import { ledgerExportsRouter } from "./ledger-exports.ts";
import { staysRouter } from "./stays.ts";
import { writingsRouter } from "./writings.ts";
import { villagesRouter } from "./villages.ts";
import { trainingRouter } from "./training.ts";

export function mountRoutes(app: Express, deps: RouteDeps) {
  // /vendor, /sw.js, /pwa and /outbox are mounted in app.ts before the session (static, public).
  app.use(sessionRouter(deps)); // public: login and logout
  app.use(outboxTokenRouter()); // checks the login itself: an expired session answers 401 JSON
  app.use(requireLogin);
  app.use(dashboardRouter(deps));
  app.use("/account", accountRouter(deps));
  app.use(ledgerExportsRouter(deps)); // before the lists' routers: /residents/:id would take export.csv
  app.use("/records", recordsRouter(deps));
  app.use("/talks", talksRouter(deps));
  app.use("/visits", visitsRouter(deps));
  app.use("/counterparts", counterpartsRouter(deps));
  app.use("/reports/rollup/records", rollupRecordsRouter(deps)); // the records behind a measure figure
  app.use("/reports/rollup", rollupRouter(deps)); // before /reports: its own reach-based guard
  app.use("/reports/assessment", assessmentReportRouter(deps)); // before /reports: assessment-scope.ts guard
  app.use("/assessment", assessmentRouter(deps));
  app.use("/desk", deskRouter(deps));
  app.use("/reports", reportsRouter(deps));
  app.use("/review", reviewRouter(deps));
  app.use("/years", yearsRouter(deps));
  app.use("/exports", exportsRouter(deps));
  app.use("/zones", zonesRouter(deps));
  app.use("/residents", residentsRouter(deps));
  app.use("/meetings", meetingsRouter(deps));
  app.use("/requests", requestsRouter(deps));
  app.use("/admin", adminRouter(deps));
  app.use("/pairings", pairingsRouter(deps));
  app.use("/activists", activistsRouter(deps));
  app.use("/situation-reports", situationReportsRouter(deps));
  app.use("/stays", staysRouter(deps));
  app.use("/writings", writingsRouter(deps));
  app.use("/villages", villagesRouter(deps));
  app.use("/training", trainingRouter(deps));
}
