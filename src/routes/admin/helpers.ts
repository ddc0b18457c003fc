/**
 * Small helpers of the admin's handlers: forms with multi-select fields (checkbox lists send an
 * array, which `parseForm` would cut to its first value), query-string filters, and the 422
 * answer for a DomainError on a page that shows several small forms.
 */
import type { Request } from "express";
import type { z } from "zod";
import { formValues, type FormErrors, type FormResult } from "../../domain/forms.ts";
import { adminOrgWhere } from "../../auth/reach.ts";
import type { Db } from "../../db/client.ts";

/** The orgs the acting admin manages (their ADMIN grants' subtrees): a Prisma `where` on Org. */
export function adminScope(req: Request) {
  return adminOrgWhere(req.user!.reach);
}

/** Is zone `id` in a branch the acting admin manages? (One outside reads like an unknown one.) */
export async function zoneInScope(db: Db, req: Request, id: number): Promise<boolean> {
  return (await db.zone.count({ where: { id, branch: adminScope(req) } })) > 0;
}

/** Is member `id` in a branch the acting admin manages? */
export async function memberInScope(db: Db, req: Request, id: number): Promise<boolean> {
  return (await db.member.count({ where: { id, branch: adminScope(req) } })) > 0;
}

/** Like parseForm, but `arrays` keep every value (as string[]). */
export function parseWithArrays<S extends z.ZodType>(schema: S, body: unknown, arrays: string[]): FormResult<z.infer<S>> & { picked: string[] } {
  const values = formValues(body);
  const input: Record<string, unknown> = { ...values };
  const src = (body ?? {}) as Record<string, unknown>;
  let picked: string[] = [];
  for (const k of arrays) {
    const v = src[k];
    const list = (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === "string");
    input[k] = list;
    picked = list;
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data, picked };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "")] ??= issue.message;
  return { ok: false, errors, values, picked };
}

/** A query-string value as a trimmed string ("" when missing or repeated oddly). */
export function q(req: Request, key: string, max = 100): string {
  const v = req.query[key];
  return typeof v === "string" ? v.trim().slice(0, max) : "";
}

/** A positive page number from the query string (1 by default). */
export function pageOf(req: Request): number {
  const n = Number(q(req, "page", 6));
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** An optional positive id from the query string. */
export function idQuery(req: Request, key: string): number | undefined {
  const s = q(req, key, 9);
  return /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : undefined;
}
