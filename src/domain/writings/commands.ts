/**
 * Writes of writings (issue 18 item 2): record (with an optional attachment checked by content,
 * attachment.ts) and delete (soft), each in one transaction with an audit entry (the attachment's
 * name, type and size audited, never its bytes). Every account that owns records (not the
 * system operator's) writes its own; nobody writes another's. Refused with a DomainError (nothing
 * written): a date after today or before 2000, a year closed for the author's branch on that date
 * (LockedError), a bad attachment. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { can } from "../../auth/policies.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { ForbiddenError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { assertDateSane } from "../requests/commands.ts";
import type { Attachment } from "./attachment.ts";
import { findOwnWriting } from "./queries.ts";
import type { WritingInput } from "./schema.ts";

/** Records a writing of the actor; `once`: the form's single-use token. */
export async function logWriting(db: Db, actor: Viewer, input: WritingInput, attachment: Attachment | null, today: string, once?: string) {
  if (!can.ownsRecords(actor)) throw new ForbiddenError("管理员账号不记录个人材料");
  await assertFormTokenUnused(db, once, "/writings");
  assertDateSane("writtenOn", "日期", input.writtenOn, today);
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/writings");
    await assertYearOpen(tx, { memberId: actor.id }, input.writtenOn);
    const w = await tx.writing.create({
      data: {
        authorId: actor.id,
        ...input,
        attachmentName: attachment?.name ?? null,
        attachmentType: attachment?.type ?? null,
        attachmentSize: attachment?.size ?? null,
        attachment: attachment?.data ?? null,
      },
      select: { id: true },
    });
    const after = { ...input, attachment: attachment ? { name: attachment.name, type: attachment.type, size: attachment.size } : null };
    await audit(tx, { actorId: actor.id, action: "writing.create", entity: "Writing", entityId: w.id, after });
    return w;
  });
}

/** Deletes (soft) the actor's own writing; NotFoundError for anyone else's, LockedError in a closed year. */
export async function deleteWriting(db: Db, actor: Viewer, id: number, now: Date) {
  const before = await findOwnWriting(db, actor, id);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.writtenOn);
    await tx.writing.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "writing.delete", entity: "Writing", entityId: id, before });
  });
}
