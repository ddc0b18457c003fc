/** Forms of the training pages (zod, Chinese messages; domain/forms.ts helpers). */
import { z } from "zod";
import { f } from "../forms.ts";
import { TRAINING_LEVELS } from "./rules.ts";

/** New session: date, level, topic, the organizing org, the attendees' login names. */
export const trainingForm = z.object({
  heldOn: f.date("培训日期"),
  level: f.choice("培训层级", TRAINING_LEVELS),
  topic: f.text("培训主题", 200),
  orgId: f.optionalId("组织单位").refine((v) => v !== undefined, "请选择组织单位").transform((v) => v as number),
  attendees: f.longText("参训人员", 50_000).refine((s) => s !== "", "请填写参训人员的登录名"),
});

/** Attendees added to an existing session: members ticked (ids) and/or login names typed; at least one. */
export const attendeesForm = z
  .object({
    memberIds: z
      .array(z.string().regex(/^\d{1,9}$/, "所选党员无效"))
      .max(5000, "一次最多添加 5000 人")
      .transform((a) => [...new Set(a.map(Number))]),
    attendees: f.longText("参训人员", 50_000),
  })
  .superRefine((v, ctx) => {
    if (v.memberIds.length === 0 && v.attendees === "") ctx.addIssue({ code: "custom", path: ["memberIds"], message: "请勾选或填写要添加的参训人员" });
  });
