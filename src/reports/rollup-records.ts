/**
 * The records behind a roll-up figure of the county's other measures (issue 18 item 5: "each
 * openable down to the records"): `GET /reports/rollup/records?figure=&org=&year=&asOf=`. The rows
 * are exactly those the roll-up counts for the org (src/domain/rollup/measures.ts `measureRows`,
 * branch attribution under the org, kept when their branch lies in its subtree), each with what a
 * person reads and where it opens. `trainedShare` opens its numerator (`trained`); the coverage
 * page lists who is still untrained. Dates: Asia/Shanghai.
 */
import type Database from "better-sqlite3";
import { measureRows, type MeasureFigure } from "../domain/rollup/measures.ts";
import { unitsFor } from "../domain/rollup/queries.ts";
import { ASSISTANCE_KIND_LABELS, type AssistanceKind } from "../core/labels.ts";
import { STATION_KIND_LABELS, STATION_POST_LABELS, type StationKind, type StationPost } from "../domain/stationing/rules.ts";

export interface FigureRecord {
  on: string;
  person: string;
  what: string;
  detail: string;
  n: number;
  href: string;
}

/** Row cap of the page (the count above it is complete). */
export const RECORDS_SHOWN = 1000;

/** The records of `figure` for org `orgId`'s subtree in `year` up to `asOf`, with their total weight. */
export function figureRecords(raw: Database.Database, figure: MeasureFigure, orgId: number, year: number, asOf: string): { total: number; rows: FigureRecord[] } {
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const branches = new Set(raw.prepare(`SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ?) || '%'`).pluck().all(orgId) as number[]);
  const a = { by: "branch" as const, under: orgId };
  const found = to < `${year}-01-01` ? [] : measureRows(raw, unitsFor(raw, a), figure, { from: `${year}-01-01`, to }, a).filter((r) => branches.has(r.unit));
  const total = found.reduce((s, r) => s + r.n, 0);
  const shown = found.sort((x, y) => (x.on < y.on ? 1 : x.on > y.on ? -1 : y.ref - x.ref)).slice(0, RECORDS_SHOWN);
  const ids = JSON.stringify(shown.map((r) => r.ref));
  const names = new Map(raw.prepare(`SELECT "id", "name" FROM "Member" WHERE "id" IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(shown.map((r) => r.memberId))) as [number, string][]);
  const person = (id: number) => names.get(id) ?? "";
  if (figure === "stationed") {
    const rows = new Map(
      (raw.prepare(`SELECT s."id", s."orgId", s."fromOn", s."toOn", s."post", s."kind", o."name" FROM "Stationing" s JOIN "Org" o ON o."id" = s."orgId" WHERE s."id" IN (SELECT value FROM json_each(?))`).raw().all(ids) as [number, number, string, string | null, StationPost, StationKind, string][]).map((r) => [r[0], r]),
    );
    return {
      total,
      rows: shown.map((r) => {
        const [, orgIdOf, fromOn, toOn, post, kind, village] = rows.get(r.ref)!;
        return { on: fromOn, person: person(r.memberId), what: STATION_KIND_LABELS[kind] ?? kind, detail: `${village} · ${STATION_POST_LABELS[post] ?? post} · ${fromOn} 至 ${toOn ?? "今"}`, n: r.n, href: `/villages/${orgIdOf}?year=${year}` };
      }),
    };
  }
  if (figure === "trained") {
    const sessions = new Map(
      raw.prepare(`SELECT ta."memberId", COUNT(*) FROM "TrainingAttendance" ta JOIN "TrainingSession" s ON s."id" = ta."sessionId" WHERE s."heldOn" BETWEEN ? AND ? AND ta."memberId" IN (SELECT value FROM json_each(?)) GROUP BY ta."memberId"`).raw().all(`${year}-01-01`, to, ids) as [number, number][],
    );
    return { total, rows: shown.map((r) => ({ on: to, person: person(r.memberId), what: "已参训", detail: `${year} 年参加培训 ${sessions.get(r.memberId) ?? 0} 次`, n: r.n, href: `/training?member=${r.memberId}&year=${year}` })) };
  }
  if (figure === "projects" || figure === "employment") {
    const rows = new Map(
      (raw.prepare(`SELECT "id", "pairingId", "kind", "description", "peopleEmployed" FROM "AssistanceRecord" WHERE "id" IN (SELECT value FROM json_each(?))`).raw().all(ids) as [number, number, AssistanceKind, string, number | null][]).map((r) => [r[0], r]),
    );
    return {
      total,
      rows: shown.map((r) => {
        const [, pairingId, kind, description, employed] = rows.get(r.ref)!;
        const extra = employed !== null ? `（帮助就业 ${employed} 人）` : "";
        return { on: r.on, person: person(r.memberId), what: `帮扶：${ASSISTANCE_KIND_LABELS[kind] ?? kind}`, detail: `${description}${extra}`, n: r.n, href: `/pairings/${pairingId}` };
      }),
    };
  }
  const rows = new Map((raw.prepare(`SELECT "id", "residentName", "content", "feedbackOn" FROM "Request" WHERE "id" IN (SELECT value FROM json_each(?))`).raw().all(ids) as [number, string, string, string][]).map((r) => [r[0], r]));
  return {
    total,
    rows: shown.map((r) => {
      const [, resident, content, feedbackOn] = rows.get(r.ref)!;
      return { on: r.on, person: person(r.memberId), what: "群众诉求（已反馈）", detail: `${resident}：${content}（${feedbackOn} 反馈）`, n: r.n, href: `/requests/${r.ref}` };
    }),
  };
}
