/**
 * 情况反映 (责任区工作制度 6(5)): a cadre reports new thinking, new situations and suggestions
 * from the front line (新思想 / 新情况 / 新建议) to the branch; the secretary sees all of them in one
 * list and marks each read (已阅) or acted on (已采纳办理, with a note). A report is readable by its
 * author and by the secretary and admin (NotFoundError otherwise). Dated on the day it is made
 * (Asia/Shanghai); made or handled in a closed year: refused (LockedError); every write audited.
 */
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { f } from "../forms.ts";
import type { Actor } from "../../core/actor.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { audit } from "../audit/trail.ts";
import { consumeFormToken } from "../form-tokens.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";

export const reportForm = z.object({
  kind: f.choice("反映类型", ["NEW_THINKING", "NEW_SITUATION", "SUGGESTION"] as const),
  content: f.text("反映内容", 5000),
});
export const handleForm = z
  .object({ status: f.choice("处理结果", ["READ", "ACTED"] as const), handlingNote: f.longText("处理意见", 2000) })
  .refine((v) => v.status !== "ACTED" || v.handlingNote !== "", { path: ["handlingNote"], message: "采纳办理请写明处理意见" });

export const SITUATIONS_PAGE = 50;

/** Reports the actor reaches, newest first; `status` filters (secretary's list). */
export async function listSituationReports(db: Db, actor: Viewer, status: string | undefined, page: number) {
  const where: Prisma.SituationReportWhereInput = { deletedAt: null, author: memberWhere(actor.reach), ...(status ? { status } : {}) };
  const rows = await db.situationReport.findMany({
    where,
    include: { author: { select: { id: true, name: true } }, handledBy: { select: { name: true } } },
    orderBy: [{ reportedOn: "desc" }, { id: "desc" }],
    skip: (page - 1) * SITUATIONS_PAGE,
    take: SITUATIONS_PAGE + 1,
  });
  return { rows: rows.slice(0, SITUATIONS_PAGE), more: rows.length > SITUATIONS_PAGE };
}

export async function findReadableReport(db: Db, actor: Viewer, id: number) {
  const r = await db.situationReport.findFirst({
    where: { id, deletedAt: null, author: memberWhere(actor.reach) },
    include: { author: { select: { id: true, name: true, branch: { select: { path: true } } } }, handledBy: { select: { name: true } } },
  });
  if (!r) throw new NotFoundError();
  return r;
}

/** A cadre (or the secretary) reports, dated today. */
export async function submitSituationReport(db: Db, actor: Actor, input: z.infer<typeof reportForm>, today: string, once?: string) {
  if (!can.lead(actor)) throw new ForbiddenError("情况反映由党员干部提交");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/situation-reports");
    await assertYearOpen(tx, { memberId: actor.id }, today);
    const r = await tx.situationReport.create({ data: { authorId: actor.id, reportedOn: today, kind: input.kind, content: input.content } });
    await audit(tx, { actorId: actor.id, action: "situation.create", entity: "SituationReport", entityId: r.id, after: r });
    return r;
  });
}

/**
 * The secretary marks a report read or acted on (an acted report stays acted). A report dated in
 * a closed year is read-only like every record of that year (LockedError).
 */
export async function handleSituationReport(db: Db, actor: Viewer, id: number, input: z.infer<typeof handleForm>, now: Date) {
  const before = await findReadableReport(db, actor, id);
  if (!can.reviewBranch(actor.reach, before.author.branch)) throw new ForbiddenError("情况反映由支部书记处理");
  if (before.status === "ACTED" && input.status === "READ") throw new DomainError("status", "已采纳办理的反映不能改回已阅");
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: before.authorId }, before.reportedOn);
    const r = await tx.situationReport.update({ where: { id }, data: { status: input.status, handlingNote: input.handlingNote, handledById: actor.id, handledAt: now } });
    await audit(tx, { actorId: actor.id, action: "situation.handle", entity: "SituationReport", entityId: id, before: { status: before.status, handlingNote: before.handlingNote }, after: { status: r.status, handlingNote: r.handlingNote } });
    return r;
  });
}
