/**
 * 年终备查 closing, per branch (DOMAIN.md "Organizations"), mounted inside /review (its guard:
 * an overseer):
 *   GET  /review/:year/closure[?org=]          a branch's year: state, counts, history, a return
 *                                               with its reason; close / reopen forms
 *   POST /review/:year/closure                 close it (orgId in the form; none = the
 *                                               secretary's own branch)
 *   POST /review/:year/closure/delete          reopen it with a written reason
 *   GET  /review/:year/branches[?org=]          REVIEWER/ADMIN: which branches of the subtree signed off
 *   POST /review/:year/branches/:orgId/return  return a branch's sign-off with a written reason
 * The branch of the closure page: `org`, else the secretary's own branch, else the only branch
 * in reach, else the sign-off list to choose from. Out-of-reach orgs answer 404.
 */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { orgWhere } from "../auth/reach.ts";
import { todayOf } from "../http/clock.ts";
import { PAGE_SIZE, pageParam, pager } from "../domain/paging.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { parseForm } from "../domain/forms.ts";
import { yearParam } from "./years.ts";
import { DomainError, ForbiddenError, NotFoundError } from "../core/errors.ts";
import { reopenForm, returnBranchForm } from "../domain/reviews/schema.ts";
import { closeYear, reopenYear } from "../domain/reviews/commands.ts";
import { closureOf, reviewHistory, reviewsOfYear } from "../domain/reviews/queries.ts";
import { mayCloseBranch, ownBranchId, reachableBranch, type BranchRef } from "../domain/reviews/closing.ts";
import { branchSignOffs, lastReturnOf, returnBranchYear, seesSignOffs } from "../domain/reviews/sign-offs.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { REVIEW_STATE_LABELS, ROLE_LABELS, RULE_LABELS, STATUS_LABELS } from "../core/labels.ts";

const labels = { roleLabels: ROLE_LABELS, statusLabels: STATUS_LABELS, ruleLabels: RULE_LABELS, reviewLabels: REVIEW_STATE_LABELS };

/** An optional org id from a query or form field: undefined when absent, 404 when malformed. */
function optionalOrg(raw: unknown): number | undefined {
  return raw === undefined || raw === "" ? undefined : idParam(raw as string);
}

export function yearEndRouter({ db, kx, clock }: Pick<RouteDeps, "db" | "kx" | "clock">) {
  const r = Router();

  /** The branch the closure page shows (see the module comment); null: let the actor choose. */
  async function pageBranch(req: Request, orgId: number | undefined): Promise<BranchRef | null> {
    const id = orgId ?? ownBranchId(req.user!);
    if (id !== null) return reachableBranch(db, req.user!, id);
    const only = await db.org.findMany({ where: { kind: "BRANCH", AND: [orgWhere(req.user!.reach)] }, select: { id: true }, take: 2 });
    return only.length === 1 ? reachableBranch(db, req.user!, only[0].id) : null;
  }

  async function renderClosure(req: Request, res: Response, year: number, branch: BranchRef, status = 200, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
    const today = todayOf(clock);
    const [closure, reviews, history, returned, ofBranch] = await Promise.all([
      closureOf(kx, branch.id, year),
      reviewsOfYear(kx, year),
      reviewHistory(kx, year, undefined, 500, branch.id),
      lastReturnOf(db, branch.id, year),
      db.member.findMany({ where: { branchId: branch.id }, select: { id: true } }),
    ]);
    const mine = new Set(ofBranch.map((m) => m.id));
    const members = (await cachedComplianceReport(kx, { year, asOf: today < `${year}-12-31` ? today : `${year}-12-31` })).members.filter((m) => mine.has(m.id));
    const counts = { PENDING: 0, REVIEWED: 0, RETURNED: 0 };
    for (const m of members) counts[reviews.get(m.id)?.state ?? "PENDING"]++;
    res.status(status).render("review/closure", {
      title: `${year} 年度关闭`,
      year,
      branch,
      closure,
      returned: closure ? null : returned,
      counts,
      total: members.length,
      history,
      yearOver: today > `${year}-12-31`,
      canAct: mayCloseBranch(req.user!, branch),
      seesSignOffs: seesSignOffs(req.user!),
      // The year workbook holds every branch's records (routes/exports.ts): offered to whoever reaches them all.
      canExportWorkbook: (await db.org.count({ where: { kind: "BRANCH", NOT: orgWhere(req.user!.reach) } })) === 0,
      errors,
      values,
      ...labels,
    });
  }

  r.get("/:year/closure", async (req, res) => {
    const year = yearParam(req.params.year, todayOf(clock));
    const branch = await pageBranch(req, optionalOrg(req.query.org));
    if (!branch) {
      flash(req, "info", "您的范围内有多个党支部：年终备查按党支部关闭，请在下表中选择党支部");
      return res.redirect(303, `/review/${year}/branches`);
    }
    return renderClosure(req, res, year, branch);
  });

  /** Runs a close or reopen; a DomainError re-renders the branch's page (422) or, when the step was already done, says so. */
  async function step(req: Request, res: Response, act: (year: number, orgId: number | undefined) => Promise<unknown>, done: (year: number, branch: BranchRef) => Promise<boolean>, field: string, ok: string) {
    const year = yearParam(req.params.year, todayOf(clock));
    const orgId = optionalOrg(req.body?.orgId);
    try {
      await act(year, orgId);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      if (e.field === "orgId") {
        // Not a branch: the page of the actor's own branch (or the list) says why; nothing was written.
        const own = await pageBranch(req, undefined).catch(() => null);
        if (own) return renderClosure(req, res, year, own, 422, { [field]: e.message });
        if (!seesSignOffs(req.user!)) throw new ForbiddenError(e.message);
        return renderBranches(req, res, year, 422, { top: e.message });
      }
      const branch = (await pageBranch(req, orgId))!;
      // Done already (a second click, another tab): nothing to do but say so on the year's page.
      if (await done(year, branch)) {
        flash(req, "info", e.message);
        return res.redirect(303, closurePath(year, orgId));
      }
      return renderClosure(req, res, year, branch, 422, { [field]: e.message }, field === "reason" ? { reason: String(req.body?.reason ?? "") } : {});
    }
    flash(req, "success", ok.replaceAll("{year}", String(year)));
    res.redirect(303, closurePath(year, orgId));
  }
  const closurePath = (year: number, orgId: number | undefined) => `/review/${year}/closure${orgId === undefined ? "" : `?org=${orgId}`}`;

  r.post("/:year/closure", (req, res) =>
    step(req, res, (year, orgId) => closeYear(db, req.user!, year, orgId, todayOf(clock), clock.now()), async (year, b) => (await closureOf(kx, b.id, year)) !== null, "close", "{year} 年度已关闭，该年度的记录现在只读"),
  );

  r.post("/:year/closure/delete", async (req, res) => {
    const form = parseForm(reopenForm, req.body);
    if (!form.ok) {
      const year = yearParam(req.params.year, todayOf(clock));
      const branch = await pageBranch(req, optionalOrg(req.body?.orgId));
      if (!branch) throw new ForbiddenError("请先选择党支部");
      return renderClosure(req, res, year, branch, 422, form.errors, form.values);
    }
    return step(req, res, (year, orgId) => reopenYear(db, req.user!, year, orgId, form.data), async (year, b) => (await closureOf(kx, b.id, year)) === null, "reason", "{year} 年度已重新开放，原因已记入操作记录");
  });

  async function renderBranches(req: Request, res: Response, year: number, status = 200, errors: Record<string, string> = {}, values: Record<string, string> = {}) {
    const under = optionalOrg(req.query.org);
    let top = null;
    if (under !== undefined) {
      top = await db.org.findUnique({ where: { id: under }, select: { id: true, name: true, path: true } });
      if (!top || !(await db.org.count({ where: { id: under, AND: [orgWhere(req.user!.reach)] } }))) throw new NotFoundError();
    }
    const all = await branchSignOffs(db, req.user!, year, top?.path);
    const counts = { CLOSED: 0, RETURNED: 0, OPEN: 0 };
    for (const b of all) counts[b.state]++;
    // in pages (issue 16: a county's 696 branches were 347 KB on one page); a branch with an error is shown on its page
    const failed = all.findIndex((b) => errors[`reason-${b.orgId}`]);
    const p = pager(all.length, failed >= 0 ? Math.floor(failed / PAGE_SIZE) + 1 : pageParam(req.query.page), PAGE_SIZE);
    const rows = all.slice(p.offset, p.offset + p.size);
    res.status(status).render("review/branches", { title: `${year} 年度各支部年终备查`, year, top, rows, total: all.length, pager: p, counts, errors, values });
  }

  r.get("/:year/branches", async (req, res) => {
    if (!seesSignOffs(req.user!)) throw new ForbiddenError("只有上级党委的审核人或管理员可以查看各支部的年终备查");
    return renderBranches(req, res, yearParam(req.params.year, todayOf(clock)));
  });

  r.post("/:year/branches/:orgId/return", async (req, res) => {
    const year = yearParam(req.params.year, todayOf(clock));
    const orgId = idParam(req.params.orgId);
    const branch = await reachableBranch(db, req.user!, orgId).catch((e) => {
      if (e instanceof DomainError) return null;
      throw e;
    });
    if (!seesSignOffs(req.user!)) throw new ForbiddenError("只有上级党委的审核人或管理员可以退回支部的年终备查");
    const form = parseForm(returnBranchForm, req.body);
    const fail = (message: string) => renderBranches(req, res, year, 422, { [`reason-${orgId}`]: message }, { [`reason-${orgId}`]: String(req.body?.reason ?? "") });
    if (!branch) return renderBranches(req, res, year, 422, { top: `「${(await db.org.findUnique({ where: { id: orgId }, select: { name: true } }))!.name}」不是党支部：年终备查按党支部退回` });
    if (!form.ok) return fail(form.errors.reason ?? "请写明退回的原因");
    try {
      await returnBranchYear(db, req.user!, orgId, year, form.data.reason, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return fail(e.message);
    }
    flash(req, "success", `已退回 ${branch.name} ${year} 年度的年终备查，该支部的年度已重新开放，书记会看到退回原因`);
    res.redirect(303, `/review/${year}/branches`);
  });

  return r;
}
