/**
 * The county dashboard's 三万计划 table (issue 18 item 3: "the county desk counts them by kind and
 * post"): the stationings running on the report's last day whose cadre belongs to the org's
 * subtree that day (the one dated-membership model, as the roll-up's `stationed` counts them, so
 * the table's total equals that figure), by kind (驻村干部/大学生村官/三支人员) × post.
 * `lastDay` is Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { jsonValues } from "../db/dialect.ts";
import { measureRows } from "../domain/rollup/measures.ts";
import { unitsFor } from "../domain/rollup/queries.ts";
import { STATION_KIND_LABELS, STATION_KINDS, STATION_POST_LABELS, STATION_POSTS, type StationKind, type StationPost } from "../domain/stationing/rules.ts";

export interface StationedTable {
  kinds: { key: StationKind; label: string }[];
  posts: { key: StationPost; label: string }[];
  /** counts[kind][post] */
  counts: Record<StationKind, Record<StationPost, number>>;
  byKind: Record<StationKind, number>;
  byPost: Record<StationPost, number>;
  total: number;
}

/** The table for the org `orgId` (its subtree) on `lastDay`. */
export async function stationedTable(kx: Kysely<DB>, orgId: number, lastDay: string): Promise<StationedTable> {
  const counts = Object.fromEntries(STATION_KINDS.map((k) => [k, Object.fromEntries(STATION_POSTS.map((p) => [p, 0]))])) as StationedTable["counts"];
  const byKind = Object.fromEntries(STATION_KINDS.map((k) => [k, 0])) as StationedTable["byKind"];
  const byPost = Object.fromEntries(STATION_POSTS.map((p) => [p, 0])) as StationedTable["byPost"];
  const root = await kx.selectFrom("Org").select("path").where("id", "=", orgId).executeTakeFirst();
  const branches = new Set(root ? (await kx.selectFrom("Org").select("id").where("path", "like", `${root.path}%`).execute()).map((o) => o.id) : []);
  const a = { by: "branch" as const, under: orgId };
  const rows = (await measureRows(kx, await unitsFor(kx, a), "stationed", { from: lastDay, to: lastDay }, a)).filter((r) => branches.has(r.unit));
  const what = new Map(
    (await kx.selectFrom("Stationing").select(["id", "kind", "post"]).where("id", "in", jsonValues(kx, rows.map((r) => r.ref), "integer")).execute()).map((s) => [s.id, s as { id: number; kind: StationKind; post: StationPost }]),
  );
  let total = 0;
  for (const r of rows) {
    const s = what.get(r.ref);
    if (!s || !(s.kind in counts) || !(s.post in byPost)) continue;
    counts[s.kind][s.post]++;
    byKind[s.kind]++;
    byPost[s.post]++;
    total++;
  }
  return {
    kinds: STATION_KINDS.map((k) => ({ key: k, label: STATION_KIND_LABELS[k] })),
    posts: STATION_POSTS.map((p) => ({ key: p, label: STATION_POST_LABELS[p] })),
    counts,
    byKind,
    byPost,
    total,
  };
}
