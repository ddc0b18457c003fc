/**
 * The error handler: domain errors become their status and a Chinese page; anything unexpected
 * is logged with the request id and shown as a plain 500 page without details.
 */
import type { NextFunction, Request, Response } from "express";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";
import { AlreadySubmittedError, newFormToken } from "../domain/form-tokens.ts";
import { flash } from "./locals.ts";
import { BUSY_MESSAGE, isBusy } from "../db/busy.ts";

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

/** The path of a same-site Referer (the page whose form was sent), or undefined. */
function sameSitePath(req: Request): string | undefined {
  const ref = req.get("referer");
  if (!ref) return undefined;
  try {
    const u = new URL(ref);
    return u.host === req.get("host") && u.pathname.startsWith("/") && !u.pathname.startsWith("//") ? u.pathname + u.search : undefined;
  } catch {
    return undefined;
  }
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
  if (e?.code === "EBADCSRFTOKEN" && !req.user && req.path !== "/login") {
    // The session ran out while the form was open (its token went with it): say so, and go back
    // to the form's page after logging in again. A logged-in user's bad token stays a 403 below.
    const back = sameSitePath(req);
    if (back && req.session) req.session.returnTo = back;
    return res.status(401).render("errors/401", { title: "登录已过期", heading: "登录已过期", message: "登录已过期，刚才填写的内容未能保存。请重新登录后再填写一次。" });
  }
  if (e?.code === "EBADCSRFTOKEN") {
    return res.status(403).render("errors/403", { title: "表单已过期", message: "表单已过期或来源不明，请返回并刷新页面后重试。" });
  }
  if (isBusy(err)) {
    // Another writer held the database past the busy timeout: nothing was written; try again.
    res.set("Retry-After", "5");
    return res.status(503).render("errors/503", { title: "系统繁忙", message: BUSY_MESSAGE });
  }
  const status = e?.status ?? e?.statusCode;
  if (status === 413) {
    // body-parser: more fields than FORM_FIELD_LIMIT or more bytes than FORM_BYTE_LIMIT (src/http/bodies.ts)
    return res.status(413).render("errors/413", { title: "提交内容过多" });
  }
  if (status && status >= 400 && status < 500) {
    // body-parser's errors (too large, malformed) and the like
    return res.status(status).render("errors/400", { title: "请求无效", message: "请求无效或内容过大，请检查后重试。" });
  }
  req.log?.error({ err }, "unhandled error");
  res.status(500).render("errors/500", { title: "系统错误" });
}
