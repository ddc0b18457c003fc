/**
 * Route guards (ARCHITECTURE.md, authorization layer 1). Everything is locked by default:
 * `requireLogin` runs for every router but the public ones; `requirePolicy(...)` narrows a router
 * by the actor's reach and ledger role (auth/policies.ts); no route compares role strings.
 * An anonymous GET is sent to /login (remembering where it wanted to go); anything else gets 401.
 */
import type { NextFunction, Request, Response } from "express";
import { ForbiddenError } from "../core/errors.ts";
import type { Reach } from "./reach.ts";
import type { Actor } from "../core/actor.ts";

export function requireLogin(req: Request, res: Response, next: NextFunction) {
  if (req.user) {
    // Pages behind the login hold personal data: never kept in the browser's cache, so the Back
    // button after logout (or on a shared phone) cannot show them again.
    res.set("Cache-Control", "no-store");
    // A one-time password must be changed before anything else.
    if (req.user.mustChangePassword && !req.path.startsWith("/account/password") && req.path !== "/logout") {
      return res.redirect(303, "/account/password");
    }
    return next();
  }
  if (req.method === "GET") {
    if (isPageNavigation(req)) req.session.returnTo = req.originalUrl;
    return res.redirect(303, "/login");
  }
  res.status(401);
  return res.render("errors/401", { title: "请先登录" });
}

/** A copy of a page the service worker keeps in the background (src/pwa/sw-template.js, warmPages): nobody sees it. */
export function isBackgroundCopy(req: Request): boolean {
  return Boolean(req.get("X-Ledger-Background"));
}

/**
 * Whether an anonymous GET is the user opening a page, whose path is worth remembering for after
 * the login. Not a script's fetch (Sec-Fetch-Mode other than "navigate", where the browser sends
 * it), nor an icon's or a script's request (Accept without text/html), nor the service worker's
 * background copy of a page (X-Ledger-Background, src/pwa/sw-template.js). Remembering writes the
 * session: a background request still in flight at the logout, carrying the old cookie, was given
 * a new session and its cookie, which replaced the login page's, and the login was then refused
 * as 表单已过期 (tests/security/background-session).
 */
export function isPageNavigation(req: Request): boolean {
  if (isBackgroundCopy(req)) return false;
  const mode = req.get("Sec-Fetch-Mode");
  if (mode && mode !== "navigate") return false;
  const accept = req.headers.accept;
  return !accept || accept.includes("text/html");
}

/**
 * Narrows a router to actors whose reach passes `allowed` (e.g. `can.oversee`,
 * `can.administerSomewhere`); 403 with `message` otherwise. Per-record checks come after.
 */
export function requirePolicy(allowed: (reach: Reach, actor: Actor) => boolean, message = "您无权访问此页面") {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.user?.reach && allowed(req.user.reach, req.user)) return next();
    next(new ForbiddenError(message));
  };
}

/**
 * A `returnTo` is followed only when it is a path on this site: it starts with one "/", has no
 * backslash and no control character (browsers drop tabs and newlines from URLs, so "/\t/evil"
 * would become "//evil"); anything else gives "/".
 */
export function safeReturnTo(target: unknown): string {
  if (typeof target !== "string") return "/";
  // eslint-disable-next-line no-control-regex
  if (!target.startsWith("/") || target.startsWith("//") || target.includes("\\") || /[\u0000-\u001F\u007F]/.test(target)) return "/";
  return target;
}

declare module "express-session" {
  interface SessionData {
    returnTo?: string;
    flash?: { kind: "success" | "error" | "info"; message: string }[];
  }
}
