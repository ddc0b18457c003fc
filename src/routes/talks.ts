/** Talks (谈心): log, read, edit, delete. Handlers: parse, scope, call the domain, redirect 303. */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { talkForm, type TalkInput } from "../domain/talks/schema.ts";
import { branchZoneWhere, fellowWhere } from "../auth/reach.ts";
import { findOwnTalk, findReadableTalk } from "../domain/talks/queries.ts";
import { deleteTalk, logTalk, updateTalk } from "../domain/talks/commands.ts";
import { DomainError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { isLocked } from "../domain/reviews/lock.ts";
import { TALK_REASON_LABELS, COUNTERPART_KIND_LABELS } from "../core/labels.ts";
import { localDateTimeOf } from "../rules/index.ts";

const formLocals = { reasons: TALK_REASON_LABELS, kinds: COUNTERPART_KIND_LABELS };

export function talksRouter({ db, clock }: RouteDeps) {
  const r = Router();

  function renderForm(res: Response, status: number, view: "new" | "edit", values: FormValues, errors: FormErrors, id?: number) {
    res.status(status).render(`talks/${view}`, { title: view === "new" ? "记录谈心" : "修改谈心记录", ...formLocals, values, errors, id });
  }

  /**
   * Is the picked counterpart one the actor may name: a fellow of their branch or someone in
   * reach, a resident of such a zone — or the one the talk already names (edited after a transfer)?
   */
  async function pickable(req: Request, input: TalkInput, talk: { counterpartMemberId: number | null; counterpartResidentId: number | null } | null) {
    const id = input.counterpartId;
    if (id === undefined) return true;
    const reach = req.user!.reach;
    if (input.counterpartKind === "MEMBER") return id === talk?.counterpartMemberId || (await db.member.count({ where: { AND: [{ id }, fellowWhere(reach)] } })) > 0;
    return id === talk?.counterpartResidentId || (await db.resident.count({ where: { id, deletedAt: null, zone: branchZoneWhere(reach) } })) > 0;
  }

  async function save(req: Request, res: Response, id?: number) {
    const own = id ? await findOwnTalk(db, req.user!, id) : null; // someone else's talk: 404 whatever the body
    const form = parseForm(talkForm, req.body);
    const view = id ? "edit" : "new";
    // counterpartId is the hidden pick behind the name field: its error is shown under the name.
    if (!form.ok) return renderForm(res, 422, view, form.values, { counterpartName: form.errors.counterpartId, ...form.errors }, id);
    // Someone out of reach reads like someone unknown (the same words as the domain's).
    if (!(await pickable(req, form.data, own))) {
      return renderForm(res, 422, view, formValues(req.body), { counterpartName: form.data.counterpartKind === "MEMBER" ? "所选党员不存在，请重新选择" : "所选群众不存在，请重新选择" }, id);
    }
    try {
      const today = todayOf(clock);
      const talk = id ? await updateTalk(db, req.user!, id, form.data, today) : await logTalk(db, req.user!, form.data, today, formTokenOf(req.body));
      flash(req, "success", id ? "谈心记录已修改" : "谈心记录已保存");
      res.redirect(303, id ? `/talks/${talk.id}` : "/");
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      renderForm(res, 422, view, formValues(req.body), { [e.field]: e.message }, id);
    }
  }

  r.get("/new", (_req, res) => {
    renderForm(res, 200, "new", { occurredOn: todayOf(clock), counterpartKind: "RESIDENT", reason: "ROUTINE" }, {});
  });
  r.post("/", (req, res) => save(req, res));

  r.get("/:id", async (req, res) => {
    const talk = await findReadableTalk(db, req.user!, idParam(req.params.id));
    const locked = await isLocked(db, { memberId: talk.talkerId }, talk.occurredOn);
    res.render("talks/show", { title: "谈心记录", talk, locked, entered: localDateTimeOf(talk.createdAt), ...formLocals, own: talk.talkerId === req.user!.id });
  });

  r.get("/:id/edit", async (req, res) => {
    const talk = await findOwnTalk(db, req.user!, idParam(req.params.id));
    if (await isLocked(db, { memberId: talk.talkerId }, talk.occurredOn)) {
      flash(req, "error", `${talk.occurredOn.slice(0, 4)} 年度已关闭（年终备查），该记录只读`);
      return res.redirect(303, `/talks/${talk.id}`);
    }
    const values: FormValues = {
      occurredOn: talk.occurredOn,
      counterpartKind: talk.counterpartKind,
      counterpartName: talk.counterpartName,
      counterpartId: String(talk.counterpartMemberId ?? talk.counterpartResidentId ?? ""),
      reason: talk.reason,
      content: talk.content,
    };
    renderForm(res, 200, "edit", values, {}, talk.id);
  });
  r.post("/:id", (req, res) => save(req, res, idParam(req.params.id)));

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteTalk(db, req.user!, id, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/talks/${id}`);
    }
    flash(req, "success", "谈心记录已删除");
    res.redirect(303, "/records");
  });

  return r;
}
