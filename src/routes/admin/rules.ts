/**
 * 规则设置 (admin): every threshold with today's value, scheduled changes and the full history;
 * a change takes a value and the date from which it applies (src/domain/admin/rule-settings.ts);
 * a change not yet in effect can be cancelled (POST /admin/rules/:id/cancel).
 */
import type { Response, Router } from "express";
import type { RouteDeps } from "../index.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../http/forms.ts";
import { flash } from "../../http/locals.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError } from "../../domain/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { CADRE_LEVEL_LABELS } from "../../domain/labels.ts";
import { ruleSettingForm } from "../../domain/admin/schema.ts";
import { cancelRuleThreshold, RULE_SETTING_LABELS, ruleSettingsView, setRuleThreshold } from "../../domain/admin/rule-settings.ts";
import { idParam } from "../../http/params.ts";

export function ruleRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  async function render(res: Response, status: number, values: FormValues, errors: FormErrors) {
    const view = await ruleSettingsView(db, today());
    const rules = Object.fromEntries(Object.entries(RULE_SETTING_LABELS).map(([k, v]) => [k, `${v.name}（${v.unit}）`]));
    res.status(status).render("admin/rules/index", { title: "规则设置", ...view, info: RULE_SETTING_LABELS, rules, levels: CADRE_LEVEL_LABELS, values, errors });
  }

  r.get("/rules", (_req, res) => render(res, 200, { effectiveFrom: today(), rule: "YEAR_TALKS" }, {}));

  r.post("/rules", async (req, res) => {
    const form = parseForm(ruleSettingForm, req.body);
    if (!form.ok) return render(res, 422, form.values, form.errors);
    try {
      await setRuleThreshold(db, req.user!, form.data, today(), formTokenOf(req.body));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return render(res, 422, formValues(req.body), { [e.field]: e.message });
    }
    flash(req, "success", `已设置：自 ${form.data.effectiveFrom} 起开始的周期按新标准 ${form.data.value} 计算`);
    res.redirect(303, "/admin/rules");
  });

  r.post("/rules/:id/cancel", async (req, res) => {
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
