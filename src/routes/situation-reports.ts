/**
 * 情况反映 (责任区工作制度 6(5)): cadres submit new thinking, situations and suggestions; the
 * secretary sees all in one list and marks each read or acted on with a note.
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
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { findReadableReport, handleForm, handleSituationReport, listSituationReports, reportForm, submitSituationReport } from "../domain/situations/situations.ts";
import { SITUATION_KIND_LABELS, SITUATION_STATUS_LABELS } from "../core/labels.ts";

const labels = { kinds: SITUATION_KIND_LABELS, statuses: SITUATION_STATUS_LABELS };
const listQuery = z.object({
  status: z.enum(["NEW", "READ", "ACTED"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export function situationReportsRouter({ db, clock }: RouteDeps) {
  const r = Router();
  r.use(requirePolicy((reach, actor) => can.lead(actor) || can.oversee(reach)));

  async function renderList(req: Request, res: Response, status = 200, values: FormValues = { kind: "NEW_SITUATION" }, errors: FormErrors = {}) {
    const q = listQuery.parse(req.query);
    const { rows, more } = await listSituationReports(db, req.user!, q.status, q.page);
    res.status(status).render("situation-reports/index", { title: "情况反映", rows, more, filter: q, values, errors, canSubmit: can.lead(req.user!), ...labels });
  }

  r.get("/", (req, res) => renderList(req, res));

  r.post("/", async (req, res) => {
    const form = parseForm(reportForm, req.body);
    if (!form.ok) return renderList(req, res, 422, form.values, form.errors);
    try {
      await submitSituationReport(db, req.user!, form.data, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "情况反映已提交支部");
      res.redirect(303, "/situation-reports");
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderList(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  async function renderShow(req: Request, res: Response, id: number, status = 200, values?: FormValues, errors: FormErrors = {}) {
    const report = await findReadableReport(db, req.user!, id);
    const initial = { status: report.status === "NEW" ? "READ" : report.status, handlingNote: report.handlingNote };
    res.status(status).render("situation-reports/show", { title: "情况反映", report, canHandle: can.reviewBranch(req.user!.reach, report.author.branch), values: values ?? initial, errors, ...labels });
  }

  r.get("/:id", (req, res) => renderShow(req, res, idParam(req.params.id)));

  r.post("/:id/handle", requirePolicy(can.signOff, "情况反映由支部书记处理"), async (req, res) => {
    const id = idParam(req.params.id);
    await findReadableReport(db, req.user!, id); // 404 before the body is read
    const form = parseForm(handleForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.values, form.errors);
    try {
      await handleSituationReport(db, req.user!, id, form.data, clock.now());
      flash(req, "success", "已处理");
      res.redirect(303, `/situation-reports/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  return r;
}
