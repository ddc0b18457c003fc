/** 我的工作台: standing against each rule, and the latest records. */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { standingOf } from "../domain/compliance/standing.ts";
import { listOwnRecords } from "../domain/records/queries.ts";
import { STATUS_LABELS, TALK_REASON_LABELS } from "../core/labels.ts";
import { can } from "../auth/policies.ts";
import { liaisonSummary } from "../domain/requests/dashboard.ts";
import { REQUEST_STATUS_LABELS } from "../core/labels.ts";
import { ownReviews } from "../domain/reviews/queries.ts";
import { REVIEW_STATE_LABELS } from "../core/labels.ts";
import { memberStaysAndWritings } from "../reports/stays-writings.ts";

export function dashboardRouter({ db, raw, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res) => {
    const today = todayOf(clock);
    const cards = standingOf(raw, req.user!.id, today);
    const latest = await listOwnRecords(db, req.user!, { kind: "all", period: "", page: 1 }, today, 8);
    res.render("dashboard/index", {
      title: "我的工作台",
      cards,
      latest: latest.rows,
      statusLabels: STATUS_LABELS,
      reasons: TALK_REASON_LABELS,
      canVisit: can.logVisits(req.user!),
      liaison: await liaisonSummary(db, raw, req.user!, today),
      requestStatuses: REQUEST_STATUS_LABELS,
      reviews: await ownReviews(db, req.user!.id),
      reviewLabels: REVIEW_STATE_LABELS,
      sw: memberStaysAndWritings(raw, req.user!.id, Number(today.slice(0, 4))), // 三进三同 and writings of the year
    });
  });
  return r;
}
