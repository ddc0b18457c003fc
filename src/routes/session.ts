/** Login and logout (public routes). The session id changes at login; logout destroys the session. */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { safeReturnTo } from "../auth/guards.ts";
import { LOGIN_FAILED } from "../auth/passport.ts";
import { loginLimiters } from "../http/security.ts";
import { forgetPhoneUser, setPhoneUser } from "../auth/phone-user.ts";

export function sessionRouter({ passport, config }: RouteDeps) {
  const r = Router();
  const limitLogin = loginLimiters(); // per app: each createApp counts its own attempts

  r.get("/login", (req, res) => {
    if (req.user) return res.redirect(303, "/");
    forgetPhoneUser(req, res, config.COOKIE_SECURE); // as outbox.js forgets the phone's user here
    res.render("session/login", { title: "登录", values: {}, error: null });
  });

  r.post("/login", ...limitLogin.middlewares, (req, res, next) => {
    const username = typeof req.body?.username === "string" ? req.body.username.slice(0, 64) : "";
    passport.authenticate("local", (err: unknown, user: Express.User | false) => {
      if (err) return next(err);
      if (!user) {
        return res.status(401).render("session/login", { title: "登录", values: { username }, error: LOGIN_FAILED });
      }
      const returnTo = safeReturnTo(req.session.returnTo);
      // A success clears the account's failure count (the owner's earlier typos do not linger).
      limitLogin.succeeded(req.body?.username).catch(next);
      // passport 0.7 regenerates the session here, so a pre-login session id is never reused.
      req.logIn(user, (e) => {
        if (e) return next(e);
        setPhoneUser(res, user.id, config.COOKIE_SECURE); // in the login's own response: the offline outbox's owner
        res.redirect(303, user.mustChangePassword ? "/account/password" : returnTo);
      });
    })(req, res, next);
  });

  r.post("/logout", (req, res, next) => {
    req.logout((err) => {
      if (err) return next(err);
      req.session.destroy((e) => {
        if (e) return next(e);
        res.clearCookie("ledger.sid");
        forgetPhoneUser(req, res, config.COOKIE_SECURE);
        res.redirect(303, "/login");
      });
    });
  });

  return r;
}
