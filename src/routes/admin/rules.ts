/**
 * 规则设置 (admin): every threshold with today's value, where it comes from (the org that set it,
 * or the system default), scheduled changes and the history; a change takes a value, the date
 * from which it applies, and the org whose subtree it holds for (src/domain/rules/settings.ts;
 * DOMAIN.md "Organizations"). `?org=ID` shows an org's effective values; an org outside the
 * actor's ADMIN subtrees answers 404, and a system-wide value needs an ADMIN grant at the root.
 * A change not yet in effect can be cancelled (POST /admin/rules/:id/cancel) by an admin of its org.
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { CADRE_LEVEL_LABELS } from "../../core/labels.ts";
import { ruleSettingForm } from "../../domain/rules/schema.ts";
import { cancelRuleThreshold, RULE_SETTING_LABELS, ruleSettingsView, setRuleThreshold } from "../../domain/rules/settings.ts";
import { idParam } from "../../http/params.ts";
import { administersOrg } from "../../auth/reach.ts";
import { rootOrg } from "../../domain/orgs/queries.ts";
import { idQuery } from "./helpers.ts";

export function ruleRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  /** The org `id` (undefined: none, the system) if the actor administers it (the root for the system); else 404. */
  async function scope(req: Request, id: number | undefined) {
    const reach = req.user!.reach;
    const orgs = (await db.org.findMany({ orderBy: { path: "asc" }, select: { id: true, name: true, code: true, path: true, depth: true } })).filter((o) => administersOrg(reach, o.path));
    const root = await rootOrg(db);
    const org = id === undefined ? null : (orgs.find((o) => o.id === id) ?? null);
    if (id !== undefined && !org) throw new NotFoundError("组织不存在或无权管理");
    if (id === undefined && !administersOrg(reach, root.path)) throw new NotFoundError("全县默认标准只能由县级管理员设置");
    return { org, orgs };
  }

  async function render(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors, orgId: number | undefined) {
    const { org, orgs } = await scope(req, orgId);
    const view = await ruleSettingsView(db, today(), org);
    const rules = Object.fromEntries(Object.entries(RULE_SETTING_LABELS).map(([k, v]) => [k, `${v.name}（${v.unit}）`]));
    const orgOptions = orgs.map((o) => [String(o.id), `${"　".repeat(o.depth)}${o.name}（${o.code}）`]);
    res.status(status).render("admin/rules/index", { title: "规则设置", ...view, org, orgOptions, info: RULE_SETTING_LABELS, rules, levels: CADRE_LEVEL_LABELS, values, errors });
  }

  r.get("/rules", async (req, res) => {
    const orgId = idQuery(req, "org");
    if (orgId === undefined) {
      // An admin below the root opens the rules of the widest org they manage.
      const reach = req.user!.reach;
      const widest = reach.subtrees.find((s) => s.via === "ADMIN");
      if (widest && !administersOrg(reach, (await rootOrg(db)).path)) return res.redirect(303, `/admin/rules?org=${widest.orgId}`);
    }
    await render(req, res, 200, { effectiveFrom: today(), rule: "YEAR_TALKS", orgId: orgId === undefined ? "" : String(orgId) }, {}, orgId);
  });

  r.post("/rules", async (req, res) => {
    const form = parseForm(ruleSettingForm, req.body);
    const rawOrg = formValues(req.body).orgId;
    const orgId = rawOrg && /^\d{1,9}$/.test(rawOrg) ? Number(rawOrg) : undefined;
    if (!form.ok) return render(req, res, 422, form.values, form.errors, orgId);
    const { org } = await scope(req, form.data.orgId);
    try {
      await setRuleThreshold(db, req.user!, form.data, today(), formTokenOf(req.body));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return render(req, res, 422, formValues(req.body), { [e.field]: e.message }, form.data.orgId);
    }
    flash(req, "success", `已设置${org ? `（${org.name}及其下级）` : ""}：自 ${form.data.effectiveFrom} 起开始的周期按新标准 ${form.data.value} 计算`);
    res.redirect(303, org ? `/admin/rules?org=${org.id}` : "/admin/rules");
  });

  r.post("/rules/:id/cancel", async (req, res) => {
    // Only an admin of the org that set it (the root for a system-wide value) may cancel it.
    const setting = await db.ruleSetting.findUnique({ where: { id: idParam(req.params.id) }, select: { org: { select: { path: true } } } });
    const path = setting?.org?.path ?? (await rootOrg(db))?.path;
    if (!setting || !path || !administersOrg(req.user!.reach, path)) throw new NotFoundError();
    try {
      const row = await cancelRuleThreshold(db, req.user!, idParam(req.params.id), today());
      flash(req, "success", `已撤销 ${row.effectiveFrom} 起生效的调整（${row.value}）`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
    }
    res.redirect(303, "/admin/rules");
  });
}
