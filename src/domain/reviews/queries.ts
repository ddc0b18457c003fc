/**
 * Reads of 年终备查: the sign-off state of members' years, the closure of a branch's year
 * (YearClosure is per branch), and the history of both from the audit log (who, when, what, why).
 * Audit entries of closures keep entityId "<year>" and carry the branch in their before/after
 * JSON (`orgId`); an entry without one (from before closures were per branch) concerns every
 * branch. Dates shown are Asia/Shanghai.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { jsonValues } from "../../db/dialect.ts";
import { prepared } from "../../db/prepared.ts";
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

type Kx = Kysely<DB>;
/** A DateTime column as read through Kysely (ISO text, or epoch ms in old SQLite rows). */
const instant = (v: string | number) => new Date(v);

type ReviewRow = { memberId: number; year: number; state: string; comment: string; reviewedAt: string | number | null; reviewerName: string | null };
const view = (r: ReviewRow): ReviewView => ({
  memberId: r.memberId,
  year: r.year,
  state: r.state as ReviewState,
  comment: r.comment,
  reviewerName: r.reviewerName,
  reviewedAt: r.reviewedAt === null ? null : localDateTimeOf(instant(r.reviewedAt)),
});

/**
 * Sign-offs with their reviewer's name. One small Kysely read (a compiled statement on SQLite):
 * these were Prisma reads of ~0.5-2 ms of CPU each on the member's year, the zone's year and the
 * overview (issue 16 item 2).
 */
const reviews = (kx: Kx) =>
  kx
    .selectFrom("YearReview as y")
    .leftJoin("Member as rv", "rv.id", "y.reviewerId")
    .select(["y.memberId", "y.year", "y.state", "y.comment", "y.reviewedAt", "rv.name as reviewerName"]);

// The reads every year page and the overview make, compiled once (db/prepared.ts).
const reviewRow = prepared((kx: Kx, memberId: number, year: number) => reviews(kx).where("y.memberId", "=", memberId).where("y.year", "=", year));
const reviewsOfYearRows = prepared((kx: Kx, year: number) => reviews(kx).where("y.year", "=", year));
const closureRow = prepared((kx: Kx, orgId: number, year: number) =>
  kx.selectFrom("YearClosure as c").leftJoin("Member as by", "by.id", "c.closedById").select(["c.closedAt", "by.name"]).where("c.orgId", "=", orgId).where("c.year", "=", year),
);

/** The sign-off of one member's year (PENDING when the secretary has not acted yet). */
export async function reviewOf(kx: Kx, memberId: number, year: number): Promise<ReviewView> {
  const [r] = await reviewRow(kx, memberId, year);
  return r ? view(r) : PENDING(memberId, year);
}

/** Every sign-off of `year`, by member id (members without a row are PENDING). */
export async function reviewsOfYear(kx: Kx, year: number): Promise<Map<number, ReviewView>> {
  const rows = await reviewsOfYearRows(kx, year);
  return new Map(rows.map((r) => [r.memberId, view(r)]));
}

/** A member's own sign-offs that the secretary acted on, newest year first (for the dashboard). */
export async function ownReviews(kx: Kx, memberId: number, take = 3): Promise<(ReviewView & { closed: boolean })[]> {
  const rows = await reviews(kx).where("y.memberId", "=", memberId).where("y.state", "<>", "PENDING").orderBy("y.year", "desc").limit(take).execute();
  const closed = await Promise.all(rows.map(async (r) => (await closureForMember(kx, memberId, r.year)) !== null));
  return rows.map((r, i) => ({ ...view(r), closed: closed[i] }));
}

/** The closure of branch `orgId`'s `year`, or null while it is open (or no branch is given). */
export async function closureOf(kx: Kx, orgId: number | null, year: number): Promise<ClosureView | null> {
  if (orgId === null) return null;
  const [c] = await closureRow(kx, orgId, year);
  if (!c) return null;
  return { orgId, year, closedByName: c.name ?? "", closedAt: localDateTimeOf(instant(c.closedAt)) };
}

/** The branch member `memberId` belonged to on the last day of `year` (else their branch today). */
export async function yearEndBranchOf(kx: Kx, memberId: number, year: number): Promise<number | null> {
  const date = `${year}-12-31`;
  const held = await kx
    .selectFrom("OrgMembership")
    .select("orgId")
    .where("memberId", "=", memberId)
    .where("fromOn", "<=", date)
    .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", date)]))
    .orderBy("fromOn", "desc")
    .limit(1)
    .executeTakeFirst();
  return held?.orgId ?? (await kx.selectFrom("Member").select("branchId").where("id", "=", memberId).executeTakeFirst())?.branchId ?? null;
}

/** The closure that locks member `memberId`'s `year` (their branch at the year's end), or null. */
export async function closureForMember(kx: Kx, memberId: number, year: number): Promise<ClosureView | null> {
  return closureOf(kx, await yearEndBranchOf(kx, memberId, year), year);
}

/** The branch an audit entry of a closure concerns (undefined: every branch, an entry from before). */
export function closureEntryOrg(e: { before: string | null; after: string | null }): number | undefined {
  const row = JSON.parse(e.after ?? e.before ?? "{}") as { orgId?: number };
  return typeof row.orgId === "number" ? row.orgId : undefined;
}

/** The audit entries of a year's closures and of its sign-offs whose entityId matches (`=` one member's, `like` every member's), newest first; compiled once (db/prepared.ts). */
const historyRows = (op: "=" | "like") =>
  prepared((kx: Kx, year: string, entityId: string, take: number) =>
    kx
      .selectFrom("AuditEntry as e")
      .leftJoin("Member as a", "a.id", "e.actorId")
      .select(["e.id", "e.action", "e.entity", "e.entityId", "e.before", "e.after", "e.reason", "e.at", "a.name as actorName"])
      .where((eb) => eb.or([eb.and([eb("e.entity", "=", "YearClosure"), eb("e.entityId", "=", year)]), eb.and([eb("e.entity", "=", "YearReview"), eb("e.entityId", op, entityId)])]))
      .orderBy("e.at", "desc")
      .orderBy("e.id", "desc")
      .limit(take),
  );
const historyOfMember = historyRows("=");
const historyOfYear = historyRows("like");

/**
 * The audited steps of `year`'s review, oldest first: closing, reopening and returning the year,
 * and (for `memberId`, or every member when omitted) each sign-off with its comment or reason; at
 * most the latest `take`. With `orgId`: only that branch's closures (and, without `memberId`, the
 * sign-offs of its members).
 */
export async function reviewHistory(kx: Kx, year: number, memberId?: number, take = 500, orgId?: number): Promise<ReviewStep[]> {
  let rows = await (memberId === undefined ? historyOfYear(kx, String(year), `${year}:%`, take) : historyOfMember(kx, String(year), `${year}:${memberId}`, take));
  rows.reverse();
  if (orgId !== undefined) {
    // One branch's page: its closures (and those from before per-branch closures) and its members' sign-offs.
    const ofBranch = memberId === undefined ? new Set((await kx.selectFrom("Member").select("id").where("branchId", "=", orgId).execute()).map((m) => m.id)) : null;
    rows = rows.filter((r) =>
      r.entity === "YearClosure" ? [undefined, orgId].includes(closureEntryOrg(r)) : !ofBranch || ofBranch.has(Number(r.entityId.split(":")[1])),
    );
  }
  const memberIds = [...new Set(rows.filter((r) => r.entity === "YearReview").map((r) => Number(r.entityId.split(":")[1])))];
  const names = new Map(
    memberIds.length ? (await kx.selectFrom("Member").select(["id", "name"]).where("id", "in", jsonValues(kx, memberIds, "integer")).execute()).map((m) => [m.id, m.name]) : [],
  );
  return rows.map((r) => ({
    action: r.action,
    actorName: r.actorName ?? "系统",
    at: localDateTimeOf(instant(r.at)),
    memberName: r.entity === "YearReview" ? (names.get(Number(r.entityId.split(":")[1])) ?? null) : null,
    note: r.reason ?? "",
  }));
}
