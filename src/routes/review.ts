/**
 * 年终备查 (the secretary's desk), for every overseer (secretary, reviewer, admin) to read within
 * their reach; only a branch's secretary acts:
 *   GET  /review?year=&asOf=&zone=&role=&rule=&status=&review=&sort=&dir=&page=   overview
 *   GET  /review/reminders?zone=              who is behind this week / month / year
 *   POST /review/:year/members/:id[?then=next] sign off one member's year (查阅 / 退回; not one's own:
 *                                             the admin signs off the secretary's); then=next opens
 *                                             the next member still 待查阅 (通过并查看下一位)
 *   POST /review/:year/batch                  查阅 the ticked members who met every rule (skips the rest)
 *   GET  /review/:year/closure                the year's state, counts, history; close / reopen forms
 *   POST /review/:year/closure                close the year (records become read-only)
 *   POST /review/:year/closure/delete         reopen it with a written reason
 * Handlers parse, call the domain (src/domain/reviews) and redirect 303 with a flash.
 */
import { Router, type Request } from "express";
import type { RouteDeps } from "./deps.ts";
import { requirePolicy } from "../auth/guards.ts";
import { can } from "../auth/policies.ts";
import { memberWhere, orgWhere, zoneWhere } from "../auth/reach.ts";
import { findReachableZone } from "../domain/zones/reach.ts";
import { todayOf } from "../http/clock.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { formValues, parseForm } from "../domain/forms.ts";
import { memberYearRenderer, yearParam } from "./years.ts";
import { DomainError, NotFoundError } from "../core/errors.ts";
import { batchSignOffForm, reopenForm, signOffForm } from "../domain/reviews/schema.ts";
import { closeYear, reopenYear, signOffMany, signOffYear } from "../domain/reviews/commands.ts";
import { metEveryRuleIds, nextPendingId, signOffAsOf } from "../reports/sign-off-order.ts";
import { closureOf, reviewHistory, reviewsOfYear } from "../domain/reviews/queries.ts";
import { buildOverview, overviewQuery, type OverviewQuery, type Reachable } from "../reports/overview.ts";
import { buildReminders, type Reminders } from "../reports/reminders.ts";
import { GAP_LABELS, uncoveredCadres } from "../domain/members/cadre-duties.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { REVIEW_STATE_LABELS, ROLE_LABELS, RULE_LABELS, STATUS_LABELS } from "../core/labels.ts";
import { byNaturalName } from "../domain/natural-order.ts";

/** A query string from `base` with `over` applied; empty values dropped. */
export function queryString(base: Record<string, unknown>, over: Record<string, unknown> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...base, ...over })) if (v !== undefined && v !== null && v !== "") p.set(k, String(v));
  return p.toString();
}

const labels = { roleLabels: ROLE_LABELS, statusLabels: STATUS_LABELS, ruleLabels: RULE_LABELS, reviewLabels: REVIEW_STATE_LABELS };

export function reviewRouter({ db, raw, clock }: RouteDeps) {
  const r = Router();
  const renderMemberYear = memberYearRenderer({ db, raw });
  r.use(requirePolicy(can.oversee));

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const q: OverviewQuery = overviewQuery(Number(today.slice(0, 4)), today).parse(req.query);
    const [reviews, closure, zones] = await Promise.all([
      reviewsOfYear(db, q.year),
      closureOf(db, q.year),
      db.zone.findMany({ where: zoneWhere(req.user!.reach), select: { id: true, name: true } }).then(byNaturalName),
      q.zone ? findReachableZone(db, req.user!, q.zone, today) : null,
    ]);
    const overview = buildOverview(raw, q, reviews, await reachable(req));
    const base = { year: q.year, asOf: q.asOf, zone: q.zone, role: q.role, rule: q.rule, status: q.status, review: q.review, sort: q.sort, dir: q.dir };
    res.render("review/overview", {
      title: "年终备查",
      q,
      overview,
      closure,
      zones,
      qs: (over: Record<string, unknown> = {}) => queryString(base, over),
      canAct: can.signOff(req.user!.reach),
      // The year workbook holds every branch's records (routes/exports.ts): offered to whoever reaches them all.
      canExportWorkbook: (await db.org.count({ where: { kind: "BRANCH", NOT: orgWhere(req.user!.reach) } })) === 0,
      ...labels,
    });
  });

  r.get("/reminders", async (req, res) => {
    const today = todayOf(clock);
    const zone = /^\d{1,9}$/.test(String(req.query.zone ?? "")) ? Number(req.query.zone) : undefined;
    if (zone !== undefined) await findReachableZone(db, req.user!, zone, today); // out of reach: 404
    const zones = await db.zone.findMany({ where: zoneWhere(req.user!.reach), select: { id: true, name: true } }).then(byNaturalName);
    const uncovered = await uncoveredCadres(db, today, memberWhere(req.user!.reach)); // cadres the line/pairing quotas do not reach (issue 15)
    res.render("review/reminders", {
      title: "提醒名单", reminders: await withinReach(req, buildReminders(raw, today, zone)), zones, zone, year: Number(today.slice(0, 4)), uncovered, gapLabels: GAP_LABELS,
    });
  });

  /**
   * The people (by their branch today) and zones the actor reaches, to cut the county-wide
   * overview to them; undefined for an admin or reviewer of the whole county (nothing to cut).
   * Until the overview itself is built per org (issue 12 item 4), it is filtered here.
   */
  async function reachable(req: Request): Promise<Reachable | undefined> {
    const reach = req.user!.reach;
    if (reach.subtrees.some((s) => s.depth === 0)) return undefined;
    const [people, zoneIds] = await Promise.all([
      db.member.findMany({ where: memberWhere(reach), select: { id: true } }),
      db.zone.findMany({ where: zoneWhere(reach), select: { id: true } }),
    ]);
    return { members: new Set(people.map((m) => m.id)), zones: new Set(zoneIds.map((z) => z.id)) };
  }

  /**
   * The reminders cut to the actor's reach (people by their branch, zones by theirs). Until the
   * reports take an org (issue 12 item 4) they are built for the whole ledger and filtered here.
   */
  async function withinReach(req: Request, all: Reminders): Promise<Reminders> {
    const reach = req.user!.reach;
    const [people, zoneIds] = await Promise.all([
      db.member.findMany({ where: memberWhere(reach), select: { id: true } }),
      db.zone.findMany({ where: zoneWhere(reach), select: { id: true } }),
    ]);
    const mine = new Set(people.map((m) => m.id));
    const ours = new Set(zoneIds.map((z) => z.id));
    const cut = (l: Reminders["week"], keep: Set<number>) => {
      const rows = l.rows.filter((x) => keep.has(x.id));
      return { ...l, rows, total: l.total - (l.rows.length - rows.length) };
    };
    return { ...all, week: cut(all.week, mine), month: cut(all.month, mine), year: cut(all.year, mine), courtyard: cut(all.courtyard, ours) };
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
      const next = nextPendingId(raw, year, signOffAsOf(year, today), await reviewsOfYear(db, year), id, req.user!.id);
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
      const eligible = metEveryRuleIds(raw, year, signOffAsOf(year, today));
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

  async function renderClosure(req: Request, res: import("express").Response, year: number, status = 200, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
    const today = todayOf(clock);
    const [closure, reviews, history] = await Promise.all([closureOf(db, year), reviewsOfYear(db, year), reviewHistory(db, year)]);
    const members = cachedComplianceReport(raw, { year, asOf: today < `${year}-12-31` ? today : `${year}-12-31` }).members;
    const counts = { PENDING: 0, REVIEWED: 0, RETURNED: 0 };
    for (const m of members) counts[reviews.get(m.id)?.state ?? "PENDING"]++;
    res.status(status).render("review/closure", {
      title: `${year} 年度关闭`,
      year,
      closure,
      counts,
      total: members.length,
      history,
      yearOver: today > `${year}-12-31`,
      canAct: can.signOff(req.user!.reach),
      // The year workbook holds every branch's records (routes/exports.ts): offered to whoever reaches them all.
      canExportWorkbook: (await db.org.count({ where: { kind: "BRANCH", NOT: orgWhere(req.user!.reach) } })) === 0,
      errors,
      values,
      ...labels,
    });
  }

  r.get("/:year/closure", async (req, res) => renderClosure(req, res, yearParam(req.params.year, todayOf(clock))));

  r.post("/:year/closure", requirePolicy(can.signOff, "只有支部书记可以进行年终备查"), async (req, res) => {
    const today = todayOf(clock);
    const year = yearParam(req.params.year, today);
    try {
      await closeYear(db, req.user!, year, today, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Closed already (a second click, another tab): nothing to do but say so on the year's page.
      if (await closureOf(db, year)) {
        flash(req, "info", e.message);
        return res.redirect(303, `/review/${year}/closure`);
      }
      return renderClosure(req, res, year, 422, { close: e.message });
    }
    flash(req, "success", `${year} 年度已关闭，该年度的记录现在只读`);
    res.redirect(303, `/review/${year}/closure`);
  });

  r.post("/:year/closure/delete", requirePolicy(can.signOff, "只有支部书记可以进行年终备查"), async (req, res) => {
    const year = yearParam(req.params.year, todayOf(clock));
    const form = parseForm(reopenForm, req.body);
    if (!form.ok) return renderClosure(req, res, year, 422, form.errors, form.values);
    try {
      await reopenYear(db, req.user!, year, form.data);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      // Open already (reopened from another tab): say so on the year's page.
      if (!(await closureOf(db, year))) {
        flash(req, "info", e.message);
        return res.redirect(303, `/review/${year}/closure`);
      }
      return renderClosure(req, res, year, 422, { reason: e.message }, { reason: form.data.reason });
    }
    flash(req, "success", `${year} 年度已重新开放，原因已记入操作记录`);
    res.redirect(303, `/review/${year}/closure`);
  });

  return r;
}
