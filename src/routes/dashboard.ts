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
import { keptForDayAt } from "../domain/dashboard/day-cache.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";
import { accountsAt, deskAt, ledgerAt } from "../http/ledger-at.ts";

export function dashboardRouter({ kx, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const me = req.user!.id;
    // Every read of the page kept at the ledger's versions as the request read them for the account
    // (http/ledger-at.ts; a GET writes nothing; read before the page's reads, so nothing is filed
    // under a version newer than its rows): row 1 the standing cards; rows 1+2 the 联系群众 section
    // (requests) and the stays and writings; rows 1+5 the latest records (line and department
    // names) and the sign-offs (reviews, closures).
    const at = ledgerAt(req, kx);
    const desk = deskAt(req, kx);
    const accounts = accountsAt(req, kx);
    const year = Number(today.slice(0, 4));
    // Independent reads: concurrent on PostgreSQL's pool, queued on SQLite's one connection.
    const [cards, latest, liaison, reviews, sw] = await Promise.all([
      standingForDay(kx, me, today, at),
      keptForDayAt("dashboard:accounts", accounts, today, `latest:${me}`, () => latestRecords(kx, me, 8), kx),
      keptForDayAt("dashboard:desk", desk, today, `liaison:${me}`, () => liaisonOf(kx, me, today, at), kx),
      keptForDayAt("dashboard:accounts", accounts, today, `reviews:${me}`, () => ownReviewsOf(kx, me), kx),
      keptForDayAt("dashboard:desk", desk, today, `sw:${me}:${year}`, () => memberStaysAndWritings(kx, me, year), kx), // 三进三同 and writings of the year
    ]);
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
      sw,
    });
  });
  return r;
}
