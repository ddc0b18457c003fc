/**
 * Reads of 年终备查: the sign-off state of members' years, the closure of a branch's year
 * (YearClosure is per branch), and the history of both from the audit log (who, when, what, why).
 * Audit entries of closures keep entityId "<year>" and carry the branch in their before/after
 * JSON (`orgId`); an entry without one (from before closures were per branch) concerns every
 * branch. Dates shown are Asia/Shanghai.
 */
import type { Db } from "../../db/client.ts";
import { heldOn } from "../held-on.ts";
import { localDateTimeOf } from "../../rules/index.ts";
import type { ReviewState } from "../../core/labels.ts";

export interface ReviewView {
  memberId: number;
  year: number;
  state: ReviewState;
  comment: string;
  reviewerName: string | null;
  /** "YYYY-MM-DD HH:mm" Asia/Shanghai, or null when never reviewed. */
  reviewedAt: string | null;
}

export interface ClosureView {
  orgId: number;
  year: number;
  closedByName: string;
  /** "YYYY-MM-DD HH:mm" Asia/Shanghai. */
  closedAt: string;
}

export interface ReviewStep {
  action: string; // review.reviewed | review.returned | year.close | year.reopen
  actorName: string;
  at: string; // "YYYY-MM-DD HH:mm" Asia/Shanghai
  memberName: string | null;
  note: string; // the comment or reason
}

const PENDING = (memberId: number, year: number): ReviewView => ({ memberId, year, state: "PENDING", comment: "", reviewerName: null, reviewedAt: null });

type ReviewRow = { memberId: number; year: number; state: string; comment: string; reviewedAt: Date | null; reviewer: { name: string } | null };
const view = (r: ReviewRow): ReviewView => ({
  memberId: r.memberId,
  year: r.year,
  state: r.state as ReviewState,
  comment: r.comment,
  reviewerName: r.reviewer?.name ?? null,
  reviewedAt: r.reviewedAt ? localDateTimeOf(r.reviewedAt) : null,
});

/** The sign-off of one member's year (PENDING when the secretary has not acted yet). */
export async function reviewOf(db: Db, memberId: number, year: number): Promise<ReviewView> {
  const r = await db.yearReview.findUnique({ where: { memberId_year: { memberId, year } }, include: { reviewer: { select: { name: true } } } });
  return r ? view(r) : PENDING(memberId, year);
}

/** Every sign-off of `year`, by member id (members without a row are PENDING). */
export async function reviewsOfYear(db: Db, year: number): Promise<Map<number, ReviewView>> {
  const rows = await db.yearReview.findMany({ where: { year }, include: { reviewer: { select: { name: true } } } });
  return new Map(rows.map((r) => [r.memberId, view(r)]));
}

/** A member's own sign-offs that the secretary acted on, newest year first (for the dashboard). */
export async function ownReviews(db: Db, memberId: number, take = 3): Promise<(ReviewView & { closed: boolean })[]> {
  const rows = await db.yearReview.findMany({
    where: { memberId, state: { not: "PENDING" } },
    orderBy: { year: "desc" },
    take,
    include: { reviewer: { select: { name: true } } },
  });
  const closed = await Promise.all(rows.map(async (r) => (await closureForMember(db, memberId, r.year)) !== null));
  return rows.map((r, i) => ({ ...view(r), closed: closed[i] }));
}

/** The closure of branch `orgId`'s `year`, or null while it is open (or no branch is given). */
export async function closureOf(db: Db, orgId: number | null, year: number): Promise<ClosureView | null> {
  if (orgId === null) return null;
  const c = await db.yearClosure.findUnique({ where: { orgId_year: { orgId, year } } });
  if (!c) return null;
  const by = await db.member.findUnique({ where: { id: c.closedById }, select: { name: true } });
  return { orgId, year, closedByName: by?.name ?? "", closedAt: localDateTimeOf(c.closedAt) };
}

/** The branch member `memberId` belonged to on the last day of `year` (else their branch today). */
export async function yearEndBranchOf(db: Db, memberId: number, year: number): Promise<number | null> {
  const held = await db.orgMembership.findFirst({ where: { memberId, ...heldOn(`${year}-12-31`) }, orderBy: { fromOn: "desc" }, select: { orgId: true } });
  return held?.orgId ?? (await db.member.findUnique({ where: { id: memberId }, select: { branchId: true } }))?.branchId ?? null;
}

/** The closure that locks member `memberId`'s `year` (their branch at the year's end), or null. */
export async function closureForMember(db: Db, memberId: number, year: number): Promise<ClosureView | null> {
  return closureOf(db, await yearEndBranchOf(db, memberId, year), year);
}

/** The branch an audit entry of a closure concerns (undefined: every branch, an entry from before). */
export function closureEntryOrg(e: { before: string | null; after: string | null }): number | undefined {
  const row = JSON.parse(e.after ?? e.before ?? "{}") as { orgId?: number };
  return typeof row.orgId === "number" ? row.orgId : undefined;
}

/**
 * The audited steps of `year`'s review, oldest first: closing, reopening and returning the year,
 * and (for `memberId`, or every member when omitted) each sign-off with its comment or reason; at
 * most the latest `take`. With `orgId`: only that branch's closures (and, without `memberId`, the
 * sign-offs of its members).
 */
export async function reviewHistory(db: Db, year: number, memberId?: number, take = 500, orgId?: number): Promise<ReviewStep[]> {
  const reviewEntity = memberId === undefined ? { startsWith: `${year}:` } : { equals: `${year}:${memberId}` };
  let rows = await db.auditEntry.findMany({
    where: {
      OR: [
        { entity: "YearClosure", entityId: String(year) },
        { entity: "YearReview", entityId: reviewEntity },
      ],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    include: { actor: { select: { name: true } } },
  });
  rows.reverse();
  if (orgId !== undefined) {
    // One branch's page: its closures (and those from before per-branch closures) and its members' sign-offs.
    const ofBranch = memberId === undefined ? new Set((await db.member.findMany({ where: { branchId: orgId }, select: { id: true } })).map((m) => m.id)) : null;
    rows = rows.filter((r) =>
      r.entity === "YearClosure" ? [undefined, orgId].includes(closureEntryOrg(r)) : !ofBranch || ofBranch.has(Number(r.entityId.split(":")[1])),
    );
  }
  const memberIds = [...new Set(rows.filter((r) => r.entity === "YearReview").map((r) => Number(r.entityId.split(":")[1])))];
  const names = new Map((await db.member.findMany({ where: { id: { in: memberIds } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  return rows.map((r) => ({
    action: r.action,
    actorName: r.actor?.name ?? "系统",
    at: localDateTimeOf(r.at),
    memberName: r.entity === "YearReview" ? (names.get(Number(r.entityId.split(":")[1])) ?? null) : null,
    note: r.reason ?? "",
  }));
}
