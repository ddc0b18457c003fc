/** Change own password (also where a one-time password must be replaced). */
import { Router } from "express";
import type { RouteDeps } from "./index.ts";
import { parseForm } from "../http/forms.ts";
import { flash } from "../http/locals.ts";
import { changePassword, passwordForm } from "../domain/members/password.ts";
import { DomainError } from "../domain/errors.ts";

export function accountRouter({ db }: RouteDeps) {
  const r = Router();
  const page = { title: "修改密码" };

  r.get("/password", (_req, res) => res.render("account/password", page));

  r.post("/password", async (req, res) => {
    const form = parseForm(passwordForm, req.body);
    if (!form.ok) return res.status(422).render("account/password", { ...page, errors: form.errors });
    try {
      await changePassword(db, req.user!, form.data);
    } catch (e) {
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
