/**
 * 年终备查 (the secretary's desk), for every overseer (secretary, reviewer, admin) to read within
 * their reach; only a branch's secretary acts:
 *   GET  /review?org=&year=&asOf=&zone=&role=&rule=&status=&review=&sort=&dir=&page=   overview, zpage= (the zones' page)
 *   GET  /review/reminders?org=&zone=         who is behind this week / month / year
 * Both cover one org's subtree (`org=CODE`; default the widest org reached, a secretary's branch;
 * 404 out of reach), cut in the report's queries (src/reports/org-scope.ts).
 *   POST /review/:year/members/:id[?then=next] sign off one member's year (查阅 / 退回; not one's own:
 *                                             the admin signs off the secretary's); then=next opens
 *                                             the next member still 待查阅 (通过并查看下一位)
 *   POST /review/:year/batch                  查阅 the ticked members who met every rule (skips the rest)
 *   /review/:year/closure, /review/:year/branches  closing per branch and the sign-off list (year-end.ts)
 * Handlers parse, call the domain (src/domain/reviews) and redirect 303 with a flash.
 */
import { Router, type Request } from "express";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { memberWhere } from "../auth/reach.ts";
import { findReachableZone } from "../domain/zones/reach.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { formValues, parseForm } from "../domain/forms.ts";
import { memberYearRenderer, yearParam } from "./years.ts";
import { DomainError } from "../core/errors.ts";
import { batchSignOffForm, signOffForm } from "../domain/reviews/schema.ts";
import { signOffMany, signOffYear } from "../domain/reviews/commands.ts";
import { ownBranchId } from "../domain/reviews/closing.ts";
import { yearEndRouter } from "./year-end.ts";
import { metEveryRuleIds, nextPendingId, signOffAsOf } from "../reports/sign-off-order.ts";
import { closureOf, reviewsOfYear } from "../domain/reviews/queries.ts";
import { buildOverview, parseOverviewQuery, type OverviewQuery } from "../reports/overview.ts";
import { buildReminders } from "../reports/reminders.ts";
import { pickerOrgs } from "../reports/overview-orgs.ts";

/** Above this many zones (a township has tens, a county thousands) the zone filter is offered one org down. */
const ZONE_SELECT_LIMIT = 200;
/** The reminders list this many uncovered cadres (a county has hundreds), then says how many more. */
const UNCOVERED_SHOWN = 100;
import { orgParam, resolveOrg, zoneInOrg, type OrgRef } from "../reports/org-scope.ts";
import { GAP_LABELS, uncoveredCadres } from "../domain/members/cadre-duties.ts";
import { REVIEW_STATE_LABELS, ROLE_LABELS, RULE_LABELS, STATUS_LABELS } from "../core/labels.ts";
import { byNaturalName } from "../domain/natural-order.ts";
import { ledgerVersion, versioned } from "../domain/compliance/ledger-version.ts";

/** A query string from `base` with `over` applied; empty values dropped. */
export function queryString(base: Record<string, unknown>, over: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...over })) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  return p.toString();
}

const labels = { roleLabels: ROLE_LABELS, statusLabels: STATUS_LABELS, ruleLabels: RULE_LABELS, reviewLabels: REVIEW_STATE_LABELS };

export function reviewRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();
  const renderMemberYear = memberYearRenderer({ db, kx });
  r.use(requirePolicy(can.oversee));
  r.use(yearEndRouter({ db, kx, clock }));

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const q: OverviewQuery = parseOverviewQuery(Number(today.slice(0, 4)), today, req.query);
    const org = await resolveOrg(kx, req.user!.reach, q.org); // org= out of reach (or unknown): 404
    if (q.zone && !(await zoneOfOrg(req, q.zone, org, today))) q.zone = undefined;
    const at = ledgerVersion(kx); // one version read for the page's two kept lookups
    const [reviews, closure, zones, orgs] = await Promise.all([reviewsOfYear(kx, q.year), closureOf(kx, org.kind === "BRANCH" ? org.id : (ownBranchId(req.user!) ?? req.user!.reach.branchId), q.year), zonesOf(req, org, at), pickerOrgs(kx, req.user!.reach, org, at)]);
    const overview = await buildOverview(kx, q, reviews, org);
    const base = { year: q.year, asOf: q.asOf, org: q.org, zone: q.zone, role: q.role, rule: q.rule, status: q.status, review: q.review, sort: q.sort, dir: q.dir, zpage: q.zpage > 1 ? q.zpage : undefined };
    res.render("review/overview", {
      title: "年终备查",
      q,
      org,
      orgs, // pickerOrgs: the way up, the org and its children, not a county's 800 orgs
      zoneSelectLimit: ZONE_SELECT_LIMIT,
      overview,
      closure,
      zones,
      qs: (over: Record<string, unknown> = {}) => queryString(base, over),
      orgQs: q.org ? `&org=${encodeURIComponent(q.org)}` : "",
      canAct: can.signOff(req.user!.reach),
      canExportWorkbook: true, // the workbook of the org shown (routes/exports.ts)
      ...labels,
    });
  });

  r.get("/reminders", async (req, res) => {
    const today = todayOf(clock);
    const code = orgParam(req.query.org);
    const org = await resolveOrg(kx, req.user!.reach, code); // org= out of reach (or unknown): 404
    let zone = /^\d{1,9}$/.test(String(req.query.zone ?? "")) ? Number(req.query.zone) : undefined;
    if (zone !== undefined && !(await zoneOfOrg(req, zone, org, today))) zone = undefined;
    const zones = await zonesOf(req, org);
    // cadres the line/pairing quotas do not reach (issue 15), of the org's branches
    const uncovered = await uncoveredCadres(db, today, { AND: [memberWhere(req.user!.reach), { branch: { path: { startsWith: org.path } } }] });
    res.render("review/reminders", {
      title: "提醒名单", reminders: await buildReminders(kx, today, zone, org), zones, zone, org, orgs: await pickerOrgs(kx, req.user!.reach, org), orgCode: code,
      year: Number(today.slice(0, 4)), uncovered: uncovered.slice(0, UNCOVERED_SHOWN), uncoveredTotal: uncovered.length, gapLabels: GAP_LABELS,
    });
  });

  /**
   * The zones of `org`'s branches, for the zone filter: all within the actor's reach, since `org`
   * is (resolveOrg checked it). One prepared statement, in natural name order up to
   * ZONE_SELECT_LIMIT zones (above it the pages list none but the one chosen; issue 16).
   * Kept per org at the ledger's version (Zone and Org raise it): the county's 3,000 zones were
   * ~5 ms of SQLite per /review. Shared between requests: views only read it. `at`: the version
   * the request read already (ledger-version.ts versioned).
   */
  async function zonesOf(_req: Request, org: OrgRef, at?: Promise<number | null>) {
    return versioned(kx, `review:zones:${org.path}`, async () => {
      // paths are digits and slashes only: no wildcards to escape
      const rows = await kx.selectFrom("Zone as z").innerJoin("Org as o", "o.id", "z.branchId").select(["z.id", "z.name"]).where("o.path", "like", `${org.path}%`).execute();
      // sorted only when offered: the natural-order sort of 3,000 names was the other ~40 ms
      return rows.length > ZONE_SELECT_LIMIT ? rows : byNaturalName(rows);
    }, kx, at);
  }

  /**
   * Whether a zone filter applies: 404 for a zone out of reach; false for one in reach but outside
   * `org` (the org picker changed while a zone was chosen: the filter is dropped).
   */
  async function zoneOfOrg(req: Request, zoneId: number, org: OrgRef, today: string): Promise<boolean> {
    await findReachableZone(db, req.user!, zoneId, today);
    return zoneInOrg(kx, zoneId, org);
  }

  // The branch's secretary, or an admin over a branch for its secretary's year (maySignOff decides per member).
  r.post("/:year/members/:id", requirePolicy((reach) => can.signOff(reach) || can.administerSomewhere(reach), "只有支部书记可以进行年终备查"), async (req, res) => {
    const today = todayOf(clock);
    const year = yearParam(req.params.year, today);
    const id = idParam(req.params.id);
    const back = `/years/${year}/members/${id}`;
    const again = (errors: Record<string, string>) =>
      renderMemberYear(req, res, { year, id, asOf: today, period: null, status: 422, errors, values: formValues(req.body) });
    const form = parseForm(signOffForm, req.body);
    if (!form.ok) return again(form.errors);
    try {
      await signOffYear(db, req.user!, id, year, form.data, today, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return again({ [e.field]: e.message });
    }
    flash(req, "success", form.data.decision === "REVIEWED" ? `已查阅 ${year} 年度记录` : `已退回 ${year} 年度记录，党员会在工作台看到原因`);
    if (req.query.then === "next") {
      const next = await nextPendingId(kx, year, signOffAsOf(year, today), await reviewsOfYear(kx, year), id, req.user!.id);
      if (next === null) flash(req, "info", `${year} 年度已没有待查阅的党员`);
      return res.redirect(303, next === null ? `/review?year=${year}` : `/years/${year}/members/${next}#sign-off`);
    }
    res.redirect(303, back);
  });

  r.post("/:year/batch", requirePolicy(can.signOff, "只有支部书记可以进行年终备查"), async (req, res) => {
    const today = todayOf(clock);
    const year = yearParam(req.params.year, today);
    const form = batchSignOffForm.safeParse(req.body ?? {});
    const back = `/review?${new URLSearchParams(form.success && form.data.back ? form.data.back : `year=${year}`).toString()}`;
    if (!form.success) {
      flash(req, "error", form.error.issues[0]?.message ?? "请勾选要查阅的党员");
      return res.redirect(303, back);
    }
    try {
      const eligible = await metEveryRuleIds(kx, year, signOffAsOf(year, today));
      const { reviewed, skipped } = await signOffMany(db, req.user!, year, form.data.memberIds, eligible, today, clock.now());
      flash(req, "success", `已批量查阅 ${reviewed.length} 人`);
      const notes = [
        skipped.missed && `${skipped.missed} 人未全部达标，须逐一查阅`,
        skipped.signed && `${skipped.signed} 人已查阅或已退回，未改动`,
        skipped.self && "本人的年度记录不能自己批量查阅",
        skipped.unknown && `${skipped.unknown} 人不在考核名单中`,
      ].filter(Boolean);
      if (notes.length) flash(req, "info", `未批量查阅：${notes.join("；")}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
    }
    res.redirect(303, back);
  });

  return r;
}
