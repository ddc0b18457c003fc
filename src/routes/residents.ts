/**
 * 群众台账: search (name, phone tail, tag; masked), add, read (full phone and address only for
 * the zone's members, the secretary and the admin), reveal the full ID number (POST, audited,
 * shown once), edit, delete (soft). Handlers: parse, scope, call the domain, 303 with a flash.
 */
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { residentFields, tagsOf, type ResidentInput } from "../domain/residents/schema.ts";
import { createResident, deleteResident, revealIdNumber, updateResident } from "../domain/residents/commands.ts";
import { findResident, residentLinks, searchResidents } from "../domain/residents/queries.ts";
import { maskIdNumber, splitTags } from "../domain/residents/mask.ts";
import { actsInZone, zoneIdOn, zonesOfActor } from "../domain/zones/reach.ts";
import { branchZoneWhere } from "../auth/reach.ts";
import { can } from "../auth/policies.ts";
import { REQUEST_STATUS_LABELS, RESIDENT_TAGS } from "../core/labels.ts";
import { byNaturalName } from "../domain/natural-order.ts";

const listQuery = z.object({
  zone: z.union([z.literal("all"), z.coerce.number().int().positive()]).optional().catch(undefined),
  q: z.string().max(30).catch("").default("").transform((s) => s.trim()),
  tag: z.string().max(20).catch("").default("").transform((s) => s.trim()),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function residentsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const q = listQuery.parse(req.query);
    // A zone the list does not show (another branch, out of reach): 404, like /meetings?zone=.
    if (typeof q.zone === "number" && !(await db.zone.count({ where: { AND: [{ id: q.zone }, branchZoneWhere(req.user!.reach)] } }))) throw new NotFoundError();
    const own = await zoneIdOn(db, req.user!.id, today);
    const zoneId = q.zone === "all" ? undefined : (q.zone ?? own ?? undefined);
    const { rows, more } = await searchResidents(db, req.user!, { zoneId, q: q.q, tag: q.tag, page: q.page }, today);
    const zones = await db.zone.findMany({ where: branchZoneWhere(req.user!.reach), select: { id: true, name: true } }).then(byNaturalName);
    const canAdd = own !== null || req.user!.reach.subtrees.some((s) => s.via !== "REVIEWER");
    res.render("residents/index", { title: "群众台账", rows, more, filter: { ...q, zoneId }, zones, tags: RESIDENT_TAGS, canAdd });
  });

  async function renderForm(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors, id?: number) {
    const recorded = id ? await db.resident.findUnique({ where: { id }, select: { idNumber: true } }) : null;
    const recordedId = recorded?.idNumber ? maskIdNumber(recorded.idNumber) : undefined;
    const zones = await zonesOfActor(db, req.user!, todayOf(clock));
    const ticked = splitTags(values.tags ?? "");
    const other = values.otherTags ?? ticked.filter((t) => !(RESIDENT_TAGS as readonly string[]).includes(t)).join("、");
    res.status(status).render(id ? "residents/edit" : "residents/new", {
      title: id ? "修改群众信息" : "登记群众",
      zones,
      tags: RESIDENT_TAGS,
      ticked,
      values: { ...values, otherTags: other },
      errors,
      id,
      recordedId,
    });
  }

  function inputOf(req: Request, data: ReturnType<typeof residentFields.parse>, editing: boolean): ResidentInput {
    const { otherTags, ...rest } = data;
    const idNumber = rest.idNumber ?? (editing && req.body.clearIdNumber !== "1" ? undefined : null);
    return { ...rest, idNumber, tags: tagsOf(req.body, otherTags) };
  }

  /** The live resident the actor may edit: 404 when missing or out of reach, 403 outside the zone (policy). */
  async function editable(req: Request, id: number) {
    const p = await db.resident.findFirst({ where: { id, deletedAt: null, zone: branchZoneWhere(req.user!.reach) } });
    if (!p) throw new NotFoundError();
    if (!(await actsInZone(db, req.user!, p.zoneId, todayOf(clock)))) throw new ForbiddenError("只有本责任区党员、支部书记和管理员可以修改该群众信息");
    return p;
  }

  async function save(req: Request, res: Response, id?: number) {
    if (id) await editable(req, id);
    const form = parseForm(residentFields, req.body);
    const back = () => ({ ...formValues(req.body), tags: tagsOf(req.body, "") });
    if (!form.ok) return renderForm(req, res, 422, back(), form.errors, id);
    try {
      const today = todayOf(clock);
      const input = inputOf(req, form.data, id !== undefined);
      const saved = id ? await updateResident(db, req.user!, id, input, today) : await createResident(db, req.user!, input, today, formTokenOf(req.body));
      flash(req, "success", id ? "群众信息已修改" : "群众已登记");
      res.redirect(303, `/residents/${saved.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderForm(req, res, 422, back(), { [e.field]: e.message }, id);
    }
  }

  r.get("/new", async (req, res) => {
    const zone = typeof req.query.zone === "string" ? req.query.zone : String((await zoneIdOn(db, req.user!.id, todayOf(clock))) ?? "");
    await renderForm(req, res, 200, { zoneId: zone }, {});
  });
  r.post("/", (req, res) => save(req, res));

  async function renderShow(req: Request, res: Response, id: number, revealed: string | null, errors: FormErrors = {}) {
    const today = todayOf(clock);
    const { resident, full, acts, hasIdNumber } = await findResident(db, req.user!, id, today);
    const links = await residentLinks(db, id, today);
    if (revealed) res.set("Cache-Control", "no-store");
    res.status(Object.keys(errors).length ? 422 : 200).render("residents/show", {
      title: resident.name,
      resident,
      full,
      acts,
      hasIdNumber,
      revealed,
      errors,
      pairings: links.pairings,
      requests: full ? links.requests : [],
      canDelete: res.locals.can.deleteResidents,
      statuses: REQUEST_STATUS_LABELS,
    });
  }

  r.get("/:id", (req, res) => renderShow(req, res, idParam(req.params.id), null));

  r.post("/:id/reveal", async (req, res) => {
    const id = idParam(req.params.id);
    await findResident(db, req.user!, id, todayOf(clock)); // out of reach: 404 before the 403 of "not yours to reveal"
    try {
      const full = await revealIdNumber(db, req.user!, id, todayOf(clock));
      await renderShow(req, res, id, full);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, null, { [e.field]: e.message });
    }
  });

  r.get("/:id/edit", async (req, res) => {
    const id = idParam(req.params.id);
    const p = await editable(req, id);
    const values: FormValues = {
      zoneId: String(p.zoneId),
      name: p.name,
      phone: p.phone ?? "",
      address: p.address ?? "",
      householdSize: p.householdSize ? String(p.householdSize) : "",
      tags: p.tags,
    };
    await renderForm(req, res, 200, values, {}, id);
  });
  r.post("/:id", (req, res) => save(req, res, idParam(req.params.id)));

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteResident(db, req.user!, id, todayOf(clock), clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/residents/${id}`);
    }
    flash(req, "success", "群众已从台账中删除");
    res.redirect(303, "/residents");
  });

  return r;
}
