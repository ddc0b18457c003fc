/**
 * The forms of 群众诉求台账: raising a request (at a talk, a visit or walk-in 接访; meetings raise
 * theirs in the meeting form) and handling it. Closing (已办结 / 已上报) needs the feedback given
 * back to the resident: date, how, what (issue 5: "required to close"); escalating names to whom.
 * Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { isValidLocalDate } from "../../rules/index.ts";
import { FEEDBACK_HOW_LABELS, type FeedbackHow } from "../../core/labels.ts";

/** Optional date: "" → undefined; otherwise a real date. */
export const optionalDate = (label: string) =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim())
    .refine((s) => s === "" || isValidLocalDate(s), `${label}不是有效日期（格式如 2026-03-05）`)
    .transform((s) => (s === "" ? undefined : s));

/** Optional short text: "" → undefined. */
export const optionalText = (label: string, max: number) =>
  f.longText(label, max).transform((s) => (s === "" ? undefined : s));

export const raiseRequestForm = z.object({
  source: f.choice("诉求来源", ["TALK", "VISIT", "WALK_IN", "STAY"] as const),
  linkId: f.optionalId("关联记录"),
  zoneId: f.optionalId("责任区"),
  residentName: f.name("群众姓名", 50),
  residentId: f.optionalId("群众"),
  raisedOn: f.date("提出日期"),
  content: f.text("诉求内容", 2000),
  ownerId: f.optionalId("责任人"),
});
export type RaiseRequestInput = z.infer<typeof raiseRequestForm>;

const HOWS = Object.keys(FEEDBACK_HOW_LABELS) as FeedbackHow[];
export const CLOSING = ["RESOLVED", "ESCALATED"] as const;

export const handleRequestForm = z
  .object({
    status: f.choice("办理状态", ["IN_PROGRESS", "RESOLVED", "ESCALATED"] as const),
    handling: f.longText("办理情况", 5000),
    escalatedTo: optionalText("上报单位", 100),
    feedbackOn: optionalDate("反馈日期"),
    feedbackHow: z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .refine((s) => s === "" || (HOWS as string[]).includes(s), "请选择有效的反馈方式")
      .transform((s) => (s === "" ? undefined : (s as FeedbackHow))),
    feedbackContent: optionalText("反馈内容", 2000),
  })
  .superRefine((v, ctx) => {
    const closing = (CLOSING as readonly string[]).includes(v.status);
    const anyFeedback = v.feedbackOn !== undefined || v.feedbackHow !== undefined || v.feedbackContent !== undefined;
    if (closing || anyFeedback) {
      const why = closing ? "办结或上报前必须" : "请完整";
      if (!v.feedbackOn) ctx.addIssue({ code: "custom", path: ["feedbackOn"], message: `${why}填写反馈日期` });
      if (!v.feedbackHow) ctx.addIssue({ code: "custom", path: ["feedbackHow"], message: `${why}选择反馈方式` });
      if (!v.feedbackContent) ctx.addIssue({ code: "custom", path: ["feedbackContent"], message: `${why}填写向群众反馈的内容` });
    }
    if (v.status === "ESCALATED" && !v.escalatedTo) ctx.addIssue({ code: "custom", path: ["escalatedTo"], message: "请填写上报的单位或部门" });
  });
export type HandleRequestInput = z.infer<typeof handleRequestForm>;
