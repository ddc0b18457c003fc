/**
 * A year's ledger of one person or one zone (年度台账), on screen and as a printable A4 binder:
 *   GET /years/:year/members/:id[?period=2026-03|2026-W10&asOf=]   the member's year (own, or anyone's
 *                                                                  within the actor's reach; 404 otherwise)
 *   GET /years/:year/members/:id/print[?org=]                       the member's binder
 *   GET /years/:year/zones/:id[?period=&asOf=]                      a zone's year (overseers of its branch)
 *   GET /years/:year/zones/:id/print[?org=]                         the zone's binder: every member of the zone
 *   GET /years/:year/orgs/:code/print[?asOf=]                       an org's binder: every member of its subtree
 *                                                                  (up to ORG_BINDER_MAX; the rest: the year workbook)
 * A binder's `org=` (FORMATS.md "Organization reports") limits it to that subtree: an org out of
 * reach, or a member or zone outside it, answers 404.
 * The sign-off form on a member's year posts to /review/:year/members/:id (review.ts).
 */
import { maySignOff } from "../domain/reviews/commands.ts";
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { idParam } from "../http/params.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { findReadableMember, findReadableMemberKx } from "../domain/members/reach.ts";
import { assertReadsZone } from "../domain/zones/reach.ts";
import { NotFoundError } from "../core/errors.ts";
import { closureOf, reviewHistory, reviewOf, reviewsOfYear } from "../domain/reviews/queries.ts";
import { isValidLocalDate, periodByLabel, yearPeriod, type Period } from "../rules/index.ts";
import { buildComplianceReport, type MemberCompliance } from "../domain/compliance/report.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { loadMemberYear, YEAR_LISTS, type YearList, type YearPaging } from "../reports/member-year.ts";
import { memberYearPage } from "../reports/member-year-page.ts";
import { PAGE_SIZE, pageParam } from "../domain/paging.ts";
import { loadZoneYear } from "../reports/zone-year.ts";
import { zoneYearPage } from "../reports/zone-year-page.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";
import { memberGrids, zoneMonths } from "../reports/overview.ts";
import { lastDayOf, memberInOrg, orgCompliance, orgParam, resolveOrg, zoneInOrg } from "../reports/org-scope.ts";
import {
  ASSISTANCE_KIND_LABELS,
  CADRE_LEVEL_LABELS,
  COUNTERPART_KIND_LABELS,
  FEEDBACK_HOW_LABELS,
  MEETING_KIND_LABELS,
  REQUEST_SOURCE_LABELS,
  REQUEST_STATUS_LABELS,
  REVIEW_STATE_LABELS,
  ROLE_LABELS,
  STATUS_LABELS,
  TALK_REASON_LABELS,
} from "../core/labels.ts";

const labels = {
  roleLabels: ROLE_LABELS,
  statusLabels: STATUS_LABELS,
  reviewLabels: REVIEW_STATE_LABELS,
  reasons: TALK_REASON_LABELS,
  kinds: COUNTERPART_KIND_LABELS,
  meetingKinds: MEETING_KIND_LABELS,
  assistanceKinds: ASSISTANCE_KIND_LABELS,
  requestSources: REQUEST_SOURCE_LABELS,
  requestStatuses: REQUEST_STATUS_LABELS,
  feedbackHows: FEEDBACK_HOW_LABELS,
  levels: CADRE_LEVEL_LABELS,
};

/** A year in a URL: four digits from 2000 to next year, else 404. */
export function yearParam(raw: unknown, today: string): number {
  if (typeof raw !== "string" || !/^\d{4}$/.test(raw)) throw new NotFoundError();
  const y = Number(raw);
  if (y < 2000 || y > Number(today.slice(0, 4)) + 1) throw new NotFoundError();
  return y;
}

/** A month or ISO-week label of `year` from the query, else null (a bad one is ignored). */
function periodOf(raw: unknown, year: number): Period | null {
  if (typeof raw !== "string" || !/^\d{4}-(\d{2}|W\d{2})$/.test(raw)) return null;
  try {
    const p = periodByLabel(raw);
    const yp = yearPeriod(year);
    return p.end >= yp.start && p.start <= yp.end && (p.kind === "month" ? p.label.startsWith(String(year)) : p.label.startsWith(`${year}-W`)) ? p : null;
  } catch {
    return null;
  }
}

export interface MemberYearPage {
  year: number;
  id: number;
  asOf: string;
  period: Period | null;
  status?: number;
  /** The sign-off form's errors and values, when it is shown again (422). */
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

/** One member's year with quota results and grids; null when there is no such member. */
async function memberBook(kx: RouteDeps["kx"], id: number, year: number, asOf: string, period: Period | null, quota?: MemberCompliance, paging?: YearPaging) {
  const book = await loadMemberYear(kx, id, year, period, paging);
  if (!book) return null;
  const q = quota ?? (await buildComplianceReport(kx, { year, asOf, memberIds: [id], skip: ["zones", "branch"] })).members[0] ?? null;
  return { book, quota: q, grids: q ? memberGrids(q, year) : { months: null, weeks: null }, sw: await memberStaysAndWritings(kx, id, year) };
}

/**
 * Renders a member's year page (views/years/member) — the caller has checked access. Used by the
 * GET below and by the sign-off POST (review.ts) to show its form again with an error (422).
 * @throws NotFoundError when there is no such member.
 */
export function memberYearRenderer({ db, kx }: Pick<RouteDeps, "db" | "kx">) {
  return async (req: Request, res: Response, p: MemberYearPage) => {
    const member = await findReadableMemberKx(kx, req.user!, p.id);
    // Each list of the page is paged on its own: ?talksPage=2&visitsPage=3… (kept across each other's links).
    const pages = Object.fromEntries(YEAR_LISTS.map((k) => [k, pageParam(req.query[`${k}Page`])])) as Record<YearList, number>;
    const page = await memberYearPage(kx, p.id, p.year, p.asOf, p.period, { size: PAGE_SIZE, pages });
    if (!page) throw new NotFoundError();
    const { yearBranch, ...data } = page;
    const base = `/years/${p.year}/members/${p.id}`;
    const query = (over: Record<string, string>) => {
      const q = new URLSearchParams();
      if (p.period) q.set("period", p.period.label);
      if (typeof req.query.asOf === "string" && req.query.asOf === p.asOf) q.set("asOf", p.asOf);
      for (const k of YEAR_LISTS) if (data.book.lists[k].page > 1) q.set(`${k}Page`, String(data.book.lists[k].page));
      for (const [k, v] of Object.entries(over)) q.set(k, v);
      const s = q.toString();
      return s ? `?${s}` : "";
    };
    const [review, closure, history] = await Promise.all([reviewOf(kx, p.id, p.year), closureOf(kx, yearBranch, p.year), reviewHistory(kx, p.year, p.id, 500, yearBranch ?? undefined)]);
    res.status(p.status ?? 200).render("years/member", {
      title: `${data.book.member.name} · ${p.year} 年度台账`,
      year: p.year,
      asOf: p.asOf,
      ...data,
      review,
      closure,
      history,
      canSignOff: maySignOff(req.user!, { id: member.id, role: member.role, branch: member.branch }),
      pageHref: (k: YearList, n: number) => `${base}${query({ [`${k}Page`]: String(n) })}#${k}`,
      errors: p.errors ?? {},
      values: p.values ?? { comment: review.comment },
      ...labels,
    });
  };
}

export function yearsRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();
  const renderMemberYear = memberYearRenderer({ db, kx });

  function common(req: Request) {
    const today = todayOf(clock);
    const year = yearParam(req.params.year, today);
    const asOf = typeof req.query.asOf === "string" && isValidLocalDate(req.query.asOf) ? req.query.asOf : today;
    return { today, year, asOf, id: idParam(req.params.id) };
  }

  r.get("/:year/members/:id", async (req, res) => {
    const { year, asOf, id } = common(req);
    await renderMemberYear(req, res, { year, id, asOf, period: periodOf(req.query.period, year) });
  });

  /** The binder's `org=`, when given: 404 unless in reach and `inside` it. */
  async function checkOrg(req: Request, inside: (org: Awaited<ReturnType<typeof resolveOrg>>) => Promise<boolean>) {
    const code = orgParam(req.query.org);
    if (code !== undefined && !(await inside(await resolveOrg(kx, req.user!.reach, code)))) throw new NotFoundError();
  }

  r.get("/:year/members/:id/print", async (req, res) => {
    const { year, asOf, id } = common(req);
    await findReadableMember(db, req.user!, id);
    await checkOrg(req, (org) => memberInOrg(kx, id, org, lastDayOf(year, asOf)));
    const data = await memberBook(kx, id, year, asOf, null);
    if (!data) throw new NotFoundError();
    const review = await reviewOf(kx, id, year);
    res.render("years/binder", { title: `${data.book.member.name} · ${year} 年度台账（打印）`, year, asOf, zoneYear: null, zoneGrid: null, books: [{ ...data, review }], ...labels });
  });

  /** A zone's year: the screen's page (kept: zone-year-page.ts) or, `withBooks`, the binder's (the first PRINT_CAP meetings). */
  async function zoneData(req: Request, withBooks: boolean) {
    const { today, year, asOf, id } = common(req);
    await assertReadsZone(kx, req.user!, id, today);
    const period = withBooks ? null : periodOf(req.query.period, year);
    const page = withBooks ? null : await zoneYearPage(kx, id, year, asOf, period, { page: pageParam(req.query.page), size: PAGE_SIZE });
    const zoneYear = page ? page.zoneYear : withBooks ? await loadZoneYear(kx, id, year, period) : null;
    if (!zoneYear) throw new NotFoundError();
    // From the report cache (kept at the ledger's version, as the compliance page's zone filter reads
    // it): the zone's report cost ~3 ms of CPU per request at county scale (issue 16 item 2).
    const report = page ? page.report : await cachedComplianceReport(kx, { year, asOf, zoneId: id });
    const z = report.zones.find((x) => x.id === id);
    const zoneGrid = z ? zoneMonths(z, year) : null;
    const reviews = await reviewsOfYear(kx, year);
    return { year, asOf, period, zoneYear, zoneGrid, report, reviews, page };
  }

  r.get("/:year/zones/:id", requirePolicy(can.oversee), async (req, res) => {
    const { page, ...d } = await zoneData(req, false);
    const closure = await closureOf(kx, page!.branchId, d.year);
    res.render("years/zone", {
      stayCounts: page!.stayCounts,
      title: `${d.zoneYear.zone.name} · ${d.year} 年度台账`,
      ...d,
      closure,
      members: d.report.members.map((m) => ({ ...m, grids: memberGrids(m, d.year), review: d.reviews.get(m.id)?.state ?? "PENDING" })),
      pageHref: (n: number) => `/years/${d.year}/zones/${d.zoneYear.zone.id}?${new URLSearchParams({ ...(d.period ? { period: d.period.label } : {}), page: String(n) })}#meetings`,
      ...labels,
    });
  });

  r.get("/:year/zones/:id/print", requirePolicy(can.oversee), async (req, res) => {
    const { page: _page, ...d } = await zoneData(req, true);
    await checkOrg(req, (org) => zoneInOrg(kx, d.zoneYear.zone.id, org));
    const books = [];
    for (const m of d.report.members) books.push({ ...(await memberBook(kx, m.id, d.year, d.asOf, null, m))!, review: d.reviews.get(m.id) ?? { state: "PENDING", comment: "", reviewerName: null, reviewedAt: null } });
    res.render("years/binder", { title: `${d.zoneYear.zone.name} · ${d.year} 年度台账（打印）`, year: d.year, asOf: d.asOf, zoneYear: d.zoneYear, zoneGrid: d.zoneGrid, books, ...labels });
  });

  r.get("/:year/orgs/:code/print", requirePolicy(can.oversee), async (req, res) => {
    const today = todayOf(clock);
    const year = yearParam(req.params.year, today);
    const asOf = typeof req.query.asOf === "string" && isValidLocalDate(req.query.asOf) ? req.query.asOf : today;
    const org = await resolveOrg(kx, req.user!.reach, orgParam(req.params.code) ?? ""); // out of reach: 404
    const members = (await orgCompliance(kx, { year, asOf, org })).members;
    const reviews = await reviewsOfYear(kx, year);
    const books = [];
    for (const m of members.slice(0, ORG_BINDER_MAX)) books.push({ ...(await memberBook(kx, m.id, year, asOf, null, m))!, review: reviews.get(m.id) ?? { state: "PENDING", comment: "", reviewerName: null, reviewedAt: null } });
    res.render("years/binder", { title: `${org.name} · ${year} 年度台账（打印）`, year, asOf, zoneYear: null, zoneGrid: null, orgCover: { name: org.name, total: members.length, printed: books.length }, books, ...labels });
  });

  return r;
}

/** Members printed in one org binder (a township has thousands: the year workbook holds them all). */
export const ORG_BINDER_MAX = 300;
