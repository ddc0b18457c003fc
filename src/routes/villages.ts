/**
 * A village branch's stationed cadres (驻村, issue 18 item 3): who is or was stationed there in a
 * year, their post, kind and period, and their records in the village during it (talks with its
 * residents, its meetings they hosted or attended, its requests they own;
 * src/domain/stationing/queries.ts). For whoever oversees the village (the secretary of that
 * branch, reviewers and admins above it); out of reach or not a branch answers 404, a member or
 * cadre without oversight 403.
 *
 *   GET /villages/:id?year=
 */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { idParam } from "../http/params.ts";
import { oversees, reachesOrg } from "../auth/reach.ts";
import { ForbiddenError, NotFoundError } from "../core/errors.ts";
import { villageStationings } from "../domain/stationing/queries.ts";
import { villageOf } from "../domain/stationing/commands.ts";

export function villagesRouter({ db, clock }: RouteDeps) {
  const r = Router();
  r.get("/:id", async (req, res) => {
    const reach = req.user!.reach;
    if (!oversees(reach)) throw new ForbiddenError("您的角色无权查看此页面");
    const org = await villageOf(db, idParam(req.params.id));
    if (!org || org.kind !== "BRANCH" || !reachesOrg(reach, org.path)) throw new NotFoundError();
    const thisYear = Number(todayOf(clock).slice(0, 4));
    const asked = Number(req.query.year);
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear + 1 ? asked : thisYear;
    const list = await villageStationings(db, org.id, year);
    res.render("villages/show", { title: `驻村干部 · ${org.name}`, org, year, list });
  });
  return r;
}
