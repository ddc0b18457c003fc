/**
 * "The database is busy" as one error, wherever SQLite says so (issue 11, item 4). A write that
 * waits past the busy timeout (another process or connection holds the write lock) surfaces as
 * SQLITE_BUSY from better-sqlite3, as Prisma's P1008 "Operation has timed out" wrapping a driver
 * adapter error whose cause is SQLITE_BUSY, or as P2028 when a transaction could not start in time.
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

const codeOf = (e: unknown): string => {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === "string" ? c : "";
};

/** True for SQLite's busy/locked answers however they are wrapped (a BusyError included). */
export function isBusy(err: unknown): boolean {
  if (err instanceof BusyError) return true;
  const seen = new Set<unknown>();
  let e: unknown = err;
  for (let depth = 0; e && typeof e === "object" && !seen.has(e) && depth < 6; depth++) {
    seen.add(e);
    const o = e as { code?: unknown; originalCode?: unknown; message?: unknown; meta?: { driverAdapterError?: unknown }; cause?: unknown };
    const code = codeOf(o);
    if (code.startsWith("SQLITE_BUSY") || String(o.originalCode ?? "").startsWith("SQLITE_BUSY")) return true;
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
