/**
 * 组织关系转接 (issue 12): the latest transfers that touch a branch the actor administers (the old
 * or the new side), and the form to transfer a member (src/domain/orgs/transfers.ts). The form
 * takes the member's login name (prefilled from ?member=ID), the new branch, the date (the first
 * day in the new branch), optionally a zone of the new branch, and a note. A member the actor
 * may not transfer answers 404 (no existence leak); bad input re-renders with a Chinese message.
 *
 *   GET  /admin/transfers        recent transfers
 *   GET  /admin/transfers/new    the form
 *   POST /admin/transfers        transfer
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { administersOrg } from "../../auth/reach.ts";
import { recentTransfers, transferMember } from "../../domain/orgs/transfers.ts";
import { transferForm } from "../../domain/orgs/schema.ts";
import { idQuery } from "./helpers.ts";

export function transferRoutes(r: Router, { db, kx, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  /** Open branches and their open zones the actor administers (the "to" side offered). */
  async function options(req: Request) {
    const reach = await req.user!.reach;
    const branches = (
      await db.org.findMany({
        where: { kind: "BRANCH", OR: [{ dissolvedOn: null }, { dissolvedOn: { gt: today() } }] },
        orderBy: { path: "asc" },
        select: { id: true, name: true, code: true, path: true, zones: { where: { retiredOn: null }, orderBy: { name: "asc" }, select: { id: true, name: true } } },
      })
    ).filter((b) => administersOrg(reach, b.path));
    return {
      branches: branches.map((b) => [String(b.id), `${b.name}（${b.code}）`]),
      zones: branches.flatMap((b) => b.zones.map((z) => [String(z.id), `${b.name} · ${z.name}`])),
    };
  }

  async function renderNew(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    res.status(status).render("admin/transfers/new", { title: "组织关系转接", ...(await options(req)), values, errors });
  }

  r.get("/transfers", async (req, res) => {
    const reach = await req.user!.reach;
    const list = await recentTransfers(kx, (from, to) => administersOrg(reach, from) || administersOrg(reach, to));
    res.render("admin/transfers/index", { title: "组织关系转接", list });
  });

  r.get("/transfers/new", async (req, res) => {
    const id = idQuery(req, "member");
    let username = "";
    if (id !== undefined) {
      const reach = await req.user!.reach;
      const m = await db.member.findUnique({ where: { id }, select: { username: true, branch: { select: { path: true } } } });
      if (!m || !administersOrg(reach, m.branch.path)) throw new NotFoundError();
      username = m.username;
    }
    await renderNew(req, res, 200, { username, on: today() }, {});
  });

  r.post("/transfers", async (req, res) => {
    const form = parseForm(transferForm, req.body);
    if (!form.ok) return renderNew(req, res, 422, form.values, form.errors);
    const reach = await req.user!.reach;
    const member = await db.member.findUnique({ where: { username: form.data.username }, select: { id: true, name: true, branch: { select: { path: true } } } });
    // A login name the actor may not see reads like an unknown one.
    const target = await db.org.findUnique({ where: { id: form.data.orgId }, select: { path: true } });
    if (!member || (!administersOrg(reach, member.branch.path) && !(target && administersOrg(reach, target.path)))) {
      return renderNew(req, res, 422, formValues(req.body), { username: `没有登录名为「${form.data.username}」的党员，或不在您的管理范围内` });
    }
    try {
      await transferMember(db, req.user!, { memberId: member.id, orgId: form.data.orgId, on: form.data.on, zoneId: form.data.zoneId, note: form.data.note }, today(), reach);
      flash(req, "success", `「${member.name}」的组织关系已转接，自 ${form.data.on} 起属于新支部`);
      res.redirect(303, "/admin/transfers");
    } catch (e) {
      if (e instanceof NotFoundError) return renderNew(req, res, 422, formValues(req.body), { username: `没有登录名为「${form.data.username}」的党员，或不在您的管理范围内` });
      if (!(e instanceof DomainError)) throw e;
      await renderNew(req, res, 422, formValues(req.body), { [e.field === "memberId" ? "username" : e.field]: e.message });
    }
  });
}
