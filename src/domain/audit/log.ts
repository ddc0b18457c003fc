/**
 * The audit log viewer's read (DOMAIN.md: deleting keeps a trace; ARCHITECTURE: every write is
 * audited): who did what to which record and when, with the values before and after, newest
 * first, filtered by person (login name), record kind (entity) and Asia/Shanghai date range.
 * `changes` lists each field with its before and after value (changed fields first). Actions,
 * record kinds and field names carry Chinese labels (labels.ts) beside their raw codes;
 * values read as labels, names and Beijing time (values.ts).
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { addDays, instantOf, isValidLocalDate, localDateTimeOf } from "../../rules/index.ts";
import { auditActionLabel, auditEntityLabel, auditFieldLabel } from "./labels.ts";
import { auditNames, auditValue, type AuditNames } from "./values.ts";

export const AUDIT_PAGE_SIZE = 50;

export interface AuditFilters {
  username?: string;
  entity?: string;
  from?: string;
  to?: string;
  page?: number;
}

export interface FieldChange {
  field: string;
  /** The field's Chinese name (the raw `field` when unknown). */
  label: string;
  before: string;
  after: string;
  changed: boolean;
}

const NO_NAMES: AuditNames = { member: new Map(), zone: new Map(), line: new Map(), department: new Map() };

function parse(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { 值: v };
  } catch {
    return { 值: text };
  }
}

/**
 * Field-by-field before/after of one entry (labels by the record kind `entity`, values in words by
 * values.ts with the page's `names`); password hashes never shown. A dated change's
 * {values, fromOn, toOn} snapshot is read through its `action`.
 */
export function changesOf(before: string | null, after: string | null, entity = "", action = "", names: AuditNames = NO_NAMES): FieldChange[] {
  const b = parse(before) ?? {};
  const a = parse(after) ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== "passwordHash");
  const rows = fields.map((field) => {
    const bv = auditValue(b[field], field, entity, action, names);
    const av = auditValue(a[field], field, entity, action, names);
    return { field, label: auditFieldLabel(field, entity), before: before === null ? "" : bv, after: after === null ? "" : av, changed: bv !== av };
  });
  return [...rows.filter((r) => r.changed), ...rows.filter((r) => !r.changed)];
}

export async function listAudit(db: Db, filters: AuditFilters) {
  const where: Prisma.AuditEntryWhereInput = {};
  let unknownUser = false;
  if (filters.username) {
    const m = await db.member.findUnique({ where: { username: filters.username.trim().toLowerCase() }, select: { id: true } });
    if (m) where.actorId = m.id;
    else unknownUser = true;
  }
  if (filters.entity) where.entity = filters.entity;
  const at: Prisma.DateTimeFilter = {};
  if (filters.from && isValidLocalDate(filters.from)) at.gte = instantOf(filters.from);
  if (filters.to && isValidLocalDate(filters.to)) at.lt = instantOf(addDays(filters.to, 1));
  if (at.gte || at.lt) where.at = at;
  const page = Math.max(1, filters.page ?? 1);
  const [total, rows, entities] = await Promise.all([
    unknownUser ? 0 : db.auditEntry.count({ where }),
    unknownUser
      ? []
      : db.auditEntry.findMany({
          where,
          orderBy: [{ at: "desc" }, { id: "desc" }],
          skip: (page - 1) * AUDIT_PAGE_SIZE,
          take: AUDIT_PAGE_SIZE,
          include: { actor: { select: { name: true, username: true } } },
        }),
    // DISTINCT in SQL (it walks the (entity, entityId) index), not Prisma's in-memory `distinct`.
    db.$queryRawUnsafe<{ entity: string }[]>(`SELECT DISTINCT "entity" FROM "AuditEntry" ORDER BY "entity"`),
  ]);
  const names = await auditNames(db, rows.flatMap((r) => [parse(r.before), parse(r.after)].filter((d) => d !== null).map((data) => ({ action: r.action, data: data! }))));
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    unknownUser,
    entities: entities.map((e) => ({ code: e.entity, label: auditEntityLabel(e.entity) })),
    rows: rows.map((r) => ({
      ...r,
      when: localDateTimeOf(r.at),
      actionLabel: auditActionLabel(r.action),
      entityLabel: auditEntityLabel(r.entity),
      changes: changesOf(r.before, r.after, r.entity, r.action, names),
    })),
  };
}
