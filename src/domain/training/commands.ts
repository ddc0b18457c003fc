/**
 * 三项教育 writes (issue 18 item 4): `createSession` records a session and its attendees in one
 * transaction with an audit entry (`training.create`). Who: the secretary of the organizing
 * branch or an ADMIN over the organizing org (`reach`); an org out of reach is NotFoundError.
 * Refusals, DomainError(field, Chinese reason): a date after today; an unknown login name; an
 * attendee who on the session's date does not belong to a branch of the organizing org's subtree
 * (dated OrgMembership); a date in a year closed for an attendee's branch then, or for the
 * organizing branch (src/domain/reviews/lock.ts, named in the message). Dates: Asia/Shanghai.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { isWithin } from "../../core/org-tree.ts";
import { reachesOrg, type Reach } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { isLocked } from "../reviews/lock.ts";
import { branchOn } from "../orgs/transfers.ts";
import { loginList, type TrainingLevel } from "./rules.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";

export interface NewSession {
  heldOn: string;
  level: TrainingLevel;
  topic: string;
  orgId: number;
  /** Login names as typed. */
  attendees: string;
}

/** May the actor organize a session of the org at `path` (its branch's secretary, or an admin over it)? */
export function mayOrganize(reach: Reach, path: string): boolean {
  return reachesOrg(reach, path, ["SECRETARY", "ADMIN"]);
}

/**
 * Why member `memberId` cannot attend a session of org `orgPath` held on `heldOn`: "outside" when
 * their branch on that day (dated membership) is not in the org's subtree, "closed" when that
 * branch's year is closed (年终备查); null when they may. Shared by createSession and the
 * attendees page (attendees.ts), which word the refusal for their own form.
 */
export async function attendeeProblem(tx: Prisma.TransactionClient, memberId: number, orgPath: string, heldOn: string): Promise<"outside" | "closed" | null> {
  const branchId = await branchOn(tx, memberId, heldOn);
  const branch = branchId === null ? null : await tx.org.findUnique({ where: { id: branchId }, select: { path: true } });
  if (!branch || !isWithin(branch.path, orgPath)) return "outside";
  return (await isLocked(tx, { memberId }, heldOn)) ? "closed" : null;
}

/**
 * Records the session per `input`; returns its id and the number of attendees. `once`: the form's
 * single-use token (AlreadySubmittedError when used: a double tap saves one session).
 */
export async function createSession(db: Db, actor: Actor, input: NewSession, reach: Reach, today: string, once?: string): Promise<{ id: number; attendees: number }> {
  await assertFormTokenUnused(db, once, "/training");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/training");
    const org = await tx.org.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, kind: true, path: true } });
    if (!org || !mayOrganize(reach, org.path)) throw new NotFoundError("组织不存在或不在您的管理范围内");
    if (input.heldOn > today) throw new DomainError("heldOn", "培训日期不能晚于今天");
    const names = loginList(input.attendees);
    if (names.length === 0) throw new DomainError("attendees", "请填写参训人员的登录名");
    const found = new Map((await tx.member.findMany({ where: { username: { in: names } }, select: { id: true, name: true, username: true } })).map((m) => [m.username, m]));
    const ids: number[] = [];
    for (const u of names) {
      const m = found.get(u);
      if (!m) throw new DomainError("attendees", `没有登录名为「${u}」的党员`);
      const problem = await attendeeProblem(tx, m.id, org.path, input.heldOn);
      if (problem === "outside") throw new DomainError("attendees", `「${m.name}（${m.username}）」${input.heldOn} 不在「${org.name}」范围内，不能作为本次培训的参训人员`);
      if (problem === "closed") throw new DomainError("heldOn", `「${m.name}」所在支部的 ${input.heldOn.slice(0, 4)} 年度已关闭（年终备查），不能再登记该年度的培训`);
      ids.push(m.id);
    }
    if (org.kind === "BRANCH" && (await isLocked(tx, { branchId: org.id }, input.heldOn))) throw new DomainError("heldOn", `「${org.name}」的 ${input.heldOn.slice(0, 4)} 年度已关闭（年终备查），不能再登记该年度的培训`);
    const row = await tx.trainingSession.create({ data: { heldOn: input.heldOn, level: input.level, topic: input.topic, orgId: org.id, createdById: actor.id } });
    await tx.trainingAttendance.createMany({ data: ids.map((memberId) => ({ sessionId: row.id, memberId })) });
    await audit(tx, { actorId: actor.id, action: "training.create", entity: "TrainingSession", entityId: row.id, after: { heldOn: input.heldOn, level: input.level, topic: input.topic, orgId: org.id, attendees: ids } });
    return { id: row.id, attendees: ids.length };
  });
}
