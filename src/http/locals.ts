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
 * `res.locals.csrfToken` is made (and stored in the session) when a view reads it, not on every
 * request: a redirect or a JSON answer with no session yet would otherwise write a new session and
 * send its cookie. The service worker's background copy of a page, still in flight at the logout
 * with the old cookie, replaced the login page's session that way, and the login form's token
 * with it: the login was refused as 表单已过期 (tests/security/background-session).
 */
function csrfTokenWhenRendered(req: Request, res: Response) {
  let token: string | undefined;
  Object.defineProperty(res.locals, "csrfToken", {
    enumerable: true,
    configurable: true,
    get: () => (token ??= csrf.generateToken(req)),
    set(v: string) {
      token = v;
    },
  });
}

type Flash = NonNullable<Request["session"]["flash"]>[number];

/**
 * `res.locals.flash` is taken from the session when a view reads it (res.render copies the locals),
 * not on every request: a JSON fetch landing between a form's redirect and the next page (the
 * talk form's counterpart search, the outbox's token) would otherwise take that page's message
 * and leave the session changed; so would the service worker's background copy of a page (sent
 * with X-Ledger-Background), which shows none. Read once per request; a route may still assign it.
 */
function takeFlashWhenRendered(req: Request, res: Response) {
  let taken: Flash[] | undefined;
  Object.defineProperty(res.locals, "flash", {
    enumerable: true,
    configurable: true,
    get() {
      if (taken !== undefined) return taken;
      if (req.get("X-Ledger-Background")) return (taken = []); // the service worker's copy of a page (src/pwa/sw-template.js)
      taken = req.session.flash ?? [];
      delete req.session.flash;
      return taken;
    },
    set(v: Flash[]) {
      taken = v;
    },
  });
}

/** Queues a message for the next page the user sees (after a 303 redirect). */
export function flash(req: Request, kind: "success" | "error" | "info", message: string) {
  (req.session.flash ??= []).push({ kind, message });
}
