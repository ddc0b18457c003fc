/**
 * The one folding of names (zones, residents, accounts' display names, lines and departments) and
 * of the queries that look them up, so that what looks the same is the same (issue 11, item 10):
 * - NFKC: full-width digits, letters and punctuation become half-width (`９号` → `9号`,
 *   `Ａ栋` → `A栋`), compatibility forms become their plain character;
 * - whitespace (ASCII, the ideographic space U+3000, no-break spaces, …) collapsed to one space,
 *   trimmed, and dropped next to a Chinese character (`第一　责任区` → `第一责任区`,
 *   `9 号` → `9号`), while a space between Latin words stays (`Li Ming`).
 * Pure; applied on write (forms, imports) and on compare (duplicate checks, searches).
 * Not for free text (talk contents, notes): NFKC would turn Chinese full-width punctuation
 * (，：（）) into ASCII there.
 */

const SPACE_NEXT_TO_HAN = /(?<=\p{Script=Han}) | (?=\p{Script=Han})/gu;

/**
 * Names that folding leaves as they are: CJK Unified Ideographs (no compatibility forms in the
 * block, NFKC-stable) and ASCII letters and digits, without spaces. Most stored names are such;
 * skipping NFKC and the Unicode-property regex for them made an import's name lookups a sixth as
 * costly (issue 16 item 4).
 */
const ALREADY_FOLDED = /^[\u4E00-\u9FFFA-Za-z0-9]*$/;

/** `s` folded as a name (see the module note); "" stays "". */
export function foldName(s: string): string {
  if (ALREADY_FOLDED.test(s)) return s;
  return s.normalize("NFKC").replace(/\s+/gu, " ").trim().replace(SPACE_NEXT_TO_HAN, "");
}
