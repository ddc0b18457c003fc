/**
 * The line-visit form (一线走访, 责任区工作制度 6(1)): date and time in Asia/Shanghai, the line or
 * department visited (`target` = "line:ID" or "dept:ID"), purpose, problems found, handling.
 */
import { z } from "zod";
import { f } from "../forms.ts";

export const visitForm = z.object({
  visitedOn: f.date("走访日期"),
  visitedTime: f.time("走访时间"),
  target: z
    .string({ error: "请选择走访的线路或科室" })
    .regex(/^(line|dept):\d{1,9}$/, "请选择走访的线路或科室")
    .transform((s) => {
      const [kind, id] = s.split(":");
      return { kind: kind as "line" | "dept", id: Number(id) };
    }),
  purpose: f.longText("事由", 1000),
  problemsFound: f.longText("发现问题", 5000),
  handling: f.longText("处理情况", 5000),
});

export type VisitInput = z.infer<typeof visitForm>;
