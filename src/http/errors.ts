/**
 * The error handler: domain errors become their status and a Chinese page; anything unexpected
 * is logged with the request id and shown as a plain 500 page without details.
 */
import type { NextFunction, Request, Response } from "express";
import { ForbiddenError, NotFoundError } from "../domain/errors.ts";
import { AlreadySubmittedError, newFormToken } from "../domain/form-tokens.ts";
import { flash } from "./locals.ts";

/** An error can happen before the locals middleware ran (body parser, session): the layout still renders. */
function baseLocals(req: Request, res: Response) {
  res.locals.user ??= req.user ?? null;
  res.locals.flash ??= [];
  res.locals.errors ??= {};
  res.locals.values ??= {};
  res.locals.path ??= req.path;
  res.locals.csrfToken ??= "";
  res.locals.roleLabels ??= {};
  res.locals.newFormToken ??= newFormToken;
}

export function notFound(req: Request, res: Response) {
  baseLocals(req, res);
  res.status(404).render("errors/404", { title: "页面不存在" });
}

export function errorHandler(err: unknown, req: Request, res: Response, _next: NextFunction) {
  baseLocals(req, res);
  if (err instanceof NotFoundError) return res.status(404).render("errors/404", { title: "页面不存在", message: err.message });
  if (err instanceof ForbiddenError) return res.status(403).render("errors/403", { title: "无权访问", message: err.message });
  if (err instanceof AlreadySubmittedError) {
    flash(req, "info", err.message);
    return res.redirect(303, err.listPath);
  }
  const e = err as { code?: string; status?: number; statusCode?: number; type?: string };
  if (e?.code === "EBADCSRFTOKEN") {
    return res.status(403).render("errors/403", { title: "表单已过期", message: "表单已过期或来源不明，请返回并刷新页面后重试。" });
  }
  const status = e?.status ?? e?.statusCode;
  if (status && status >= 400 && status < 500) {
    // body-parser's errors (too large, malformed) and the like
    return res.status(status).render("errors/400", { title: "请求无效", message: "请求无效或内容过大，请检查后重试。" });
  }
  req.log?.error({ err }, "unhandled error");
  res.status(500).render("errors/500", { title: "系统错误" });
}
