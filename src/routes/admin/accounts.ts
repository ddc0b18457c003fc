/**
 * 账号管理 (admin): list and search, create (one-time password shown once), edit, dated role /
 * zone / line / department changes (a change not yet in effect can be cancelled), deactivate and reactivate, reset to a one-time password.
 * Handlers: parse, call the domain, 303 with a flash; an invalid form re-renders with 422.
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { idParam } from "../../http/params.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { CADRE_LEVEL_LABELS, ROLE_LABELS } from "../../core/labels.ts";
import { accountCreateForm, accountEditForm, assignForm, deactivateForm, roleChangeForm } from "../../domain/members/schema.ts";
import { findAccount, listAccounts, openUnits } from "../../domain/members/accounts-queries.ts";
import { assign, cancelAssignment, changeRole, createAccount, deactivate, reactivate, resetPassword, updateAccount } from "../../domain/members/accounts.ts";
import { can } from "../../auth/policies.ts";
import { GRANT_ROLE_LABELS, giveGrant, grantsOf, revokeGrant } from "../../domain/grants/grants.ts";
import { grantForm } from "../../domain/grants/schema.ts";
import { adminScope, idQuery, pageOf, q, zoneInScope } from "./helpers.ts";
import { pickZones, zoneSearchOf } from "./zone-picker.ts";

const labels = { roles: ROLE_LABELS, levels: CADRE_LEVEL_LABELS };
const ONLY_ROOT_ADMIN = "只有全县（根组织）的管理员可以设置管理员角色";
const ASSIGN_KINDS = { zone: "责任区", line: "挂钩线路", department: "科室" } as const;
type AssignKind = keyof typeof ASSIGN_KINDS;

export function accountRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);

  /** The form; its zone select offers the zones matching `zq` (routes/admin/zone-picker.ts), keeping the one chosen. */
  async function renderNew(res: Response, status: number, values: FormValues, errors: FormErrors, zq = "") {
    const units = await openUnits(db, today(), adminScope(res.req));
    const pick = pickZones(units.zones, zq, [values.zoneId]);
    res.status(status).render("admin/accounts/new", { title: "新建账号", ...labels, units: { ...units, zones: pick.options }, pick, values, errors });
  }

  /** The person's page; `form` names the small form whose errors/values are shown (422). */
  async function renderShow(res: Response, id: number, status = 200, form = "", values: FormValues = {}, errors: FormErrors = {}) {
    const m = await findAccount(db, id);
    const reach = (res.req as Request).user!.reach;
    const grants = (await grantsOf(db, id)).map((g) => ({ ...g, manageable: can.administer(reach, g.org) }));
    res.status(status).render("admin/accounts/show", { title: `账号：${m.name}`, m, grants, grantRoles: GRANT_ROLE_LABELS, ...labels, assignKinds: ASSIGN_KINDS, units: await openUnits(db, today(), adminScope(res.req)), form, values, errors });
  }

  r.get("/accounts", async (req, res) => {
    const filters = { q: q(req, "q", 50), role: q(req, "role", 20), status: q(req, "status", 10) as "active" | "inactive" | "", zoneId: idQuery(req, "zoneId"), page: pageOf(req) };
    if (filters.role && !(filters.role in ROLE_LABELS)) filters.role = "";
    const list = await listAccounts(db, filters, today(), adminScope(req));
    res.render("admin/accounts/index", { title: "账号管理", ...labels, list, filters, units: await openUnits(db, today(), adminScope(res.req)) });
  });

  r.get("/accounts/new", (req, res) => renderNew(res, 200, { role: "MEMBER", registeredOn: today() }, {}, zoneSearchOf(req)));

  r.post("/accounts", async (req, res) => {
    const form = parseForm(accountCreateForm, req.body);
    if (!form.ok) return renderNew(res, 422, form.values, form.errors);
    if (form.data.role === "ADMIN" && !can.administerAll(req.user!.reach)) return renderNew(res, 422, formValues(req.body), { role: ONLY_ROOT_ADMIN });
    // A zone of another subtree reads like an unknown one (the domain's words).
    if (form.data.zoneId !== undefined && !(await zoneInScope(db, req, form.data.zoneId))) return renderNew(res, 422, formValues(req.body), { zoneId: "所选项不存在" });
    try {
      const { member, password } = await createAccount(db, req.user!, form.data, today(), formTokenOf(req.body), adminScope(req));
      res.status(201).render("admin/accounts/password", { title: "一次性密码", m: member, password, created: true });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderNew(res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/accounts/:id", async (req, res) => renderShow(res, idParam(req.params.id)));

  r.get("/accounts/:id/edit", async (req, res) => {
    const m = await findAccount(db, idParam(req.params.id));
    const values = { name: m.name, phone: m.phone ?? "", registeredOn: m.registeredOn, joinedPartyOn: m.joinedPartyOn ?? "", notApplicableReason: m.notApplicableReason ?? "" };
    res.render("admin/accounts/edit", { title: `修改账号：${m.name}`, m, values, errors: {} });
  });

  r.post("/accounts/:id", async (req, res) => {
    const id = idParam(req.params.id);
    const form = parseForm(accountEditForm, req.body);
    const fail = async (values: FormValues, errors: FormErrors) =>
      res.status(422).render("admin/accounts/edit", { title: "修改账号", m: await findAccount(db, id), values, errors });
    if (!form.ok) return fail(form.values, form.errors);
    try {
      await updateAccount(db, req.user!, id, form.data, today());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return fail(formValues(req.body), { [e.field]: e.message });
    }
    flash(req, "success", "账号信息已保存");
    res.redirect(303, `/admin/accounts/${id}`);
  });

  /** Runs a small form of the person's page: 303 back with a flash, or 422 with the form's errors. */
  async function act(req: Request, res: Response, form: string, run: (id: number) => Promise<string>) {
    const id = idParam(req.params.id);
    try {
      flash(req, "success", await run(id));
    } catch (e) {
      if (e instanceof FormFailure) return renderShow(res, id, 422, form, e.values, e.errors);
      if (!(e instanceof DomainError)) throw e;
      return renderShow(res, id, 422, form, formValues(req.body), { [e.field || "_"]: e.message });
    }
    res.redirect(303, `/admin/accounts/${id}`);
  }

  r.post("/accounts/:id/role", (req, res) =>
    act(req, res, "role", async (id) => {
      const form = parseForm(roleChangeForm, req.body);
      if (!form.ok) throw new FormFailure(form.values, form.errors);
      if (form.data.role === "ADMIN" && !can.administerAll(req.user!.reach)) throw new FormFailure(formValues(req.body), { role: ONLY_ROOT_ADMIN });
      await changeRole(db, req.user!, id, form.data, today());
      return `角色已调整，自 ${form.data.fromOn} 起生效`;
    }),
  );

  r.post("/accounts/:id/assign/:kind", (req, res) => {
    const kind = req.params.kind as AssignKind;
    if (!(kind in ASSIGN_KINDS)) throw new NotFoundError();
    return act(req, res, kind, async (id) => {
      const form = parseForm(assignForm, req.body);
      if (!form.ok) throw new FormFailure(form.values, form.errors);
      if (kind === "zone" && form.data.targetId !== undefined && !(await zoneInScope(db, req, form.data.targetId))) throw new FormFailure(formValues(req.body), { targetId: "所选项不存在" });
      await assign(db, req.user!, id, kind, form.data);
      return `${ASSIGN_KINDS[kind]}已调整，自 ${form.data.fromOn} 起生效`;
    });
  });

  r.post("/accounts/:id/assign/:kind/cancel", (req, res) => {
    const kind = req.params.kind as AssignKind;
    if (!(kind in ASSIGN_KINDS)) throw new NotFoundError();
    return act(req, res, kind, async (id) => {
      await cancelAssignment(db, req.user!, id, kind, today());
      return `尚未生效的${ASSIGN_KINDS[kind]}调整已撤销`;
    });
  });

  r.post("/accounts/:id/deactivate", (req, res) =>
    act(req, res, "deactivate", async (id) => {
      const form = parseForm(deactivateForm, req.body);
      if (!form.ok) throw new FormFailure(form.values, form.errors);
      await deactivate(db, req.user!, id, form.data.lastOn);
      return "账号已停用，记录全部保留";
    }),
  );

  r.post("/accounts/:id/reactivate", (req, res) =>
    act(req, res, "reactivate", async (id) => {
      await reactivate(db, req.user!, id);
      return "账号已恢复";
    }),
  );

  r.post("/accounts/:id/grants", (req, res) =>
    act(req, res, "grant", async (id) => {
      const form = parseForm(grantForm, req.body);
      if (!form.ok) throw new FormFailure(form.values, form.errors);
      await giveGrant(db, req.user!, { memberId: id, ...form.data });
      return `已授予「${form.data.orgCode}」的${GRANT_ROLE_LABELS[form.data.role]}权限`;
    }),
  );

  r.post("/accounts/:id/grants/delete", (req, res) =>
    act(req, res, "grant", async (id) => {
      const form = parseForm(grantForm, req.body);
      if (!form.ok) throw new FormFailure(form.values, form.errors);
      await revokeGrant(db, req.user!, { memberId: id, ...form.data });
      return `已撤销「${form.data.orgCode}」的${GRANT_ROLE_LABELS[form.data.role]}权限`;
    }),
  );

  r.post("/accounts/:id/password", async (req, res) => {
    const id = idParam(req.params.id);
    const password = await resetPassword(db, req.user!, id, req.sessionID);
    res.render("admin/accounts/password", { title: "一次性密码", m: await findAccount(db, id), password, created: false });
  });
}

class FormFailure extends Error {
  constructor(
    readonly values: FormValues,
    readonly errors: FormErrors,
  ) {
    super("invalid form");
  }
}
