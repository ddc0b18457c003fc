/**
 * 我的工作台: standing against each rule, the latest records, open requests and sign-offs.
 * Read with small Kysely reads (domain/dashboard): the standing cards and the zone's 院坝会 are
 * kept for the day at the ledger's version, everything else is a compiled statement (issue 16).
 */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { latestRecords, liaisonOf, ownReviewsOf, standingForDay } from "../domain/dashboard/queries.ts";
import { STATUS_LABELS, TALK_REASON_LABELS, REQUEST_STATUS_LABELS, REVIEW_STATE_LABELS } from "../core/labels.ts";
import { can } from "../auth/policies.ts";
import { ledgerVersion } from "../domain/compliance/ledger-version.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";

export function dashboardRouter({ kx, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const me = req.user!.id;
    // The ledger's version read once for the page's three kept reads (a GET writes nothing; read
    // before them, so nothing is filed under a version newer than its rows): 15 -> 13 statements.
    const at = ledgerVersion(kx);
    // Independent reads: concurrent on PostgreSQL's pool, queued on SQLite's one connection.
    const [cards, latest, liaison, reviews] = await Promise.all([standingForDay(kx, me, today, at), latestRecords(kx, me, 8), liaisonOf(kx, me, today, at), ownReviewsOf(kx, me)]);
    res.render("dashboard/index", {
      title: "我的工作台",
      cards,
      latest,
      statusLabels: STATUS_LABELS,
      reasons: TALK_REASON_LABELS,
      canVisit: can.logVisits(req.user!),
      liaison,
      requestStatuses: REQUEST_STATUS_LABELS,
      reviews,
      reviewLabels: REVIEW_STATE_LABELS,
      sw: await memberStaysAndWritings(kx, me, Number(today.slice(0, 4))), // 三进三同 and writings of the year
    });
  });
  return r;
}
