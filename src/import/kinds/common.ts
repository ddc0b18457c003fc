/**
 * Helpers the import kinds share: resolving a login name, a zone, a line or department by name
 * (recording a Chinese error on the row when it does not resolve), and the date range of a
 * batch (to read only the stored records that could be duplicates).
 */
import type { Row } from "../row.ts";
import type { Lookups, MemberRef, OrgRef, UnitRef } from "../lookups.ts";

/** A login name (case-insensitive, stored lower-case) → the account; error when there is none. */
export function memberAt(row: Row, key: string, look: Lookups, opts: { required?: boolean } = {}): (MemberRef & { username: string }) | null {
  const username = row.text(key, { required: opts.required, max: 32 }).toLowerCase();
  if (username === "") return null;
  const m = look.memberRef(username);
  if (!m) return row.fail(key, `没有登录名为「${username}」的账号`);
  return m;
}

/**
 * The branch (党支部) named by its 组织代码 in column `key` (所属组织). Empty: with `defaultOnly`, the
 * only open branch, or an error once there is more than one; without it, null (not given).
 */
export function branchAt(row: Row, key: string, look: Lookups, opts: { defaultOnly?: boolean } = {}): OrgRef | null {
  const code = row.text(key, { max: 32 });
  if (code === "") {
    if (!opts.defaultOnly) return null;
    const open = look.openBranches;
    if (open.length === 1) return open[0];
    return row.fail(key, "有多个党支部时必须填写所属组织（党支部的组织代码）");
  }
  const org = look.orgs.get(code);
  if (!org) return row.fail(key, `没有组织代码为「${code}」的组织`);
  if (org.kind !== "BRANCH") return row.fail(key, `所属组织应为党支部，「${org.name}」不是党支部`);
  if (org.dissolvedOn !== null && org.dissolvedOn <= look.today) return row.fail(key, `「${org.name}」已于 ${org.dissolvedOn} 撤销`);
  return org;
}

/**
 * A zone by name, open on `date` (retiredOn after it) when a date is given. Zone names are unique
 * within a branch: with `branch` the zone is looked up in it; without, a name used in two
 * branches is an error asking for 所属组织.
 */
export function zoneAt(
  row: Row,
  key: string,
  look: Lookups,
  date: string | null,
  opts: { required?: boolean; branch?: OrgRef | null } = {},
): (UnitRef & { name: string; branchId: number }) | null {
  const name = row.name(key, { required: opts.required, max: 50 });
  if (name === "") return null;
  const all = look.zonesByName.get(name) ?? [];
  const found = opts.branch ? all.filter((z) => z.branchId === opts.branch!.id) : all;
  if (found.length === 0) {
    return row.fail(key, opts.branch && all.length > 0 ? `「${opts.branch.name}」没有名为「${name}」的责任区` : `没有名为「${name}」的责任区（请先导入或新建责任区）`);
  }
  if (found.length > 1) return row.fail(key, `多个党支部都有名为「${name}」的责任区，请填写所属组织`);
  const z = found[0];
  if (date !== null && z.retiredOn !== null && z.retiredOn <= date) return row.fail(key, `责任区「${name}」已于 ${z.retiredOn} 撤销`);
  return { id: z.id, retiredOn: z.retiredOn, name, branchId: z.branchId };
}

/** A line or department by name, open on `date`; the line wins when both have the name. */
export function unitAt(
  row: Row,
  key: string,
  look: Lookups,
  date: string | null,
  which: "line" | "department" | "either",
  opts: { required?: boolean } = {},
): { kind: "line" | "department"; id: number; name: string } | null {
  const name = row.name(key, { required: opts.required, max: 50 });
  if (name === "") return null;
  const line = which !== "department" ? look.lines.get(name) : undefined;
  const dept = which !== "line" && !line ? look.departments.get(name) : undefined;
  const unit = line ?? dept;
  const what = which === "line" ? "线路" : which === "department" ? "科室" : "线路或科室";
  if (!unit) return row.fail(key, `没有名为「${name}」的${what}（请先导入或新建）`);
  if (date !== null && unit.retiredOn !== null && unit.retiredOn <= date) return row.fail(key, `「${name}」已于 ${unit.retiredOn} 撤销`);
  return { kind: line ? "line" : "department", id: unit.id, name };
}

/** [earliest, latest] of the dates, or null for none. */
export function dateRange(dates: Iterable<string>): [string, string] | null {
  let lo: string | null = null;
  let hi: string | null = null;
  for (const d of dates) {
    if (lo === null || d < lo) lo = d;
    if (hi === null || d > hi) hi = d;
  }
  return lo === null || hi === null ? null : [lo, hi];
}

export const SEP = "\u0001";
