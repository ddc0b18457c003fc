/**
 * Audit trail: every write of a record lands here with who, what, which record, when, and the
 * values before and after (JSON text). Call inside the same transaction as the write.
 */
import type { Prisma } from "../../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

export interface AuditInput {
  actorId: number | null;
  action: string; // e.g. "talk.create", "talk.update", "talk.delete"
  entity: string; // model name, e.g. "Talk"
  entityId: number | string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

export async function audit(tx: Tx, e: AuditInput): Promise<void> {
  await tx.auditEntry.create({ data: auditRow(e) });
}

/** Many entries in one statement (a roster moved at once), in the order given. */
export async function auditMany(tx: Tx, entries: AuditInput[]): Promise<void> {
  if (entries.length) await tx.auditEntry.createMany({ data: entries.map(auditRow) });
}

/** The AuditEntry row of `e` (before/after as JSON text). */
function auditRow(e: AuditInput) {
  return {
    actorId: e.actorId,
    action: e.action,
    entity: e.entity,
    entityId: String(e.entityId),
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    reason: e.reason ?? null,
  };
}
