/**
 * The cadre's dashboard (我的工作台) read on prepared statements of the raw connection: the
 * latest records, the open requests the member owns and their zone today. Each of these was a
 * Prisma read of ~0.5-2 ms of CPU per request (issue 16 item 2); these are a few µs each.
 * The standing cards and the zone's 院坝会 come from the compliance report and are kept for the
 * day at the ledger's version (day-cache.ts). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { localDateTimeOf } from "../../rules/index.ts";
import { pathIds } from "../../core/org-tree.ts";
import { OPEN_REQUEST_STATUSES } from "../../core/labels.ts";
import { DEFAULT_FEEDBACK_DAYS } from "../baseline.ts";
import { versionedSync } from "../compliance/ledger-version.ts";
import { standingOf, type StandingCard } from "../compliance/standing.ts";
import { courtyardQuota } from "../zones/page.ts";
import { daysToDeadline, feedbackDaysOn, isOverdue, type FeedbackDaysSetting } from "../requests/overdue.ts";
import type { RecordRow } from "../records/queries.ts";
import { closureForMember, type ReviewView } from "../reviews/queries.ts";
import type { Db } from "../../db/client.ts";
import type { ReviewState } from "../../core/labels.ts";
import { keptForDay } from "./day-cache.ts";
import { feedbackSettings } from "../rollup/queries.ts";

type Stmts = Record<"talks" | "visits" | "requests" | "zone" | "reviews", Database.Statement>;
const stmts = new WeakMap<Database.Database, Stmts>();

function prepared(raw: Database.Database): Stmts {
  let s = stmts.get(raw);
  if (s) return s;
  const open = OPEN_REQUEST_STATUSES.map((x) => `'${x}'`).join(",");
  s = {
    talks: raw.prepare(
      `SELECT "id", "occurredOn", "counterpartName", "reason", "createdAt" FROM "Talk"
       WHERE "talkerId" = ? AND "deletedAt" IS NULL ORDER BY "occurredOn" DESC, "id" DESC LIMIT ?`,
    ),
    visits: raw.prepare(
      `SELECT v."id", v."visitedOn", v."visitedAt", v."purpose", v."createdAt", l."name" AS "lineName", d."name" AS "departmentName"
       FROM "LineVisit" v LEFT JOIN "Line" l ON l."id" = v."lineId" LEFT JOIN "Department" d ON d."id" = v."departmentId"
       -- visitedOn (the local date of visitedAt) first, so the (cadreId, visitedOn) index orders most of it
       WHERE v."cadreId" = ? AND v."deletedAt" IS NULL ORDER BY v."visitedOn" DESC, v."visitedAt" DESC, v."id" DESC LIMIT ?`,
    ),
    requests: raw.prepare(
      `SELECT r."id", r."status", r."raisedOn", r."residentName", r."content", r."feedbackOn", zb."path" AS "zonePath", ob."path" AS "ownerPath"
       FROM "Request" r
       LEFT JOIN "Zone" z ON z."id" = r."zoneId" LEFT JOIN "Org" zb ON zb."id" = z."branchId"
       JOIN "Member" m ON m."id" = r."ownerId" LEFT JOIN "Org" ob ON ob."id" = m."branchId"
       WHERE r."ownerId" = ? AND r."deletedAt" IS NULL AND r."status" IN (${open})
       ORDER BY r."raisedOn" ASC, r."id" ASC LIMIT 200`,
    ),
    zone: raw.prepare(
      `SELECT z."id", z."name" FROM "ZoneAssignment" a JOIN "Zone" z ON z."id" = a."zoneId"
       WHERE a."memberId" = ? AND a."fromOn" <= ? AND (a."toOn" IS NULL OR a."toOn" >= ?) ORDER BY a."fromOn" DESC LIMIT 1`,
    ),
    reviews: raw.prepare(
      `SELECT y."memberId", y."year", y."state", y."comment", y."reviewedAt", rv."name" AS "reviewerName" FROM "YearReview" y
       LEFT JOIN "Member" rv ON rv."id" = y."reviewerId" WHERE y."memberId" = ? AND y."state" <> 'PENDING' ORDER BY y."year" DESC LIMIT ?`,
    ),
  };
  stmts.set(raw, s);
  return s;
}

/** A DateTime column as Prisma's SQLite adapter stores it (ISO text, or epoch ms in old rows). */
const instant = (v: string | number) => new Date(v);

/** The member's `take` latest talks and line visits, newest first (as "my records" sorts them). */
export function latestRecords(raw: Database.Database, memberId: number, take: number): RecordRow[] {
  const s = prepared(raw);
  const talks = s.talks.all(memberId, take) as { id: number; occurredOn: string; counterpartName: string; reason: string; createdAt: string }[];
  const visits = s.visits.all(memberId, take) as { id: number; visitedOn: string; visitedAt: string; purpose: string; createdAt: string; lineName: string | null; departmentName: string | null }[];
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
 * are assigned to on `today` and its 院坝会 this month (from the compliance report).
 */
export async function liaisonOf(raw: Database.Database, kx: Kysely<DB>, memberId: number, today: string) {
  const s = prepared(raw);
  const settings: FeedbackDaysSetting[] = versionedSync(raw, "dashboard:feedbackSettings", () => feedbackSettings(raw));
  const anyOrg = settings.some((x) => x.orgId != null);
  const rows = s.requests.all(memberId) as { id: number; status: string; raisedOn: string; residentName: string; content: string; feedbackOn: string | null; zonePath: string | null; ownerPath: string | null }[];
  const openRequests: OpenRequestLine[] = rows.map(({ zonePath, ownerPath, ...r }) => {
    const path = anyOrg ? (zonePath ?? ownerPath) : null;
    const days = feedbackDaysOn(settings, r.raisedOn, DEFAULT_FEEDBACK_DAYS, path ? pathIds(path) : []);
    return { ...r, feedbackDays: days, overdue: isOverdue(r.raisedOn, r.feedbackOn, today, days), daysLeft: daysToDeadline(r.raisedOn, today, days) };
  });
  const zone = (s.zone.get(memberId, today, today) as { id: number; name: string } | undefined) ?? null;
  const courtyard = zone ? await keptForDay(raw, today, `courtyard:${zone.id}`, async () => (await courtyardQuota(kx, zone.id, today)).thisMonth) : null;
  return { openRequests, overdue: openRequests.filter((r) => r.overdue).length, zone, courtyard };
}

/** The member's standing cards (compliance/standing.ts), kept for the day at the ledger's version. */
export function standingForDay(raw: Database.Database, kx: Kysely<DB>, memberId: number, today: string): Promise<StandingCard[]> {
  return keptForDay(raw, today, `standing:${memberId}`, () => standingOf(kx, memberId, today));
}

/**
 * The member's `take` latest sign-offs the secretary acted on, newest year first, each with
 * whether its year is closed (as reviews/queries.ts `ownReviews`; the list on a prepared
 * statement, the closure looked up only for the rows found, which most members have none of).
 */
export async function ownReviewsOf(db: Db, raw: Database.Database, memberId: number, take = 3): Promise<(ReviewView & { closed: boolean })[]> {
  const rows = prepared(raw).reviews.all(memberId, take) as { memberId: number; year: number; state: string; comment: string; reviewedAt: string | number | null; reviewerName: string | null }[];
  return Promise.all(
    rows.map(async (r) => ({
      memberId: r.memberId,
      year: r.year,
      state: r.state as ReviewState,
      comment: r.comment,
      reviewerName: r.reviewerName,
      reviewedAt: r.reviewedAt === null ? null : localDateTimeOf(instant(r.reviewedAt)),
      closed: (await closureForMember(db, memberId, r.year)) !== null,
    })),
  );
}
