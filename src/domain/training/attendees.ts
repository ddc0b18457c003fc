/**
 * 三项教育 attendees of an existing session (issue 18 item 4, session 4): the members who may be
 * added, adding (by picked member ids and/or typed login names) and removing one, each write in
 * one transaction with an audit entry (`training.attendees.add`, `training.attendee.remove`).
 * Who: whoever may organize the session's org (commands.ts `mayOrganize`: the organizing branch's
 * secretary, an admin over the org); a session of an org out of that reach is NotFoundError (404).
 * The rules are createSession's: an attendee must belong on the session's date (dated
 * OrgMembership) to a branch of the organizing org's subtree; nothing is added or removed in a
 * year closed (src/domain/reviews/lock.ts) for the attendee's branch then or for the organizing
 * branch. Someone already attending is reported, not added twice. Refusals are DomainError(field,
 * Chinese reason), nothing written. Dates: Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import type { Reach } from "../../auth/reach.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { audit } from "../audit/trail.ts";
import { heldOn } from "../held-on.ts";
import { isLocked } from "../reviews/lock.ts";
import { attendeeProblem, mayOrganize } from "./commands.ts";
import { loginList, TRAINING_LEVEL_LABELS, type TrainingLevel } from "./rules.ts";

type Reader = Db | Prisma.TransactionClient;

/** Most members listed on the page at once (the rest are added by login name). */
export const CANDIDATE_LIMIT = 1000;

export interface ManagedSession {
  id: number;
  heldOn: string;
  levelLabel: string;
  topic: string;
  org: { id: number; name: string; code: string; kind: string; path: string };
}

/** Session `id` when the actor may organize its org; NotFoundError otherwise (missing or out of reach alike). */
export async function findManagedSession(db: Reader, reach: Reach, id: number): Promise<ManagedSession> {
  const s = await db.trainingSession.findUnique({ where: { id }, select: { id: true, heldOn: true, level: true, topic: true, orgId: true } });
  const org = s && (await db.org.findUnique({ where: { id: s.orgId }, select: { id: true, name: true, code: true, kind: true, path: true } }));
  if (!s || !org || !mayOrganize(reach, org.path)) throw new NotFoundError();
  return { id: s.id, heldOn: s.heldOn, levelLabel: TRAINING_LEVEL_LABELS[s.level as TrainingLevel] ?? s.level, topic: s.topic, org };
}

/** The year-closure refusal of the organizing branch for the session's year, or null (a township or county session has none of its own). */
async function sessionLockProblem(db: Reader, s: ManagedSession): Promise<string | null> {
  if (s.org.kind !== "BRANCH" || !(await isLocked(db, { branchId: s.org.id }, s.heldOn))) return null;
  return `「${s.org.name}」的 ${s.heldOn.slice(0, 4)} 年度已关闭（年终备查），不能再修改该年度培训的参训人员`;
}

/** Is the session's year closed for its organizing branch (the page then shows the list read-only)? */
export async function sessionLocked(db: Reader, s: ManagedSession): Promise<boolean> {
  return (await sessionLockProblem(db, s)) !== null;
}

export interface Candidate {
  id: number;
  name: string;
  username: string;
  branchName: string;
  attending: boolean;
}

/**
 * Members who on the session's date belong to a branch of its org's subtree (not the system
 * operator's accounts), by branch and login name, at most CANDIDATE_LIMIT; `attending` marks those
 * already on the list. `more`: whether some were left out.
 */
export async function attendeeCandidates(db: Reader, s: ManagedSession): Promise<{ rows: Candidate[]; more: boolean }> {
  const rows = await db.orgMembership.findMany({
    where: { ...heldOn(s.heldOn), org: { path: { startsWith: s.org.path } }, member: { role: { not: "ADMIN" } } },
    select: { memberId: true, org: { select: { name: true, path: true } }, member: { select: { name: true, username: true } } },
    orderBy: [{ org: { path: "asc" } }, { member: { username: "asc" } }],
    take: CANDIDATE_LIMIT + 1,
  });
  const attending = new Set((await db.trainingAttendance.findMany({ where: { sessionId: s.id }, select: { memberId: true } })).map((a) => a.memberId));
  const seen = new Set<number>();
  const out: Candidate[] = [];
  for (const r of rows.slice(0, CANDIDATE_LIMIT)) {
    if (seen.has(r.memberId)) continue; // two stretches touching the day: listed once
    seen.add(r.memberId);
    out.push({ id: r.memberId, name: r.member.name, username: r.member.username, branchName: r.org.name, attending: attending.has(r.memberId) });
  }
  return { rows: out, more: rows.length > CANDIDATE_LIMIT };
}

/** The session's attendees by login name, with their branch today (as the session's page shows them). */
export async function currentAttendees(db: Reader, s: ManagedSession) {
  const ids = (await db.trainingAttendance.findMany({ where: { sessionId: s.id }, select: { memberId: true } })).map((a) => a.memberId);
  const people = await db.member.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, username: true, branch: { select: { name: true } } }, orderBy: { username: "asc" } });
  return people.map((p) => ({ id: p.id, name: p.name, username: p.username, branchName: p.branch.name }));
}

export interface AttendeesInput {
  /** Members ticked on the page. */
  memberIds: number[];
  /** Login names as typed (spaces, commas, 、, new lines between them). */
  attendees: string;
}

/**
 * Adds the members of `input` to session `sessionId`; returns how many were added and how many
 * already attended (a no-op for them). DomainError when none is given, a login name is unknown,
 * someone is outside the org on the date (a ticked id outside it is not named: it may be out of
 * the actor's reach), or the year is closed for the organizing branch or an attendee's branch.
 */
export async function addAttendees(db: Db, actor: Actor, reach: Reach, sessionId: number, input: AttendeesInput): Promise<{ added: number; already: number }> {
  return db.$transaction(async (tx) => {
    const s = await findManagedSession(tx, reach, sessionId);
    const names = loginList(input.attendees);
    if (names.length === 0 && input.memberIds.length === 0) throw new DomainError("memberIds", "请勾选或填写要添加的参训人员");
    const byName = new Map((await tx.member.findMany({ where: { username: { in: names } }, select: { id: true, name: true, username: true } })).map((m) => [m.username, m]));
    const byId = new Map((await tx.member.findMany({ where: { id: { in: input.memberIds } }, select: { id: true, name: true, username: true } })).map((m) => [m.id, m]));
    const people: { id: number; name: string; username: string; typed: boolean }[] = [];
    for (const u of names) {
      const m = byName.get(u);
      if (!m) throw new DomainError("attendees", `没有登录名为「${u}」的党员`);
      people.push({ ...m, typed: true });
    }
    for (const id of input.memberIds) {
      const m = byId.get(id);
      if (!m) throw new DomainError("memberIds", `所选党员不在「${s.org.name}」范围内，不能作为本次培训的参训人员`);
      people.push({ ...m, typed: false });
    }
    const attending = new Set((await tx.trainingAttendance.findMany({ where: { sessionId: s.id }, select: { memberId: true } })).map((a) => a.memberId));
    const fresh = new Map<number, (typeof people)[number]>();
    const known = new Set<number>(); // already attending and named here: counted once
    for (const p of people) {
      if (attending.has(p.id)) {
        known.add(p.id);
        continue;
      }
      if (fresh.has(p.id)) continue; // both ticked and typed
      const problem = await attendeeProblem(tx, p.id, s.org.path, s.heldOn);
      if (problem === "outside") {
        throw new DomainError(
          p.typed ? "attendees" : "memberIds",
          p.typed ? `「${p.name}（${p.username}）」${s.heldOn} 不在「${s.org.name}」范围内，不能作为本次培训的参训人员` : `所选党员不在「${s.org.name}」范围内，不能作为本次培训的参训人员`,
        );
      }
      if (problem === "closed") throw new DomainError(p.typed ? "attendees" : "memberIds", `「${p.name}」所在支部的 ${s.heldOn.slice(0, 4)} 年度已关闭（年终备查），不能再登记该年度的培训`);
      fresh.set(p.id, p);
    }
    if (fresh.size > 0) {
      const locked = await sessionLockProblem(tx, s);
      if (locked) throw new DomainError("", locked);
      const ids = [...fresh.keys()];
      await tx.trainingAttendance.createMany({ data: ids.map((memberId) => ({ sessionId: s.id, memberId })) });
      await audit(tx, { actorId: actor.id, action: "training.attendees.add", entity: "TrainingSession", entityId: s.id, after: { added: ids } });
    }
    return { added: fresh.size, already: known.size };
  });
}

/**
 * Removes member `memberId` from session `sessionId`. NotFoundError when the session is out of
 * reach or they did not attend; DomainError("", reason) in a closed year (theirs or the
 * organizing branch's). Returns the removed member's name.
 */
export async function removeAttendee(db: Db, actor: Actor, reach: Reach, sessionId: number, memberId: number): Promise<string> {
  return db.$transaction(async (tx) => {
    const s = await findManagedSession(tx, reach, sessionId);
    const row = await tx.trainingAttendance.findUnique({ where: { sessionId_memberId: { sessionId: s.id, memberId } }, select: { memberId: true } });
    if (!row) throw new NotFoundError();
    const m = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { name: true, username: true } });
    const locked = await sessionLockProblem(tx, s);
    if (locked) throw new DomainError("", locked);
    if (await isLocked(tx, { memberId }, s.heldOn)) throw new DomainError("", `「${m.name}」所在支部的 ${s.heldOn.slice(0, 4)} 年度已关闭（年终备查），不能再修改该年度的培训`);
    await tx.trainingAttendance.delete({ where: { sessionId_memberId: { sessionId: s.id, memberId } } });
    await audit(tx, { actorId: actor.id, action: "training.attendee.remove", entity: "TrainingSession", entityId: s.id, before: { memberId, username: m.username } });
    return m.name;
  });
}
