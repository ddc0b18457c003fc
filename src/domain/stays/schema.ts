/**
 * The 三进三同 stay form (issue 18 item 1): the household (a resident id), the first and last day
 * (Asia/Shanghai `YYYY-MM-DD`, inclusive), which of 同吃/同住/同劳动 (checkboxes "1"; at least one),
 * what was learned (民情日记) and the problems found. Date order is checked here; overlaps, the
 * closed year and the household's reach in commands.ts.
 */
import { z } from "zod";
import { f } from "../forms.ts";

const box = z
  .string()
  .optional()
  .transform((s) => s === "1" || s === "on");

export const stayForm = z
  .object({
    residentId: f.optionalId("住户"),
    fromOn: f.date("开始日期"),
    toOn: f.date("结束日期"),
    eat: box,
    live: box,
    work: box,
    diary: f.longText("民情日记", 10000),
    problems: f.longText("发现问题", 5000),
  })
  .superRefine((v, ctx) => {
    if (v.residentId === undefined) ctx.addIssue({ code: "custom", path: ["residentId"], message: "请选择同吃同住同劳动的住户" });
    if (!v.eat && !v.live && !v.work) ctx.addIssue({ code: "custom", path: ["ways"], message: "请至少选择同吃、同住、同劳动中的一项" });
    if (v.fromOn && v.toOn && v.toOn < v.fromOn) ctx.addIssue({ code: "custom", path: ["toOn"], message: "结束日期不能早于开始日期" });
  });

export type StayInput = z.infer<typeof stayForm>;

/** The longest stay recorded at once (days, inclusive): a typo in a year is caught. */
export const MAX_STAY_DAYS = 366;
