/**
 * Multipart upload of an import file (multer 2, memory storage, one file of at most
 * `MAX_UPLOAD_BYTES`). It runs BEFORE the CSRF check, since csrf-sync reads the token from the
 * parsed body, and only for an admin's POST to the import upload path: anyone else's multipart
 * body stays unparsed, so the CSRF check refuses it (403) before any router sees it.
 * A file too large is not an exception: `req.uploadError` carries the Chinese message for the page.
 */
import { can } from "../auth/policies.ts";
import type { NextFunction, Request, Response } from "express";
import multer from "multer";
import { MAX_ATTACHMENT_BYTES } from "../domain/writings/attachment.ts";

export const MAX_UPLOAD_BYTES = 30 * 1024 * 1024;
export const IMPORT_UPLOAD_PATH = "/admin/imports";

const single = multer({
  storage: multer.memoryStorage(),
  defParamCharset: "utf8", // browsers send Chinese file names as UTF-8
  limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 12 },
}).single("file");

declare module "express-serve-static-core" {
  interface Request {
    uploadError?: string;
  }
}

export function importUploads(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST" || req.path !== IMPORT_UPLOAD_PATH || !req.is("multipart/form-data") || !(req.user?.reach && can.administerAll(req.user.reach))) return next();
  single(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      req.uploadError = err.code === "LIMIT_FILE_SIZE" ? `文件超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB，请拆分后上传` : "上传的表单无效，请重新选择文件";
      req.body ??= {};
      return next();
    }
    next(err);
  });
}

/** Where a writing (调研报告 …) is posted with its optional attachment (src/routes/writings.ts): new, or an edit of one. */
export const WRITING_UPLOAD_PATH = /^\/writings(?:\/\d{1,9})?$/;

const attachment = multer({
  storage: multer.memoryStorage(),
  defParamCharset: "utf8",
  limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 10, fieldSize: 60_000 * 4, parts: 12 },
}).single("attachment");

/**
 * A logged-in person's writing with its attachment (multipart), parsed before the CSRF check like
 * the import upload. A file over MAX_ATTACHMENT_BYTES is not an exception: `req.uploadError`
 * carries the Chinese message, and the form is shown again with the fields read before the file.
 * The type is checked from the content afterwards (src/domain/writings/attachment.ts).
 */
export function writingUploads(req: Request, res: Response, next: NextFunction) {
  if (req.method !== "POST" || !WRITING_UPLOAD_PATH.test(req.path) || !req.is("multipart/form-data") || !req.user) return next();
  attachment(req, res, (err: unknown) => {
    if (!err) return next();
    if (err instanceof multer.MulterError) {
      req.uploadError = err.code === "LIMIT_FILE_SIZE" ? `附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB` : "上传的表单无效，请重新选择文件";
      req.body ??= {};
      return next();
    }
    next(err);
  });
}
