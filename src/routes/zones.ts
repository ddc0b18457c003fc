/**
 * Responsibility zones (责任区) as their members see them: the index with every reachable zone's
 * 院坝会 this month (`page=`, PAGE_SIZE zones a page) and the branch's half-year meeting-record rule; a zone's page (monthly
 * courtyard-meeting quota this year, the year's 三进三同 and writings counted as the roll-up counts
 * them for the zone (issue 18 item 1; overseers open the records), roster, residents, recent meetings, open requests); and its
 * printable contact card (党群连心卡). A zone outside the actor's reach is a 404.
 */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { idParam } from "../http/params.ts";
import { PAGE_SIZE, pageParam, pager } from "../domain/paging.ts";
import { findReachableZone, rosterOn, zoneIdOn, zonesOfActor } from "../domain/zones/reach.ts";
import { courtyardQuota, zoneOverview, zonesAndBranch } from "../domain/zones/page.ts";
import { oversees } from "../auth/reach.ts";
import { scopeFigures } from "../reports/stays-writings.ts";
import { CADRE_LEVEL_LABELS, MEETING_KIND_LABELS, REQUEST_SOURCE_LABELS, REQUEST_STATUS_LABELS, ROLE_LABELS, STATUS_LABELS } from "../core/labels.ts";

const labels = { statusLabels: STATUS_LABELS, kinds: MEETING_KIND_LABELS, statuses: REQUEST_STATUS_LABELS, sources: REQUEST_SOURCE_LABELS, levels: CADRE_LEVEL_LABELS };

export function zonesRouter({ db, kx, clock }: RouteDeps) {
  const r = Router();

  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const { zones, branch } = await zonesAndBranch(kx, today);
    const own = await zoneIdOn(db, req.user!.id, today);
    const reached = new Set((await zonesOfActor(db, req.user!, today)).map((z) => z.id));
    const shown = zones.filter((z) => reached.has(z.id));
    const month = today.slice(0, 7);
    // in pages (issue 16: a county reviewer reaches 3,000 zones, 561 KB on one page)
    const p = pager(shown.length, pageParam(req.query.page), PAGE_SIZE);
    const rows = shown.slice(p.offset, p.offset + p.size).map((z) => ({ ...z, thisMonth: z.monthlyCourtyardMeetings.find((c) => c.period === month) ?? null }));
    res.render("zones/index", { title: "责任区", rows, pager: p, branch, own, ...labels });
  });

  r.get("/:id", async (req, res) => {
    const today = todayOf(clock);
    const zone = await findReachableZone(db, req.user!, idParam(req.params.id), today);
    const quota = await courtyardQuota(kx, zone.id, today);
    const overview = await zoneOverview(db, zone.id, today);
    const stayCounts = await scopeFigures(kx, { zone: { id: zone.id, branchId: zone.branchId } }, Number(today.slice(0, 4)), today);
    res.render("zones/show", { title: zone.name, zone, quota, ...overview, stayCounts, drill: oversees(req.user!.reach), today, roleLabels: ROLE_LABELS, ...labels });
  });

  r.get("/:id/card", async (req, res) => {
    const today = todayOf(clock);
    const zone = await findReachableZone(db, req.user!, idParam(req.params.id), today);
    const roster = await rosterOn(db, zone.id, today);
    const cadres = roster.filter((m) => m.role === "CADRE" || m.role === "SECRETARY");
    const secretaries = await db.member.findMany({ where: { role: "SECRETARY", active: true, branchId: zone.branchId }, select: { id: true, name: true, phone: true }, orderBy: { id: "asc" } });
    const branch = await db.org.findUnique({ where: { id: zone.branchId }, select: { name: true } });
    res.render("zones/card", { title: `党群连心卡 · ${zone.name}`, zone, cadres, secretaries, branchName: branch?.name ?? "", copies: 4, ...labels });
  });

  return r;
}
