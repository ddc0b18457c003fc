/**
 * 503 for a busy database (issue 11, item 4). Each request runs in a `busyScope`; once a
 * `BusyError` was thrown during it (src/db/busy.ts):
 *   - the form a route re-renders for it (its DomainError path: values kept, the message on top)
 *     answers 503 instead of 422;
 *   - an action that would redirect with the message in a flash (delete, end…) answers the 503
 *     page instead, with a link to where it was going (the flash is dropped);
 * and a busy error no route catches reaches the error handler's 503 page (src/http/errors.ts).
 */
import type { NextFunction, Request, Response } from "express";
import { BUSY_MESSAGE, busyScope } from "../db/busy.ts";

export function busyAnswers(req: Request, res: Response, next: NextFunction) {
  let busy = false;
  const status = res.status.bind(res);
  const redirect = res.redirect.bind(res) as (status: number, url: string) => void;
  res.status = (code: number) => status(busy && code === 422 ? 503 : code);
  res.redirect = ((a: number | string, b?: string | number) => {
    const url = typeof a === "string" ? a : String(b);
    if (!busy) return typeof a === "string" ? redirect(typeof b === "number" ? b : 302, a) : redirect(a, url);
    if (req.session?.flash) req.session.flash = req.session.flash.filter((f) => f.message !== BUSY_MESSAGE);
    res.set("Retry-After", "5");
    res.status(503).render("errors/503", { title: "系统繁忙", message: BUSY_MESSAGE, back: url.startsWith("/") && !url.startsWith("//") ? url : "/" });
  }) as Response["redirect"];
  busyScope.run({ mark: () => (busy = true) }, next);
}
