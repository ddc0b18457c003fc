/**
 * Change own password (also where a one-time password must be replaced). Wrong current passwords
 * are rate limited per account (passwordCheckLimiter); a change ends the account's other sessions
 * (changePassword) and renews this one's id.
 */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { parseForm } from "../domain/forms.ts";
import { flash } from "../http/locals.ts";
import { changePassword, passwordForm } from "../domain/members/password.ts";
import { DomainError } from "../core/errors.ts";
import { countWrongCurrentPassword, passwordCheckLimiter } from "../http/security.ts";

export function accountRouter({ db }: RouteDeps) {
  const r = Router();
  const page = { title: "修改密码" };
  const limitCheck = passwordCheckLimiter(); // per app, like the login limiters

  r.get("/password", (_req, res) => res.render("account/password", page));

  r.post("/password", limitCheck, async (req, res) => {
    const form = parseForm(passwordForm, req.body);
    if (!form.ok) return res.status(422).render("account/password", { ...page, errors: form.errors });
    try {
      await changePassword(db, req.user!, form.data, req.sessionID);
    } catch (e) {
      if (e instanceof DomainError && e.field === "current") countWrongCurrentPassword(res);
      if (e instanceof DomainError) return res.status(422).render("account/password", { ...page, errors: { [e.field]: e.message } });
      throw e;
    }
    // Keep this session but make the id new, so a session id seen before the change is worthless.
    const user = req.user!;
    req.session.regenerate((err) => {
      if (err) throw err;
      req.logIn({ ...user, mustChangePassword: false }, () => {
        flash(req, "success", "密码已修改");
        res.redirect(303, "/");
      });
    });
  });

  return r;
}
