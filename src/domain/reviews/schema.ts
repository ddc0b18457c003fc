/**
 * The forms of 年终备查 (year-end review): the secretary's sign-off of one member's year, and the
 * written reason to reopen a closed year. Validated at the edge with the shared field helpers.
 */
import { z } from "zod";
import { f } from "../forms.ts";

/**
 * Sign-off of one member's year: REVIEWED (查阅) with an optional comment, or RETURNED with the
 * reason the member will read on their dashboard (required).
 */
export const signOffForm = z
  .object({
    decision: f.choice("查阅结果", ["REVIEWED", "RETURNED"] as const),
    comment: f.longText("意见", 1000),
  })
  .refine((v) => v.decision !== "RETURNED" || v.comment !== "", { path: ["comment"], message: "退回时请写明原因，党员会在工作台看到" });
export type SignOffInput = z.infer<typeof signOffForm>;

/** Reopening a closed year needs a written reason (DOMAIN.md: "until reopened with a reason"). */
export const reopenForm = z.object({
  reason: f.longText("重新开放的原因", 1000).refine((s) => s.length >= 4, "请写明重新开放的原因（至少 4 个字）"),
});
export type ReopenInput = z.infer<typeof reopenForm>;

/**
 * A batch sign-off from the overview (issue 15): the ticked member ids (at most a page of 50 or
 * so, 500 allowed), and the overview's query to return to.
 */
export const batchSignOffForm = z.object({
  memberIds: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string().regex(/^\d{1,9}$/), { error: "请勾选要查阅的党员" }).min(1, "请勾选要查阅的党员").max(500, "一次最多查阅 500 人"),
  ).transform((a) => [...new Set(a.map(Number))]),
  back: z.string().max(1000).optional().catch(undefined),
});
export type BatchSignOffInput = z.infer<typeof batchSignOffForm>;

/** A reviewer's return of a branch's closed year: the reason the branch's secretary will read. */
export const returnBranchForm = z.object({
  reason: f.longText("退回原因", 1000).refine((s) => s.length >= 4, "请写明退回的原因（至少 4 个字），支部书记会看到"),
});

/** The branch a closing or reopening names (optional: a secretary's own branch by default). */
export const branchField = z.object({
  orgId: z.preprocess((v) => (v === "" || v === undefined ? undefined : v), z.coerce.number().int().positive().max(1e9).optional()).catch(undefined),
});
