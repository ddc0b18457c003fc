/**
 * Loads the logged-in user's reach once per request (three small indexed reads on the raw
 * connection: their grants, their membership today and their account), so a grant, a transfer or a role change counts from
 * the next request on without any cache to invalidate. Sets `req.user.reach` and the views'
 * `can` flags (auth/policies.ts); anonymous requests pass through untouched.
 */
import type { NextFunction, Request, Response } from "express";
import type Database from "better-sqlite3";
import type { Clock } from "./clock.ts";
import { todayOf } from "./clock.ts";
import { loadReachRaw } from "../auth/reach.ts";
import { viewFlags } from "../auth/policies.ts";

export function reachLoader(raw: Database.Database, clock: Clock) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (!req.user) return next();
    try {
      req.user.reach = loadReachRaw(raw, req.user, todayOf(clock)); // prepared statements: per request, so no Prisma round trips
      res.locals.can = viewFlags(req.user, req.user.reach);
      next();
    } catch (e) {
      next(e);
    }
  };
}
