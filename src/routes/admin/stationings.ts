/**
 * 驻村 (三万计划, issue 18 item 3) on the admin's desk: the stationings touching the subtrees the
 * actor administers (the cadre's branch or the village), the form to station a cadre (login name,
 * village branch, period, post, kind) and ending one. Domain rules and the audit entries in
 * src/domain/stationing/commands.ts; a cadre or stationing out of the admin's reach answers 404 (or,
 * in the form, reads like an unknown login name); bad input re-renders the form with a Chinese
 * message and the values kept (422), nothing written.
 *
 *   GET  /admin/stationings             the list
 *   GET  /admin/stationings/new         the form
 *   POST /admin/stationings             station a cadre
 *   POST /admin/stationings/:id/end     end a stationing (its last day)
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { todayOf } from "../../http/clock.ts";
import { idParam } from "../../http/params.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { administersOrg } from "../../auth/reach.ts";
import { stationingEndForm, stationingForm } from "../../domain/stationing/schema.ts";
import { createStationing, endStationing } from "../../domain/stationing/commands.ts";
import { stationingsWhere } from "../../domain/stationing/queries.ts";
import { STATION_KIND_LABELS, STATION_POST_LABELS } from "../../domain/stationing/rules.ts";

export function stationingRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);
  const adminPaths = (req: Request) => req.user!.reach.subtrees.filter((s) => s.via === "ADMIN").map((s) => s.path);

  /** Open branches under a township (villages) the actor may station into: every one they administer. */
  async function villages(req: Request) {
    const reach = req.user!.reach;
    const townships = (await db.org.findMany({ where: { kind: "TOWNSHIP" }, select: { path: true } })).map((t) => t.path);
    const rows = await db.org.findMany({
      where: { kind: "BRANCH", OR: [{ dissolvedOn: null }, { dissolvedOn: { gt: today() } }] },
      orderBy: { path: "asc" },
      select: { id: true, name: true, code: true, path: true },
    });
    return rows
      .filter((b) => administersOrg(reach, b.path) && townships.some((t) => b.path.startsWith(t)))
      .map((b) => [String(b.id), `${b.name}（${b.code}）`]);
  }

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    res.status(status).render("admin/stationings/new", { title: "驻村", villages: await villages(req), posts: STATION_POST_LABELS, kinds: STATION_KIND_LABELS, values, errors });
  }

  r.get("/stationings", async (req, res) => {
    const list = await stationingsWhere(db, adminPaths(req));
    res.render("admin/stationings/index", { title: "驻村", list, today: today(), errors: {} });
  });

  r.get("/stationings/new", async (req, res) => {
    await renderNew(req, res, 200, { fromOn: today(), post: "OTHER", kind: "VILLAGE_CADRE" }, {});
  });

  r.post("/stationings", async (req, res) => {
    const form = parseForm(stationingForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    const reach = req.user!.reach;
    const unknown = { username: `没有登录名为「${form.data.username}」的党员，或不在您的管理范围内` };
    const member = await db.member.findUnique({ where: { username: form.data.username }, select: { id: true, name: true, branch: { select: { path: true } } } });
    const village = await db.org.findUnique({ where: { id: form.data.orgId }, select: { path: true } });
    if (!member || (!administersOrg(reach, member.branch.path) && !(village && administersOrg(reach, village.path)))) return renderNew(req, res, 422, formValues(req.body), unknown);
    try {
      const { username: _u, ...rest } = form.data;
      await createStationing(db, req.user!, { ...rest, memberId: member.id }, reach);
      flash(req, "success", `已登记「${member.name}」驻村，自 ${form.data.fromOn} 起`);
      res.redirect(303, "/admin/stationings");
    } catch (e) {
      if (e instanceof NotFoundError) return renderNew(req, res, 422, formValues(req.body), unknown);
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field === "memberId" ? "username" : e.field]: e.message });
    }
  });

  r.post("/stationings/:id/end", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(stationingEndForm, req.body);
    const rerender = async (errors: FormErrors) => {
      const list = await stationingsWhere(db, adminPaths(req));
      if (!list.some((s) => s.id === id)) throw new NotFoundError();
      res.status(422).render("admin/stationings/index", { title: "驻村", list, today: today(), errors: { [`end${id}`]: Object.values(errors)[0] }, values: formValues(req.body) });
    };
    if (!form.ok) return rerender(form.errors);
    try {
      const { name } = await endStationing(db, req.user!, id, form.data.toOn, req.user!.reach);
      flash(req, "success", `「${name}」的驻村于 ${form.data.toOn} 结束`);
      res.redirect(303, "/admin/stationings");
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await rerender({ [e.field]: e.message });
    }
  });
}
