/**
 * 责任区管理 (admin): list (members today, the year's records attributed by date), create, edit
 * (rename, describe, leader, established date), retire, and move members in bulk from a date.
 */
import type { Request, Response, Router } from "express";
import { PAGE_SIZE, pageParam, pager } from "../../domain/paging.ts";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { idParam } from "../../http/params.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError } from "../../core/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { ROLE_LABELS } from "../../core/labels.ts";
import { moveForm, retireForm, zoneForm } from "../../domain/zones/schema.ts";
import { branchesFor, createZone, findZone, moveMembers, retireZone, updateZone } from "../../domain/zones/commands.ts";
import { listZones, pickableMembers, zoneMembersOn } from "../../domain/zones/queries.ts";
import { openUnits } from "../../domain/members/accounts-queries.ts";
import { pickZones, zoneSearchOf } from "./zone-picker.ts";
import { adminScope, idQuery, memberInScope, parseWithArrays, q } from "./helpers.ts";

export function zoneRoutes(r: Router, { db, kx, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  /** Leaders to choose from: active cadres and secretaries of the branches the admin manages. */
  async function leaders(req: Request, branchId?: number) {
    const where = { active: true, role: { in: ["CADRE", "SECRETARY"] }, branch: adminScope(req), ...(branchId ? { branchId } : {}) };
    const rows = await db.member.findMany({ where, orderBy: { name: "asc" }, select: { id: true, name: true, username: true, branch: { select: { name: true } } } });
    const many = !branchId && new Set(rows.map((m) => m.branch.name)).size > 1;
    return Object.fromEntries(rows.map((m) => [String(m.id), many ? `${m.name}（${m.username}，${m.branch.name}）` : `${m.name}（${m.username}）`]));
  }

  /** The new-zone form picks the branch when the admin manages more than one; the edit form names it. */
  async function renderForm(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors, zone?: { id: number; branchId: number; branch: string }) {
    const branches = zone ? [] : await branchesFor(db, adminScope(req), today());
    const options = Object.fromEntries(branches.map((b) => [String(b.id), `${b.name}（${b.code}）`]));
    res.status(status).render("admin/zones/form", {
      title: zone ? "修改责任区" : "新建责任区",
      id: zone?.id,
      branch: zone?.branch ?? null,
      branches: branches.length > 1 ? options : null,
      leaders: await leaders(req, zone?.branchId ?? (branches.length === 1 ? branches[0].id : undefined)),
      values,
      errors,
    });
  }

  /** A leader outside the admin's subtrees reads like an unknown one (the domain's words). */
  const leaderOutOfScope = async (req: Request, leaderId: number | undefined) => leaderId !== undefined && !(await memberInScope(db, req, leaderId));
  const NO_LEADER = { leaderId: "所选负责人不存在或已停用" };

  async function renderShow(res: Response, id: number, status = 200, errors: FormErrors = {}, values: FormValues = {}) {
    const zone = await findZone(db, id);
    const members = await zoneMembersOn(db, id, today());
    res.status(status).render("admin/zones/show", { title: `责任区：${zone.name}`, zone, members, roles: ROLE_LABELS, errors, values });
  }

  // in pages (issue 16: a county's 3,000 zones were 665 KB on one page)
  r.get("/zones", async (req, res) => {
    const list = await listZones(db, kx, today(), adminScope(req));
    const p = pager(list.zones.length, pageParam(req.query.page), PAGE_SIZE);
    res.render("admin/zones/index", { title: "责任区管理", ...list, zones: list.zones.slice(p.offset, p.offset + p.size), pager: p });
  });

  r.get("/zones/new", (req, res) => renderForm(req, res, 200, { establishedOn: today() }, {}));

  r.post("/zones", async (req, res) => {
    const form = parseForm(zoneForm, req.body);
    if (!form.ok) return renderForm(req, res, 422, form.values, form.errors);
    if (await leaderOutOfScope(req, form.data.leaderId)) return renderForm(req, res, 422, formValues(req.body), NO_LEADER);
    try {
      const z = await createZone(db, req.user!, form.data, formTokenOf(req.body), adminScope(req), today());
      flash(req, "success", `责任区「${z.name}」已建立`);
      res.redirect(303, `/admin/zones/${z.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderForm(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/zones/move", async (req, res) => {
    const filters = { q: q(req, "q", 50), zoneId: idQuery(req, "zoneId"), none: q(req, "none") === "1" };
    const [members, units] = await Promise.all([pickableMembers(db, today(), filters, adminScope(req)), openUnits(db, today(), adminScope(req))]);
    const pick = pickZones(units.zones, zoneSearchOf(req), [filters.zoneId]);
    res.render("admin/zones/move", { title: "成员调整责任区", members, zones: pick.options, pick, filters, roles: ROLE_LABELS, values: { fromOn: today(), zoneId: "" }, errors: {}, picked: [] });
  });

  r.post("/zones/move", async (req, res) => {
    const form = parseWithArrays(moveForm, req.body, ["memberIds"]);
    const fail = async (errors: FormErrors) => {
      const [members, units] = await Promise.all([pickableMembers(db, today(), { q: "" }, adminScope(req)), openUnits(db, today(), adminScope(req))]);
      const values = formValues(req.body);
      const pick = pickZones(units.zones, "", [values.zoneId]);
      res.status(422).render("admin/zones/move", { title: "成员调整责任区", members, zones: pick.options, pick, filters: { q: "" }, roles: ROLE_LABELS, values, errors, picked: form.picked });
    };
    if (!form.ok) return fail(form.errors);
    const scope = adminScope(req);
    // Counted in slices: one IN list of a whole roster exceeds the adapter's bound-parameter limit.
    const ids = [...new Set(form.data.memberIds)];
    let inScope = 0;
    for (let i = 0; i < ids.length; i += 500) inScope += await db.member.count({ where: { id: { in: ids.slice(i, i + 500) }, branch: scope } });
    const zoneInScope = await db.zone.count({ where: { id: form.data.zoneId!, branch: scope } });
    if (inScope !== ids.length || !zoneInScope) return fail({ memberIds: "所选成员或责任区不在您管理的范围内" });
    try {
      const moved = await moveMembers(db, req.user!, form.data.zoneId!, form.data.memberIds, form.data.fromOn);
      flash(req, "success", `已将 ${moved} 名成员调入该责任区，自 ${form.data.fromOn} 起生效`);
      res.redirect(303, `/admin/zones/${form.data.zoneId}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await fail({ [e.field]: e.message });
    }
  });

  r.get("/zones/:id", async (req, res) => renderShow(res, idParam(req.params.id)));

  const shown = (z: Awaited<ReturnType<typeof findZone>>) => ({ id: z.id, branchId: z.branchId, branch: `${z.branch.name}（${z.branch.code}）` });

  r.get("/zones/:id/edit", async (req, res) => {
    const z = await findZone(db, idParam(req.params.id));
    await renderForm(req, res, 200, { name: z.name, description: z.description, leaderId: String(z.leaderId ?? ""), establishedOn: z.establishedOn }, {}, shown(z));
  });

  r.post("/zones/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const before = await findZone(db, id);
    const z = shown(before);
    const form = parseForm(zoneForm, req.body);
    if (!form.ok) return renderForm(req, res, 422, form.values, form.errors, z);
    if (form.data.leaderId !== (before.leaderId ?? undefined) && (await leaderOutOfScope(req, form.data.leaderId))) return renderForm(req, res, 422, formValues(req.body), NO_LEADER, z);
    try {
      await updateZone(db, req.user!, id, form.data);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return renderForm(req, res, 422, formValues(req.body), { [e.field]: e.message }, z);
    }
    flash(req, "success", "责任区已保存");
    res.redirect(303, `/admin/zones/${id}`);
  });

  r.post("/zones/:id/retire", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(retireForm, req.body);
    if (!form.ok) return renderShow(res, id, 422, form.errors, form.values);
    try {
      await retireZone(db, req.user!, id, form.data.retiredOn);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return renderShow(res, id, 422, { [e.field]: e.message }, formValues(req.body));
    }
    flash(req, "success", `责任区已撤销，自 ${form.data.retiredOn} 起不再使用；历史记录保留`);
    res.redirect(303, `/admin/zones/${id}`);
  });
}
