/**
 * 三进三同 stays (issue 18 item 1):
 *   GET  /stays?year=&member=     a member's stays of the year (default: one's own; anyone else's
 *                                 within reach, 404 outside)
 *   GET  /stays/new  POST /stays  record a stay (党员干部 and the secretary; 403 otherwise)
 *   GET  /stays/:id               one stay (its cadre, and whoever reaches the cadre; 404 otherwise)
 *   GET  /stays/:id/edit  POST /stays/:id   the cadre edits their own (404 for anyone else's; a
 *                                 closed year: back to the stay with the message)
 *   POST /stays/:id/delete        the cadre deletes their own (404 for anyone else's)
 * Invalid input (end before start, overlap, closed year…) re-renders the form with 422, the
 * Chinese message and the values typed; nothing is written.
 */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { can } from "../auth/policies.ts";
import { DomainError, ForbiddenError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { isLocked } from "../domain/reviews/lock.ts";
import { findReadableMember } from "../domain/members/reach.ts";
import { stayForm } from "../domain/stays/schema.ts";
import { findOwnStay, findReadableStay, stayCandidates } from "../domain/stays/queries.ts";
import { deleteStay, logStay, updateStay } from "../domain/stays/commands.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";
import { STAY_WAY_LABELS } from "../core/labels.ts";
import { yearParam } from "./years.ts";

export function staysRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();

  function mayLog(req: Request) {
    if (!can.lead(req.user!)) throw new ForbiddenError("三进三同由党员干部记录");
  }

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    const candidates = await stayCandidates(db, req.user!, todayOf(clock));
    res.status(status).render("stays/new", { title: "记录三进三同", candidates, values, errors, ways: STAY_WAY_LABELS });
  }

  /** The edit form of the actor's own stay `stay`; its household stays pickable even if no longer a candidate. */
  async function renderEdit(req: Request, res: Response, status: number, stay: { id: number; residentId: number }, values: FormValues, errors: FormErrors) {
    const candidates = await stayCandidates(db, req.user!, todayOf(clock));
    if (!candidates.some((c) => c.id === stay.residentId)) {
      const current = await db.resident.findUnique({ where: { id: stay.residentId }, select: { id: true, name: true, zone: { select: { name: true } } } });
      if (current) candidates.unshift(current);
    }
    res.status(status).render("stays/edit", { title: "修改三进三同记录", id: stay.id, candidates, values, errors, ways: STAY_WAY_LABELS });
  }

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const year = req.query.year === undefined ? Number(today.slice(0, 4)) : yearParam(req.query.year, today);
    const memberId = req.query.member === undefined ? req.user!.id : idParam(req.query.member);
    if (memberId !== req.user!.id) await findReadableMember(db, req.user!, memberId); // out of reach: 404
    const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true, name: true } });
    const { stays } = await memberStaysAndWritings(kx, memberId, year);
    res.render("stays/index", { title: "三进三同", stays, member, year, own: memberId === req.user!.id, ways: STAY_WAY_LABELS });
  });

  r.get("/new", async (req, res) => {
    mayLog(req);
    const today = todayOf(clock);
    await renderNew(req, res, 200, { fromOn: today, toOn: today }, {});
  });

  r.post("/", async (req, res) => {
    mayLog(req);
    const form = parseForm(stayForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    try {
      const stay = await logStay(db, req.user!, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "三进三同记录已保存");
      res.redirect(303, `/stays/${stay.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/:id", async (req, res) => {
    const stay = await findReadableStay(db, req.user!, idParam(req.params.id));
    const locked = await isLocked(db, { memberId: stay.cadreId }, stay.fromOn) || (await isLocked(db, { memberId: stay.cadreId }, stay.toOn));
    const requests = await db.request.findMany({ where: { stayId: stay.id, deletedAt: null }, select: { id: true, content: true, status: true, raisedOn: true }, orderBy: { id: "asc" } });
    res.render("stays/show", { title: "三进三同", stay, locked, requests, own: stay.cadreId === req.user!.id, ways: STAY_WAY_LABELS });
  });

  r.get("/:id/edit", async (req, res) => {
    const stay = await findOwnStay(db, req.user!, idParam(req.params.id)); // anyone else's: 404
    if ((await isLocked(db, { memberId: stay.cadreId }, stay.fromOn)) || (await isLocked(db, { memberId: stay.cadreId }, stay.toOn))) {
      flash(req, "error", `${stay.fromOn.slice(0, 4)} 年度已关闭（年终备查），该记录只读`);
      return res.redirect(303, `/stays/${stay.id}`);
    }
    const box = (b: boolean) => (b ? "1" : "");
    const values: FormValues = { residentId: String(stay.residentId), fromOn: stay.fromOn, toOn: stay.toOn, eat: box(stay.eat), live: box(stay.live), work: box(stay.work), diary: stay.diary, problems: stay.problems };
    await renderEdit(req, res, 200, stay, values, {});
  });

  r.post("/:id", async (req, res) => {
    const stay = await findOwnStay(db, req.user!, idParam(req.params.id)); // anyone else's: 404 whatever the body
    const form = parseForm(stayForm, req.body);
    if (!form.ok) return renderEdit(req, res, 422, stay, form.values, form.errors);
    try {
      await updateStay(db, req.user!, stay.id, form.data, todayOf(clock));
      flash(req, "success", "三进三同记录已修改");
      res.redirect(303, `/stays/${stay.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderEdit(req, res, 422, stay, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteStay(db, req.user!, id, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/stays/${id}`);
    }
    flash(req, "success", "三进三同记录已删除");
    res.redirect(303, "/stays");
  });

  return r;
}
