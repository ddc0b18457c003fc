/**
 * A members row for a 登录名 that exists already records a change (FORMATS.md "Import files"):
 * the role, cadre level, zone, line or department that differ apply from its 登记日期, and the
 * earlier standing is kept for the dates before it. The same dated history as the admin's account
 * page (src/domain/members/dated.ts), written synchronously in the import's transaction:
 * - the stretch in force on the date is closed the day before, or replaced when it starts on
 *   that day (a same-day correction); a new open stretch starts on the date;
 * - a blank 责任区 / 挂钩线路 / 科室 / 干部级别 leaves that attribute as it is, except that a row
 *   whose role is neither 党员干部 nor 支部书记 ends the line, the department and the level (a
 *   demotion: a 党员 holds none of them);
 * - the history is only extended at its end: a date before the latest stretch's start is refused.
 * Dates are Asia/Shanghai `YYYY-MM-DD`. Loaded once per import (never a query per row).
 */
import type Database from "better-sqlite3";
import { addDays } from "../../rules/index.ts";

export type ChangeKind = "role" | "zone" | "line" | "department";
type Value = (string | number | null)[];

interface Stretch {
  id: number;
  fromOn: string;
  toOn: string | null;
  values: Value;
}

const TABLES: Record<ChangeKind, { table: string; columns: string[] }> = {
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

export function loadHistories(raw: Database.Database): Histories {
  const out: Histories = new Map();
  for (const kind of KINDS) {
    const { table, columns } = TABLES[kind];
    const rows = raw
      .prepare(`SELECT "memberId", "id", "fromOn", "toOn", ${columns.map((c) => `"${c}"`).join(", ")} FROM "${table}" ORDER BY "memberId", "fromOn", "id"`)
      .raw()
      .all() as Array<[number, number, string, string | null, ...(string | number | null)[]]>;
    const byMember = new Map<number, Stretch[]>();
    for (const [memberId, id, fromOn, toOn, ...values] of rows) {
      const list = byMember.get(memberId) ?? [];
      list.push({ id, fromOn, toOn, values });
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
export function applyChanges(raw: Database.Database, h: Histories, memberId: number, changes: Change[], on: string): void {
  for (const c of changes) {
    const { table, columns } = TABLES[c.kind];
    const cover = covering(h.get(c.kind)!.get(memberId), on);
    if (cover) {
      if (cover.fromOn === on) raw.prepare(`DELETE FROM "${table}" WHERE "id" = ?`).run(cover.id);
      else raw.prepare(`UPDATE "${table}" SET "toOn" = ? WHERE "id" = ?`).run(addDays(on, -1), cover.id);
    }
    if (c.values) {
      raw
        .prepare(`INSERT INTO "${table}" ("memberId", "fromOn", "toOn", ${columns.map((x) => `"${x}"`).join(", ")}) VALUES (?, ?, NULL, ${columns.map(() => "?").join(", ")})`)
        .run(memberId, on, ...c.values);
    }
  }
}
