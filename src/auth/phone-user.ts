/**
 * The phone's user cookie (`ledger.user`: the logged-in member's id, readable by the page's
 * scripts). The offline outbox (public/js/outbox.js) shows and sends a user's waiting entries
 * only to that user; a page the server rendered names its user in <meta name="ledger-user">, but
 * the static /outbox page (served by the service worker, also offline) has no such tag. It used
 * the user the page before had stored in IndexedDB, and leaving that page before the write
 * committed left the previous user there (CI, 2026-12-05). A cookie set in the same response as
 * the login, and cleared by the logout and by the login page, cannot fall behind the session.
 * The id is no secret (every page's <meta> shows it); the session cookie stays httpOnly.
 *
 * Kept after the session expires, as the outbox keeps a user's entries until they log in again;
 * `rememberPhoneUser` re-sends it only when it is missing or names someone else.
 */
import type { NextFunction, Request, Response } from "express";

export const PHONE_USER_COOKIE = "ledger.user";

const READ = new RegExp(`(?:^|;\\s*)${PHONE_USER_COOKIE.replace(".", "\\.")}=(\\d+)(?:;|$)`);

/** The id the request's `ledger.user` cookie names, or null. */
export function phoneUserOf(req: Request): number | null {
  const m = READ.exec(req.headers.cookie ?? "");
  return m ? Number(m[1]) : null;
}

/** Set and cleared with the same attributes, or a browser keeps the old cookie beside the new. */
const attributes = (secure: boolean) => ({ httpOnly: false, sameSite: "lax" as const, secure, path: "/" });

/** Sets the cookie to `id` (a member's id) for 400 days, the longest a browser keeps one. */
export function setPhoneUser(res: Response, id: number, secure: boolean): void {
  res.cookie(PHONE_USER_COOKIE, String(id), { ...attributes(secure), maxAge: 400 * 86_400_000 });
}

/**
 * Clears the cookie (logout, the login page): nobody's entries are shown on this phone. Also when
 * the request had none but `rememberPhoneUser` set it earlier in this same response (a logout
 * from a session older than the cookie): that Set-Cookie is dropped, or the logout would set it.
 */
export function forgetPhoneUser(req: Request, res: Response, secure: boolean): void {
  const pending = ([] as string[]).concat((res.getHeader("Set-Cookie") as string | string[] | undefined) ?? []);
  const others = pending.filter((c) => !c.startsWith(`${PHONE_USER_COOKIE}=`));
  if (others.length !== pending.length) res.setHeader("Set-Cookie", others);
  if (phoneUserOf(req) !== null || others.length !== pending.length) res.clearCookie(PHONE_USER_COOKIE, attributes(secure));
}

/**
 * After passport.session: a logged-in request whose cookie is missing or names another user (a
 * session from before this cookie, or a cookie cleared by the user) gets it set. The login itself
 * sets it in its own response (routes/session.ts); a password change keeps the user, and the cookie.
 */
export function rememberPhoneUser(secure: boolean) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.user && phoneUserOf(req) !== req.user.id) setPhoneUser(res, req.user.id, secure);
    next();
  };
}
