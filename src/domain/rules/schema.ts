/**
 * The rule-setting form (one threshold, from a date, for an org's subtree or everyone), validated
 * at the edge with Chinese messages. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { optionalLevel } from "../members/schema.ts";

export const RULE_KEYS = ["YEAR_TALKS", "MONTH_TALKS", "WEEK_VISITS", "PAIRINGS", "MONTH_COURTYARD", "HALF_MEETINGS", "REQUEST_FEEDBACK_DAYS"] as const;

export const ruleSettingForm = z
  .object({
    rule: f.choice("规则", RULE_KEYS),
    cadreLevel: optionalLevel,
    value: z
      .string({ error: "请填写数值" })
      .trim()
      .regex(/^\d{1,4}$/, "数值应为整数：结穷亲户数 0–9999，其他规则 1–9999")
      .transform(Number),
    effectiveFrom: f.date("生效日期"),
    /** The org whose subtree the value holds for; absent = the whole system (DOMAIN.md "Organizations"). */
    orgId: f.optionalId("适用组织"),
  })
  .refine((v) => (v.rule === "PAIRINGS") === (v.cadreLevel !== null), { path: ["cadreLevel"], message: "结穷亲须按干部级别设置；其他规则不填干部级别" });
export type RuleSettingInput = z.infer<typeof ruleSettingForm>;
