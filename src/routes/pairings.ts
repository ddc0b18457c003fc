/**
 * 结穷亲: my paired households with the quota for my cadre level, start a pairing, a pairing's
 * page (assistance records, end with a reason), and the secretary's coverage view.
 * Handlers: parse, scope, call the domain, 303 with a flash; 422 on a bad form.
 */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { assistanceForm, endPairingForm, startPairingForm } from "../domain/pairings/schema.ts";
import { addAssistance, deleteAssistance, endablePairing, endPairing, isOrphaned, ownPairing, startPairing } from "../domain/pairings/commands.ts";
import { pageParam } from "../domain/paging.ts";
import { findReadablePairing, pairingCandidates, pairingQuota, pairingsOf } from "../domain/pairings/queries.ts";
import { pairingCoverage } from "../domain/pairings/coverage.ts";
import { formatFen } from "../domain/pairings/money.ts";
import { zonesOfActor } from "../domain/zones/reach.ts";
import { ASSISTANCE_KIND_LABELS, CADRE_LEVEL_LABELS, ROLE_LABELS, STATUS_LABELS } from "../core/labels.ts";

const labels = { kinds: ASSISTANCE_KIND_LABELS, levels: CADRE_LEVEL_LABELS, statusLabels: STATUS_LABELS, roleLabels: ROLE_LABELS, formatFen };

export function pairingsRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();
  r.use(requirePolicy((reach, actor) => can.lead(actor) || can.oversee(reach), "结穷亲由党员干部进行"));

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const { active, ended } = await pairingsOf(db, req.user!.id, today);
    res.render("pairings/index", { title: "结穷亲", active, ended, quota: await pairingQuota(kx, req.user!.id, today), ...labels });
  });

  r.get("/coverage", requirePolicy(can.oversee), async (req, res) => {
    res.render("pairings/coverage", { title: "结穷亲覆盖情况", ...(await pairingCoverage(db, kx, req.user!.reach, todayOf(clock))), ...labels });
  });

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    const today = todayOf(clock);
    const zones = await zonesOfActor(db, req.user!, today);
    const zoneId = Number(values.zone) || undefined;
    const candidates = await pairingCandidates(db, req.user!, today, zoneId);
    res.status(status).render("pairings/new", { title: "新增结对", zones, zoneId, candidates, values, errors });
  }

  r.get("/new", (req, res) => renderNew(req, res, 200, { startedOn: todayOf(clock), zone: String(req.query.zone ?? "") }, {}));

  r.post("/", async (req, res) => {
    const form = parseForm(startPairingForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    try {
      const p = await startPairing(db, req.user!, { residentId: form.data.residentId!, startedOn: form.data.startedOn }, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "已结对");
      res.redirect(303, `/pairings/${p.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  async function renderShow(req: Request, res: Response, id: number, status = 200, form?: { which: "end" | "assistance"; values: FormValues; errors: FormErrors }) {
    const today = todayOf(clock);
    const pairing = await findReadablePairing(db, req.user!, id, pageParam(req.query.page));
    const own = pairing.cadreId === req.user!.id;
    const ended = pairing.endedOn !== null && pairing.endedOn <= today;
    const orphaned = isOrphaned(pairing.cadre);
    const total = pairing.assistanceFen; // all records, not just the page shown
    const blank: Record<"end" | "assistance", { values: FormValues; errors: FormErrors }> = {
      end: { values: { endedOn: today }, errors: {} },
      assistance: { values: { givenOn: today, kind: "MATERIALS" }, errors: {} },
    };
    if (form) blank[form.which] = { values: form.values, errors: form.errors };
    res.status(status).render("pairings/show", {
      title: `结对：${pairing.resident.name}`,
      pairing,
      own,
      ended,
      orphaned,
      canEnd: !ended && (own || (orphaned && can.reviewBranch(req.user!.reach, pairing.resident.zone.branch))),
      total,
      forms: blank,
      errors: form?.errors ?? {}, // the page's error summary (views/partials/_error-summary.ejs)
      ...labels,
    });
  }

  r.get("/:id", (req, res) => renderShow(req, res, idParam(req.params.id)));

  r.post("/:id/end", async (req, res) => {
    const id = idParam(req.params.id);
    await endablePairing(db, req.user!, id); // 404/403 before the body is even read
    const form = parseForm(endPairingForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, { which: "end", values: form.values, errors: form.errors });
    try {
      await endPairing(db, req.user!, id, form.data, todayOf(clock));
      flash(req, "success", "结对已结束");
      res.redirect(303, `/pairings/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, { which: "end", values: formValues(req.body), errors: { [e.field]: e.message } });
    }
  });

  r.post("/:id/assistance", async (req, res) => {
    const id = idParam(req.params.id);
    await ownPairing(db, req.user!, id); // someone else's pairing: 404 whatever the body
    const form = parseForm(assistanceForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, { which: "assistance", values: form.values, errors: form.errors });
    try {
      await addAssistance(db, req.user!, id, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "帮扶记录已保存");
      res.redirect(303, `/pairings/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, { which: "assistance", values: formValues(req.body), errors: { [e.field]: e.message } });
    }
  });

  r.post("/:id/assistance/:aid/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteAssistance(db, req.user!, id, idParam(req.params.aid), clock.now());
      flash(req, "success", "帮扶记录已删除");
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
    }
    res.redirect(303, `/pairings/${id}`);
  });

  return r;
}
