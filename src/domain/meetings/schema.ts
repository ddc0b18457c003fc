/**
 * The meeting form (院坝会 座谈会 茶话会 恳谈会 调研会): date, zone, host, place, members present
 * (ticked from the zone's roster), residents present (a count, and named residents optionally),
 * topics, minutes, and the requests raised at the meeting (repeatable rows of resident name +
 * content). Repeated fields (`attendeeIds`, `residentIds`, `requestName`, `requestContent`)
 * arrive as arrays from the urlencoded body and are read here, beside the scalar fields.
 * A meeting needs at least one attendee (a member ticked or residents present): NOBODY_PRESENT.
 */
import { z } from "zod";
import { f, parseForm, type FormErrors, type FormValues } from "../forms.ts";
import { cleanName, cleanText } from "../forms.ts";
import { MEETING_KINDS } from "../../core/labels.ts";

export const meetingFields = z.object({
  kind: f.choice("会议类型", MEETING_KINDS),
  zoneId: f.optionalId("责任区").refine((v) => v !== undefined, "请选择责任区"),
  heldOn: f.date("会议日期"),
  hostId: f.optionalId("主持人"),
  place: f.longText("地点", 100),
  residentCount: z
    .string()
    .optional()
    .transform((s) => (s ?? "").trim() || "0")
    .refine((s) => /^\d{1,6}$/.test(s), "参会群众人数应为 0 或正整数")
    .transform(Number),
  topics: f.longText("议题", 2000),
  minutes: f.longText("会议纪要", 20000),
});

export interface RaisedRow {
  residentName: string;
  content: string;
}

export interface MeetingInput extends Omit<z.infer<typeof meetingFields>, "zoneId"> {
  zoneId: number;
  attendeeIds: number[];
  residentIds: number[];
  requests: RaisedRow[];
}

/** What the form re-renders with after an error: scalar values plus the repeated ones. */
export interface MeetingFormState {
  values: FormValues;
  attendeeIds: number[];
  residentIds: number[];
  requests: RaisedRow[];
}

export const MAX_RAISED = 30;

/** The message of a meeting with no member ticked and no resident present. */
export const NOBODY_PRESENT = "会议至少要有一名参会人员：请勾选参会党员，或填写参会群众人数";

function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === "string");
}

function ids(v: unknown): number[] {
  return [...new Set(list(v).filter((s) => /^\d{1,9}$/.test(s)).map(Number))];
}

/** Parses the whole meeting form. Errors of request row i are keyed `request-i`. */
export function parseMeetingForm(body: Record<string, unknown>): { ok: true; data: MeetingInput } | { ok: false; errors: FormErrors; state: MeetingFormState } {
  const scalars = parseForm(meetingFields, body);
  const names = list(body.requestName).map(cleanName);
  const contents = list(body.requestContent).map(cleanText);
  const rows: RaisedRow[] = [];
  const errors: FormErrors = scalars.ok ? {} : { ...scalars.errors };
  for (let i = 0; i < Math.max(names.length, contents.length); i++) {
    const row = { residentName: names[i] ?? "", content: contents[i] ?? "" };
    rows.push(row);
    if (!row.residentName && !row.content) continue;
    if (!row.residentName) errors[`request-${rows.length - 1}`] = "请填写提出诉求的群众姓名";
    else if (!row.content) errors[`request-${rows.length - 1}`] = "请填写诉求内容";
    else if (row.residentName.length > 50) errors[`request-${rows.length - 1}`] = "群众姓名不能超过 50 个字";
    else if (row.content.length > 2000) errors[`request-${rows.length - 1}`] = "诉求内容不能超过 2000 个字";
  }
  const filled = rows.filter((r) => r.residentName || r.content);
  if (filled.length > MAX_RAISED) errors.requests = `一次最多登记 ${MAX_RAISED} 条诉求`;
  const state: MeetingFormState = { values: scalars.ok ? valuesOf(body) : scalars.values, attendeeIds: ids(body.attendeeIds), residentIds: ids(body.residentIds), requests: rows };
  // No empty meeting (issue 15): at least one person present, a member ticked or a resident counted.
  // Either suffices: a members' 座谈会 may have no residents, and a 院坝会 where the recorder forgot to
  // tick themselves still met the masses; a meeting with nobody at all cannot count toward a quota.
  const residentsPresent = scalars.ok ? scalars.data.residentCount : Number(state.values.residentCount) || 0;
  if (!state.attendeeIds.length && !state.residentIds.length && residentsPresent === 0) errors.attendeeIds = NOBODY_PRESENT;
  if (!scalars.ok || Object.keys(errors).length) return { ok: false, errors, state };
  return {
    ok: true,
    data: { ...scalars.data, zoneId: scalars.data.zoneId!, attendeeIds: state.attendeeIds, residentIds: state.residentIds, requests: filled },
  };
}

function valuesOf(body: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const k of ["kind", "zoneId", "heldOn", "hostId", "place", "residentCount", "topics", "minutes"]) {
    const v = body[k];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}
