/**
 * 群众诉求台账: list (within reach), the secretary's overdue list, raise a request (talk, visit,
 * walk-in 接访), read one, and the owner's handling form (办理中 / 已办结 / 已上报 with feedback).
 * Handlers: parse, scope, call the domain, 303 with a flash; an invalid form re-renders with 422.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { PAGE_SIZE, pageParam, pager } from "../domain/paging.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { handleRequestForm, raiseRequestForm } from "../domain/requests/schema.ts";
import { handleRequest, raiseRequest } from "../domain/requests/commands.ts";
import { feedbackSettings, findReadableRequest, listRequests, overdueRequests, withDeadline } from "../domain/requests/queries.ts";
import { findReachableZone, rosterOn, zoneIdOn, zonesOfActor } from "../domain/zones/reach.ts";
import { FEEDBACK_HOW_LABELS, MEETING_KIND_LABELS, OPEN_REQUEST_STATUSES, REQUEST_SOURCE_LABELS, REQUEST_STATUS_LABELS } from "../core/labels.ts";

const labels = { sources: REQUEST_SOURCE_LABELS, statuses: REQUEST_STATUS_LABELS, hows: FEEDBACK_HOW_LABELS, meetingKinds: MEETING_KIND_LABELS };

const listQuery = z.object({
  status: z.enum(["open", "closed", "all"]).catch("open"),
  zone: z.coerce.number().int().positive().optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function requestsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const q = listQuery.parse(req.query);
    const today = todayOf(clock);
    if (q.zone) await findReachableZone(db, req.user!, q.zone, today); // a zone out of reach: 404, as /activists?zone=
    const filter = { status: q.status, zoneId: q.zone, mine: q.mine === "1", page: q.page };
    const { rows, more } = await listRequests(db, req.user!, filter, today);
    res.render("requests/index", { title: "群众诉求台账", rows, more, filter, zones: await zonesOfActor(db, req.user!, today), ...labels });
  });

  // In pages (issue 16: a county reviewer's list ran to thousands of rows, 2.7 MB): oldest first, PAGE_SIZE a page.
  r.get("/overdue", requirePolicy(can.oversee), async (req, res) => {
    const all = await overdueRequests(db, req.user!, todayOf(clock));
    const p = pager(all.length, pageParam(req.query.page), PAGE_SIZE);
    res.render("requests/overdue", { title: "逾期未反馈的诉求", rows: all.slice(p.offset, p.offset + p.size), pager: p, ...labels });
  });

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    const today = todayOf(clock);
    const zones = await zonesOfActor(db, req.user!, today);
    // Only a zone the actor acts in: its roster (names, login names, phones) is not for others.
    const zoneId = zones.find((z) => z.id === Number(values.zoneId))?.id ?? (await zoneIdOn(db, req.user!.id, today)) ?? zones[0]?.id;
    const roster = zoneId ? (await rosterOn(db, zoneId, today)).filter((m) => m.id !== req.user!.id) : [];
    res.status(status).render("requests/new", { title: "登记群众诉求", zones, roster, values: { ...values, zoneId: String(zoneId ?? "") }, errors, ...labels });
  }

  r.get("/new", async (req, res) => {
    const source = ["TALK", "VISIT", "WALK_IN", "STAY"].includes(String(req.query.source)) ? String(req.query.source) : "WALK_IN";
    const linkId = /^\d{1,9}$/.test(String(req.query.link ?? "")) ? String(req.query.link) : "";
    const zoneId = /^\d{1,9}$/.test(String(req.query.zone ?? "")) ? String(req.query.zone) : "";
    if (zoneId) await findReachableZone(db, req.user!, Number(zoneId), todayOf(clock)); // another zone's roster: 404
    const values: FormValues = { source, linkId, zoneId, raisedOn: todayOf(clock) };
    if (source === "TALK" && linkId) {
      // From one's own talk with a resident: the resident and the date are those of the talk.
      const talk = await db.talk.findFirst({ where: { id: Number(linkId), talkerId: req.user!.id, deletedAt: null } });
      if (talk?.counterpartKind === "RESIDENT") Object.assign(values, { residentName: talk.counterpartName, raisedOn: talk.occurredOn });
    }
    if (source === "VISIT" && linkId) {
      const visit = await db.lineVisit.findFirst({ where: { id: Number(linkId), cadreId: req.user!.id, deletedAt: null } });
      if (visit) values.raisedOn = visit.visitedOn;
    }
    if (source === "STAY" && linkId) {
      // From one's own 三进三同 stay: its household, the household's zone and the stay's last day.
      const stay = await db.stay.findFirst({ where: { id: Number(linkId), cadreId: req.user!.id, deletedAt: null }, include: { resident: true } });
      if (!stay) throw new NotFoundError();
      Object.assign(values, { residentName: stay.resident.name, residentId: String(stay.resident.id), zoneId: String(stay.resident.zoneId), raisedOn: stay.toOn, content: stay.problems });
    }
    await renderNew(req, res, 200, values, {});
  });

  r.post("/", async (req, res) => {
    const form = parseForm(raiseRequestForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    try {
      const request = await raiseRequest(db, req.user!, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "诉求已登记（受理）");
      res.redirect(303, `/requests/${request.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  async function renderShow(req: Request, res: Response, id: number, status: number, values?: FormValues, errors: FormErrors = {}) {
    const today = todayOf(clock);
    const found = await findReadableRequest(db, req.user!, id, today);
    const [request] = withDeadline([found], await feedbackSettings(db), today);
    const open = (OPEN_REQUEST_STATUSES as string[]).includes(request.status);
    const initial: FormValues = {
      status: request.status === "ACCEPTED" ? "IN_PROGRESS" : request.status,
      handling: request.handling,
      escalatedTo: request.escalatedTo ?? "",
      feedbackOn: request.feedbackOn ?? "",
      feedbackHow: request.feedbackHow ?? "",
      feedbackContent: request.feedbackContent ?? "",
    };
    res.status(status).render("requests/show", {
      title: "群众诉求",
      request,
      canHandle: open && request.ownerId === req.user!.id,
      values: values ?? initial,
      errors,
      handleStatuses: { IN_PROGRESS: "办理中", RESOLVED: "已办结", ESCALATED: "已上报" },
      ...labels,
    });
  }

  r.get("/:id", (req, res) => renderShow(req, res, idParam(req.params.id), 200));

  r.post("/:id/handle", async (req, res) => {
    const id = idParam(req.params.id);
    const today = todayOf(clock);
    const found = await findReadableRequest(db, req.user!, id, today); // 404 outside reach
    if (found.ownerId !== req.user!.id) throw new ForbiddenError("只有责任人可以办理该诉求");
    const form = parseForm(handleRequestForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.values, form.errors);
    try {
      const after = await handleRequest(db, req.user!, id, form.data, today, clock.now());
      flash(req, "success", after.status === "IN_PROGRESS" ? "办理情况已保存" : closedMessage(REQUEST_STATUS_LABELS[after.status as keyof typeof REQUEST_STATUS_LABELS]));
      res.redirect(303, `/requests/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  return r;
}

/** "诉求已办结" / "诉求已上报": the status labels already start with 已 (issue 15: no "已已"). */
export function closedMessage(label: string): string {
  return label.startsWith("已") ? `诉求${label}` : `诉求已${label}`;
}
