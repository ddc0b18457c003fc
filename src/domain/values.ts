/**
 * Value normalisers of FORMATS.md "Values", shared by every import kind and by the account form's
 * mobile number (members/schema.ts). Pure functions: each takes one cell as read from a
 * spreadsheet (`Cell`: text, number, Excel date, boolean or empty) and returns the normalised
 * value, or a `Bad` carrying the Chinese reason.
 *
 * - Text: NFC, control characters dropped, full-width digits and letters (`１３８`, `ＡＢ`) folded
 *   to half-width, trimmed. Full-width punctuation (，。（）) is Chinese text and kept.
 * - Dates: `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日`, an Excel date cell, or an
 *   Excel day serial number; result `YYYY-MM-DD` (Asia/Shanghai local date, no time zone shift:
 *   an Excel date cell holds wall-clock time, which exceljs hands over as the same UTC fields).
 *   A date that does not exist (2026-02-30) is refused.
 * - Date-times: a date plus ` 14:30` (or `14:30:00`); without a time, 00:00.
 * - Mainland mobile numbers: spaces, dashes and brackets dropped, `+86`/`0086` removed, then
 *   exactly 11 digits starting with 1.
 * - Resident ID numbers (居民身份证号码, GB 11643): 18 characters, check character verified; `x`
 *   upper-cased.
 */
import { formatDate, isValidLocalDate } from "../rules/index.ts";

/** One spreadsheet cell after reading: text, number, an Excel date (UTC fields = wall clock), boolean, or null. */
export type Cell = string | number | boolean | Date | null;

export class Bad {
  constructor(readonly reason: string) {}
}

export const isBad = (v: unknown): v is Bad => v instanceof Bad;

const FULL_WIDTH_ALNUM = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const FULL_WIDTH_ANY = /[\uFF01-\uFF5E]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

const fold = (ch: string) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0);

/** Full-width digits and letters to half-width (punctuation untouched). */
export function foldDigitsLetters(s: string): string {
  return s.replace(FULL_WIDTH_ALNUM, fold);
}

/** Every full-width ASCII character (digits, letters, ＋－／．：) and the ideographic space to half-width. */
export function foldAllWidth(s: string): string {
  return s.replace(FULL_WIDTH_ANY, fold).replace(/\u3000/g, " ");
}

/** A cell as display text, as written (for error reports): dates as YYYY-MM-DD [HH:mm]. */
export function cellDisplay(c: Cell): string {
  if (c === null) return "";
  if (c instanceof Date) {
    if (Number.isNaN(c.getTime())) return "";
    const d = formatDate(c.getUTCFullYear(), c.getUTCMonth() + 1, c.getUTCDate());
    const hm = c.getUTCHours() * 60 + c.getUTCMinutes();
    return hm === 0 ? d : `${d} ${String(c.getUTCHours()).padStart(2, "0")}:${String(c.getUTCMinutes()).padStart(2, "0")}`;
  }
  return String(c);
}

/** Text of a cell: NFC, control characters removed, full-width digits/letters folded, trimmed. "" when empty. */
export function cleanCellText(c: Cell): string {
  if (c === null) return "";
  const s = typeof c === "string" ? c : cellDisplay(c);
  // Fast path: text the slow path would leave as it is needs nothing but a trim.
  if (needsOnlyTrim(s)) return s.trim();
  return foldDigitsLetters(s.normalize("NFC").replace(CONTROL, "")).replace(/\u3000/g, " ").trim();
}

/**
 * Text that the slow path would leave as it is but for the trim: printable ASCII with tabs and line
 * breaks (most login names, dates, numbers; CONTROL keeps those three), CJK Unified Ideographs
 * (NFC-stable), 、。 and the full-width punctuation that foldDigitsLetters keeps (U+FF01–FF0F,
 * FF1A–FF20, FF3B–FF40, FF5B–FF5E; all NFC-stable). Most Chinese free text (talk contents, names)
 * is such: the NFC pass, the control-character regex and the two replaces were a fifth of checking
 * a 100,000-row import (issue 16 item 4).
 */
function needsOnlyTrim(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
    if (c >= 0x4e00 && c <= 0x9fff) continue;
    if (c === 0x3001 || c === 0x3002) continue;
    if (c >= 0xff01 && c <= 0xff5e && !(c >= 0xff10 && c <= 0xff19) && !(c >= 0xff21 && c <= 0xff3a) && !(c >= 0xff41 && c <= 0xff5a)) continue;
    return false;
  }
  return true;
}

// Excel's day 0 is 1899-12-30 (serials count the fictitious 1900-02-29, so 60 and up line up).
const EXCEL_EPOCH_DAYS = Date.UTC(1899, 11, 30) / 86_400_000;

function fromExcelSerial(n: number): { date: string; time: string } | null {
  if (!Number.isFinite(n) || n < 1 || n > 2_958_465) return null;
  const ms = Math.round((n + EXCEL_EPOCH_DAYS) * 86_400_000);
  const d = new Date(ms);
  return fromDateFields(d);
}

function fromDateFields(d: Date): { date: string; time: string } | null {
  if (Number.isNaN(d.getTime())) return null;
  const date = formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  const time = `${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  return { date, time };
}

const DATE_TEXT = /^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?)$/;
const DATE_TIME_TEXT = /^(.+?)(?:\s+|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;

function parseDateText(s: string): string | null {
  const m = DATE_TEXT.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2] ?? m[4]);
  const d = Number(m[3] ?? m[5]);
  const out = formatDate(y, mo, d);
  return isValidLocalDate(out) ? out : null;
}

const DATE_HELP = "不是有效日期（可写 2026-03-05、2026/3/5 或 2026年3月5日）";

/** A date cell → `YYYY-MM-DD`; Bad when it is not a real date (2026-02-30) or not a date at all. */
export function parseDate(c: Cell): string | Bad {
  if (c instanceof Date) {
    const f = fromDateFields(c);
    return f ? f.date : new Bad(DATE_HELP);
  }
  if (typeof c === "number") {
    const f = fromExcelSerial(c);
    return f ? f.date : new Bad(DATE_HELP);
  }
  const s = foldAllWidth(cleanCellText(c));
  if (/^\d+(\.\d+)?$/.test(s) && !/^\d{8}$/.test(s)) {
    const f = fromExcelSerial(Number(s));
    return f ? f.date : new Bad(DATE_HELP);
  }
  if (/^\d{8}$/.test(s)) {
    const out = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}`;
    return isValidLocalDate(out) ? out : new Bad(DATE_HELP);
  }
  return parseDateText(s) ?? new Bad(DATE_HELP);
}

/** A date-time cell → { date: YYYY-MM-DD, time: HH:mm } (time 00:00 when only a date is given). */
export function parseDateTime(c: Cell): { date: string; time: string } | Bad {
  if (c instanceof Date) return fromDateFields(c) ?? new Bad(DATE_HELP);
  if (typeof c === "number") return fromExcelSerial(c) ?? new Bad(DATE_HELP);
  const s = foldAllWidth(cleanCellText(c));
  const m = DATE_TIME_TEXT.exec(s);
  if (!m) {
    const d = parseDate(s);
    return isBad(d) ? new Bad("不是有效日期时间（可写 2026-03-05 14:30）") : { date: d, time: "00:00" };
  }
  const date = parseDate(m[1]);
  const h = Number(m[2]);
  const min = Number(m[3]);
  const sec = m[4] === undefined ? 0 : Number(m[4]);
  if (isBad(date) || h > 23 || min > 59 || sec > 59) return new Bad("不是有效日期时间（可写 2026-03-05 14:30）");
  return { date, time: `${String(h).padStart(2, "0")}:${String(min).padStart(2, "0")}` };
}

/** A mainland mobile number → 11 digits; Bad otherwise. */
export function parseMobile(c: Cell): string | Bad {
  let s = typeof c === "number" ? String(Math.trunc(c)) : foldAllWidth(cleanCellText(c));
  s = s.replace(/[\s\-()（）]/g, "");
  if (s.startsWith("+86")) s = s.slice(3);
  else if (s.startsWith("0086")) s = s.slice(4);
  else if (s.length === 13 && s.startsWith("86")) s = s.slice(2);
  return /^1\d{10}$/.test(s) ? s : new Bad("不是有效的手机号（应为 1 开头的 11 位数字）");
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

/** A resident ID number (18 characters, GB 11643 check character) → upper-case text; Bad otherwise. */
export function parseIdNumber(c: Cell): string | Bad {
  if (typeof c === "number") return new Bad("身份证号被表格当作数字，末几位已丢失；请把该列设为文本后重新填写");
  const s = foldAllWidth(cleanCellText(c)).replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return new Bad("不是有效的身份证号（应为 18 位）");
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i];
  if (ID_CHECK[sum % 11] !== s[17]) return new Bad("身份证号校验位不正确");
  return s;
}

/** A whole number within [min, max]; Bad otherwise. */
export function parseCount(c: Cell, min: number, max: number): number | Bad {
  const s = typeof c === "number" ? String(c) : foldAllWidth(cleanCellText(c));
  if (!/^\d+(\.0+)?$/.test(s)) return new Bad(`应为 ${min}–${max} 的整数`);
  const n = Number(s);
  return n >= min && n <= max ? n : new Bad(`应为 ${min}–${max} 的整数`);
}

/** Several values in one cell separated by 、 , ， ; ； or line breaks; empty parts dropped. */
export function splitList(s: string): string[] {
  return s
    .split(/[、,，;；\n]+/)
    .map((x) => x.trim())
    .filter((x) => x !== "");
}
