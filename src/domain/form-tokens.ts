/**
 * Single-use form tokens (FormToken): every create form carries a random hidden `_once` value
 * (views/partials/form/_once.ejs); the create command consumes it with an INSERT in the same
 * transaction as the record, so a form submitted twice (double click, back button, a retry after
 * a lost answer) writes once. The second submit throws AlreadySubmittedError, which the error
 * handler turns into a 303 back to the list with a flash. A failed write rolls the token back
 * with it, so the user can correct the form and send it again.
 * A form without `_once` (an old page, a script) is saved without this protection.
 */
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

type Tx = Prisma.TransactionClient;

/** The answer to a form submitted again with a token already used; `listPath` is where to go. */
export class AlreadySubmittedError extends Error {
  constructor(readonly listPath = "/records") {
    super("该表单已提交过，未重复保存");
    this.name = "AlreadySubmittedError";
  }
}

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

/** A new random token: 24 bytes, base64url (32 characters). */
export function newFormToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The token in a request body, or undefined when absent or malformed (then not protected). */
export function formTokenOf(body: unknown): string | undefined {
  const v = body && typeof body === "object" ? (body as Record<string, unknown>)._once : undefined;
  return typeof v === "string" && TOKEN.test(v) ? v : undefined;
}

/**
 * Marks `token` used by `memberId` inside the caller's transaction. Throws AlreadySubmittedError
 * (with `listPath`) when it was used before. Call it first in the transaction of the write.
 */
export async function consumeFormToken(tx: Tx, token: string | undefined, memberId: number, listPath?: string): Promise<void> {
  if (!token) return;
  try {
    await tx.formToken.create({ data: { token, memberId } });
  } catch (e) {
    if ((e as { code?: string }).code === "P2002") throw new AlreadySubmittedError(listPath);
    throw e;
  }
}

/**
 * Throws AlreadySubmittedError (with `listPath`) when `token` was already used, before any check
 * of the form's content: a resubmitted form whose checks read the stored rows (a name already
 * taken) then says "already submitted" instead of a misleading form error. consumeFormToken inside
 * the write's transaction still decides a race.
 */
export async function assertFormTokenUnused(db: Db | Tx, token: string | undefined, listPath?: string): Promise<void> {
  if (token && (await db.formToken.findUnique({ where: { token }, select: { token: true } }))) throw new AlreadySubmittedError(listPath);
}

/** Deletes tokens used before `before` (they only guard against resubmitting a recent page). */
export async function pruneFormTokens(db: Db, before: Date): Promise<number> {
  return (await db.formToken.deleteMany({ where: { usedAt: { lt: before } } })).count;
}
