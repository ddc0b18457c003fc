/**
 * The PrismaClient on SQLite through the better-sqlite3 driver adapter (Prisma 7 needs no native
 * query engine). `openDb(url)` applies the connection pragmas every process wants: WAL journal
 * (readers never block the writer), a busy timeout so concurrent writers wait instead of failing,
 * foreign keys, and a larger page cache for county-scale files (ENVIRONMENT.md, "Measuring").
 */
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../generated/prisma/client.ts";
import { sqlitePath } from "./migrate.ts";
import { serialized } from "./serialize.ts";
import { withBusyErrors } from "./busy.ts";

export type Db = PrismaClient;
export { PrismaClient };

/** Sets the pragmas on a database file once (WAL persists in the file). */
export function preparePragmas(url: string): void {
  const raw = new Database(sqlitePath(url));
  raw.pragma("journal_mode = WAL");
  raw.close();
}

/** How long a write waits for another connection's write lock before SQLite answers SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens the Prisma client for the SQLite database at `url` (`file:./data/ledger.db`). A write
 * that waits past `busyTimeoutMs` throws `BusyError` (src/db/busy.ts; the web answers 503).
 */
export function openDb(url: string, opts: { busyTimeoutMs?: number } = {}): Db {
  preparePragmas(url);
  // serialized(): plain queries never run inside another request's open transaction (see serialize.ts).
  const adapter = serialized(new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS }));
  // Under load, transactions queue for the one connection: wait up to 10 s for a turn, not 2 s.
  return withBusyErrors(new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } }));
}

/**
 * A raw better-sqlite3 connection to the same file, for bulk paths and report queries where the
 * ORM's per-query cost matters (ENVIRONMENT.md: seed, import, per-person counts). Read/write;
 * callers run multi-row writes in `raw.transaction(...)`.
 */
export function openRaw(url: string): Database.Database {
  const raw = new Database(sqlitePath(url));
  raw.pragma("journal_mode = WAL");
  raw.pragma("busy_timeout = 10000");
  raw.pragma("foreign_keys = ON");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("cache_size = -262144");
  return raw;
}
