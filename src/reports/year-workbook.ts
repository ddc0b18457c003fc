/**
 * The year workbook (年度台账工作簿): one .xlsx with the sheets 达标情况, 谈心记录, 走访记录, 会议记录,
 * 结穷亲, 帮扶记录, 群众诉求, 三进三同记录 and 调研报告等材料 of one year, written by STREAMING so that a county-scale year
 * (DOMAIN.md "Scale to design for": 300,000 talks, 150,000 visits, 30,000 meetings…) exports
 * without holding its records in memory:
 * - rows are streamed in batches of `YIELD_EVERY` (dialect.ts streamBatches: SQLite's statement
 *   stepped, PostgreSQL's cursor) on a connection of its own (on SQLite read-only), inside one read
 *   snapshot (readSnapshot: consistent even while others write);
 * - each row is committed at once to exceljs's `stream.xlsx.WorkbookWriter` (no shared strings),
 *   sheet after sheet, and the writer is given the event loop every `YIELD_EVERY` rows (waiting
 *   for the output to drain) so the zip and the file keep up;
 * - the 达标情况 sheet needs the quota engine: its compliance report is built for
 *   `MEMBERS_PER_BATCH` members at a time (the report's `memberIds` filter), never all at once.
 *
 * Contents: 达标情况 = FORMATS.md's compliance rows (compliance-export.ts) as of `asOf`; the record
 * sheets hold every record dated in the calendar year (visits: in the ISO weeks of ISO week-year
 * `year`, as the quota counts them), soft-deleted ones left out, oldest first, with the Chinese
 * enumeration words, dates `YYYY-MM-DD`, times Asia/Shanghai, money in yuan (number, 2 decimals),
 * and the 补录 mark (entered more than 7 days after the date, member-year.ts). Headers follow
 * FORMATS.md's import headers where one exists (日期, 谈心人 = 登录名, …), so a sheet can be read back.
 * Every text cell goes through `guardCell` (formula-injection guard).
 *
 * Per org (`org`, org-scope.ts): the workbook of an org's subtree holds its members (by their
 * branch on the report's last day, as the org's compliance report lists them) and its zones; the
 * record sheets hold those members' records (talks, visits, pairings and their assistance, stays and
 * writings: by the author, whose records follow them), the meetings of the subtree's zones, and the requests of its
 * zones (a request without a zone: by its owner). The root org's (and no org's) is the whole ledger's.
 */
import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { DB } from "../db/kysely.ts";
import { jsonValues, least, openStreamReader, readSnapshot, streamBatches, stringAgg, type StreamReader } from "../db/dialect.ts";
import { isoWeekOf, periodsOfYear, yearPeriod, type LocalDate } from "../rules/index.ts";
import { buildComplianceReport, reportSettings, zoneSettingsOf, type ComplianceReport } from "../domain/compliance/report.ts";
import { loadZones } from "../domain/compliance/queries.ts";
import { zoneResults } from "../domain/compliance/zones.ts";
import { COMPLIANCE_HEADER, complianceRowsOf, guardCell, type Cell } from "./compliance-export.ts";
import { isRoot, lastDayOf, subtreeMemberIds, subtreeZoneIds, subtreeZoneResults } from "./org-scope.ts";
import { enteredOf } from "./member-year.ts";
import { plainRowWriter } from "./xlsx-rows.ts";
import {
  ASSISTANCE_KIND_LABELS,
  CADRE_LEVEL_LABELS,
  COUNTERPART_KIND_LABELS,
  FEEDBACK_HOW_LABELS,
  MEETING_KIND_LABELS,
  REQUEST_SOURCE_LABELS,
  REQUEST_STATUS_LABELS,
  STAY_WAY_LABELS,
  TALK_REASON_LABELS,
  WRITING_KIND_LABELS,
} from "../core/labels.ts";

export const WORKBOOK_SHEETS = ["达标情况", "谈心记录", "走访记录", "会议记录", "结穷亲", "帮扶记录", "群众诉求", "三进三同记录", "调研报告等材料"] as const;
export type WorkbookSheet = (typeof WORKBOOK_SHEETS)[number];

/**
 * Rows between two yields to the event loop (each waits for the zip to take what was written):
 * 100 rows are ~30 KB of sheet XML, so exceljs's 64 KB buffers reach the deflate stream while
 * they are young and die in a scavenge (at 500 rows and 1 MB held they were promoted first, and
 * ~65 MB of them piled up outside the heap between two full collections: issue 16 item 4).
 */
export const YIELD_EVERY = 100;

/** Bytes the zip's input pipe may hold before `breathe` waits for it to drain (see YIELD_EVERY). */
const PIPE_HOLD = 64 * 1024;

export interface WorkbookProgress {
  sheet: WorkbookSheet | "完成";
  /** Rows written so far (all sheets). */
  rows: number;
  /** Rows to write in all (known after the first counts; 0 before). */
  total: number;
}

export interface WorkbookOptions {
  year: number;
  /** "Today" for the 达标情况 statuses (FORMATS.md asOf), YYYY-MM-DD Asia/Shanghai. */
  asOf: LocalDate;
  onProgress?: (p: WorkbookProgress) => void;
  /** Members per compliance report while writing 达标情况 (default MEMBERS_PER_BATCH). */
  batchSize?: number;
  /** Only this org's subtree (see the module comment); absent or the root: the whole ledger. */
  org?: { path: string; name: string };
}

/** The part of the ledger a workbook holds: null = everything; else the ids of its members and zones. */
type Scope = { memberIds: number[]; zoneIds: number[]; name: string } | null;

export interface WorkbookResult {
  rows: number;
  sheets: Record<WorkbookSheet, number>;
}

const label = (map: Record<string, string>, v: string | null) => (v === null ? "" : (map[v] ?? v));
const yuanNumber = (fen: number | null) => (fen === null ? "" : Math.round(fen) / 100);

type Row = Record<string, string | number | null>;
type Db = Kysely<DB>;

interface SheetSpec {
  name: WorkbookSheet;
  columns: { header: string; width: number; money?: boolean }[];
  /** One row `{ n }`: how many rows the sheet will have. */
  count: RawBuilder<{ n: number }>;
  /** The sheet's rows, unordered, with the columns `order` names (sort keys, not written). */
  select: RawBuilder<Row>;
  order: string[];
  row: (r: Row) => (string | number | null)[];
}

/** The record sheets: their columns, the SQL that counts and reads their rows, and each row's cells. */
function recordSheets(db: Db, year: number, scope: Scope): SheetSpec[] {
  const yp = yearPeriod(year);
  // The subtree's cut: `AND <column> IN (ids)`, the ids as one JSON parameter; nothing for the whole ledger.
  const idsOf = (which: "members" | "zones") => jsonValues(db, scope ? (which === "members" ? scope.memberIds : scope.zoneIds) : [], "integer");
  const inIds = (col: string, which: "members" | "zones" = "members") => (scope ? sql` AND ${sql.ref(col)} IN ${idsOf(which)}` : sql``);
  const requestCut = (q: string) =>
    scope ? sql` AND (${sql.ref(`${q}zoneId`)} IN ${idsOf("zones")} OR (${sql.ref(`${q}zoneId`)} IS NULL AND ${sql.ref(`${q}ownerId`)} IN ${idsOf("members")}))` : sql``;
  const weeks = periodsOfYear("isoWeek", year);
  const [y0, y1] = [yp.start, yp.end];
  const [w0, w1] = [weeks[0].start, weeks[weeks.length - 1].end];
  const entered = (r: Row, date: string) => {
    const e = enteredOf(r.createdAt as string, date);
    return [e.enteredAt, e.late ? "补录" : ""];
  };
  // The pairing's last day in the year: the year's end, or its end if earlier.
  const pairingLastDay = least(db, sql`${yp.end}`, sql`coalesce(p."endedOn", ${yp.end})`);
  return [
    {
      name: "谈心记录",
      columns: [
        { header: "日期", width: 11 }, { header: "谈心人", width: 12 }, { header: "姓名", width: 9 }, { header: "谈心对象", width: 10 },
        { header: "对象类型", width: 8 }, { header: "谈心类型", width: 9 }, { header: "内容", width: 50 }, { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Talk" WHERE "occurredOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL${inIds("talkerId")}`,
      select: sql`SELECT t."occurredOn", m."username", m."name", t."counterpartName", t."counterpartKind", t."reason", t."content", t."createdAt", t."id" AS "rowId"
               FROM "Talk" t JOIN "Member" m ON m."id" = t."talkerId"
               WHERE t."occurredOn" BETWEEN ${y0} AND ${y1} AND t."deletedAt" IS NULL${inIds("t.talkerId")}`,
      order: ["occurredOn", "rowId"],
      row: (r) => [r.occurredOn, r.username, r.name, r.counterpartName, label(COUNTERPART_KIND_LABELS, r.counterpartKind as string), label(TALK_REASON_LABELS, r.reason as string), r.content, ...entered(r, r.occurredOn as string)],
    },
    {
      name: "走访记录",
      columns: [
        { header: "日期", width: 11 }, { header: "时间", width: 6 }, { header: "周", width: 9 }, { header: "干部", width: 12 }, { header: "姓名", width: 9 },
        { header: "线路", width: 12 }, { header: "科室", width: 12 }, { header: "事由", width: 24 }, { header: "发现问题", width: 30 }, { header: "处理情况", width: 30 },
        { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "LineVisit" WHERE "visitedOn" BETWEEN ${w0} AND ${w1} AND "deletedAt" IS NULL${inIds("cadreId")}`,
      select: sql`SELECT v."visitedOn", v."visitedAt", m."username", m."name", l."name" AS "line", d."name" AS "department", v."purpose", v."problemsFound", v."handling", v."createdAt", v."id" AS "rowId"
               FROM "LineVisit" v JOIN "Member" m ON m."id" = v."cadreId" LEFT JOIN "Line" l ON l."id" = v."lineId" LEFT JOIN "Department" d ON d."id" = v."departmentId"
               WHERE v."visitedOn" BETWEEN ${w0} AND ${w1} AND v."deletedAt" IS NULL${inIds("v.cadreId")}`,
      order: ["visitedOn", "rowId"],
      row: (r) => {
        const on = r.visitedOn as string;
        const time = enteredOf(r.visitedAt as string, on).enteredAt.slice(11);
        return [on, time, isoWeekOf(on).label, r.username, r.name, r.line, r.department, r.purpose, r.problemsFound, r.handling, ...entered(r, on)];
      },
    },
    {
      name: "会议记录",
      columns: [
        { header: "日期", width: 11 }, { header: "类型", width: 8 }, { header: "责任区", width: 14 }, { header: "主持人", width: 12 }, { header: "主持人姓名", width: 9 },
        { header: "地点", width: 14 }, { header: "参会党员", width: 30 }, { header: "参会党员人数", width: 8 }, { header: "参会群众人数", width: 8 },
        { header: "议题", width: 30 }, { header: "纪要", width: 40 }, { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Meeting" WHERE "heldOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL${inIds("zoneId", "zones")}`,
      select: sql`SELECT g."heldOn", g."kind", z."name" AS "zone", h."username" AS "host", h."name" AS "hostName", g."place",
                      (SELECT ${stringAgg(db, sql.ref("am.username"), "、", sql.ref("am.id"))} FROM "MeetingAttendance" ma JOIN "Member" am ON am."id" = ma."memberId"
                        WHERE ma."meetingId" = g."id") AS "attendees",
                      (SELECT count(*) FROM "MeetingAttendance" ma WHERE ma."meetingId" = g."id") AS "attendeeCount",
                      g."residentCount", g."topics", g."minutes", g."createdAt", g."id" AS "rowId"
               FROM "Meeting" g JOIN "Zone" z ON z."id" = g."zoneId" LEFT JOIN "Member" h ON h."id" = g."hostId"
               WHERE g."heldOn" BETWEEN ${y0} AND ${y1} AND g."deletedAt" IS NULL${inIds("g.zoneId", "zones")}`,
      order: ["heldOn", "rowId"],
      row: (r) => [r.heldOn, label(MEETING_KIND_LABELS, r.kind as string), r.zone, r.host, r.hostName, r.place, r.attendees, r.attendeeCount, r.residentCount, r.topics, r.minutes, ...entered(r, r.heldOn as string)],
    },
    {
      name: "结穷亲",
      columns: [
        { header: "干部", width: 12 }, { header: "姓名", width: 9 }, { header: "干部级别", width: 12 }, { header: "帮扶对象", width: 10 }, { header: "责任区", width: 14 },
        { header: "结对日期", width: 11 }, { header: "结束日期", width: 11 }, { header: "结束原因", width: 16 }, { header: "本年帮扶次数", width: 8 },
        { header: "本年帮扶金额（元）", width: 12, money: true },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Pairing" WHERE "startedOn" <= ${yp.end} AND ("endedOn" IS NULL OR "endedOn" >= ${yp.start})${inIds("cadreId")}`,
      // The cadre level in force on the pairing's last day in the year (dated RoleTerm; today's
      // Member.cadreLevel only for an account without role history).
      select: sql`SELECT m."username", m."name",
                      nullif(coalesce((SELECT coalesce(t."cadreLevel", '') FROM "RoleTerm" t WHERE t."memberId" = m."id"
                          AND t."fromOn" <= ${pairingLastDay} AND (t."toOn" IS NULL OR t."toOn" >= ${pairingLastDay})
                          ORDER BY t."fromOn" DESC LIMIT 1), m."cadreLevel"), '') AS "cadreLevel",
                      r."name" AS "resident", z."name" AS "zone", p."startedOn", p."endedOn", p."endReason",
                      (SELECT count(*) FROM "AssistanceRecord" a WHERE a."pairingId" = p."id" AND a."givenOn" BETWEEN ${y0} AND ${y1} AND a."deletedAt" IS NULL) AS "times",
                      (SELECT sum(a."amountFen") FROM "AssistanceRecord" a WHERE a."pairingId" = p."id" AND a."givenOn" BETWEEN ${y0} AND ${y1} AND a."deletedAt" IS NULL) AS "fen",
                      p."cadreId" AS "sortCadre", p."id" AS "rowId"
               FROM "Pairing" p JOIN "Member" m ON m."id" = p."cadreId" JOIN "Resident" r ON r."id" = p."residentId" JOIN "Zone" z ON z."id" = r."zoneId"
               WHERE p."startedOn" <= ${yp.end} AND (p."endedOn" IS NULL OR p."endedOn" >= ${yp.start})${inIds("p.cadreId")}`,
      order: ["sortCadre", "startedOn", "rowId"],
      row: (r) => [r.username, r.name, label(CADRE_LEVEL_LABELS, r.cadreLevel as string | null), r.resident, r.zone, r.startedOn, r.endedOn, r.endReason, r.times, yuanNumber(r.fen as number | null)],
    },
    {
      name: "帮扶记录",
      columns: [
        { header: "日期", width: 11 }, { header: "干部", width: 12 }, { header: "姓名", width: 9 }, { header: "帮扶对象", width: 10 }, { header: "帮扶方式", width: 8 },
        { header: "金额（元）", width: 10, money: true }, { header: "内容", width: 40 }, { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: scope
        ? sql`SELECT count(*) AS "n" FROM "AssistanceRecord" a JOIN "Pairing" p ON p."id" = a."pairingId" WHERE a."givenOn" BETWEEN ${y0} AND ${y1} AND a."deletedAt" IS NULL${inIds("p.cadreId")}`
        : sql`SELECT count(*) AS "n" FROM "AssistanceRecord" WHERE "givenOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL`,
      select: sql`SELECT a."givenOn", m."username", m."name", r."name" AS "resident", a."kind", a."amountFen", a."description", a."createdAt", a."id" AS "rowId"
               FROM "AssistanceRecord" a JOIN "Pairing" p ON p."id" = a."pairingId" JOIN "Member" m ON m."id" = p."cadreId" JOIN "Resident" r ON r."id" = p."residentId"
               WHERE a."givenOn" BETWEEN ${y0} AND ${y1} AND a."deletedAt" IS NULL${inIds("p.cadreId")}`,
      order: ["givenOn", "rowId"],
      row: (r) => [r.givenOn, r.username, r.name, r.resident, label(ASSISTANCE_KIND_LABELS, r.kind as string), yuanNumber(r.amountFen as number | null), r.description, ...entered(r, r.givenOn as string)],
    },
    {
      name: "群众诉求",
      columns: [
        { header: "日期", width: 11 }, { header: "来源", width: 6 }, { header: "群众", width: 10 }, { header: "责任区", width: 14 }, { header: "诉求内容", width: 40 },
        { header: "承办人", width: 12 }, { header: "承办人姓名", width: 9 }, { header: "状态", width: 8 }, { header: "办理情况", width: 30 }, { header: "上报至", width: 12 },
        { header: "反馈日期", width: 11 }, { header: "反馈方式", width: 8 }, { header: "反馈内容", width: 30 }, { header: "办结时间", width: 16 },
        { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Request" WHERE "raisedOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL${requestCut("")}`,
      select: sql`SELECT q."raisedOn", q."source", q."residentName", z."name" AS "zone", q."content", m."username", m."name", q."status", q."handling", q."escalatedTo",
                      q."feedbackOn", q."feedbackHow", q."feedbackContent", q."closedAt", q."createdAt", q."id" AS "rowId"
               FROM "Request" q JOIN "Member" m ON m."id" = q."ownerId" LEFT JOIN "Zone" z ON z."id" = q."zoneId"
               WHERE q."raisedOn" BETWEEN ${y0} AND ${y1} AND q."deletedAt" IS NULL${requestCut("q.")}`,
      order: ["raisedOn", "rowId"],
      row: (r) => [
        r.raisedOn, label(REQUEST_SOURCE_LABELS, r.source as string), r.residentName, r.zone, r.content, r.username, r.name,
        label(REQUEST_STATUS_LABELS, r.status as string), r.handling, r.escalatedTo, r.feedbackOn, label(FEEDBACK_HOW_LABELS, r.feedbackHow as string | null),
        r.feedbackContent, r.closedAt === null ? "" : enteredOf(r.closedAt as string, r.raisedOn as string).enteredAt, ...entered(r, r.raisedOn as string),
      ],
    },
    {
      // 三进三同 (issue 18 item 1): stays begun in the year, by the cadre (whose records follow them);
      // headers as the stays import (docs/FORMATS-stays-writings.md); 补录 against the stay's last day.
      name: "三进三同记录",
      columns: [
        { header: "开始日期", width: 11 }, { header: "结束日期", width: 11 }, { header: "干部", width: 12 }, { header: "姓名", width: 9 }, { header: "住户", width: 10 },
        { header: "责任区", width: 14 }, { header: "所属组织", width: 12 }, { header: "方式", width: 14 }, { header: "民情日记", width: 40 }, { header: "发现问题", width: 30 },
        { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Stay" WHERE "fromOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL${inIds("cadreId")}`,
      select: sql`SELECT s."fromOn", s."toOn", m."username", m."name", r."name" AS "resident", z."name" AS "zone", o."code" AS "branch", s."eat", s."live", s."work", s."diary", s."problems", s."createdAt", s."id" AS "rowId"
               FROM "Stay" s JOIN "Member" m ON m."id" = s."cadreId" JOIN "Resident" r ON r."id" = s."residentId" JOIN "Zone" z ON z."id" = r."zoneId" JOIN "Org" o ON o."id" = z."branchId"
               WHERE s."fromOn" BETWEEN ${y0} AND ${y1} AND s."deletedAt" IS NULL${inIds("s.cadreId")}`,
      order: ["fromOn", "rowId"],
      row: (r) => [
        r.fromOn, r.toOn, r.username, r.name, r.resident, r.zone, r.branch,
        (["eat", "live", "work"] as const).filter((k) => r[k]).map((k) => STAY_WAY_LABELS[k]).join("、"), r.diary, r.problems, ...entered(r, r.toOn as string),
      ],
    },
    {
      // Writings (issue 18 item 2): dated in the year, by the author; headers as the writings import,
      // the attachment by its name only (its bytes stay in the ledger).
      name: "调研报告等材料",
      columns: [
        { header: "日期", width: 11 }, { header: "作者", width: 12 }, { header: "姓名", width: 9 }, { header: "类型", width: 9 }, { header: "标题", width: 24 },
        { header: "正文", width: 50 }, { header: "附件", width: 16 }, { header: "录入时间", width: 16 }, { header: "补录", width: 5 },
      ],
      count: sql`SELECT count(*) AS "n" FROM "Writing" WHERE "writtenOn" BETWEEN ${y0} AND ${y1} AND "deletedAt" IS NULL${inIds("authorId")}`,
      select: sql`SELECT w."writtenOn", m."username", m."name", w."kind", w."title", w."content", w."attachmentName", w."createdAt", w."id" AS "rowId"
               FROM "Writing" w JOIN "Member" m ON m."id" = w."authorId"
               WHERE w."writtenOn" BETWEEN ${y0} AND ${y1} AND w."deletedAt" IS NULL${inIds("w.authorId")}`,
      order: ["writtenOn", "rowId"],
      row: (r) => [r.writtenOn, r.username, r.name, label(WRITING_KIND_LABELS, r.kind as string), r.title, r.content, r.attachmentName, ...entered(r, r.writtenOn as string)],
    },
  ];
}

/** Rows a PostgreSQL cursor fetches at once while streaming a sheet (SQLite steps row by row). */
const STREAM_CHUNK = 1000;

/**
 * `spec`'s rows in the sheet's order, in batches of `YIELD_EVERY` (never all in memory): a batch
 * is written before the next yield to the event loop, so its rows die young (no promotion).
 */
function sheetRows(reader: StreamReader, db: Db, spec: SheetSpec): AsyncIterable<Row[]> {
  const query = db
    .selectFrom(sql<Row>`(${spec.select})`.as("r"))
    .selectAll()
    .$call((q) => spec.order.reduce((o, c) => o.orderBy(sql.ref(`r.${c}`)), q));
  return streamBatches<Row>(reader, query, { batch: YIELD_EVERY, fetch: STREAM_CHUNK });
}

/** Members read per compliance report while writing 达标情况 (bounds the report's memory). */
export const MEMBERS_PER_BATCH = 2000;

/**
 * The 达标情况 rows in FORMATS.md's order (complianceRowsOf), in arrays (one per member, then up to YIELD_EVERY): members by id, built by batches of
 * `MEMBERS_PER_BATCH` (`memberIds`), so only one batch's report is in memory; then the zones' 院坝会
 * and the branch's half-years (src/domain/compliance/zones.ts). `onBatch` gets the estimated row total.
 * `db` is the workbook's snapshot.
 */
async function* complianceRowsStreamed(db: Db, year: number, asOf: LocalDate, batchSize: number, scope: Scope, onBatch: (estimate: number) => void): AsyncGenerator<Cell[][]> {
  // Every account (of the subtree): the report itself leaves out ADMIN terms by date (not by today's role).
  const ids = scope ? scope.memberIds : (await db.selectFrom("Member").select("id").orderBy("id").execute()).map((r) => r.id);
  // the zones' 院坝会 months and the branch's half-years after the members: at most one row per
  // zone and month up to asOf, and two half-years (not a fixed 3,600 that overshot a branch of 8 zones, issue 15)
  const yearEnd = `${year}-12-31`;
  const months = asOf < `${year}-01-01` ? 0 : Number((asOf < yearEnd ? asOf : yearEnd).slice(5, 7));
  const zoneCount = scope ? scope.zoneIds.length : Number((await db.selectFrom("Zone").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
  const zoneRows = zoneCount * months + 2;
  let rows = 0;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = await buildComplianceReport(db, { year, asOf, memberIds: ids.slice(i, i + batchSize), skip: ["zones", "branch"] });
    const noZones = { ...batch, zones: [], branch: { ...batch.branch, halfYearMeetings: [] } };
    const done = Math.min(ids.length, i + batchSize);
    let batchRows = 0;
    for (const m of batch.members) batchRows += 1 + (m.monthlyTalks?.length ?? 0) + (m.weeklyVisits?.length ?? 0) + (m.pairings ? 1 : 0);
    onBatch(Math.round(((rows + batchRows) * ids.length) / done) + zoneRows);
    rows += batchRows;
    for (const m of batch.members) yield Array.from(complianceRowsOf({ ...noZones, members: [m] }));
  }
  const yp = yearPeriod(year);
  const refDate = asOf < yp.end ? asOf : yp.end;
  const { zones, branch } = scope ? await subtreeZoneResults(db, { year, asOf, zoneIds: scope.zoneIds, name: scope.name }) : await zoneResults(db, {
    year,
    asOf,
    range: refDate >= yp.start ? { from: yp.start, to: refDate } : null,
    settings: await reportSettings(db),
    zoneSettings: await zoneSettingsOf(db),
    zones: await loadZones(db),
    zoneIds: null,
  });
  const last: ComplianceReport = { year, asOf, timeZone: "Asia/Shanghai", members: [], zones, branch };
  // complianceRowsOf writes one row per zone and month and per half-year: counted here, and the
  // rows made one at a time (an array of a county's ~36,000 rows, made twice, was promoted to the
  // old generation as a whole and left there as garbage for the rest of the export)
  let tail = branch.halfYearMeetings.length;
  for (const z of zones) tail += z.monthlyCourtyardMeetings.length;
  onBatch(rows + tail);
  let chunk: Cell[][] = [];
  for (const row of complianceRowsOf(last)) {
    chunk.push(row);
    if (chunk.length === YIELD_EVERY) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length) yield chunk;
}

/**
 * exceljs gives every cell a fresh style object, so its per-object style cache never hits and each
 * cell's style is rebuilt and serialised to find its id (a sixth of the export's time at county
 * scale). Styles with the same content get the same id (exceljs dedupes them by their XML), so
 * the ids are kept here by content and cell type: the same ids, computed once.
 */
export function memoiseStyles(wb: unknown): void {
  const styles = (wb as { styles?: { addStyleModel?: (model: unknown, cellType?: number) => number } }).styles;
  const add = styles?.addStyleModel?.bind(styles);
  if (!styles || !add) return;
  const ids = new Map<string, number>();
  styles.addStyleModel = (model, cellType) => {
    if (!model) return add(model, cellType);
    let empty = true;
    for (const _ in model as object) {
      empty = false;
      break;
    }
    const key = empty ? `${cellType}|` : `${cellType}|${JSON.stringify(model)}`;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = add(model, cellType)));
    return id;
  };
}

/** exceljs internals the backpressure needs: a sheet's buffer (StreamBuf) and the zip's pipe from it. */
interface SheetStream {
  buffers?: unknown[];
  pipes?: { _writableState?: { needDrain?: boolean; length?: number } & object; once(e: string, f: () => void): unknown }[];
}

/**
 * Backpressure for exceljs's stream writer, which ignores it: a committed row goes to the sheet's
 * StreamBuf, whose full 64 KB buffers are written into the zip's PassThrough without waiting. We
 * wait (when it holds more than PIPE_HOLD) until that pipe has drained (so the deflate stream and the output keep up) and until the
 * output itself has room; before the zip reads the sheet at all, we wait for it to start.
 */
export async function breathe(ws: unknown, out: Writable): Promise<void> {
  const sheet = (ws as { stream?: SheetStream }).stream;
  for (let i = 0; i < 1000 && sheet && !sheet.pipes?.length && (sheet.buffers?.length ?? 0) > 16; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  for (const p of sheet?.pipes ?? []) {
    const st = p._writableState;
    if (st && (st.needDrain || (st.length ?? 0) > PIPE_HOLD)) await once(p as never, "drain");
  }
  if (out.writableNeedDrain) await once(out, "drain");
  else await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The members and zones of `opts.org`'s subtree (in the workbook's snapshot), or null for the whole ledger. */
async function scopeOf(db: Db, opts: WorkbookOptions): Promise<Scope> {
  if (!opts.org || isRoot(opts.org)) return null;
  const memberIds = await subtreeMemberIds(db, opts.org.path, lastDayOf(opts.year, opts.asOf));
  const zoneIds = await subtreeZoneIds(db, opts.org.path);
  return { memberIds, zoneIds, name: opts.org.name };
}

/** `database` as a DATABASE_URL: a URL as given, a bare path as that SQLite file. */
const urlOf = (database: string) => (/^(file:|postgres(ql)?:\/\/)/.test(database) ? database : `file:${database}`);

/**
 * Writes the year workbook of the database `database` (a DATABASE_URL, SQLite or PostgreSQL, or
 * a bare SQLite file path) to `out` (a file or HTTP response stream; ended when done). Reads on a
 * connection of its own (dialect.ts openStreamReader: on SQLite read-only), so it never blocks
 * the app's connection, in ONE snapshot (readSnapshot) for every sheet; the record sheets are
 * streamed (Kysely `.stream()`: SQLite steps row by row, PostgreSQL reads by cursor).
 * @throws RangeError on a bad year or date; errors of the stream or the database (a missing SQLite file).
 */
export async function writeYearWorkbook(database: string, out: Writable, opts: WorkbookOptions): Promise<WorkbookResult> {
  const reader = openStreamReader(urlOf(database));
  const sheets = Object.fromEntries(WORKBOOK_SHEETS.map((s) => [s, 0])) as Record<WorkbookSheet, number>;
  let rows = 0;
  let total = 0;
  const progress = (sheet: WorkbookProgress["sheet"]) => opts.onProgress?.({ sheet, rows, total });
  try {
    await readSnapshot(reader.kx, async (db) => {
      const scope = await scopeOf(db, opts);
      const specs = recordSheets(db, opts.year, scope);
      let recordRows = 0;
      for (const s of specs) recordRows += Number((await s.count.execute(db)).rows[0].n);
      total = recordRows;
      progress("达标情况");

      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
      wb.creator = "联系群众工作台账";
      memoiseStyles(wb);
      const write = async <T>(name: WorkbookSheet, columns: SheetSpec["columns"], source: AsyncIterable<readonly T[]>, cellsOf: (r: T) => (string | number | null)[]) => {
        const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
        ws.columns = columns.map((c) => ({ header: c.header, width: c.width, ...(c.money ? { style: { numFmt: "0.00" } } : {}) }));
        ws.getRow(1).font = { bold: true };
        ws.getRow(1).commit();
        const addRow = plainRowWriter(wb, ws); // exceljs's own XML for these rows, without its per-cell objects
        for await (const batch of source) {
          for (const r of batch) {
            addRow(cellsOf(r).map((c) => guardCell(c)));
            sheets[name]++;
            rows++;
            if (rows % YIELD_EVERY === 0) {
              progress(name);
              await breathe(ws, out);
            }
          }
        }
        ws.commit();
        progress(name);
      };

      const compliance = complianceRowsStreamed(db, opts.year, opts.asOf, opts.batchSize ?? MEMBERS_PER_BATCH, scope, (estimate) => {
        total = recordRows + estimate; // shown at once: the bar's end moves as soon as a batch tells more
        progress("达标情况");
      });
      await write("达标情况", COMPLIANCE_HEADER.map((h, i) => ({ header: h, width: [14, 10, 10, 14, 10, 12, 8, 8, 8][i] })), compliance, (cells) => cells);
      for (const s of specs) await write(s.name, s.columns, sheetRows(reader, db, s), s.row);
      await wb.commit();
    });
    progress("完成");
    return { rows, sheets };
  } finally {
    await reader.close();
  }
}
