/**
 * 组织管理 (issue 12): the tree of the orgs the actor administers (an ADMIN grant at or above
 * them, auth/reach.ts) with today's member and zone counts; create, rename, move and dissolve
 * (src/domain/orgs/commands.ts). An org outside the actor's ADMIN subtrees answers 404, and so
 * does a parent picked outside them.
 *
 *   GET  /admin/orgs            the tree and the create form
 *   POST /admin/orgs            create
 *   GET  /admin/orgs/:id        one org: rename, move, dissolve forms, its children
 *   POST /admin/orgs/:id        rename (and 常住人口)
 *   POST /admin/orgs/:id/move   move under another org
 *   POST /admin/orgs/:id/dissolve
 */
import { pager, pageParam } from "../../domain/paging.ts";
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../../domain/forms.ts";
import { flash } from "../../http/locals.ts";
import { idParam } from "../../http/params.ts";
import { todayOf } from "../../http/clock.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { formTokenOf } from "../../domain/form-tokens.ts";
import { administersOrg, topSubtrees, type Reach } from "../../auth/reach.ts";
import { createOrg, dissolveOrg, moveOrg, renameOrg } from "../../domain/orgs/commands.ts";
import { ancestorsOf, childrenOf, orgById, treeWithCounts, type TreeLine } from "../../domain/orgs/queries.ts";
import { orgCreateForm, orgDissolveForm, orgMoveForm, orgRenameForm } from "../../domain/orgs/schema.ts";
import { ORG_KIND_LABELS, ORG_KINDS } from "../../core/org-tree.ts";

/** Lines of the org tree per page of /admin/orgs. */
const ORG_PAGE = 200;

export function orgRoutes(r: Router, { db, clock }: RouteDeps) {
  const today = () => todayOf(clock);
  const reachOf = (req: Request) => req.user!.reach;

  /** The administered subtrees, each in tree order with counts. */
  async function administered(reach: Reach): Promise<TreeLine[]> {
    const tops = topSubtrees({ ...reach, subtrees: reach.subtrees.filter((s) => s.via === "ADMIN") });
    return (await Promise.all(tops.map((s) => treeWithCounts(db, s.path, today())))).flat();
  }

  /** Open orgs that may take children, as parent options: [id, "  name（code）"] in tree order. */
  const parentOptions = (tree: TreeLine[], except?: string) =>
    tree
      .filter((o) => o.kind !== "BRANCH" && (o.dissolvedOn === null || o.dissolvedOn > today()) && (!except || !o.path.startsWith(except)))
      .map((o) => [String(o.id), `${"　".repeat(o.depth)}${o.name}（${o.code}）`]);

  const kinds = Object.fromEntries(ORG_KINDS.filter((k) => k !== "COUNTY").map((k) => [k, ORG_KIND_LABELS[k]]));

  async function renderIndex(req: Request, res: Response, status: number, values: FormValues, errors: FormErrors) {
    const tree = await administered(await reachOf(req));
    // The tree table in pages of ORG_PAGE lines (a county's ~800 orgs were 220 KB of HTML, issue 16); the parent select offers every open non-branch org.
    const p = pager(tree.length, pageParam(req.query.page), ORG_PAGE);
    res.status(status).render("admin/orgs/index", { title: "组织管理", tree: tree.slice(p.offset, p.offset + p.size), pager: p, labels: ORG_KIND_LABELS, kinds, parents: parentOptions(tree), today: today(), values, errors });
  }

  /** Loads org `id` if the actor administers it; else 404. */
  async function administeredOrg(req: Request, id: number) {
    const reach = await reachOf(req);
    const org = await orgById(db, id).catch(() => null);
    if (!org || !administersOrg(reach, org.path)) throw new NotFoundError("组织不存在或无权管理");
    return { reach, org };
  }

  async function renderShow(req: Request, res: Response, id: number, status = 200, errors: FormErrors = {}, values: FormValues = {}) {
    const { reach, org } = await administeredOrg(req, id);
    const [ancestors, children, tree] = await Promise.all([ancestorsOf(db, org.path), childrenOf(db, org.id), administered(reach)]);
    const line = tree.find((l) => l.id === org.id);
    res.status(status).render("admin/orgs/show", {
      title: `组织：${org.name}`,
      org,
      line,
      ancestors,
      children,
      labels: ORG_KIND_LABELS,
      parents: parentOptions(tree, org.path),
      today: today(),
      values: { name: org.name, population: org.population === null ? "" : String(org.population), dissolvedOn: today(), ...values },
      errors,
    });
  }

  r.get("/orgs", (req, res) => renderIndex(req, res, 200, { setUpOn: "" }, {}));

  r.post("/orgs", async (req, res) => {
    const form = parseForm(orgCreateForm, req.body);
    if (!form.ok) return renderIndex(req, res, 422, form.values, form.errors);
    const reach = await reachOf(req);
    const parent = await orgById(db, form.data.parentId).catch(() => null);
    if (!parent || !administersOrg(reach, parent.path)) return renderIndex(req, res, 422, formValues(req.body), { parentId: "请选择您管理范围内的上级组织" });
    try {
      const o = await createOrg(db, req.user!, form.data, today(), formTokenOf(req.body));
      flash(req, "success", `已建立「${o.name}」（${o.code}）`);
      res.redirect(303, `/admin/orgs/${o.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderIndex(req, res, 422, formValues(req.body), { [e.field]: e.message });
    }
  });

  r.get("/orgs/:id", (req, res) => renderShow(req, res, idParam(req.params.id)));

  r.post("/orgs/:id", async (req, res) => {
    const id = idParam(req.params.id);
    await administeredOrg(req, id);
    const form = parseForm(orgRenameForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.errors, form.values);
    await renameOrg(db, req.user!, id, form.data);
    flash(req, "success", "已保存");
    res.redirect(303, `/admin/orgs/${id}`);
  });

  r.post("/orgs/:id/move", async (req, res) => {
    const id = idParam(req.params.id);
    const { reach } = await administeredOrg(req, id);
    const form = parseForm(orgMoveForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.errors, form.values);
    const parent = await orgById(db, form.data.parentId).catch(() => null);
    if (!parent || !administersOrg(reach, parent.path)) return renderShow(req, res, id, 422, { parentId: "请选择您管理范围内的上级组织" }, formValues(req.body));
    try {
      const o = await moveOrg(db, req.user!, id, parent.id, today());
      flash(req, "success", `「${o.name}」已调整到「${parent.name}」之下`);
      res.redirect(303, `/admin/orgs/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, { [e.field]: e.message }, formValues(req.body));
    }
  });

  r.post("/orgs/:id/dissolve", async (req, res) => {
    const id = idParam(req.params.id);
    await administeredOrg(req, id);
    const form = parseForm(orgDissolveForm, req.body);
    if (!form.ok) return renderShow(req, res, id, 422, form.errors, form.values);
    try {
      const o = await dissolveOrg(db, req.user!, id, form.data.dissolvedOn, form.data.reason);
      flash(req, "success", `「${o.name}」已于 ${o.dissolvedOn} 撤销，历史记录保留`);
      res.redirect(303, `/admin/orgs/${id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      await renderShow(req, res, id, 422, { [e.field]: e.message }, formValues(req.body));
    }
  });
}
