/**
 * Loads the logged-in user's reach once per request (three small indexed reads on Kysely,
 * either engine: their grants, their membership today and their account), so a grant, a transfer or a role change counts from
 * the next request on without any cache to invalidate. Sets `req.user.reach` and the views'
 * `can` flags (auth/policies.ts); anonymous requests pass through untouched.
 */
import type { NextFunction, Request, Response } from "express";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { Clock } from "./clock.ts";
import { todayOf } from "./clock.ts";
import { loadReachKx } from "../auth/reach.ts";
import { viewFlags } from "../auth/policies.ts";

export function reachLoader(kx: Kysely<DB>, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return next();
    try {
      req.user.reach = await loadReachKx(kx, req.user, todayOf(clock)); // compiled statements: per request, so no Prisma round trips
      res.locals.can = viewFlags(req.user, req.user.reach);
      next();
    } catch (e) {
      next(e);
    }
  };
}
