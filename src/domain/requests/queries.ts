/**
 * Scoped reads of 群众诉求: a request is within reach of its owner, its creator, the members of
 * its zone on today, and those whose reach holds its zone's (or its owner's) branch; anyone
 * else gets NotFoundError (404).
 * Overdue figures use the REQUEST_FEEDBACK_DAYS setting in force on each request's raisedOn for
 * the request's zone's branch (else its owner's branch), resolved over that branch's path (see
 * overdue.ts for the counting and the resolution). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { orgWhere, zoneWhere, type Viewer } from "../../auth/reach.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../baseline.ts";
import { NotFoundError } from "../../core/errors.ts";
import { OPEN_REQUEST_STATUSES } from "../../core/labels.ts";
import { zoneIdOn } from "../zones/reach.ts";
import { addDays } from "../../rules/index.ts";
import { pathIds } from "../../core/org-tree.ts";
import { daysToDeadline, feedbackDaysOn, isOverdue, type FeedbackDaysSetting } from "./overdue.ts";

type Reader = Db | Prisma.TransactionClient;
export const REQUESTS_PAGE = 50;

/** The REQUEST_FEEDBACK_DAYS settings, the system's and every org's, oldest first. */
export async function feedbackSettings(db: Reader): Promise<FeedbackDaysSetting[]> {
  return db.ruleSetting.findMany({ where: { rule: "REQUEST_FEEDBACK_DAYS" }, orderBy: [{ effectiveFrom: "asc" }, { id: "asc" }], select: { value: true, effectiveFrom: true, orgId: true } });
}

/** The where-clause of the requests the actor reaches on `today`. */
export async function reachWhere(db: Reader, actor: Viewer, today: string): Promise<Prisma.RequestWhereInput> {
  const zoneId = await zoneIdOn(db, actor.id, today);
  const or: Prisma.RequestWhereInput[] = [{ ownerId: actor.id }, { createdById: actor.id }];
  if (zoneId !== null) or.push({ zoneId });
  if (actor.reach.subtrees.length) or.push({ zone: zoneWhere(actor.reach) }, { owner: { branch: orgWhere(actor.reach) } });
  return { deletedAt: null, OR: or };
}

/** The branch path whose settings apply, read with each request (zone's branch, else owner's). */
const branchPath = { branch: { select: { path: true } } } as const;

const include = {
  owner: { select: { id: true, name: true, username: true, ...branchPath } },
  createdBy: { select: { id: true, name: true } },
  zone: { select: { id: true, name: true, ...branchPath } },
  meeting: { select: { id: true, kind: true, heldOn: true } },
} as const;

/** A request within the actor's reach (NotFoundError otherwise). */
export async function findReadableRequest(db: Reader, actor: Viewer, id: number, today: string) {
  const request = await db.request.findFirst({ where: { AND: [{ id }, await reachWhere(db, actor, today)] }, include });
  if (!request) throw new NotFoundError();
  return request;
}

type BranchOf = { branch?: { path: string } | null } | null;

/**
 * Adds `feedbackDays`, `overdue` and `daysLeft` to each request, by the setting in force on its
 * raisedOn for its zone's branch (else its owner's; neither read: the system's).
 */
export function withDeadline<T extends { raisedOn: string; feedbackOn: string | null; zone?: BranchOf; owner?: BranchOf }>(rows: T[], settings: FeedbackDaysSetting[], today: string) {
  const anyOrg = settings.some((s) => s.orgId != null);
  return rows.map((r) => {
    const path = anyOrg ? (r.zone?.branch?.path ?? r.owner?.branch?.path ?? null) : null;
    const days = feedbackDaysOn(settings, r.raisedOn, DEFAULT_FEEDBACK_DAYS, path ? pathIds(path) : []);
    return { ...r, feedbackDays: days, overdue: isOverdue(r.raisedOn, r.feedbackOn, today, days), daysLeft: daysToDeadline(r.raisedOn, today, days) };
  });
}

export interface RequestFilter {
  status: "open" | "closed" | "all";
  zoneId?: number;
  mine: boolean;
  page: number;
}

/** The requests the actor reaches, newest first, one page at a time. */
export async function listRequests(db: Db, actor: Viewer, filter: RequestFilter, today: string, pageSize = REQUESTS_PAGE) {
  const where: Prisma.RequestWhereInput = {
    AND: [
      await reachWhere(db, actor, today),
      filter.status === "open" ? { status: { in: OPEN_REQUEST_STATUSES } } : filter.status === "closed" ? { status: { notIn: OPEN_REQUEST_STATUSES } } : {},
      filter.zoneId ? { zoneId: filter.zoneId } : {},
      filter.mine ? { ownerId: actor.id } : {},
    ],
  };
  const rows = await db.request.findMany({
    where,
    include,
    orderBy: [{ raisedOn: "desc" }, { id: "desc" }],
    skip: (filter.page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { rows: withDeadline(rows.slice(0, pageSize), await feedbackSettings(db), today), more: rows.length > pageSize };
}

/** "My open requests" (我的待办诉求): owned by `memberId`, not closed, oldest first. */
export async function openRequestsOf(db: Db, memberId: number, today: string) {
  const rows = await db.request.findMany({
    where: { ownerId: memberId, deletedAt: null, status: { in: OPEN_REQUEST_STATUSES } },
    include,
    orderBy: [{ raisedOn: "asc" }, { id: "asc" }],
    take: 200,
  });
  return withDeadline(rows, await feedbackSettings(db), today);
}

/** Open requests of a zone, oldest first. */
export async function openRequestsOfZone(db: Db, zoneId: number, today: string) {
  const rows = await db.request.findMany({
    where: { zoneId, deletedAt: null, status: { in: OPEN_REQUEST_STATUSES } },
    include,
    orderBy: [{ raisedOn: "asc" }, { id: "asc" }],
    take: 200,
  });
  return withDeadline(rows, await feedbackSettings(db), today);
}

/**
 * The secretary's overdue list: every open request without feedback past its deadline on
 * `today`, oldest first. Rows raised after today − (smallest setting) cannot be late and are
 * not read.
 */
export async function overdueRequests(db: Db, actor: Viewer, today: string) {
  const settings = await feedbackSettings(db);
  const least = Math.min(DEFAULT_FEEDBACK_DAYS, ...settings.map((s) => s.value));
  const rows = await db.request.findMany({
    where: { AND: [await reachWhere(db, actor, today), { status: { in: OPEN_REQUEST_STATUSES }, feedbackOn: null, raisedOn: { lt: addDays(today, -Math.max(0, least)) } }] },
    include,
    orderBy: [{ raisedOn: "asc" }, { id: "asc" }],
  });
  return withDeadline(rows, settings, today).filter((r) => r.overdue);
}
