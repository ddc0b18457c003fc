/**
 * Writings (issue 18 item 2: 调研报告, 党性分析, 民情日记, 发展规划):
 *   GET  /writings?year=&member=          a member's writings of the year (default one's own;
 *                                         anyone else's within reach, 404 outside)
 *   GET  /writings/new  POST /writings    record one (multipart, optional attachment: size-limited,
 *                                         a document or image by its content; 403 for the system
 *                                         operator's account)
 *   GET  /writings/:id                    one writing (author, and whoever reaches the author)
 *   GET  /writings/:id/attachment         its attachment, as a download (same reach)
 *   GET  /writings/:id/edit  POST /writings/:id   the author edits their own (multipart: the
 *                                         attachment kept, replaced by a new file, or removed;
 *                                         404 for anyone else's; a closed year: back to the page)
 *   POST /writings/:id/delete             the author deletes their own (404 for anyone else's)
 * Invalid input (a bad date, closed year, attachment too large or of the wrong type) re-renders
 * the form with 422, the Chinese message and the values typed (the file must be picked again);
 * nothing is written.
 */
import { Router, type Request, type Response } from "express";
import type { RouteDeps } from "./deps.ts";
import { formValues, parseForm, type FormErrors, type FormValues } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { idParam } from "../http/params.ts";
import { todayOf } from "../http/clock.ts";
import { can } from "../auth/policies.ts";
import { DomainError, ForbiddenError } from "../core/errors.ts";
import { formTokenOf } from "../domain/form-tokens.ts";
import { isLocked } from "../domain/reviews/lock.ts";
import { findReadableMember } from "../domain/members/reach.ts";
import { writingForm } from "../domain/writings/schema.ts";
import { checkAttachment, MAX_ATTACHMENT_BYTES, type Attachment } from "../domain/writings/attachment.ts";
import { findAttachment, findOwnWriting, findReadableWriting } from "../domain/writings/queries.ts";
import { deleteWriting, logWriting, updateWriting, type AttachmentChange } from "../domain/writings/commands.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";
import { WRITING_KIND_LABELS } from "../core/labels.ts";
import { yearParam } from "./years.ts";

const labels = { kinds: WRITING_KIND_LABELS, maxMb: MAX_ATTACHMENT_BYTES / 1024 / 1024 };

export function writingsRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();

  function mayWrite(req: Request) {
    if (!can.ownsRecords(req.user!)) throw new ForbiddenError("管理员账号不记录个人材料");
  }

  function renderNew(res: Response, status: number, values: FormValues, errors: FormErrors) {
    res.status(status).render("writings/new", { title: "记录调研报告等材料", values, errors, ...labels });
  }

  /** The edit form of the actor's own writing `w` (its current attachment named, with a box to remove it). */
  function renderEdit(res: Response, status: number, w: { id: number; attachmentName: string | null; attachmentSize: number | null }, values: FormValues, errors: FormErrors) {
    res.status(status).render("writings/edit", { title: "修改材料", writing: w, values, errors, ...labels });
  }

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const year = req.query.year === undefined ? Number(today.slice(0, 4)) : yearParam(req.query.year, today);
    const memberId = req.query.member === undefined ? req.user!.id : idParam(req.query.member);
    if (memberId !== req.user!.id) await findReadableMember(db, req.user!, memberId); // out of reach: 404
    const member = await db.member.findUnique({ where: { id: memberId }, select: { id: true, name: true } });
    const { writings } = await memberStaysAndWritings(kx, memberId, year);
    res.render("writings/index", { title: "调研报告等材料", writings, member, year, own: memberId === req.user!.id, ...labels });
  });

  r.get("/new", (req, res) => {
    mayWrite(req);
    renderNew(res, 200, { writtenOn: todayOf(clock), kind: typeof req.query.kind === "string" ? req.query.kind : "" }, {});
  });

  r.post("/", async (req, res) => {
    mayWrite(req);
    const values = formValues(req.body);
    if (req.uploadError) return renderNew(res, 422, values, { attachment: req.uploadError });
    const form = parseForm(writingForm, req.body);
    if (!form.ok) return renderNew(res, 422, form.values, form.errors);
    try {
      let file: Attachment | null = null;
      if (req.file && req.file.size > 0) file = await checkAttachment(req.file.originalname, req.file.buffer);
      const w = await logWriting(db, req.user!, form.data, file, todayOf(clock), formTokenOf(req.body));
      flash(req, "success", "材料已保存");
      res.redirect(303, `/writings/${w.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      renderNew(res, 422, values, { [e.field]: e.message });
    }
  });

  r.get("/:id", async (req, res) => {
    const writing = await findReadableWriting(db, req.user!, idParam(req.params.id));
    const locked = await isLocked(db, { memberId: writing.authorId }, writing.writtenOn);
    res.render("writings/show", { title: writing.title, writing, locked, own: writing.authorId === req.user!.id, ...labels });
  });

  r.get("/:id/attachment", async (req, res) => {
    const file = await findAttachment(db, req.user!, idParam(req.params.id));
    // Always a download, never rendered in the app's origin; the type is the one sniffed on upload.
    res.attachment(file.name).type(file.type).set("X-Content-Type-Options", "nosniff").send(Buffer.from(file.data));
  });

  r.get("/:id/edit", async (req, res) => {
    const w = await findOwnWriting(db, req.user!, idParam(req.params.id)); // anyone else's: 404
    if (await isLocked(db, { memberId: w.authorId }, w.writtenOn)) {
      flash(req, "error", `${w.writtenOn.slice(0, 4)} 年度已关闭（年终备查），该记录只读`);
      return res.redirect(303, `/writings/${w.id}`);
    }
    renderEdit(res, 200, w, { kind: w.kind, writtenOn: w.writtenOn, title: w.title, content: w.content }, {});
  });

  r.post("/:id", async (req, res) => {
    const w = await findOwnWriting(db, req.user!, idParam(req.params.id)); // anyone else's: 404 whatever the body
    const values = formValues(req.body);
    if (req.uploadError) return renderEdit(res, 422, w, values, { attachment: req.uploadError });
    const form = parseForm(writingForm, req.body);
    if (!form.ok) return renderEdit(res, 422, w, form.values, form.errors);
    try {
      let change: AttachmentChange = { keep: true };
      if (req.file && req.file.size > 0) change = { replace: await checkAttachment(req.file.originalname, req.file.buffer) };
      else if (values.removeAttachment === "1") change = { remove: true };
      await updateWriting(db, req.user!, w.id, form.data, change, todayOf(clock));
      flash(req, "success", "材料已修改");
      res.redirect(303, `/writings/${w.id}`);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      renderEdit(res, 422, w, values, { [e.field]: e.message });
    }
  });

  r.post("/:id/delete", async (req, res) => {
    const id = idParam(req.params.id);
    try {
      await deleteWriting(db, req.user!, id, clock.now());
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      flash(req, "error", e.message);
      return res.redirect(303, `/writings/${id}`);
    }
    flash(req, "success", "材料已删除");
    res.redirect(303, "/writings");
  });

  return r;
}
