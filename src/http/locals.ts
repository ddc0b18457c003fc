/**
 * Values every view can use: the user, the CSRF token, flash messages (shown once), the path
 * (to mark the current nav item), role labels, `today` from the app clock, and `figureText` (a
 * roll-up figure as people read it: shares as percentages, counts as they are).
 */
import type { NextFunction, Request, Response } from "express";
import { ROLE_LABELS } from "../core/labels.ts";
import type { Clock } from "./clock.ts";
import { todayOf } from "./clock.ts";
import { csrf } from "./security.ts";
import { isBackgroundCopy } from "../auth/guards.ts";
import { newFormToken } from "../domain/form-tokens.ts";
import { percent } from "../domain/training/rules.ts";

/** A roll-up or desk figure for a page: `trainedShare` (a 0..1 fraction) as "82.4%", the rest unchanged. */
export function figureText(figure: string, value: number): string {
  return figure === "trainedShare" ? percent(value) : String(value);
}

export function locals(clock: Clock) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.user = req.user ?? null;
    csrfTokenWhenRendered(req, res);
    res.locals.newFormToken = newFormToken; // views/partials/form/_once.ejs
    takeFlashWhenRendered(req, res);
    res.locals.path = req.path;
    res.locals.roleLabels = ROLE_LABELS;
    res.locals.today = todayOf(clock);
    res.locals.figureText = figureText; // views/reports/rollup.ejs, views/desk/_table.ejs
    res.locals.title ??= "联系群众工作台账";
    res.locals.errors = {};
    res.locals.values = {};
    next();
  };
}

/**
 * Defines `res.locals[key]` as made by `make` when first read (res.render copies the locals, so a
 * rendered view reads it) and kept for the rest of the request; a route may still assign it.
 */
function whenRendered<T>(res: Response, key: string, make: () => T): void {
  let value: { v: T } | undefined;
  Object.defineProperty(res.locals, key, {
    enumerable: true,
    configurable: true,
    get: () => (value ??= { v: make() }).v,
    set(v: T) {
      value = { v };
    },
  });
}

/**
 * The CSRF token is made (and stored in the session) only for a page that renders, not on every
 * request: a redirect or a JSON answer with no session yet would otherwise write a new session and
 * send its cookie. The service worker's background copy of a page, still in flight at the logout
 * with the old cookie, replaced the login page's session that way, and the login form's token
 * with it: the login was refused as 表单已过期 (tests/security/background-session).
 */
function csrfTokenWhenRendered(req: Request, res: Response) {
  whenRendered(res, "csrfToken", () => csrf.generateToken(req));
}

type Flash = NonNullable<Request["session"]["flash"]>[number];

/**
 * The flash is taken from the session only by a page that renders: a JSON fetch landing between a
 * form's redirect and the next page (the talk form's counterpart search, the outbox's token) would
 * otherwise take that page's message and leave the session changed; so would the service worker's
 * background copy of a page (sent with X-Ledger-Background, src/pwa/sw-template.js), which shows none.
 */
function takeFlashWhenRendered(req: Request, res: Response) {
  whenRendered(res, "flash", (): Flash[] => {
    if (isBackgroundCopy(req)) return [];
    const taken = req.session.flash ?? [];
    delete req.session.flash;
    return taken;
  });
}

/** Queues a message for the next page the user sees (after a 303 redirect). */
export function flash(req: Request, kind: "success" | "error" | "info", message: string) {
  (req.session.flash ??= []).push({ kind, message });
}
