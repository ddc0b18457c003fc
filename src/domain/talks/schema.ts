/**
 * The talk form (谈心记录): what a member types, validated at the edge. Dates are Asia/Shanghai
 * local dates; the must-talk reasons are 谈心制度 7 (五个必谈) plus 日常谈心.
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { TALK_REASONS } from "../../core/labels.ts";

export const talkForm = z.object({
  occurredOn: f.date("谈心日期"),
  counterpartKind: f.choice("对象类型", ["MEMBER", "RESIDENT"] as const),
  counterpartName: f.name("谈心对象", 50),
  counterpartId: f.optionalId("谈心对象"),
  reason: f.choice("谈心类型", TALK_REASONS),
  content: f.longText("谈心内容", 5000),
});

export type TalkInput = z.infer<typeof talkForm>;
