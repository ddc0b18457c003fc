/**
 * The talk form's searchable list: members or residents whose name (or, for residents, phone
 * tail) matches `q`, at most 20, as JSON `[{ id, name, hint }]`. The hint tells same-named people
 * apart without personal data: a member's zone on today and role (never the login name, which is
 * half of a login: issue 11, item 6), a resident's zone. Never phone or ID numbers. The query is
 * folded like stored names (names.ts). Only people of the actor's own branch or reach (a talk
 * partner is a branch fellow; auth/reach.ts), and residents of those branches' zones.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { containsText } from "../db/like.ts";
import { todayOf } from "../http/clock.ts";
import { foldName } from "../core/names.ts";
import { heldOn } from "../domain/held-on.ts";
import { ROLE_LABELS, type Role } from "../core/labels.ts";
import { branchZoneWhere, fellowWhere } from "../auth/reach.ts";

const query = z.object({
  kind: z.enum(["MEMBER", "RESIDENT"]).catch("RESIDENT"),
  q: z.string().max(30).catch("").transform(foldName),
});

export function counterpartsRouter({ db, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res) => {
    const { kind, q } = query.parse(req.query);
    if (!q) return res.json([]);
    if (kind === "MEMBER") {
      const today = todayOf(clock);
      const rows = await db.member.findMany({
        where: { AND: [await containsText(db, "Member", "name", q), fellowWhere(req.user!.reach)], active: true, id: { not: req.user!.id } },
        select: { id: true, name: true, role: true, zoneAssignments: { where: heldOn(today), select: { zone: { select: { name: true } } }, orderBy: { fromOn: "desc" }, take: 1 } },
        take: 20,
        orderBy: { name: "asc" },
      });
      const hint = (m: (typeof rows)[number]) => [m.zoneAssignments[0]?.zone.name, ROLE_LABELS[m.role as Role]].filter(Boolean).join(" · ");
      return res.json(rows.map((m) => ({ id: m.id, name: m.name, hint: hint(m) })));
    }
    const rows = await db.resident.findMany({
      where: { AND: [await containsText(db, "Resident", "name", q)], deletedAt: null, zone: branchZoneWhere(req.user!.reach) },
      select: { id: true, name: true, zone: { select: { name: true } } },
      take: 20,
      orderBy: { name: "asc" },
    });
    res.json(rows.map((p) => ({ id: p.id, name: p.name, hint: p.zone.name })));
  });
  return r;
}
