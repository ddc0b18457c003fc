/**
 * The forms of lines and departments (create or edit, retire, link cadres from a date), validated
 * at the edge with Chinese messages. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";

export const retireForm = z.object({ retiredOn: f.date("撤销日期") });

export const unitForm = z.object({
  kind: f.choice("类型", ["line", "department"] as const),
  name: f.name("名称", 50),
  description: f.longText("说明", 500),
});
export type UnitInput = z.infer<typeof unitForm>;

export const linkForm = z.object({
  memberIds: z
    .array(z.string().regex(/^\d{1,9}$/))
    .min(1, "请至少选择一名干部")
    .max(5000)
    .transform((a) => [...new Set(a.map(Number))]),
  fromOn: f.date("生效日期"),
});
