/**
 * The records behind a roll-up figure of the county's other measures (issue 18 item 5: "each
 * openable down to the records"): `GET /reports/rollup/records?figure=&org=&year=&asOf=`. The rows
 * are exactly those the roll-up counts for the org (src/domain/rollup/measures.ts `measureRows`,
 * branch attribution under the org, kept when their branch lies in its subtree), each with what a
 * person reads and where it opens. `trainedShare` opens its numerator (`trained`); the coverage
 * page lists who is still untrained. Dates: Asia/Shanghai.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { jsonValues, readSnapshot } from "../db/dialect.ts";
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

/**
 * The records of `figure` for org `orgId`'s subtree in `year` up to `asOf`, with their total
 * weight, read on one snapshot (dialect.ts `readSnapshot`).
 */
export async function figureRecords(kx: Kysely<DB>, figure: MeasureFigure, orgId: number, year: number, asOf: string): Promise<{ total: number; rows: FigureRecord[] }> {
  return readSnapshot(kx, (tx) => recordsIn(tx, figure, orgId, year, asOf));
}

async function recordsIn(kx: Kysely<DB>, figure: MeasureFigure, orgId: number, year: number, asOf: string): Promise<{ total: number; rows: FigureRecord[] }> {
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const subtree = await sql<{ id: number }>`SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ${orgId}) || '%'`.execute(kx);
  const branches = new Set(subtree.rows.map((o) => o.id));
  const a = { by: "branch" as const, under: orgId };
  const found = to < `${year}-01-01` ? [] : (await measureRows(kx, await unitsFor(kx, a), figure, { from: `${year}-01-01`, to }, a)).filter((r) => branches.has(r.unit));
  const total = found.reduce((s, r) => s + r.n, 0);
  const shown = found.sort((x, y) => (x.on < y.on ? 1 : x.on > y.on ? -1 : y.ref - x.ref)).slice(0, RECORDS_SHOWN);
  const ids = jsonValues(kx, shown.map((r) => r.ref), "integer");
  const members = await kx.selectFrom("Member").select(["id", "name"]).where("id", "in", jsonValues(kx, shown.map((r) => r.memberId), "integer")).execute();
  const names = new Map(members.map((m) => [m.id, m.name]));
  const person = (id: number) => names.get(id) ?? "";
  if (figure === "stationed") {
    const found = await kx
      .selectFrom("Stationing as s")
      .innerJoin("Org as o", "o.id", "s.orgId")
      .select(["s.id", "s.orgId", "s.fromOn", "s.toOn", "s.post", "s.kind", "o.name"])
      .where("s.id", "in", ids)
      .execute();
    const rows = new Map(found.map((r) => [r.id, r]));
    return {
      total,
      rows: shown.map((r) => {
        const { orgId: orgIdOf, fromOn, toOn, name: village } = rows.get(r.ref)!;
        const post = rows.get(r.ref)!.post as StationPost;
        const kind = rows.get(r.ref)!.kind as StationKind;
        return { on: fromOn, person: person(r.memberId), what: STATION_KIND_LABELS[kind] ?? kind, detail: `${village} · ${STATION_POST_LABELS[post] ?? post} · ${fromOn} 至 ${toOn ?? "今"}`, n: r.n, href: `/villages/${orgIdOf}?year=${year}` };
      }),
    };
  }
  if (figure === "trained") {
    const counted = await kx
      .selectFrom("TrainingAttendance as ta")
      .innerJoin("TrainingSession as s", "s.id", "ta.sessionId")
      .select((eb) => ["ta.memberId", eb.fn.countAll<number>().as("n")])
      .where("s.heldOn", ">=", `${year}-01-01`)
      .where("s.heldOn", "<=", to)
      .where("ta.memberId", "in", ids)
      .groupBy("ta.memberId")
      .execute();
    const sessions = new Map(counted.map((c) => [c.memberId, Number(c.n)]));
    return { total, rows: shown.map((r) => ({ on: to, person: person(r.memberId), what: "已参训", detail: `${year} 年参加培训 ${sessions.get(r.memberId) ?? 0} 次`, n: r.n, href: `/training?member=${r.memberId}&year=${year}` })) };
  }
  if (figure === "projects" || figure === "employment") {
    const found = await kx.selectFrom("AssistanceRecord").select(["id", "pairingId", "kind", "description", "peopleEmployed"]).where("id", "in", ids).execute();
    const rows = new Map(found.map((r) => [r.id, r]));
    return {
      total,
      rows: shown.map((r) => {
        const { pairingId, description, peopleEmployed: employed } = rows.get(r.ref)!;
        const kind = rows.get(r.ref)!.kind as AssistanceKind;
        const extra = employed !== null ? `（帮助就业 ${employed} 人）` : "";
        return { on: r.on, person: person(r.memberId), what: `帮扶：${ASSISTANCE_KIND_LABELS[kind] ?? kind}`, detail: `${description}${extra}`, n: r.n, href: `/pairings/${pairingId}` };
      }),
    };
  }
  const requests = await kx.selectFrom("Request").select(["id", "residentName", "content", "feedbackOn"]).where("id", "in", ids).execute();
  const rows = new Map(requests.map((r) => [r.id, r]));
  return {
    total,
    rows: shown.map((r) => {
      const { residentName: resident, content, feedbackOn } = rows.get(r.ref)!;
      return { on: r.on, person: person(r.memberId), what: "群众诉求（已反馈）", detail: `${resident}：${content}（${feedbackOn} 反馈）`, n: r.n, href: `/requests/${r.ref}` };
    }),
  };
}
