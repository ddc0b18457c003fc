/**
 * CSV downloads of the ledger lists (QA finding 19), each with the same filters as its page and
 * exactly what that page shows, over every page of the list (never more: the same scoped queries,
 * personal data masked as the list masks it):
 *   GET /records/export.csv?kind=&period=&from=&to=        我的记录 (own talks and visits)
 *   GET /residents/export.csv?zone=&q=&tag=                群众台账 (masked, default: own zone)
 *   GET /requests/export.csv?status=&zone=&mine=           诉求台账 (within reach)
 *   GET /meetings/export.csv?zone=&kind=                   会议记录 (within reach)
 * Mounted before the lists' routers (their `/:id` would take `export.csv`). Printing needs no
 * route: the pages carry a 打印 button and print.css.
 */
import { Router } from "express";
import { z } from "zod";
import type { RouteDeps } from "./deps.ts";
import { todayOf } from "../http/clock.ts";
import { sendCsv, type CsvValue } from "../reports/ledger-csv.ts";
import { listOwnRecords, recordsFilter } from "../domain/records/queries.ts";
import { lockedForMember } from "../domain/reviews/lock.ts";
import { searchResidents } from "../domain/residents/queries.ts";
import { listRequests } from "../domain/requests/queries.ts";
import { listMeetings } from "../domain/meetings/queries.ts";
import { zoneIdOn } from "../domain/zones/reach.ts";
import { NotFoundError } from "../core/errors.ts";
import { branchZoneWhere } from "../auth/reach.ts";
import { MEETING_KIND_LABELS, MEETING_KINDS, REQUEST_SOURCE_LABELS, REQUEST_STATUS_LABELS, TALK_REASON_LABELS } from "../core/labels.ts";

/** Rows per query while exporting; a personal ledger's talks and visits are read at once, up to this many. */
const BATCH = 1000;
const RECORDS_MAX = 20_000;

// The pages' query strings (routes residents.ts, requests.ts, meetings.ts: listQuery), without the page.
const residentsQuery = z.object({
  zone: z.union([z.literal("all"), z.coerce.number().int().positive()]).optional().catch(undefined),
  q: z.string().max(30).catch("").default("").transform((s) => s.trim()),
  tag: z.string().max(20).catch("").default("").transform((s) => s.trim()),
});
const requestsQuery = z.object({
  status: z.enum(["open", "closed", "all"]).catch("open"),
  zone: z.coerce.number().int().positive().optional().catch(undefined),
  mine: z.literal("1").optional().catch(undefined),
});
const meetingsQuery = z.object({
  zone: z.coerce.number().int().positive().optional().catch(undefined),
  kind: z.enum(MEETING_KINDS as [string, ...string[]]).optional().catch(undefined),
});

/** Pages 1, 2, … of `list` until it says there are no more. */
async function* pages<T>(list: (page: number) => Promise<{ rows: T[]; more: boolean }>, row: (r: T) => CsvValue[]) {
  for (let page = 1; ; page++) {
    const { rows, more } = await list(page);
    yield rows.map(row);
    if (!more) return;
  }
}

async function* once(rows: CsvValue[][]) {
  yield rows;
}

export function ledgerExportsRouter({ db, clock }: RouteDeps) {
  const r = Router();

  r.get("/records/export.csv", async (req, res) => {
    const today = todayOf(clock);
    const filter = { ...recordsFilter.parse(req.query), page: 1 };
    const [list, closed] = await Promise.all([listOwnRecords(db, req.user!, filter, today, RECORDS_MAX), lockedForMember(db, req.user!.id)]);
    const rows = list.rows.map((x): CsvValue[] => [
      x.kind === "talk" ? "谈心" : "走访",
      x.date,
      x.time ?? "",
      x.title,
      x.kind === "talk" ? (TALK_REASON_LABELS[x.detail as keyof typeof TALK_REASON_LABELS] ?? x.detail) : x.detail,
      closed(x.date) ? "已备查（只读）" : "",
    ]);
    await sendCsv(res, `records-${today}.csv`, ["类型", "日期", "时间", "谈心对象 / 走访线路", "事由 / 目的", "状态"], once(rows));
  });

  r.get("/residents/export.csv", async (req, res) => {
    const today = todayOf(clock);
    const q = residentsQuery.parse(req.query);
    // A zone the list does not show (another branch, out of reach): 404, as on the page.
    if (typeof q.zone === "number" && !(await db.zone.count({ where: { AND: [{ id: q.zone }, branchZoneWhere(req.user!.reach)] } }))) throw new NotFoundError();
    const zoneId = q.zone === "all" ? undefined : (q.zone ?? (await zoneIdOn(db, req.user!.id, today)) ?? undefined);
    const batches = pages(
      (page) => searchResidents(db, req.user!, { zoneId, q: q.q, tag: q.tag, page }, today, BATCH),
      (p): CsvValue[] => [p.name, p.zone.name, p.phone, p.idNumber, p.address, p.householdSize, p.tagList.join("、")],
    );
    await sendCsv(res, `residents-${today}.csv`, ["姓名", "责任区", "手机号", "身份证号", "住址", "人口", "标签"], batches);
  });

  r.get("/requests/export.csv", async (req, res) => {
    const today = todayOf(clock);
    const q = requestsQuery.parse(req.query);
    const batches = pages(
      (page) => listRequests(db, req.user!, { status: q.status, zoneId: q.zone, mine: q.mine === "1", page }, today, BATCH),
      (x): CsvValue[] => [
        x.raisedOn,
        x.residentName,
        x.content,
        REQUEST_SOURCE_LABELS[x.source as keyof typeof REQUEST_SOURCE_LABELS] ?? x.source,
        x.zone?.name ?? "",
        x.owner.name,
        REQUEST_STATUS_LABELS[x.status as keyof typeof REQUEST_STATUS_LABELS] ?? x.status,
        x.feedbackOn ? `${x.feedbackOn}${x.overdue ? "（逾期反馈）" : ""}` : x.overdue ? `逾期 ${-x.daysLeft} 天` : x.daysLeft ? `限 ${x.daysLeft} 天内` : "今日到期",
      ],
    );
    await sendCsv(res, `requests-${today}.csv`, ["提出日期", "群众", "诉求内容", "来源", "责任区", "责任人", "状态", "反馈"], batches);
  });

  r.get("/meetings/export.csv", async (req, res) => {
    const today = todayOf(clock);
    const q = meetingsQuery.parse(req.query);
    const batches = pages(
      (page) => listMeetings(db, req.user!, { zoneId: q.zone, kind: q.kind, page }, today, BATCH),
      (m): CsvValue[] => [
        m.heldOn,
        MEETING_KIND_LABELS[m.kind as keyof typeof MEETING_KIND_LABELS] ?? m.kind,
        m.zone.name,
        m.host?.name ?? "",
        m._count.attendances,
        m.residentCount,
        m._count.requests,
      ],
    );
    await sendCsv(res, `meetings-${today}.csv`, ["日期", "类型", "责任区", "主持人", "党员", "群众", "诉求"], batches);
  });

  return r;
}
