/**
 * 三项教育 training (issue 18 item 4).
 *   GET  /training?year=&member=   sessions: those of orgs in reach, and one's own (member= one person's, in reach)
 *   GET  /training/new             the form (a branch's secretary, admins; 403 to others)
 *   POST /training                 record a session with its attendees (src/domain/training/commands.ts)
 *   GET  /training/coverage?org=&year=&asOf=   an org's coverage and who is still untrained (overseers; 404 out of reach)
 *   GET  /training/:id             one session (organizing org in reach, or attended; else 404)
 *   GET  /training/:id/attendees   add or remove attendees of a session (who may organize its org:
 *   POST /training/:id/attendees   the branch's secretary, admins over it; 403 to anyone who
 *   POST /training/:id/attendees/:memberId/delete   organizes nothing, 404 for a session out of reach)
 * Bad input: 422, the form again with a Chinese message and the values kept, nothing written.
 */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { idParam } from "../http/params.ts";
import { flash } from "../http/locals.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { oversees, reachesOrg, widestOrg } from "../auth/reach.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../core/errors.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { orgByCode } from "../domain/rollup/queries.ts";
import { attendeesForm, trainingForm } from "../domain/training/schema.ts";
import { addAttendees, attendeeCandidates, currentAttendees, CANDIDATE_LIMIT, findManagedSession, removeAttendee, sessionLocked, type ManagedSession } from "../domain/training/attendees.ts";
import { parseWithArrays } from "./admin/helpers.ts";
import { createSession, mayOrganize } from "../domain/training/commands.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { coverage, sessionDetail, sessionsFor } from "../domain/training/queries.ts";
import { percent, TRAINING_LEVEL_LABELS } from "../domain/training/rules.ts";

export function trainingRouter({ db, raw, kx, clock }: RouteDeps) {
  const r = Router();
  const today = () => todayOf(clock);
  const organizers = (req: Request) => req.user!.reach.subtrees.some((s) => s.via === "SECRETARY" || s.via === "ADMIN");

  async function orgOptions(req: Request) {
    const reach = req.user!.reach;
    const tops = reach.subtrees.filter((s) => s.via === "SECRETARY" || s.via === "ADMIN");
    const rows = await db.org.findMany({ where: { OR: tops.map((s) => ({ path: { startsWith: s.path } })), kind: { not: "BRANCH" } }, orderBy: { path: "asc" }, select: { id: true, name: true, code: true, path: true } });
    const branches = tops.filter((s) => s.kind === "BRANCH").map((s) => ({ id: s.orgId, name: s.name, code: s.code, path: s.path }));
    return [...rows, ...branches].filter((o) => mayOrganize(reach, o.path)).map((o) => [String(o.id), `${o.name}（${o.code}）`]);
  }

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    res.status(status).render("training/new", { title: "登记培训", orgs: await orgOptions(req), levels: TRAINING_LEVEL_LABELS, values, errors });
  }

  r.get("/", async (req, res) => {
    const reach = req.user!.reach;
    const asked = Number(req.query.year);
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= 2100 ? asked : undefined;
    const memberQ = typeof req.query.member === "string" && /^\d{1,9}$/.test(req.query.member) ? Number(req.query.member) : undefined;
    if (memberQ !== undefined && memberQ !== reach.self) {
      const m = await db.member.findUnique({ where: { id: memberQ }, select: { branch: { select: { path: true } } } });
      if (!m || !reachesOrg(reach, m.branch.path)) throw new NotFoundError();
    }
    const list = await sessionsFor(db, reach, { memberId: memberQ, year });
    res.render("training/index", { title: "三项教育培训", list, canCreate: organizers(req), canCoverage: oversees(reach), year: year ?? null });
  });

  r.get("/new", async (req, res) => {
    if (!organizers(req)) throw new ForbiddenError("只有支部书记和管理员可以登记培训");
    await renderNew(req, res, 200, { heldOn: today(), level: "TOWNSHIP" }, {});
  });

  r.post("/", async (req, res) => {
    if (!organizers(req)) throw new ForbiddenError("只有支部书记和管理员可以登记培训");
    const form = parseForm(trainingForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    try {
      const made = await createSession(db, req.user!, form.data, req.user!.reach, today(), formTokenOf(req.body));
      flash(req, "success", `已登记培训「${form.data.topic}」，参训 ${made.attendees} 人`);
      res.redirect(303, `/training/${made.id}`);
    } catch (e) {
      if (e instanceof NotFoundError) return renderNew(req, res, 422, formValues(req.body), { orgId: "组织不存在或不在您的管理范围内" });
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/coverage", async (req, res) => {
    const reach = req.user!.reach;
    if (!oversees(reach)) throw new ForbiddenError("您的角色无权查看此页面");
    const t = today();
    const asked = Number(req.query.year);
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= Number(t.slice(0, 4)) + 1 ? asked : Number(t.slice(0, 4));
    const asOf = typeof req.query.asOf === "string" && isValidLocalDate(req.query.asOf) ? req.query.asOf : t;
    const w = widestOrg(reach);
    const org = typeof req.query.org === "string" && req.query.org !== "" ? await orgByCode(kx, req.query.org.slice(0, 64)) : w && { id: w.orgId, code: w.code, name: w.name, kind: w.kind, path: w.path };
    if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管辖范围内");
    const cov = coverage(raw, org, year, asOf);
    res.render("training/coverage", { title: `参训率 · ${org.name}`, cov, percent, asOf });
  });

  r.get("/:id", async (req, res) => {
    const s = await sessionDetail(db, req.user!.reach, idParam(req.params.id));
    if (!s) throw new NotFoundError();
    res.render("training/show", { title: `培训 · ${s.topic}`, s, canManage: mayOrganize(req.user!.reach, s.org.path) });
  });

  /** The session of `:id` the actor manages: 403 to anyone who organizes nothing (whatever the id), else 404 out of reach. */
  async function managed(req: Request): Promise<ManagedSession> {
    if (!organizers(req)) throw new ForbiddenError("只有支部书记和管理员可以修改参训人员");
    return findManagedSession(db, req.user!.reach, idParam(req.params.id));
  }

  async function renderAttendees(res: Response, status: number, s: ManagedSession, values: FormValues, picked: string[], errors: FormErrors) {
    const { rows, more } = await attendeeCandidates(db, s);
    res.status(status).render("training/attendees", {
      title: `参训人员 · ${s.topic}`,
      s,
      candidates: rows,
      more,
      limit: CANDIDATE_LIMIT,
      attending: await currentAttendees(db, s),
      locked: await sessionLocked(db, s),
      values,
      picked,
      errors,
    });
  }

  r.get("/:id/attendees", async (req, res) => {
    await renderAttendees(res, 200, await managed(req), {}, [], {});
  });

  r.post("/:id/attendees", async (req, res) => {
    const s = await managed(req);
    const form = parseWithArrays(attendeesForm, req.body, ["memberIds"]);
    if (!form.ok) return renderAttendees(res, 422, s, form.values, form.picked, form.errors);
    try {
      const done = await addAttendees(db, req.user!, req.user!.reach, s.id, form.data);
      flash(req, "success", done.already ? `已添加 ${done.added} 人；${done.already} 人已在参训名单中` : `已添加 ${done.added} 人`);
      res.redirect(303, `/training/${s.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderAttendees(res, 422, s, formValues(req.body), form.picked, { [e.field]: e.message });
    }
  });

  r.post("/:id/attendees/:memberId/delete", async (req, res) => {
    const s = await managed(req);
    try {
      const name = await removeAttendee(db, req.user!, req.user!.reach, s.id, idParam(req.params.memberId));
      flash(req, "success", `已将「${name}」移出参训名单`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
    }
    res.redirect(303, `/training/${s.id}/attendees`);
  });
  return r;
}
