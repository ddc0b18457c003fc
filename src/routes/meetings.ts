/**
 * Meetings (院坝会 座谈会 茶话会 恳谈会 调研会): list within reach, record one (with attendance from
 * the zone's roster on its date, only the organizer pre-ticked, and the requests raised at it), read, delete (the
 * recorder only). Handlers: parse, scope, call the domain, 303 with a flash; 422 on a bad form.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { parseMeetingForm, type MeetingFormState } from "../domain/meetings/schema.ts";
import { deleteMeeting, recordMeeting } from "../domain/meetings/commands.ts";
import { findReadableMeeting, listMeetings } from "../domain/meetings/queries.ts";
import { findReachableZone, rosterOn, zoneIdOn, zonesOfActor } from "../domain/zones/reach.ts";
import { MEETING_KIND_LABELS, MEETING_KINDS, REQUEST_STATUS_LABELS } from "../core/labels.ts";
import { formValues, type FormErrors } from "../domain/forms.ts";

const listQuery = z.object({
  zone: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(MEETING_KINDS as [string, ...string[]]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function meetingsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const filter = listQuery.parse(req.query);
    if (filter.zone) await findReachableZone(db, req.user!, filter.zone, today); // a zone out of reach: 404, as /activists?zone=
    const { rows, more } = await listMeetings(db, req.user!, { zoneId: filter.zone, kind: filter.kind, page: filter.page }, today);
    res.render("meetings/index", { title: "会议记录", rows, more, filter, zones: await zonesOfActor(db, req.user!, today), kinds: MEETING_KIND_LABELS });
  });

  async function renderForm(req: Request, res: Response, status: number, state: MeetingFormState, errors: FormErrors, prefill: boolean) {
    const today = todayOf(clock);
    const zones = await zonesOfActor(db, req.user!, today);
    const wanted = Number(state.values.zoneId);
    const zoneId = zones.find((z) => z.id === wanted)?.id ?? (await zoneIdOn(db, req.user!.id, today)) ?? zones[0]?.id;
    const heldOn = isValidLocalDate(state.values.heldOn ?? "") && state.values.heldOn <= today ? state.values.heldOn : today;
    const roster = zoneId ? await rosterOn(db, zoneId, heldOn) : [];
    if (!roster.some((m) => m.id === req.user!.id)) roster.push({ ...req.user!, username: req.user!.username, cadreLevel: null, phone: null });
    const residents = zoneId
      ? await db.resident.findMany({ where: { zoneId, deletedAt: null }, select: { id: true, name: true, tags: true }, orderBy: [{ name: "asc" }, { id: "asc" }], take: 500 })
      : [];
    // a new form ticks only the organizer (issue 15): the others are ticked as they are seen present
    const attendeeIds = prefill ? [req.user!.id] : state.attendeeIds;
    const rows = [...state.requests];
    while (rows.length < 3) rows.push({ residentName: "", content: "" });
    res.status(status).render("meetings/new", {
      title: "记录会议",
      zones,
      roster,
      residents,
      values: { ...state.values, zoneId: String(zoneId ?? ""), heldOn: state.values.heldOn ?? heldOn },
      attendeeIds,
      residentIds: state.residentIds,
      requestRows: rows,
      errors,
      kinds: MEETING_KIND_LABELS,
    });
  }

  r.get("/new", async (req, res) => {
    const q = (k: string) => (typeof req.query[k] === "string" ? (req.query[k] as string) : "");
    const kind = (MEETING_KINDS as string[]).includes(q("kind")) ? q("kind") : "COURTYARD";
    const values = { kind, zoneId: q("zone"), heldOn: isValidLocalDate(q("heldOn")) ? q("heldOn") : todayOf(clock), hostId: String(req.user!.id), residentCount: "0" };
    await renderForm(req, res, 200, { values, attendeeIds: [], residentIds: [], requests: [] }, {}, true);
  });

  r.post("/", async (req, res) => {
    const form = parseMeetingForm(req.body ?? {});
    if (!form.ok) return renderForm(req, res, 422, form.state, form.errors, false);
    try {
      const { meeting, requestIds } = await recordMeeting(db, req.user!, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", requestIds.length ? `会议记录已保存，登记诉求 ${requestIds.length} 条` : "会议记录已保存");
      res.redirect(303, `/meetings/${meeting.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const state = { values: formValues(req.body), attendeeIds: form.data.attendeeIds, residentIds: form.data.residentIds, requests: form.data.requests };
      await renderForm(req, res, 422, state, { [e.field]: e.message }, false);
    }
  });

  r.get("/:id", async (req, res) => {
    const meeting = await findReadableMeeting(db, req.user!, idParam(req.params.id), todayOf(clock));
    res.render("meetings/show", { title: "会议记录", meeting, kinds: MEETING_KIND_LABELS, statuses: REQUEST_STATUS_LABELS, own: meeting.createdById === req.user!.id });
  });

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteMeeting(db, req.user!, id, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/meetings/${id}`);
    }
    flash(req, "success", "会议记录已删除");
    res.redirect(303, "/meetings");
  });

  return r;
}
