/**
 * The cadre's dashboard (我的工作台) read with small Kysely reads (either engine; compiled
 * statements kept per SQL text on SQLite): the latest records, the open requests the member owns
 * and their zone today. Each of these was a Prisma read of ~0.5-2 ms of CPU per request (issue 16
 * item 2); these are a few µs each.
 * The standing cards and the zone's 院坝会 come from the compliance report and are kept for the
 * day at the ledger's version (day-cache.ts). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { localDateTimeOf } from "../../rules/index.ts";
import { pathIds } from "../../core/org-tree.ts";
import { OPEN_REQUEST_STATUSES } from "../../core/labels.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../baseline.ts";
import { versioned } from "../compliance/ledger-version.ts";
import { standingOf, type StandingCard } from "../compliance/standing.ts";
import { courtyardQuota } from "../zones/page.ts";
import { daysToDeadline, feedbackDaysOn, isOverdue, type FeedbackDaysSetting } from "../requests/overdue.ts";
import type { RecordRow } from "../records/queries.ts";
import { closureForMember, type ReviewView } from "../reviews/queries.ts";
import type { ReviewState } from "../../core/labels.ts";
import { keptForDay } from "./day-cache.ts";
import { feedbackSettings } from "../rollup/queries.ts";
import { prepared } from "../../db/prepared.ts";

type Kx = Kysely<DB>;

/** The member's `take` latest live talks, newest first. */
const talksOf = prepared((kx: Kx, memberId: number, take: number) =>
  kx
    .selectFrom("Talk")
    .select(["id", "occurredOn", "counterpartName", "reason", "createdAt"])
    .where("talkerId", "=", memberId)
    .where("deletedAt", "is", null)
    .orderBy("occurredOn", "desc")
    .orderBy("id", "desc")
    .limit(take),
);

/** The member's `take` latest live line visits, newest first; visitedOn (the local date of visitedAt) first, so the (cadreId, visitedOn) index orders most of it. */
const visitsOf = prepared((kx: Kx, memberId: number, take: number) =>
  kx
    .selectFrom("LineVisit as v")
    .leftJoin("Line as l", "l.id", "v.lineId")
    .leftJoin("Department as d", "d.id", "v.departmentId")
    .select(["v.id", "v.visitedOn", "v.visitedAt", "v.purpose", "v.createdAt", "l.name as lineName", "d.name as departmentName"])
    .where("v.cadreId", "=", memberId)
    .where("v.deletedAt", "is", null)
    .orderBy("v.visitedOn", "desc")
    .orderBy("v.visitedAt", "desc")
    .orderBy("v.id", "desc")
    .limit(take),
);

/** A DateTime column as Prisma's SQLite adapter stores it (ISO text, or epoch ms in old rows). */
const instant = (v: string | number) => new Date(v);

/** The member's `take` latest talks and line visits, newest first (as "my records" sorts them). */
export async function latestRecords(kx: Kx, memberId: number, take: number): Promise<RecordRow[]> {
  const talks = await talksOf(kx, memberId, take);
  const visits = await visitsOf(kx, memberId, take);
  const rows: RecordRow[] = [
    ...talks.map((t) => ({ kind: "talk" as const, id: t.id, date: t.occurredOn, time: null, title: t.counterpartName, detail: t.reason, enteredOn: localDateTimeOf(instant(t.createdAt)).slice(0, 10) })),
    ...visits.map((v) => ({
      kind: "visit" as const,
      id: v.id,
      date: v.visitedOn,
      time: localDateTimeOf(instant(v.visitedAt)).slice(11),
      title: v.lineName ?? v.departmentName ?? "",
      detail: v.purpose,
      enteredOn: localDateTimeOf(instant(v.createdAt)).slice(0, 10),
    })),
  ].sort((a, b) => (a.date === b.date ? (b.time ?? "").localeCompare(a.time ?? "") : b.date.localeCompare(a.date)));
  return rows.slice(0, take);
}

/** The open requests `memberId` owns, oldest first, at most 200 (compiled once: db/prepared.ts). */
const openRequestsOf = prepared((kx: Kx, memberId: number) =>
  kx
    .selectFrom("Request as r")
    .leftJoin("Zone as z", "z.id", "r.zoneId")
    .leftJoin("Org as zb", "zb.id", "z.branchId")
    .innerJoin("Member as m", "m.id", "r.ownerId")
    .leftJoin("Org as ob", "ob.id", "m.branchId")
    .select(["r.id", "r.status", "r.raisedOn", "r.residentName", "r.content", "r.feedbackOn", "zb.path as zonePath", "ob.path as ownerPath"])
    .where("r.ownerId", "=", memberId)
    .where("r.deletedAt", "is", null)
    .where("r.status", "in", OPEN_REQUEST_STATUSES)
    .orderBy("r.raisedOn", "asc")
    .orderBy("r.id", "asc")
    .limit(200),
);

/** The zone `memberId` is assigned to on `today` (compiled once). */
const zoneOn = prepared((kx: Kx, memberId: number, today: string) =>
  kx
    .selectFrom("ZoneAssignment as a")
    .innerJoin("Zone as z", "z.id", "a.zoneId")
    .select(["z.id", "z.name"])
    .where("a.memberId", "=", memberId)
    .where("a.fromOn", "<=", today)
    .where((eb) => eb.or([eb("a.toOn", "is", null), eb("a.toOn", ">=", today)]))
    .orderBy("a.fromOn", "desc")
    .limit(1),
);

/** The member's latest `take` sign-offs acted on, newest year first (compiled once). */
const signOffsOf = prepared((kx: Kx, memberId: number, take: number) =>
  kx
    .selectFrom("YearReview as y")
    .leftJoin("Member as rv", "rv.id", "y.reviewerId")
    .select(["y.memberId", "y.year", "y.state", "y.comment", "y.reviewedAt", "rv.name as reviewerName"])
    .where("y.memberId", "=", memberId)
    .where("y.state", "<>", "PENDING")
    .orderBy("y.year", "desc")
    .limit(take),
);

export interface OpenRequestLine {
  id: number;
  status: string;
  raisedOn: string;
  residentName: string;
  content: string;
  feedbackOn: string | null;
  feedbackDays: number;
  overdue: boolean;
  daysLeft: number;
}

/**
 * The dashboard's 联系群众 section: the open requests `memberId` owns (oldest first, at most 200,
 * with their feedback deadline as requests/queries.ts `withDeadline` computes it), the zone they
 * are assigned to on `today` and its 院坝会 this month (from the compliance report). `at`: the
 * ledger version the request read once (ledger-version.ts `versioned`), else each kept read reads it.
 */
export async function liaisonOf(kx: Kx, memberId: number, today: string, at?: Promise<number | null>) {
  const settings: FeedbackDaysSetting[] = await versioned(kx, "dashboard:feedbackSettings", () => feedbackSettings(kx), kx, at);
  const anyOrg = settings.some((x) => x.orgId != null);
  const rows = await openRequestsOf(kx, memberId);
  const openRequests: OpenRequestLine[] = rows.map(({ zonePath, ownerPath, ...r }) => {
    const path = anyOrg ? (zonePath ?? ownerPath) : null;
    const days = feedbackDaysOn(settings, r.raisedOn, DEFAULT_FEEDBACK_DAYS, path ? pathIds(path) : []);
    return { ...r, feedbackDays: days, overdue: isOverdue(r.raisedOn, r.feedbackOn, today, days), daysLeft: daysToDeadline(r.raisedOn, today, days) };
  });
  const zone = (await zoneOn(kx, memberId, today))[0] ?? null;
  const courtyard = zone ? await keptForDay(kx, today, `courtyard:${zone.id}`, async () => (await courtyardQuota(kx, zone.id, today)).thisMonth, kx, at) : null;
  return { openRequests, overdue: openRequests.filter((r) => r.overdue).length, zone, courtyard };
}

/** The member's standing cards (compliance/standing.ts), kept for the day at the ledger's version (`at`: as `liaisonOf`). */
export function standingForDay(kx: Kx, memberId: number, today: string, at?: Promise<number | null>): Promise<StandingCard[]> {
  return keptForDay(kx, today, `standing:${memberId}`, () => standingOf(kx, memberId, today), kx, at);
}

/**
 * The member's `take` latest sign-offs the secretary acted on, newest year first, each with
 * whether its year is closed (as reviews/queries.ts `ownReviews`; the list in one Kysely
 * read, the closure looked up only for the rows found, which most members have none of).
 */
export async function ownReviewsOf(kx: Kx, memberId: number, take = 3): Promise<(ReviewView & { closed: boolean })[]> {
  const rows = await signOffsOf(kx, memberId, take);
  return Promise.all(
    rows.map(async (r) => ({
      memberId: r.memberId,
      year: r.year,
      state: r.state as ReviewState,
      comment: r.comment,
      reviewerName: r.reviewerName,
      reviewedAt: r.reviewedAt === null ? null : localDateTimeOf(instant(r.reviewedAt)),
      closed: (await closureForMember(kx, memberId, r.year)) !== null,
    })),
  );
}
