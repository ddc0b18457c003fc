/**
 * The zone forms (create or edit a responsibility zone, retire it, move members into it from a
 * date), validated at the edge with Chinese messages. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";

export const zoneForm = z.object({
  /** The branch a new zone belongs to; optional when the admin manages one branch (ignored on edit). */
  branchId: f.optionalId("所属党支部"),
  name: f.name("名称", 50),
  description: f.longText("说明", 500),
  leaderId: f.optionalId("负责人"),
  establishedOn: f.date("设立日期"),
});
export type ZoneInput = z.infer<typeof zoneForm>;

export const retireForm = z.object({ retiredOn: f.date("撤销日期") });

/** Bulk move: many member ids (checkboxes), the zone, the date. */
export const moveForm = z.object({
  memberIds: z
    .array(z.string().regex(/^\d{1,9}$/))
    .min(1, "请至少选择一名成员")
    .max(5000)
    .transform((a) => [...new Set(a.map(Number))]),
  zoneId: f.optionalId("目标责任区").refine((v) => v !== undefined, "请选择目标责任区"),
  fromOn: f.date("生效日期"),
});
