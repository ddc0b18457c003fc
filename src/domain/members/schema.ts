/**
 * The account forms (create, edit, role change, dated zone/line/department assignment,
 * deactivation), validated at the edge with Chinese messages. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { isValidLocalDate } from "../../rules/index.ts";
import { parseMobile, isBad } from "../values.ts";
import { CADRE_LEVEL_LABELS, ROLES } from "../../core/labels.ts";
import { cadreGaps, GAP_MESSAGES } from "./cadre-duties.ts";

const CADRE_LEVELS = Object.keys(CADRE_LEVEL_LABELS) as (keyof typeof CADRE_LEVEL_LABELS)[];

/** Optional date: "" → null. */
const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine((s) => s === "" || isValidLocalDate(s), `${label}不是有效日期（格式如 2026-03-05）`)
    .transform((s) => (s === "" ? null : s));

/** Optional mainland mobile number, normalised (FORMATS.md "Values"): "" → null. */
const optionalMobile = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = (s ?? "").trim();
    if (v === "") return null;
    const m = parseMobile(v);
    if (isBad(m)) {
      ctx.addIssue({ code: "custom", message: m.reason });
      return z.NEVER;
    }
    return m;
  });

/** Optional cadre level ("" → null); also the rule settings' per-level value (rules/schema.ts). */
export const optionalLevel = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .refine((s) => s === "" || (CADRE_LEVELS as string[]).includes(s), "请选择有效的干部级别")
  .transform((s) => (s === "" ? null : (s as (typeof CADRE_LEVELS)[number])));

const leads = (role: string) => role === "CADRE" || role === "SECRETARY";

export const accountCreateForm = z
  .object({
    username: z
      .string({ error: "请填写登录名" })
      .transform((s) => s.trim().toLowerCase())
      .pipe(z.string().min(1, "请填写登录名").regex(/^[a-z0-9_.-]{2,32}$/, "登录名只能用 2–32 位字母、数字、_ . -")),
    name: f.name("姓名", 50),
    phone: optionalMobile,
    role: f.choice("角色", ROLES),
    cadreLevel: optionalLevel,
    zoneId: f.optionalId("责任区"),
    lineId: f.optionalId("挂钩线路"),
    departmentId: f.optionalId("科室"),
    registeredOn: f.date("登记日期"),
    joinedPartyOn: optionalDate("入党日期"),
    notApplicableReason: f.longText("不适用原因", 200),
  })
  .refine((v) => v.cadreLevel === null || leads(v.role), { path: ["cadreLevel"], message: "只有党员干部、支部书记可设干部级别" })
  .refine((v) => (v.lineId === undefined && v.departmentId === undefined) || leads(v.role), { path: ["lineId"], message: "只有党员干部、支部书记可挂钩线路或科室" })
  .superRefine((v, ctx) => {
    if (v.notApplicableReason !== "") return;
    for (const gap of cadreGaps(v.role, v.cadreLevel, v.lineId !== undefined || v.departmentId !== undefined)) {
      ctx.addIssue({ code: "custom", path: [gap === "line" ? "lineId" : "cadreLevel"], message: GAP_MESSAGES[gap] });
    }
  });
export type AccountCreateInput = z.infer<typeof accountCreateForm>;

export const accountEditForm = z.object({
  name: f.name("姓名", 50),
  phone: optionalMobile,
  registeredOn: f.date("登记日期"),
  joinedPartyOn: optionalDate("入党日期"),
  notApplicableReason: f.longText("不适用原因", 200),
});
export type AccountEditInput = z.infer<typeof accountEditForm>;

export const roleChangeForm = z
  .object({ role: f.choice("角色", ROLES), cadreLevel: optionalLevel, fromOn: f.date("生效日期"), notApplicableReason: f.longText("不适用原因", 200) })
  .refine((v) => v.cadreLevel === null || leads(v.role), { path: ["cadreLevel"], message: "只有党员干部、支部书记可设干部级别" });
export type RoleChangeInput = z.infer<typeof roleChangeForm>;

/** A dated assignment: target id, or "none" (no zone/line/department from that date), and the date. */
export const assignForm = z.object({
  targetId: z
    .string({ error: "请选择调整后的去向" })
    .trim()
    .refine((s) => s === "none" || /^\d{1,9}$/.test(s), "请选择调整后的去向")
    .transform((s) => (s === "none" ? undefined : Number(s))),
  fromOn: f.date("生效日期"),
});
export type AssignInput = z.infer<typeof assignForm>;

export const deactivateForm = z.object({ lastOn: f.date("最后在岗日期") });
