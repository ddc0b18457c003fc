/**
 * Natural order for names people number (issue 15): "3路" before "12路", and 第一 第二 … 第十二
 * by the number their Chinese numerals spell, not by character code (第七 before 第三 as text).
 * `naturalKey` rewrites each run of Chinese numerals (零〇一二两三四五六七八九十百千) to its Arabic
 * value; `naturalCompare` compares the keys with Intl.Collator("zh-CN", { numeric: true }), which
 * compares digit runs as numbers and the rest in zh-CN order.
 */
const DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a run of Chinese numerals below 10,000 (十二 → 12, 一百零五 → 105, 二〇二六 → 2026). */
export function chineseNumeral(run: string): number {
  if ([...run].every((c) => c in DIGITS)) return Number([...run].map((c) => DIGITS[c]).join("")); // 二〇二六: digit by digit
  let total = 0;
  let digit = 0;
  for (const c of run) {
    if (c in DIGITS) digit = DIGITS[c];
    else {
      total += (digit || 1) * UNITS[c]; // 十二: the 十 alone means 一十
      digit = 0;
    }
  }
  return total + digit;
}

/** `name` with every run of Chinese numerals written in Arabic digits (a sort key, never shown). */
export function naturalKey(name: string): string {
  return name.replace(/[零〇一二两三四五六七八九十百千]+/g, (run) => String(chineseNumeral(run)));
}

/** zh-CN collation with digit runs compared as numbers. */
export const naturalCollator = new Intl.Collator("zh-CN", { numeric: true });
const collator = naturalCollator;

/** Compares two names in natural order (see the module's note). */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(naturalKey(a), naturalKey(b)) || collator.compare(a, b);
}

/** A copy of `rows` sorted by `name` in natural order (stable). */
export function byNaturalName<T extends { name: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => naturalCompare(a.name, b.name));
}

/** Open units first (retiredOn null), then retired ones, each group in natural order of `name`. */
export function openFirstNatural<T extends { name: string; retiredOn: string | null }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => Number(a.retiredOn !== null) - Number(b.retiredOn !== null) || naturalCompare(a.name, b.name));
}
