/**
 * What the ballots and survey imports share: the 年度 and the assessed unit named by its code,
 * checked against the units of that year (from the lookups read once per import: ASSESSMENT_LOOKUPS)
 * and refused for a finalized year.
 */
import type { Row } from "../row.ts";
import { FIRST_ASSESSMENT_YEAR, type LookupKey, type Lookups } from "../lookups.ts";
import { finalizedMessage, type AssessedUnit } from "../../domain/assessment/units.ts";

/** The lookups `yearAt` and `unitAtYear` read (a kind using them declares these). */
export const ASSESSMENT_LOOKUPS: readonly LookupKey[] = ["orgs", "assessedUnits", "finalizedYears"];

const cache = new WeakMap<Lookups, Map<number, Map<string, AssessedUnit>>>();

/** The assessed units of `year` by code: those not dissolved by 1 Jan of the year (as `assessedUnits(kx, year)`). */
function unitsOf(look: Lookups, year: number): { finalized: boolean; byCode: Map<string, AssessedUnit> } {
  let c = cache.get(look);
  if (!c) cache.set(look, (c = new Map()));
  if (!c.has(year)) {
    const jan1 = `${year}-01-01`;
    const open = look.assessedUnits.filter((u) => {
      const dissolvedOn = look.orgs.get(u.code)?.dissolvedOn ?? null;
      return dissolvedOn === null || dissolvedOn > jan1;
    });
    c.set(year, new Map(open.map((u) => [u.code, u])));
  }
  return { finalized: look.finalizedYears.has(year), byCode: c.get(year)! };
}

/** 年度 (2000 … next year), or null after recording the error. */
export function yearAt(row: Row, key: string, look: Lookups): number | null {
  const thisYear = Number(look.today.slice(0, 4));
  if (row.text(key) === "") return row.fail(key, "必填，不能为空");
  const y = row.count(key, FIRST_ASSESSMENT_YEAR, thisYear + 1);
  if (y === null) return null;
  if (unitsOf(look, y).finalized) return row.fail(key, finalizedMessage(y));
  return y;
}

/** The assessed unit of `year` named by its code in column `key`, or null after recording the error. */
export function unitAtYear(row: Row, key: string, look: Lookups, year: number | null): AssessedUnit | null {
  const code = row.text(key, { required: true, max: 32 });
  if (code === "" || year === null) return null;
  const unit = unitsOf(look, year).byCode.get(code);
  if (unit) return unit;
  const org = look.orgs.get(code);
  if (!org) return row.fail(key, `没有组织代码为「${code}」的组织`);
  return row.fail(key, `「${org.name}」不是被考核单位（三维考核只考核县委下的乡镇和机关工委下的部门）`);
}
