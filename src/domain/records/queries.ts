/**
 * "My records" (我的记录): the actor's own talks and line visits, newest first, filtered by kind
 * and by a date range (Asia/Shanghai local dates, inclusive). Soft-deleted records are left out.
 * A personal ledger is small (hundreds a year), so both kinds are read and merged in memory.
 */
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { isValidLocalDate, localDateTimeOf, periodContaining } from "../../rules/index.ts";

export const PAGE_SIZE = 50;

const date = z.string().refine(isValidLocalDate).optional().catch(undefined);
export const recordsFilter = z.object({
  kind: z.enum(["all", "talk", "visit"]).catch("all"),
  period: z.enum(["", "week", "month", "year"]).catch(""),
  from: date,
  to: date,
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
export type RecordsFilter = z.infer<typeof recordsFilter>;

/**
 * What the list should tell about the typed dates (Chinese), or null: a from/to that is not a
 * date (ignored by the filter), or a from after to (nothing can match).
 */
export function rangeNotice(query: Record<string, unknown>, filter: RecordsFilter): string | null {
  if (filter.period) return null;
  const bad = (["from", "to"] as const).filter((k) => typeof query[k] === "string" && (query[k] as string).trim() !== "" && filter[k] === undefined);
  if (bad.length) return `${bad.map((k) => (k === "from" ? "起始日期" : "结束日期")).join("和")}不是有效日期（格式如 2026-03-05），已忽略`;
  if (filter.from && filter.to && filter.from > filter.to) return `起始日期 ${filter.from} 晚于结束日期 ${filter.to}，请检查时段`;
  return null;
}

export interface RecordRow {
  kind: "talk" | "visit";
  id: number;
  date: string; // YYYY-MM-DD (for visits, with the time in `time`)
  time: string | null;
  title: string; // counterpart or line/department
  detail: string; // reason label key or purpose
  enteredOn: string; // when it was entered (Asia/Shanghai date)
}

/** Resolves `period` shortcuts against `today` into from/to dates. */
export function rangeOf(filter: RecordsFilter, today: string): { from?: string; to?: string } {
  if (filter.period === "week") return { from: periodContaining("isoWeek", today).start, to: periodContaining("isoWeek", today).end };
  if (filter.period === "month") return { from: periodContaining("month", today).start, to: periodContaining("month", today).end };
  if (filter.period === "year") return { from: periodContaining("year", today).start, to: periodContaining("year", today).end };
  return { from: filter.from, to: filter.to };
}

export async function listOwnRecords(db: Db, actor: Actor, filter: RecordsFilter, today: string, pageSize = PAGE_SIZE) {
  const { from, to } = rangeOf(filter, today);
  const take = filter.page * pageSize + 1;
  const range = (field: string) => (from || to ? { [field]: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } } : {});
  const [talks, visits] = await Promise.all([
    filter.kind === "visit"
      ? []
      : db.talk.findMany({
          where: { talkerId: actor.id, deletedAt: null, ...range("occurredOn") },
          orderBy: [{ occurredOn: "desc" }, { id: "desc" }],
          take,
        }),
    filter.kind === "talk"
      ? []
      : db.lineVisit.findMany({
          where: { cadreId: actor.id, deletedAt: null, ...range("visitedOn") },
          orderBy: [{ visitedAt: "desc" }, { id: "desc" }],
          take,
          include: { line: { select: { name: true } }, department: { select: { name: true } } },
        }),
  ]);
  const rows: RecordRow[] = [
    ...talks.map((t) => ({
      kind: "talk" as const,
      id: t.id,
      date: t.occurredOn,
      time: null,
      title: t.counterpartName,
      detail: t.reason,
      enteredOn: localDateTimeOf(t.createdAt).slice(0, 10),
    })),
    ...visits.map((v) => ({
      kind: "visit" as const,
      id: v.id,
      date: v.visitedOn,
      time: localDateTimeOf(v.visitedAt).slice(11),
      title: v.line?.name ?? v.department?.name ?? "",
      detail: v.purpose,
      enteredOn: localDateTimeOf(v.createdAt).slice(0, 10),
    })),
  ].sort((a, b) => (a.date === b.date ? (b.time ?? "").localeCompare(a.time ?? "") : b.date.localeCompare(a.date)));
  const start = (filter.page - 1) * pageSize;
  return { rows: rows.slice(start, start + pageSize), hasMore: rows.length > start + pageSize, from, to };
}
