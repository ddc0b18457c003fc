/**
 * Loads the logged-in user's reach once per request (auth/reach.ts `loadReachAt`, either engine):
 * their grants, membership today and account branch, kept at the ledger's versions as the request
 * read them (http/ledger-at.ts; row 1 watches Member, Org and OrgMembership, row 5 Grant), so a
 * grant, a transfer or a role change counts from the next request on.
 * Sets `req.user.reach` and the views' `can` flags (auth/policies.ts); anonymous requests pass
 * through untouched.
 */
import type { NextFunction, Request, Response } from "express";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Clock } from "./clock.ts";
import { todayOf } from "./clock.ts";
import { loadReachAt } from "../auth/reach.ts";
import { accountsAt } from "./ledger-at.ts";
import { viewFlags } from "../auth/policies.ts";

export function reachLoader(kx: Kysely<DB>, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return next();
    try {
      req.user.reach = await loadReachAt(kx, req.user, todayOf(clock), await accountsAt(req, kx));
      res.locals.can = viewFlags(req.user, req.user.reach);
      next();
    } catch (e) {
      next(e);
    }
  };
}
