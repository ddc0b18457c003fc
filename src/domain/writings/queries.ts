/**
 * Scoped reads of writings (调研报告, 党性分析, 民情日记, 发展规划). A writing is read by its author
 * and by whoever reaches the author (auth/reach.ts memberWhere); anyone else gets NotFoundError
 * (404). The attachment's bytes are read only by `findAttachment`. Soft-deleted writings are never
 * returned. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Actor } from "../../core/actor.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";

type Reader = Db | Prisma.TransactionClient;

/** Every column but the attachment's bytes. */
export const WRITING_FIELDS = {
  id: true, authorId: true, writtenOn: true, kind: true, title: true, content: true,
  attachmentName: true, attachmentType: true, attachmentSize: true, createdAt: true,
} as const;

/** The writing `id` (without its bytes) when the actor reaches its author; NotFoundError otherwise. */
export async function findReadableWriting(db: Db, actor: Viewer, id: number) {
  const w = await db.writing.findFirst({
    where: { id, deletedAt: null, author: memberWhere(actor.reach) },
    select: { ...WRITING_FIELDS, author: { select: { id: true, name: true, username: true } } },
  });
  if (!w) throw new NotFoundError();
  return w;
}

/** The attachment of a readable writing: name, type and bytes; NotFoundError when none or out of reach. */
export async function findAttachment(db: Db, actor: Viewer, id: number) {
  const w = await db.writing.findFirst({
    where: { id, deletedAt: null, author: memberWhere(actor.reach), attachment: { not: null } },
    select: { attachmentName: true, attachmentType: true, attachment: true },
  });
  if (!w || !w.attachment) throw new NotFoundError();
  return { name: w.attachmentName ?? "附件", type: w.attachmentType ?? "application/octet-stream", data: w.attachment };
}

/** The actor's own writing `id` (without bytes); NotFoundError otherwise. */
export async function findOwnWriting(db: Reader, actor: Actor, id: number) {
  const w = await db.writing.findFirst({ where: { id, authorId: actor.id, deletedAt: null }, select: WRITING_FIELDS });
  if (!w) throw new NotFoundError();
  return w;
}

/** A member's writings dated in `year`, oldest first, without bytes (their year page and binder). */
export async function writingsOfMember(db: Reader, memberId: number, year: number) {
  return db.writing.findMany({
    where: { authorId: memberId, deletedAt: null, writtenOn: { gte: `${year}-01-01`, lte: `${year}-12-31` } },
    select: WRITING_FIELDS,
    orderBy: [{ writtenOn: "asc" }, { id: "asc" }],
  });
}
