/** Line visits (一线走访): log, read, edit, delete. Logging is for cadres and the secretary. */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { localDateTimeOf } from "../rules/index.ts";
import { visitForm } from "../domain/visits/schema.ts";
import { assignedDepartmentOn, assignedLineOn, findOwnVisit, findReadableVisit, visitTargets } from "../domain/visits/queries.ts";
import { deleteVisit, logVisit, updateVisit } from "../domain/visits/commands.ts";
import { DomainError, ForbiddenError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { isLocked } from "../domain/reviews/lock.ts";
import { can } from "../auth/policies.ts";

export function visitsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  function mayLog(req: Request) {
    if (!can.logVisits(req.user!)) throw new ForbiddenError("一线走访由党员干部记录");
  }

  async function renderForm(res: Response, status: number, view: "new" | "edit", values: FormValues, errors: FormErrors, id?: number) {
    const targets = await visitTargets(db, todayOf(clock));
    res.status(status).render(`visits/${view}`, { title: view === "new" ? "记录走访" : "修改走访记录", targets, values, errors, id });
  }

  async function save(req: Request, res: Response, id?: number) {
    mayLog(req);
    if (id) await findOwnVisit(db, req.user!, id); // someone else's visit: 404 whatever the body
    const form = parseForm(visitForm, req.body);
    const view = id ? "edit" : "new";
    if (!form.ok) return renderForm(res, 422, view, form.values, form.errors, id);
    try {
      const visit = id ? await updateVisit(db, req.user!, id, form.data, clock.now()) : await logVisit(db, req.user!, form.data, clock.now(), formTokenOf(req.body));
      flash(req, "success", id ? "走访记录已修改" : "走访记录已保存");
      res.redirect(303, id ? `/visits/${visit.id}` : "/");
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderForm(res, 422, view, formValues(req.body), { [e.field]: e.message }, id);
    }
  }

  r.get("/new", async (req, res) => {
    mayLog(req);
    const [date, time] = localDateTimeOf(clock.now()).split(" ");
    const line = await assignedLineOn(db, req.user!.id, date);
    const dept = line ? null : await assignedDepartmentOn(db, req.user!.id, date);
    const target = line ? `line:${line.id}` : dept ? `dept:${dept.id}` : "";
    await renderForm(res, 200, "new", { visitedOn: date, visitedTime: time, target }, {});
  });
  r.post("/", (req, res) => save(req, res));

  r.get("/:id", async (req, res) => {
    const visit = await findReadableVisit(db, req.user!, idParam(req.params.id));
    const locked = await isLocked(db, { memberId: visit.cadreId }, visit.visitedOn);
    res.render("visits/show", { title: "走访记录", visit, locked, when: localDateTimeOf(visit.visitedAt), own: visit.cadreId === req.user!.id });
  });

  r.get("/:id/edit", async (req, res) => {
    const visit = await findOwnVisit(db, req.user!, idParam(req.params.id));
    if (await isLocked(db, { memberId: visit.cadreId }, visit.visitedOn)) {
      flash(req, "error", `${visit.visitedOn.slice(0, 4)} 年度已关闭（年终备查），该记录只读`);
      return res.redirect(303, `/visits/${visit.id}`);
    }
    const [date, time] = localDateTimeOf(visit.visitedAt).split(" ");
    const target = visit.lineId ? `line:${visit.lineId}` : `dept:${visit.departmentId}`;
    const values = { visitedOn: date, visitedTime: time, target, purpose: visit.purpose, problemsFound: visit.problemsFound, handling: visit.handling };
    await renderForm(res, 200, "edit", values, {}, visit.id);
  });
  r.post("/:id", (req, res) => save(req, res, idParam(req.params.id)));

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteVisit(db, req.user!, id, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/visits/${id}`);
    }
    flash(req, "success", "走访记录已删除");
    res.redirect(303, "/records");
  });

  return r;
}
