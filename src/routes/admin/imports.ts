/**
 * 数据导入 (admin; FORMATS.md "Import files"): choose a kind and upload a .xlsx or .csv (parsed by
 * src/http/uploads.ts before the CSRF check) → a preview listing every error (row, column, value,
 * reason), the duplicates and the first rows to add → confirm (the file kept server-side, its id
 * in the session: src/import/pending.ts) → all or nothing. A members import shows the one-time
 * passwords once, on the confirm response itself (never stored in clear, never in the session).
 * Templates: GET /admin/imports/templates/:kind?format=csv|xlsx.
 */
import type { Request, Response, Router } from "express";
import type { RouteDeps } from "../deps.ts";
import { flash } from "../../http/locals.ts";
import { todayOf } from "../../http/clock.ts";
import { NotFoundError } from "../../core/errors.ts";
import { commitImport, planImport, specOf } from "../../import/engine.ts";
import { ImportAborted, ReadError } from "../../import/read.ts";
import { dropPending, readPending, savePending } from "../../import/pending.ts";
import { templateCsv, templateXlsx } from "../../import/template.ts";
import { IMPORT_KINDS, type ImportKind } from "../../import/types.ts";
import { MAX_UPLOAD_BYTES } from "../../http/uploads.ts";
import { localDateTimeOf } from "../../rules/index.ts";

declare module "express-session" {
  interface SessionData {
    pendingImport?: { id: string; kind: ImportKind; filename: string };
  }
}

const KINDS = Object.fromEntries(IMPORT_KINDS.map((k) => [k, specOf(k).label])) as Record<ImportKind, string>;
const isKind = (k: unknown): k is ImportKind => typeof k === "string" && (IMPORT_KINDS as readonly string[]).includes(k);
const safeName = (s: string) => s.normalize("NFC").replace(/[\u0000-\u001f\\/]/g, "_").slice(0, 120);

export function importRoutes(r: Router, { db, kx, clock }: RouteDeps) {
  const opts = (req: Request) => ({ today: todayOf(clock), now: clock.now(), actorId: req.user!.id });

  async function renderIndex(req: Request, res: Response, status = 200, error = "", kind: ImportKind = "talks") {
    const recent = await db.auditEntry.findMany({
      where: { entity: "Import" },
      orderBy: { id: "desc" },
      take: 10,
      include: { actor: { select: { name: true } } },
    });
    const pending = req.session.pendingImport ?? null;
    res.status(status).render("admin/imports/index", {
      title: "数据导入",
      kinds: KINDS,
      specs: Object.fromEntries(IMPORT_KINDS.map((k) => [k, specOf(k).columns])),
      kind,
      error,
      pending,
      maxMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      // when: Beijing time (Asia/Shanghai), like every other time on the pages
      recent: recent.map((e) => ({ ...e, when: localDateTimeOf(e.at), info: JSON.parse(e.after ?? "{}") as Record<string, unknown> })),
    });
  }

  r.get("/imports", (req, res) => renderIndex(req, res, 200, "", isKind(req.query.kind) ? req.query.kind : "talks"));

  r.post("/imports", async (req, res) => {
    const kind = req.body?.kind;
    if (!isKind(kind)) return renderIndex(req, res, 422, "请选择导入类型");
    if (req.uploadError) return renderIndex(req, res, 422, req.uploadError, kind);
    const file = req.file;
    if (!file) return renderIndex(req, res, 422, "请选择要上传的 .xlsx 或 .csv 文件", kind);
    if (file.size === 0) return renderIndex(req, res, 422, `所选文件「${safeName(file.originalname || "upload")}」是空的（0 字节），请检查文件内容后重新上传`, kind);
    const filename = safeName(file.originalname || "upload");
    // A client that goes away (closed tab, cancelled upload) stops the reading of its file.
    const gone = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) gone.abort();
    };
    res.on("close", onClose);
    let plan;
    try {
      plan = await planImport(kx, kind, file.buffer, filename, { ...opts(req), signal: gone.signal });
    } catch (e) {
      if (e instanceof ImportAborted) return; // nobody to answer
      if (e instanceof ReadError) return renderIndex(req, res, 422, e.message, kind);
      throw e;
    } finally {
      res.off("close", onClose);
    }
    dropPending(req.session.pendingImport?.id);
    delete req.session.pendingImport;
    let pendingId: string | null = null;
    if (plan.errors.length === 0 && plan.toAdd > 0) {
      pendingId = savePending(file.buffer);
      req.session.pendingImport = { id: pendingId, kind, filename };
    }
    res.status(plan.errors.length > 0 ? 422 : 200).render("admin/imports/preview", { title: `导入预览：${plan.label}`, plan, filename, pendingId });
  });

  r.post("/imports/confirm", async (req, res) => {
    const pending = req.session.pendingImport;
    if (!pending || pending.id !== req.body?.id) {
      flash(req, "error", "没有待确认的导入（可能已确认或已取消），请重新上传");
      return res.redirect(303, "/admin/imports");
    }
    const bytes = readPending(pending.id);
    delete req.session.pendingImport;
    dropPending(pending.id);
    if (!bytes) {
      flash(req, "error", "上传的文件已过期，请重新上传");
      return res.redirect(303, "/admin/imports");
    }
    const out = await commitImport(kx, pending.kind, bytes, pending.filename, opts(req));
    if (!out.committed) {
      // The data changed since the preview (e.g. someone added the same records): show why.
      return res.status(422).render("admin/imports/preview", { title: `导入预览：${out.plan.label}`, plan: out.plan, filename: pending.filename, pendingId: null });
    }
    const dup = out.plan.duplicates.length;
    if (out.passwords && out.passwords.length > 0) {
      return res.render("admin/imports/passwords", { title: "新账号的一次性密码", passwords: out.passwords, added: out.added, changed: out.changed ?? 0, duplicates: dup });
    }
    const changed = out.changed ? `，${out.changed} 名党员的任职变动已按登记日期记录` : "";
    flash(req, "success", `${out.plan.label}导入完成：新增 ${out.added} 条${changed}${dup ? `，${dup} 条重复未导入` : ""}`);
    res.redirect(303, "/admin/imports");
  });

  r.post("/imports/cancel", (req, res) => {
    dropPending(req.session.pendingImport?.id);
    delete req.session.pendingImport;
    flash(req, "info", "已取消导入，未写入任何数据");
    res.redirect(303, "/admin/imports");
  });

  r.get("/imports/templates/:kind", async (req, res) => {
    const kind = req.params.kind;
    if (!isKind(kind)) throw new NotFoundError();
    const xlsx = req.query.format === "xlsx";
    const name = `${specOf(kind).label}导入模板.${xlsx ? "xlsx" : "csv"}`;
    res.setHeader("Content-Disposition", `attachment; filename="${kind}-template.${xlsx ? "xlsx" : "csv"}"; filename*=UTF-8''${encodeURIComponent(name)}`);
    if (xlsx) res.type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").send(await templateXlsx(kind));
    else res.type("text/csv; charset=utf-8").send(templateCsv(kind));
  });
}
