/** Forms of the org pages and the transfer page (zod, Chinese messages; domain/forms.ts helpers). */
import { z } from "zod";
import { f } from "../forms.ts";
import { ORG_KINDS } from "../../core/org-tree.ts";

const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .pipe(z.union([z.literal(""), f.date(label)]))
    .transform((s) => (s === "" ? null : s));

const optionalCount = z
  .string()
  .optional()
  .transform((s) => (s ?? "").trim())
  .refine((s) => s === "" || /^\d{1,9}$/.test(s), "常住人口应为整数")
  .transform((s) => (s === "" ? null : Number(s)));

const requiredId = (label: string) =>
  f.optionalId(label).refine((v) => v !== undefined, `请选择${label}`).transform((v) => v as number);

export const orgCreateForm = z.object({
  code: f.text("组织代码", 32),
  name: f.text("名称", 100),
  kind: f.choice("类型", ORG_KINDS.filter((k) => k !== "COUNTY")),
  parentId: requiredId("上级组织"),
  setUpOn: optionalDate("设立日期"),
  population: optionalCount,
});

export const orgRenameForm = z.object({ name: f.text("名称", 100), population: optionalCount });
export const orgMoveForm = z.object({ parentId: requiredId("新的上级组织") });
export const orgDissolveForm = z.object({ dissolvedOn: f.date("撤销日期"), reason: f.longText("原因", 500) });

export const transferForm = z.object({
  username: f.text("登录名", 32).transform((s) => s.toLowerCase()),
  orgId: requiredId("转入支部"),
  on: f.date("转接日期"),
  zoneId: f.optionalId("责任区"),
  note: f.longText("说明", 500),
});
