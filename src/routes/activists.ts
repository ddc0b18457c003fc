/**
 * 入党积极分子: a zone's activists (add, end cultivation) and each one's dated cultivation notes.
 * Only the zone's members on today, the secretary and the admin reach them (404 otherwise).
 */
import { pageParam } from "../domain/paging.ts";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { activistForm, activistsOfZone, addActivist, addNote, deleteNote, endCultivation, endForm, findReachableActivist, noteForm, notesPage } from "../domain/activists/activists.ts";
import { findReachableZone, zoneIdOn } from "../domain/zones/reach.ts";

const zoneQuery = z.object({ zone: z.coerce.number().int().positive().optional().catch(undefined) });

export function activistsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  async function renderZone(req: Request, res: Response, zoneId: number | null, status = 200, values: FormValues = {}, errors: FormErrors = {}) {
    const today = todayOf(clock);
    if (zoneId === null) return res.render("activists/index", { title: "入党积极分子", zone: null, rows: [], values, errors });
    const zone = await findReachableZone(db, req.user!, zoneId, today);
    const rows = await activistsOfZone(db, zone.id);
    res.status(status).render("activists/index", { title: `入党积极分子 · ${zone.name}`, zone, rows, values: { sinceOn: today, ...values }, errors });
  }

  r.get("/", async (req, res) => {
    const { zone } = zoneQuery.parse(req.query);
    await renderZone(req, res, zone ?? (await zoneIdOn(db, req.user!.id, todayOf(clock))));
  });

  r.post("/", async (req, res) => {
    const zoneId = idParam(String(req.body?.zoneId ?? ""));
    const form = parseForm(activistForm, req.body);
    if (!form.ok) return renderZone(req, res, zoneId, 422, form.values, form.errors);
    try {
      const a = await addActivist(db, req.user!, zoneId, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "已添加入党积极分子");
      res.redirect(303, `/activists/${a.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderZone(req, res, zoneId, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  async function renderShow(req: Request, res: Response, id: number, status = 200, values: FormValues = {}, errors: FormErrors = {}) {
    const today = todayOf(clock);
    const found = await findReachableActivist(db, req.user!, id, today);
    const { notes, pager } = await notesPage(db, id, pageParam(req.query.page));
    const activist = { ...found, notes };
    res.status(status).render("activists/show", { title: `培养记录 · ${activist.name}`, activist, notesPager: pager, values: { notedOn: today, endedOn: today, ...values }, errors });
  }

  r.get("/:id", (req, res) => renderShow(req, res, idParam(req.params.id)));

  async function write(req: Request, res: Response, id: number, action: () => Promise<unknown>, message: string) {
    try {
      await action();
      flash(req, "success", message);
      res.redirect(303, `/activists/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, formValues(req.body), { [e.field]: e.message });
    }
  }

  r.post("/:id/notes", async (req, res) => {
    const id = idParam(req.params.id);
    await findReachableActivist(db, req.user!, id, todayOf(clock));
    const form = parseForm(noteForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.values, form.errors);
    await write(req, res, id, () => addNote(db, req.user!, id, form.data, todayOf(clock), formTokenOf(req.body)), "培养记录已保存");
  });

  r.post("/:id/end", async (req, res) => {
    const id = idParam(req.params.id);
    await findReachableActivist(db, req.user!, id, todayOf(clock));
    const form = parseForm(endForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.values, form.errors);
    await write(req, res, id, () => endCultivation(db, req.user!, id, form.data, todayOf(clock)), "已结束培养");
  });

  r.post("/:id/notes/:nid/delete", async (req, res) => {
    const id = idParam(req.params.id);
    await write(req, res, id, () => deleteNote(db, req.user!, id, idParam(req.params.nid), clock.now()), "培养记录已删除");
  });

  return r;
}
