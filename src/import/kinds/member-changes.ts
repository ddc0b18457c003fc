/**
 * A members row for a 登录名 that exists already records a change (FORMATS.md "Import files"):
 * the role, cadre level, zone, line or department that differ apply from its 登记日期, and the
 * earlier standing is kept for the dates before it. The same dated history as the admin's account
 * page (src/domain/members/dated.ts), written through Kysely in the import's transaction:
 * - the stretch in force on the date is closed the day before, or replaced when it starts on
 *   that day (a same-day correction); a new open stretch starts on the date;
 * - a blank 责任区 / 挂钩线路 / 科室 / 干部级别 leaves that attribute as it is, except that a row
 *   whose role is neither 党员干部 nor 支部书记 ends the line, the department and the level (a
 *   demotion: a 党员 holds none of them);
 * - the history is only extended at its end: a date before the latest stretch's start is refused.
 * Dates are Asia/Shanghai `YYYY-MM-DD`. Loaded once per import (never a query per row).
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { addDays } from "../../rules/index.ts";

export type ChangeKind = "role" | "zone" | "line" | "department";
type Value = (string | number | null)[];

interface Stretch {
  id: number;
  fromOn: string;
  toOn: string | null;
  values: Value;
}

const TABLES: Record<ChangeKind, { table: "RoleTerm" | "ZoneAssignment" | "LineAssignment" | "DepartmentAssignment"; columns: string[] }> = {
  role: { table: "RoleTerm", columns: ["role", "cadreLevel"] },
  zone: { table: "ZoneAssignment", columns: ["zoneId"] },
  line: { table: "LineAssignment", columns: ["lineId"] },
  department: { table: "DepartmentAssignment", columns: ["departmentId"] },
};
const KINDS = Object.keys(TABLES) as ChangeKind[];

/** One attribute's change: `values` null = none from `fromOn`. */
export interface Change {
  kind: ChangeKind;
  values: Value | null;
  before: Value | null;
}

/** Every member's history of each kind, ordered by start: loaded once. */
export type Histories = Map<ChangeKind, Map<number, Stretch[]>>;

export async function loadHistories(kx: Kysely<DB>): Promise<Histories> {
  const out: Histories = new Map();
  for (const kind of KINDS) {
    const { table, columns } = TABLES[kind];
    const { rows } = await sql<Record<string, string | number | null>>`SELECT "memberId", "id", "fromOn", "toOn", ${sql.join(columns.map((c) => sql.ref(c)))} FROM ${sql.table(table)} ORDER BY "memberId", "fromOn", "id"`.execute(kx);
    const byMember = new Map<number, Stretch[]>();
    for (const r of rows) {
      const memberId = r.memberId as number;
      const list = byMember.get(memberId) ?? [];
      list.push({ id: r.id as number, fromOn: r.fromOn as string, toOn: r.toOn as string | null, values: columns.map((c) => r[c]) });
      byMember.set(memberId, list);
    }
    out.set(kind, byMember);
  }
  return out;
}

const same = (a: Value, b: Value) => a.length === b.length && a.every((v, i) => v === b[i]);
const covering = (list: Stretch[] | undefined, on: string) => (list ?? []).filter((s) => s.fromOn <= on && (s.toOn === null || s.toOn >= on)).at(-1) ?? null;

export interface Wanted {
  role: string;
  cadreLevel: string | null;
  zoneId: number | null;
  lineId: number | null;
  departmentId: number | null;
}

/**
 * The changes a row asks of member `memberId` from `on`, or a Chinese reason when `on` comes
 * before a stretch already recorded for a kind that would change.
 */
export function changesFor(h: Histories, memberId: number, w: Wanted, on: string): { changes: Change[] } | { error: string } {
  const leads = w.role === "CADRE" || w.role === "SECRETARY";
  const held = (kind: ChangeKind) => covering(h.get(kind)!.get(memberId), on)?.values ?? null;
  const role = held("role");
  const level = leads ? (w.cadreLevel ?? (role && (role[0] === "CADRE" || role[0] === "SECRETARY") ? (role[1] as string | null) : null)) : null;
  const wanted: Record<ChangeKind, Value | null | undefined> = {
    role: [w.role, level],
    zone: w.zoneId !== null ? [w.zoneId] : undefined,
    line: w.lineId !== null ? [w.lineId] : leads ? undefined : null,
    department: w.departmentId !== null ? [w.departmentId] : leads ? undefined : null,
  };
  const changes: Change[] = [];
  for (const kind of KINDS) {
    const want = wanted[kind];
    if (want === undefined) continue;
    const before = held(kind);
    if (before === null ? want === null : want !== null && same(before, want)) continue;
    const later = (h.get(kind)!.get(memberId) ?? []).filter((s) => s.fromOn > on).at(-1);
    if (later) return { error: `该党员自 ${later.fromOn} 起已有调整，登记日期不能早于该日` };
    changes.push({ kind, values: want, before });
  }
  return { changes };
}

/** Writes `changes` of member `memberId` from `on` (inside the import's transaction). */
export async function applyChanges(kx: Kysely<DB>, h: Histories, memberId: number, changes: Change[], on: string): Promise<void> {
  for (const c of changes) {
    const { table, columns } = TABLES[c.kind];
    const cover = covering(h.get(c.kind)!.get(memberId), on);
    if (cover) {
      if (cover.fromOn === on) await kx.deleteFrom(table).where("id", "=", cover.id).execute();
      else await kx.updateTable(table).set({ toOn: addDays(on, -1) }).where("id", "=", cover.id).execute();
    }
    if (c.values) {
      const values = Object.fromEntries(columns.map((x, i) => [x, c.values![i]]));
      await kx.insertInto(table).values({ memberId, fromOn: on, toOn: null, ...values } as never).execute();
    }
  }
}
