/**
 * The audit log's values in words (issue 15): codes become their labels (MEMBER → 党员, MIDDLE →
 * 中层干部, OUTSTANDING → its talk reason, true → 是), ids of people, zones, lines and departments
 * become names (loaded in one batch per page), a dated assignment's `values` ([2]) becomes the
 * zone/line/department or the role it stands for, and stored instants (UTC ISO text) become
 * Beijing time `YYYY-MM-DD HH:mm`. Anything unknown is shown as it was stored.
 */
import type { Db } from "../../db/client.ts";
import { localDateTimeOf } from "../../rules/index.ts";
import { RULE_SETTING_LABELS } from "../rules/settings.ts";
import {
  ASSISTANCE_KIND_LABELS, CADRE_LEVEL_LABELS, COUNTERPART_KIND_LABELS, FEEDBACK_HOW_LABELS, MEETING_KIND_LABELS,
  REQUEST_SOURCE_LABELS, REQUEST_STATUS_LABELS, REVIEW_STATE_LABELS, ROLE_LABELS, SITUATION_KIND_LABELS,
  SITUATION_STATUS_LABELS, TALK_REASON_LABELS,
} from "../../core/labels.ts";

type Table = Record<string, string>;
const RULE_NAMES: Table = Object.fromEntries(Object.entries(RULE_SETTING_LABELS).map(([k, v]) => [k, v.name]));

/** Code tables by field, and by `Entity.field` where one field name means different things. */
const CODES: Record<string, Table> = {
  role: ROLE_LABELS,
  cadreLevel: CADRE_LEVEL_LABELS,
  reason: TALK_REASON_LABELS,
  counterpartKind: COUNTERPART_KIND_LABELS,
  source: REQUEST_SOURCE_LABELS,
  feedbackHow: FEEDBACK_HOW_LABELS,
  rule: RULE_NAMES,
  "Meeting.kind": MEETING_KIND_LABELS,
  "AssistanceRecord.kind": ASSISTANCE_KIND_LABELS,
  "SituationReport.kind": SITUATION_KIND_LABELS,
  "SituationReport.status": SITUATION_STATUS_LABELS,
  "Request.status": REQUEST_STATUS_LABELS,
  "YearReview.state": REVIEW_STATE_LABELS,
};

const PERSON_FIELDS = new Set(["memberId", "talkerId", "cadreId", "ownerId", "hostId", "createdById", "reviewerId", "leaderId", "closedById", "handledById", "authorId", "counterpartMemberId", "attendeeIds"]);
const UNIT_FIELDS: Record<string, "zone" | "line" | "department"> = { zoneId: "zone", lineId: "line", departmentId: "department" };
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export interface AuditNames {
  member: Map<number, string>;
  zone: Map<number, string>;
  line: Map<number, string>;
  department: Map<number, string>;
}

const own = (t: Table | undefined, k: string) => (t && Object.hasOwn(t, k) ? t[k] : undefined);

/** The kind of unit the `values` of a dated assignment refer to, by its action (`member.zone` …). */
function datedKind(action: string): "role" | "zone" | "line" | "department" | null {
  const m = /^member\.(role|zone|line|department)(\.cancel)?$/.exec(action);
  return m ? (m[1] as "role" | "zone" | "line" | "department") : null;
}

/** One value in words; `field` and `entity` choose the table, `action` reads dated `values`. */
export function auditValue(value: unknown, field: string, entity: string, action: string, names: AuditNames): string {
  if (value === undefined) return "";
  if (value === null) return "（空）";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (field === "values" && Array.isArray(value)) {
    const kind = datedKind(action);
    if (kind === "role") return value.filter((v) => v !== null).map((v) => own(ROLE_LABELS, String(v)) ?? own(CADRE_LEVEL_LABELS, String(v)) ?? String(v)).join(" · ");
    if (kind) return value.map((v) => (v === null ? "（无）" : names[kind].get(Number(v)) ?? String(v))).join("、");
  }
  if (Array.isArray(value) && PERSON_FIELDS.has(field)) return value.map((v) => names.member.get(Number(v)) ?? String(v)).join("、");
  if (typeof value === "number" && PERSON_FIELDS.has(field)) return names.member.get(value) ?? String(value);
  if (typeof value === "number" && UNIT_FIELDS[field]) return names[UNIT_FIELDS[field]].get(value) ?? String(value);
  if (typeof value === "string") {
    const label = own(CODES[`${entity}.${field}`], value) ?? own(CODES[field], value);
    if (label) return label;
    if (ISO_INSTANT.test(value)) return localDateTimeOf(new Date(value));
    return value;
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Every person, zone, line and department id the snapshots `texts` mention, by name, in one query per kind. */
export async function auditNames(db: Db, snapshots: { action: string; data: Record<string, unknown> }[]): Promise<AuditNames> {
  const ids = { member: new Set<number>(), zone: new Set<number>(), line: new Set<number>(), department: new Set<number>() };
  const add = (set: Set<number>, v: unknown) => {
    for (const x of Array.isArray(v) ? v : [v]) if (typeof x === "number" && Number.isInteger(x)) set.add(x);
  };
  for (const { action, data } of snapshots) {
    for (const [field, v] of Object.entries(data)) {
      if (PERSON_FIELDS.has(field)) add(ids.member, v);
      else if (UNIT_FIELDS[field]) add(ids[UNIT_FIELDS[field]], v);
      else if (field === "values") {
        const kind = datedKind(action);
        if (kind && kind !== "role") add(ids[kind], v);
      }
    }
  }
  const pick = <T extends { id: number; name: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r.name]));
  const [member, zone, line, department] = await Promise.all([
    ids.member.size ? db.member.findMany({ where: { id: { in: [...ids.member] } }, select: { id: true, name: true } }) : [],
    ids.zone.size ? db.zone.findMany({ where: { id: { in: [...ids.zone] } }, select: { id: true, name: true } }) : [],
    ids.line.size ? db.line.findMany({ where: { id: { in: [...ids.line] } }, select: { id: true, name: true } }) : [],
    ids.department.size ? db.department.findMany({ where: { id: { in: [...ids.department] } }, select: { id: true, name: true } }) : [],
  ]);
  return { member: pick(member), zone: pick(zone), line: pick(line), department: pick(department) };
}
