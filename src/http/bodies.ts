/**
 * The shared body layer for every route (issue 11, item 4). Pages post HTML forms only:
 * `application/x-www-form-urlencoded`, and `multipart/form-data` for an admin's import upload
 * (src/http/uploads.ts). After the parsers ran:
 *   - a request that sent bytes no parser took (text/plain, JSON, XML, a multipart body anywhere
 *     else…) is refused here with 400 and a Chinese page, before any router reads it;
 *   - a request without a body gets an empty object, so every handler reads `req.body.x` safely
 *     and the form's own validation answers (422 with its messages).
 * `FORM_FIELD_LIMIT` is the urlencoded parser's field count: the longest form is the zone move
 * (one `memberIds` per ticked member, a branch roster of up to ~1000) plus a few fields.
 */
import type { NextFunction, Request, Response } from "express";
import { IMPORT_UPLOAD_PATH } from "./uploads.ts";

/** Fields one urlencoded form may carry (body-parser answers 413 above it). */
export const FORM_FIELD_LIMIT = 3000;
/** Bytes one urlencoded form may carry (a 1000-member move is ~20 KB; long texts are 5000 chars). */
export const FORM_BYTE_LIMIT = "512kb";

export const ODD_BODY_MESSAGE = "请求格式无效：请通过页面上的表单提交。";

/** True when the request announces body bytes (a length above 0, or a chunked body). */
function sendsBytes(req: Request): boolean {
  if (req.headers["transfer-encoding"] !== undefined) return true;
  const len = Number(req.headers["content-length"] ?? 0);
  return Number.isFinite(len) && len > 0;
}

/** After the body parsers: refuse bodies no parser took (400), give body-less requests `{}`. */
export function formBodies(req: Request, res: Response, next: NextFunction) {
  if (req.body !== undefined && req.body !== null) return next();
  if (["GET", "HEAD", "OPTIONS"].includes(req.method) || !sendsBytes(req)) {
    req.body = {};
    return next();
  }
  req.body = {};
  req.resume(); // drain what nobody reads, so the connection can answer
  // Someone else's upload to the import page: the CSRF check and the role guard answer (403).
  if (req.method === "POST" && req.path === IMPORT_UPLOAD_PATH && req.is("multipart/form-data")) return next();
  res.status(400).render("errors/400", { title: "请求无效", message: ODD_BODY_MESSAGE });
}
