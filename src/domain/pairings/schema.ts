/**
 * The forms of 结穷亲: start a pairing (a resident of the cadre's zone, from a date), end it (a
 * date and a reason), and record assistance (date, kind 资金/物资/项目/就业/医疗/教育/其他, amount
 * in yuan with up to 2 decimals → integer fen, description). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { ASSISTANCE_KINDS } from "../../core/labels.ts";
import { yuanToFen } from "./money.ts";

export const startPairingForm = z.object({
  residentId: f.optionalId("结对群众").refine((v) => v !== undefined, "请选择结对的群众"),
  startedOn: f.date("结对日期"),
});
export type StartPairingInput = { residentId: number; startedOn: string };

export const endPairingForm = z.object({
  endedOn: f.date("结束日期"),
  endReason: f.text("结束原因", 200),
});
export type EndPairingInput = z.infer<typeof endPairingForm>;

export const assistanceForm = z
  .object({
    givenOn: f.date("帮扶日期"),
    kind: f.choice("帮扶类型", ASSISTANCE_KINDS),
    amount: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .refine((s) => yuanToFen(s) !== undefined, "金额应为不超过两位小数的元数，如 500 或 120.50")
      .transform((s) => yuanToFen(s) as number | null),
    description: f.longText("帮扶内容", 2000),
    // 帮助就业人数 (the roll-up's `employment`): optional, a whole number of people.
    peopleEmployed: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .refine((s) => s === "" || /^\d{1,4}$/.test(s), "帮助就业人数应为 0 到 9999 的整数")
      .transform((s) => (s === "" ? null : Number(s))),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "FUNDS" && v.amount === null) ctx.addIssue({ code: "custom", path: ["amount"], message: "资金帮扶请填写金额" });
    if (v.kind !== "FUNDS" && v.amount === null && v.description === "") ctx.addIssue({ code: "custom", path: ["description"], message: "请填写帮扶内容" });
  });
export type AssistanceInput = z.infer<typeof assistanceForm>;
