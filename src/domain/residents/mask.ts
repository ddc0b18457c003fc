/**
 * Residents' personal data (DOMAIN.md glossary: "phone, ID number and address are shown masked
 * except to those who need them"): pure maskers and normalisers, no I/O.
 * - `maskPhone("13812341234")` → "138****1234" (first 3 and last 4 kept, the rest starred).
 * - `maskIdNumber("510104199001011234")` → "5101**********1234" (first 4 and last 4 kept).
 * - `maskAddress("成华区建设路街道12号")` → "成华区****": only the district-level part is kept, up to and
 *   including the first 区/县/市/镇/乡/街道 (a 小区 or 社区 is not a district; a marker later than
 *   the 10th character does not count); without one, the first 2 characters.
 * Values too short to keep anything are starred whole; null/"" stay "".
 */

function keep(value: string, head: number, tail: number): string {
  const chars = [...value];
  if (chars.length <= head + tail) return "*".repeat(Math.max(4, chars.length));
  return chars.slice(0, head).join("") + "*".repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join("");
}

/**
 * What a masked phone keeps visible: its first 3 and last 4 digits. Searches over phones the
 * viewer may not see in full match only these (queries.ts), or the mask becomes an oracle.
 */
export const PHONE_VISIBLE = { head: 3, tail: 4 } as const;

export function maskPhone(phone: string | null | undefined): string {
  return phone ? keep(phone, PHONE_VISIBLE.head, PHONE_VISIBLE.tail) : "";
}

export function maskIdNumber(id: string | null | undefined): string {
  return id ? keep(id, 4, 4) : "";
}

/** The first district-level marker: 区 (not 小区/社区), 县, 市, 镇, 乡 or 街道. */
const DISTRICT_MARKER = /(?<![小社])区|县|市|镇|乡|街道/u;
const MAX_DISTRICT_CHARS = 10;

export function maskAddress(address: string | null | undefined): string {
  if (!address) return "";
  const chars = [...address];
  const m = DISTRICT_MARKER.exec(address);
  const end = m ? [...address.slice(0, m.index + m[0].length)].length : 0;
  const head = end > 0 && end <= MAX_DISTRICT_CHARS ? end : Math.max(Math.min(2, chars.length - 1), 0);
  return chars.slice(0, head).join("") + "****";
}

/** Full-width digits and letters (１３８) folded to half-width (FORMATS.md "Values"). */
export function foldWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/**
 * A mainland mobile number as typed → its 11 digits (spaces and dashes dropped, +86 removed),
 * or null when it is not one (FORMATS.md "Values").
 */
export function normalizeMobile(typed: string): string | null {
  let s = foldWidth(typed).replace(/[\s\-()]/g, "");
  if (s.startsWith("+86")) s = s.slice(3);
  else if (s.startsWith("0086")) s = s.slice(4);
  return /^1\d{10}$/.test(s) ? s : null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = "10X98765432";

/**
 * A resident ID number (居民身份证号, GB 11643-1999) as typed → 18 characters with an upper-case
 * X, or null when the format, the birth date or the check digit is wrong.
 */
export function normalizeIdNumber(typed: string): string | null {
  const s = foldWidth(typed).replace(/\s/g, "").toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return null;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return null;
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return CHECK[sum % 11] === s[17] ? s : null;
}

/** The check character of the first 17 digits (for making valid test and demo numbers). */
export function idCheckChar(first17: string): string {
  return CHECK[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11];
}

/** Tags as stored ("困难户、驾驶员") → list; typed free tags may be separated by 、 , ， ; or spaces. */
export function splitTags(stored: string | null | undefined): string[] {
  if (!stored) return [];
  const out: string[] = [];
  for (const t of stored.split(/[、,，;；\s]+/)) {
    const tag = t.trim();
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out;
}

/** Tags → the stored form, joined with "、", duplicates dropped, order kept. */
export function joinTags(tags: readonly string[]): string {
  return splitTags(tags.join("、")).join("、");
}
