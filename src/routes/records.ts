/** 我的记录: the actor's own talks and visits with filters by kind and period. */
import { Router } from "express";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { listOwnRecords, rangeNotice, recordsFilter } from "../domain/records/queries.ts";
import { lockedForMember } from "../domain/reviews/lock.ts";
import { TALK_REASON_LABELS } from "../core/labels.ts";

export function recordsRouter({ db, clock }: RouteDeps) {
  const r = Router();
  r.get("/", async (req, res) => {
    const filter = recordsFilter.parse(req.query);
    const [list, closed] = await Promise.all([listOwnRecords(db, req.user!, filter, todayOf(clock)), lockedForMember(db, req.user!.id)]);
    res.render("records/index", { title: "我的记录", filter, ...list, locked: closed, reasons: TALK_REASON_LABELS, notice: rangeNotice(req.query, filter) });
  });
  return r;
}
