/**
 * Pure rules of 三进三同 stays, shared by the form (commands.ts) and the import
 * (src/import/kinds/stays.ts): date sanity and overlap between one cadre's stays. Dates are
 * Asia/Shanghai `YYYY-MM-DD` compared as text; periods are inclusive on both ends.
 */
import { MAX_STAY_DAYS } from "./schema.ts";

export interface StaySpan {
  fromOn: string;
  toOn: string;
}

/** Do two inclusive periods share a day? */
export const overlaps = (a: StaySpan, b: StaySpan): boolean => a.fromOn <= b.toOn && b.fromOn <= a.toOn;

/** Days in [fromOn, toOn] inclusive. */
export function daysOf(s: StaySpan): number {
  return Math.round((Date.parse(`${s.toOn}T00:00:00Z`) - Date.parse(`${s.fromOn}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * The first broken rule of a stay's dates as [field, Chinese message], or null: the end before
 * the start, the end after `today`, before 2000, longer than MAX_STAY_DAYS.
 */
export function stayDatesProblem(s: StaySpan, today: string): [field: "fromOn" | "toOn", message: string] | null {
  if (s.toOn < s.fromOn) return ["toOn", "结束日期不能早于开始日期"];
  if (s.toOn > today) return ["toOn", "结束日期不能晚于今天（三进三同结束后再记录）"];
  if (s.fromOn < "2000-01-01") return ["fromOn", "开始日期太早，请检查"];
  if (daysOf(s) > MAX_STAY_DAYS) return ["toOn", `一次三进三同不能超过 ${MAX_STAY_DAYS} 天，请检查日期`];
  return null;
}

/** The message for a stay overlapping `other` of the same cadre. */
export const overlapMessage = (other: StaySpan) => `与您 ${other.fromOn} 至 ${other.toOn} 的三进三同记录时间重叠`;
