/**
 * The resident form (群众台账): name, mobile phone, ID number, address, household size and tags
 * (the standard ones ticked, free ones typed, stored joined with "、"). Phone and ID number are
 * normalised (FORMATS.md "Values": full-width folded, +86 and dashes dropped; the ID number's
 * check digit verified, GB 11643).
 */
import { z } from "zod";
import { f } from "../forms.ts";
import { foldWidth, joinTags, normalizeIdNumber, normalizeMobile, splitTags } from "./mask.ts";

const optional = (label: string, max: number) => f.longText(label, max);

export const residentFields = z.object({
  zoneId: f.optionalId("责任区"),
  name: f.name("姓名", 50),
  phone: optional("手机号", 30)
    .refine((s) => s === "" || normalizeMobile(s) !== null, "手机号应为 11 位大陆手机号码")
    .transform((s) => (s === "" ? null : normalizeMobile(s))),
  idNumber: optional("身份证号", 30)
    .refine((s) => s === "" || normalizeIdNumber(s) !== null, "身份证号格式或校验位不正确")
    .transform((s) => (s === "" ? null : normalizeIdNumber(s))),
  address: optional("住址", 200).transform((s) => (s === "" ? null : s)),
  householdSize: optional("家庭人口", 3)
    .transform(foldWidth)
    .refine((s) => s === "" || (/^\d{1,2}$/.test(s) && Number(s) >= 1), "家庭人口应为 1–99 的整数")
    .transform((s) => (s === "" ? null : Number(s))),
  otherTags: optional("其他标签", 200),
  /** The "仍然保存" box, ticked after the form warned of a same-named resident in the zone. */
  confirmDuplicate: z
    .string()
    .optional()
    .transform((s) => s === "1"),
});

export interface ResidentInput {
  zoneId?: number;
  name: string;
  phone: string | null;
  /** undefined on edit = keep the recorded one (the edit form never shows it in full). */
  idNumber?: string | null;
  address: string | null;
  householdSize: number | null;
  tags: string;
  /** Save even though the zone already has a resident of the same (folded) name. */
  confirmDuplicate?: boolean;
}

/** The ticked standard tags (`tags`, repeated) and the typed free ones, as stored. */
export function tagsOf(body: Record<string, unknown>, otherTags: string): string {
  const ticked = (Array.isArray(body.tags) ? body.tags : [body.tags]).filter((t): t is string => typeof t === "string");
  return joinTags([...ticked.map((t) => t.trim()).filter(Boolean), ...splitTags(otherTags)]).slice(0, 200);
}
