/**
 * Hostile form values for the fuzz test, and a seeded PRNG (mulberry32) so a failing case
 * reproduces: FUZZ_SEED=<n> picks another seed; the seed is printed with every failure.
 * Values are either plain strings (url-encoded when sent) or `raw` pre-encoded bytes (invalid
 * UTF-8, a lone surrogate's bytes) that no encoder would produce.
 */

export type Payload = { text: string } | { raw: string };

/** The marker of script injection: it must never come back unescaped. */
export const SCRIPT = '<script>alert("xss")</script>';
export const IMG = '"><img src=x onerror=alert(1)>';

export const PAYLOADS: Payload[] = [
  { text: "" },
  { text: "   \t\n  " },
  { text: SCRIPT },
  { text: IMG },
  { text: `${SCRIPT}正常文字` },
  { text: "' OR 1=1 --" },
  { text: "1; DROP TABLE Talk;--" },
  { text: '"; DELETE FROM "Member"; --' },
  { text: "ＡＢＣ１２３　全角：２０２６－１１－１７" },
  { text: "😀👨‍👩‍👧‍👦🇨🇳𠮷" },
  { text: "\u202Eevil\u202C\u200F\u200E\u2066x\u2069" },
  { text: "a\u0000b\u0000" },
  { text: "\u0007\u001b[31m\u007f" },
  { text: "x".repeat(20_000) },
  { text: "长".repeat(30_000) },
  { text: "-1" },
  { text: "0" },
  { text: "99999999999999999999" },
  { text: "1e308" },
  { text: "NaN" },
  { text: "2026-02-30" },
  { text: "9999-12-31" },
  { text: "0000-00-00" },
  { text: "25:99" },
  { text: "line:999999" },
  { text: "dept:-1" },
  { text: "__proto__" },
  { text: "null" },
  { text: "../../etc/passwd" },
  { text: "=HYPERLINK(\"http://x\")" },
  { raw: "%FF%FE%FD" },
  { raw: "%ED%A0%80" },
  { raw: "%E4%B8" },
];

/**
 * Hostile values for a path id (`:id`, `:aid`…): not ids, ids that do not exist, and numbers an
 * over-eager parser reads as ids. The county fuzzer adds real ids of another township's records.
 */
export const HOSTILE_IDS: readonly string[] = ["0", "-1", "1e3", "99999999999", "999999999", "abc", "1 OR 1=1", "%00", "１２", "1.5", "+1", " 1", "0x10", "1/../2"];

/** mulberry32: a tiny deterministic PRNG giving floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

/** Encodes a body: valid values as they are, fuzzed ones as payloads; extra hostile keys may ride along. */
export function encodeBody(fields: Record<string, string | string[] | Payload>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    const key = encodeURIComponent(k);
    if (Array.isArray(v)) for (const one of v) parts.push(`${key}=${encodeURIComponent(one)}`);
    else if (typeof v === "string") parts.push(`${key}=${encodeURIComponent(v)}`);
    else if ("raw" in v) parts.push(`${key}=${v.raw}`);
    else parts.push(`${key}=${encodeURIComponent(v.text)}`);
  }
  return parts.join("&");
}

/** The field names of every `<form method="post">` on a page, by its action. */
export function formsOf(html: string): { action: string; fields: string[] }[] {
  const out: { action: string; fields: string[] }[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attrs = m[1];
    if (!/method="post"/i.test(attrs)) continue;
    const action = attrs.match(/action="([^"]*)"/i)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const fields = [...m[2].matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/gi)].map((f) => f[1]).filter((n) => n !== "_csrf");
    out.push({ action, fields: [...new Set(fields)] });
  }
  return out;
}
