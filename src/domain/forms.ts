/**
 * Form parsing at the edge (ARCHITECTURE.md, convention 3): `parseForm(schema, body)` gives
 * `{ ok: true, data }` or `{ ok: false, errors, values }` where `errors` maps a field name to its
 * first Chinese message and `values` are the user's raw values to put back into the form.
 * Shared zod field helpers with Chinese messages live here too. In domain/ because every area's
 * schema.ts builds on them and the domain imports nothing above it; routes and the CLI take them
 * from here.
 */
import { z } from "zod";
import { isValidLocalDate } from "../rules/index.ts";
import { foldName } from "../core/names.ts";

export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string>;
export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: FormValues };

/** Raw body → string values only (arrays keep their first item; objects dropped). */
export function formValues(body: unknown): FormValues {
  const out: FormValues = {};
  if (body && typeof body === "object") {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      if (k === "_csrf") continue;
      const first = Array.isArray(v) ? v[0] : v;
      if (typeof first === "string") out[k] = first;
    }
  }
  return out;
}

export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = formValues(body);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/**
 * Text: NFC, trimmed; NUL and other control characters (but newlines and tabs) and Unicode format
 * characters (\p{Cf}: zero-width space and joiners, BOM, bidi marks, soft hyphen) removed, so a
 * value made only of them counts as empty.
 */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.normalize("NFC").replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\p{Cf}]/gu, "").trim();
}

/**
 * A name (zone, resident, account's display name, line, department, a person named in a form):
 * cleanText, then folded (names.ts: NFKC, whitespace), so `第一　责任区` is stored and compared as
 * `第一责任区` and `９号` as `9号`.
 */
export function cleanName(s: string): string {
  return foldName(cleanText(s));
}

export const f = {
  /** Required name up to `max` characters, cleaned and folded (cleanName). */
  name: (label: string, max = 50) =>
    z
      .string({ error: `请填写${label}` })
      .transform(cleanName)
      .pipe(z.string().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`)),
  /** Required single-line text up to `max` characters. */
  text: (label: string, max = 100) =>
    z
      .string({ error: `请填写${label}` })
      .transform(cleanText)
      .pipe(z.string().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字`)),
  /** Optional long text up to `max` characters ("" when missing). */
  longText: (label: string, max = 5000) =>
    z
      .string()
      .optional()
      .transform((s) => cleanText(s ?? ""))
      .pipe(z.string().max(max, `${label}不能超过 ${max} 个字`)),
  /** A calendar date YYYY-MM-DD that exists (2026-02-30 is refused). */
  date: (label: string) =>
    z
      .string({ error: `请填写${label}` })
      .transform((s) => s.trim())
      .refine((s) => s !== "", `请填写${label}`)
      .refine((s) => s === "" || isValidLocalDate(s), `${label}不是有效日期（格式如 2026-03-05）`),
  /** A time HH:mm. */
  time: (label: string) =>
    z
      .string({ error: `请填写${label}` })
      .transform((s) => s.trim())
      .refine((s) => s !== "", `请填写${label}`)
      .refine((s) => s === "" || /^([01]\d|2[0-3]):[0-5]\d$/.test(s), `${label}格式应为 14:30`),
  /** One of the given values; `label` names the field. */
  choice: <T extends string>(label: string, values: readonly T[]) =>
    z.enum(values as [T, ...T[]], { error: `请选择有效的${label}` }),
  /** Optional positive integer id from a select ("" → undefined). */
  optionalId: (label: string) =>
    z
      .string()
      .optional()
      .transform((s) => (s ?? "").trim())
      .refine((s) => s === "" || /^\d{1,9}$/.test(s), `请选择有效的${label}`)
      .transform((s) => (s === "" ? undefined : Number(s))),
};
