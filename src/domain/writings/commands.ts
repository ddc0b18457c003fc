/**
 * Writes of writings (issue 18 item 2): record (with an optional attachment checked by content,
 * attachment.ts), edit (the attachment kept, replaced or removed) and delete (soft), each in one
 * transaction with an audit entry (the attachment's name, type and size audited, never its
 * bytes). Every account that owns records (not the system operator's) writes its own; nobody
 * writes another's (NotFoundError, 404). Refused with a DomainError (nothing written): a date
 * after today or before 2000, a year closed for the author's branch on that date (on edit: the
 * old date or the new; LockedError), a bad attachment. Dates are Asia/Shanghai `YYYY-MM-DD`.
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
import { findOwnWriting, WRITING_FIELDS } from "./queries.ts";
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

/** What an edit does to the attachment: keep it, put `file` in its place, or remove it. */
export type AttachmentChange = { keep: true } | { replace: Attachment } | { remove: true };

type Columns = Awaited<ReturnType<typeof findOwnWriting>>;

/** A writing as the audit keeps it: the attachment described by name, type and size, never its bytes. */
const audited = ({ attachmentName, attachmentType, attachmentSize, ...rest }: Columns) => ({
  ...rest,
  attachment: attachmentName === null ? null : { name: attachmentName, type: attachmentType, size: attachmentSize },
});

/**
 * Edits the actor's own writing `id`: the form's fields, and the attachment per `change` (a
 * replacement is checked by attachment.ts before it gets here). NotFoundError for anyone else's;
 * DomainError for a bad date; LockedError when the old or the new date lies in a closed year.
 * Audited as `writing.update` (before and after, the attachment described, not its bytes).
 */
export async function updateWriting(db: Db, actor: Viewer, id: number, input: WritingInput, change: AttachmentChange, today: string) {
  const before = await findOwnWriting(db, actor, id);
  assertDateSane("writtenOn", "日期", input.writtenOn, today);
  return db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: actor.id }, before.writtenOn, input.writtenOn);
    const file =
      "replace" in change
        ? { attachmentName: change.replace.name, attachmentType: change.replace.type, attachmentSize: change.replace.size, attachment: change.replace.data }
        : "remove" in change
          ? { attachmentName: null, attachmentType: null, attachmentSize: null, attachment: null }
          : {};
    const w = await tx.writing.update({ where: { id }, data: { ...input, ...file }, select: WRITING_FIELDS });
    await audit(tx, { actorId: actor.id, action: "writing.update", entity: "Writing", entityId: id, before: audited(before), after: audited(w) });
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
