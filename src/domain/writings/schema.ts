/**
 * The writing form (issue 18 item 2): kind (调研报告, 党性分析, 民情日记, 发展规划), the date it was
 * written (Asia/Shanghai `YYYY-MM-DD`), title and text. The optional attachment is checked apart
 * (attachment.ts).
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { WRITING_KIND_LABELS, type WritingKind } from "../../core/labels.ts";

export const WRITING_KINDS = Object.keys(WRITING_KIND_LABELS) as WritingKind[];

export const writingForm = z.object({
  kind: f.choice("类型", WRITING_KINDS),
  writtenOn: f.date("日期"),
  title: f.text("标题", 100),
  content: f.longText("正文", 50000),
});

export type WritingInput = z.infer<typeof writingForm>;
