/**
 * 线路与科室 (admin): both lists, create, rename / describe, retire from a date, and link cadres
 * from a date (the dated history is kept). `:kind` is `line` or `department`.
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { idParam } from "../../http/params.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { linkForm, retireForm, unitForm } from "../../domain/units/schema.ts";
import { createUnit, linkCadres, retireUnit, updateUnit, UNIT_LABELS, type UnitKind } from "../../domain/units/commands.ts";
import { listUnits, unitDetail } from "../../domain/units/queries.ts";
import { parseWithArrays } from "./helpers.ts";

function kindParam(req: Request): UnitKind {
  const k = req.params.kind;
  if (k !== "line" && k !== "department") throw new NotFoundError();
  return k;
}

export function unitRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  async function renderIndex(res: Response, status = 200, values: FormValues = { kind: "line" }, errors: FormErrors = {}) {
    res.status(status).render("admin/units/index", { title: "线路与科室", ...(await listUnits(db, today())), kinds: UNIT_LABELS, values, errors });
  }

  async function renderShow(res: Response, kind: UnitKind, id: number, status = 200, form = "", values: FormValues = {}, errors: FormErrors = {}, picked: string[] = []) {
    const d = await unitDetail(db, kind, id, today());
    const v = form === "edit" ? values : { name: d.unit.name, description: d.unit.description, fromOn: today(), retiredOn: today(), ...(form ? values : {}) };
    res.status(status).render("admin/units/show", { title: `${UNIT_LABELS[kind]}：${d.unit.name}`, kind, kindLabel: UNIT_LABELS[kind], ...d, form, values: v, errors, picked });
  }

  r.get("/units", (_req, res) => renderIndex(res));

  r.post("/units", async (req, res) => {
    const form = parseForm(unitForm, req.body);
    if (!form.ok) return renderIndex(res, 422, form.values, form.errors);
    try {
      const u = await createUnit(db, req.user!, form.data, formTokenOf(req.body));
      flash(req, "success", `${UNIT_LABELS[form.data.kind]}「${u.name}」已建立`);
      res.redirect(303, `/admin/units/${form.data.kind}/${u.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderIndex(res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/units/:kind/:id", (req, res) => renderShow(res, kindParam(req), idParam(req.params.id)));

  r.post("/units/:kind/:id", async (req, res) => {
    const kind = kindParam(req);
    const id = idParam(req.params.id);
    const form = parseForm(unitForm.omit({ kind: true }), req.body);
    if (!form.ok) return renderShow(res, kind, id, 422, "edit", form.values, form.errors);
    try {
      await updateUnit(db, req.user!, kind, id, form.data);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return renderShow(res, kind, id, 422, "edit", formValues(req.body), { [e.field]: e.message });
    }
    flash(req, "success", "已保存");
    res.redirect(303, `/admin/units/${kind}/${id}`);
  });

  r.post("/units/:kind/:id/retire", async (req, res) => {
    const kind = kindParam(req);
    const id = idParam(req.params.id);
    const form = parseForm(retireForm, req.body);
    if (!form.ok) return renderShow(res, kind, id, 422, "retire", form.values, form.errors);
    try {
      await retireUnit(db, req.user!, kind, id, form.data.retiredOn);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return renderShow(res, kind, id, 422, "retire", formValues(req.body), { [e.field]: e.message });
    }
    flash(req, "success", `已撤销，自 ${form.data.retiredOn} 起不再使用；历史记录保留`);
    res.redirect(303, `/admin/units/${kind}/${id}`);
  });

  r.post("/units/:kind/:id/link", async (req, res) => {
    const kind = kindParam(req);
    const id = idParam(req.params.id);
    const form = parseWithArrays(linkForm, req.body, ["memberIds"]);
    if (!form.ok) return renderShow(res, kind, id, 422, "link", form.values, form.errors, form.picked);
    try {
      const n = await linkCadres(db, req.user!, kind, id, form.data.memberIds, form.data.fromOn);
      flash(req, "success", `已为 ${n} 名干部挂钩，自 ${form.data.fromOn} 起生效`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return renderShow(res, kind, id, 422, "link", formValues(req.body), { [e.field]: e.message }, form.picked);
    }
    res.redirect(303, `/admin/units/${kind}/${id}`);
  });
}
