/**
 * "The database is busy" as one error, wherever SQLite or PostgreSQL says so (issue 11, item 4;
 * issue 17). A write that waits past the busy timeout (another process or connection holds the
 * write lock) surfaces as SQLITE_BUSY from better-sqlite3, as Prisma's P1008 "Operation has timed
 * out" wrapping a driver adapter error whose cause is SQLITE_BUSY, or as P2028 when a transaction
 * could not start in time. On PostgreSQL (src/db/client.ts sets lock_timeout and
 * statement_timeout) it is SQLSTATE 55P03 (lock_not_available), 57014 (query_canceled by the
 * timeout) or 40P01 (deadlock_detected: the server rolled one side back), as `code` on a `pg`
 * error or `originalCode` on the adapter's error; nothing of the failed statement was written.
 *
 * - `isBusy(err)` recognizes all of these.
 * - `withBusyErrors(client)` makes every Prisma operation (models and raw queries, inside
 *   transactions too) throw `BusyError` instead: a `DomainError` on the whole form (field ""), so
 *   each form's existing DomainError path re-renders the form with the user's values kept and
 *   the message "系统繁忙，请稍后再试".
 * - `busyScope` is the per-request flag the web layer reads to answer 503 instead of 422
 *   (src/http/busy.ts); outside a request (CLI) it is simply absent.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { DomainError } from "../core/errors.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";

export const BUSY_MESSAGE = "系统繁忙，请稍后再试";

/** The database stayed locked by another writer past the busy timeout; nothing was written. */
export class BusyError extends DomainError {
  readonly status = 503;
  constructor() {
    super("", BUSY_MESSAGE);
    this.name = "BusyError";
    busyScope.getStore()?.mark();
  }
}

/** Set for the duration of one request by the web layer; `mark()` records that a busy error happened. */
export const busyScope = new AsyncLocalStorage<{ mark(): void }>();

/** PostgreSQL's answers for "waited too long for a lock" (see the module comment). */
const PG_BUSY = new Set(["55P03", "57014", "40P01"]);

const codeOf = (e: unknown): string => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : "";
};

/** True for SQLite's and PostgreSQL's busy/locked answers however they are wrapped (a BusyError included). */
export function isBusy(err: unknown): boolean {
  if (err instanceof BusyError) return true;
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && !seen.has(e) && depth < 6; depth++) {
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    const code = codeOf(o);
    const original = String(o.originalCode ?? "");
    if (code.startsWith("SQLITE_BUSY") || original.startsWith("SQLITE_BUSY")) return true;
    if (PG_BUSY.has(code) || PG_BUSY.has(original)) return true;
    if (code === "P2028" && /unable to start a transaction/i.test(String(o.message ?? ""))) return true;
    e = o.meta?.driverAdapterError ?? o.cause;
  }
  return false;
}

/** The same client whose operations throw `BusyError` for a busy database (other errors unchanged). */
export function withBusyErrors(client: PrismaClient): PrismaClient {
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (e) {
          if (isBusy(e)) throw new BusyError();
          throw e;
        }
      },
    },
  }) as unknown as PrismaClient;
}
