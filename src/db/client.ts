/**
 * The PrismaClient for DATABASE_URL's engine (src/db/engine.ts); Prisma 7 needs no native query
 * engine on either.
 * - SQLite (`file:`): the better-sqlite3 driver adapter. `openDb(url)` applies the connection
 *   pragmas every process wants: WAL journal (readers never block the writer), a busy timeout so
 *   concurrent writers wait instead of failing, foreign keys, and a larger page cache for
 *   county-scale files (ENVIRONMENT.md, "Measuring"); writes are serialized (serialize.ts).
 * - PostgreSQL (`postgresql://`): @prisma/adapter-pg over a `pg` pool, with the client generated
 *   from prisma/postgres/schema.prisma (same models, so callers keep the one `Db` type); no write
 *   serialization (the server has row locks), and a lock wait or statement past the busy timeout
 *   becomes the same `BusyError` (503).
 */
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";
import { PrismaClient as PgPrismaClient } from "../generated/prisma-pg/client.ts";
import { engineOf, openSqliteFile, sqlitePath } from "./engine.ts";
import { serialized } from "./serialize.ts";
import { withBusyErrors } from "./busy.ts";
import { pgSessionTimeouts } from "./kysely.ts";

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
 * Opens the Prisma client for the database at `url` (`file:./data/ledger.db` or
 * `postgresql://user@host:port/db`). A write that waits past `busyTimeoutMs` for another's lock
 * throws `BusyError` (src/db/busy.ts; the web answers 503). On PostgreSQL the same limit is the
 * session's lock_timeout, and twice it the statement_timeout (a runaway query ends too).
 */
export function openDb(url: string, opts: { busyTimeoutMs?: number } = {}): Db {
  if (engineOf(url) === "postgres") return openPgDb(url, opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS);
  preparePragmas(url);
  // serialized(): plain queries never run inside another request's open transaction (see serialize.ts).
  const adapter = serialized(new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS }));
  // Under load, transactions queue for the one connection: wait up to 10 s for a turn, not 2 s.
  return withBusyErrors(new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } }));
}

/** The PostgreSQL client (see openDb): timeouts are set per connection by `pg` at connect. */
function openPgDb(url: string, busyTimeoutMs: number): Db {
  // The same session timeouts as Kysely's pool (one definition: pgSessionTimeouts).
  const adapter = new PrismaPg({ connectionString: url, ...pgSessionTimeouts(busyTimeoutMs) });
  const client = new PgPrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  // Same models and operations as the SQLite client; only the provider it was generated for differs.
  return withBusyErrors(client as unknown as Db);
}

/**
 * A raw better-sqlite3 connection to the same file, for bulk paths and report queries where the
 * ORM's per-query cost matters (ENVIRONMENT.md: seed, import, per-person counts). Read/write;
 * callers run multi-row writes in `raw.transaction(...)`. SQLite only: throws Error for a
 * PostgreSQL URL (those paths move to Kysely, issue 17 item 1).
 */
export function openRaw(url: string): Database.Database {
  if (engineOf(url) !== "sqlite") throw new Error("openRaw: a raw better-sqlite3 connection needs a SQLite (file:) DATABASE_URL; this path does not run on PostgreSQL yet");
  return openSqliteFile(url);
}
