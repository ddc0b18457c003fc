/**
 * Kysely, the one typed way to write SQL for both engines (issue 17): `openKysely(url)` returns a
 * `Kysely<DB>` over better-sqlite3 for `file:` URLs and over a `pg` Pool for `postgres://` /
 * `postgresql://` URLs. `DB` is generated from prisma/schema.prisma by prisma-kysely
 * (src/generated/kysely/types.ts, written by `prisma generate`). Kysely quotes every identifier,
 * so the PascalCase table names work on PostgreSQL too. Where the two engines' SQL differs, use
 * src/db/dialect.ts.
 *
 * Results look the same on both engines, as the generated types (from the SQLite schema) say:
 * on PostgreSQL `bigint` (COUNT(*), SUM of integers) is parsed to a number (values stay far below
 * 2^53), `boolean` to 1 / 0, and `timestamp` / `timestamptz` (UTC) to the text the SQLite adapter
 * stores, `2026-03-05T06:30:12.345+00:00`.
 *
 * Busy databases: on PostgreSQL every pooled connection gets the same lock_timeout /
 * statement_timeout / idle_in_transaction_session_timeout as the Prisma client (src/db/client.ts,
 * `pgSessionTimeouts`); on SQLite the handle waits its busy timeout. A statement that gives up
 * (SQLITE_BUSY; PostgreSQL's lock or statement timeout, or a deadlock) rejects with `BusyError`
 * (src/db/busy.ts), as Prisma's do, so the web answers 503 on both engines.
 */
import type Database from "better-sqlite3";
import pg from "pg";
import Cursor from "pg-cursor";
import {
  Kysely, PostgresDialect, SqliteDialect,
  type DatabaseConnection, type Dialect, type Driver, type SqliteDatabase,
} from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import { engineOf, openSqliteFile } from "./engine.ts";
import { BusyError, isBusy } from "./busy.ts";

export type { DB };
// The engine of a DATABASE_URL and the SQLite handle with openRaw's pragmas: one definition each, in engine.ts.
export { engineOf as engineOfUrl, openSqliteFile as openSqliteHandle, type Engine } from "./engine.ts";

/** An instant as the SQLite adapter writes it (ISO, milliseconds, `+00:00`). */
const isoText = (d: Date) => d.toISOString().replace("Z", "+00:00");

/** pg's text parsers by type OID where this project wants SQLite's shapes (see the module comment). */
const PG_PARSERS: Record<number, (v: string) => unknown> = {
  20: (v) => Number(v), // bigint
  16: (v) => (v === "t" ? 1 : 0), // boolean
  1114: (v) => isoText(new Date(`${v.replace(" ", "T")}Z`)), // timestamp (Prisma stores UTC)
  1184: (v) => isoText(new Date(v)), // timestamptz
};

const PG_TYPES = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    PG_PARSERS[oid] ?? pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

/** How long a statement waits for another's lock before giving up (the Prisma client's default too). */
export const KYSELY_BUSY_TIMEOUT_MS = 10_000;

/**
 * PostgreSQL session settings for `busyTimeoutMs` (ms), the same for Prisma's pool and Kysely's:
 * a lock wait past it fails (55P03), a statement running twice as long is cancelled (57014), and a
 * transaction left open by a crashed request loses its locks after a minute.
 */
export function pgSessionTimeouts(busyTimeoutMs: number) {
  return {
    lock_timeout: busyTimeoutMs,
    statement_timeout: 2 * busyTimeoutMs,
    idle_in_transaction_session_timeout: 60_000,
  };
}

/**
 * Opens Kysely on the database at `url`. For SQLite, `opts.sqlite` lends an already open
 * better-sqlite3 handle (the caller closes it; Kysely's destroy() then leaves it open), so raw
 * statements on that handle run inside Kysely's transactions. `opts.poolSize`: PostgreSQL
 * connections (default 10). `opts.busyTimeoutMs`: how long a statement waits for a lock held
 * elsewhere before rejecting with `BusyError` (default 10 s; on SQLite it is set on a handle
 * Kysely opens itself, a lent handle keeps its own). Close with `await db.destroy()`.
 * @throws Error for a URL that is neither `file:` nor `postgres(ql)://`.
 */
export function openKysely(url: string, opts: { sqlite?: Database.Database; poolSize?: number; busyTimeoutMs?: number } = {}): Kysely<DB> {
  const busyTimeoutMs = opts.busyTimeoutMs ?? KYSELY_BUSY_TIMEOUT_MS;
  if (engineOf(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types: PG_TYPES, ...pgSessionTimeouts(busyTimeoutMs) });
    // An idle connection the server ends (a restart, pg_terminate_backend, a proxy's idle timeout)
    // is an 'error' on the pool, which drops that client; unheard, the event would stop the process.
    // The next query opens a new connection (Prisma's adapter listens the same way).
    pool.on("error", () => {});
    // `cursor`: `.stream()` reads a large result in chunks (the year workbook) instead of all at once.
    return new Kysely<DB>({ dialect: busyErrors(new PostgresDialect({ pool, cursor: Cursor })) });
  }
  const lent = opts.sqlite;
  const handle = lent ?? openSqliteFile(url);
  if (!lent && opts.busyTimeoutMs !== undefined) handle.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  const database: SqliteDatabase = {
    prepare: cachedPrepare(handle),
    // A lent handle stays open when Kysely is destroyed: its owner closes it.
    close: () => {
      if (!lent) handle.close();
    },
  };
  return new Kysely<DB>({ dialect: busyErrors(new SqliteDialect({ database })) });
}

/** `BusyError` for a busy answer (see the module comment), any other error unchanged. */
const asBusy = (e: unknown): unknown => (isBusy(e) && !(e instanceof BusyError) ? new BusyError() : e);

/** The connection whose statements (BEGIN/COMMIT included) reject with `BusyError` for a busy database. */
function busyConnection(conn: DatabaseConnection): DatabaseConnection {
  return {
    async executeQuery(q) {
      try {
        return await conn.executeQuery(q);
      } catch (e) {
        throw asBusy(e);
      }
    },
    streamQuery: (q, chunkSize) => (async function* () {
      try {
        yield* conn.streamQuery(q, chunkSize);
      } catch (e) {
        throw asBusy(e);
      }
    })(),
  };
}

/**
 * A dialect whose driver hands out `busyConnection`s. Kysely has no hook for errors (plugins see
 * results only), so the driver is wrapped: every query, in or out of a transaction, goes through
 * a connection it acquired. Connections are wrapped once and unwrapped for the inner driver.
 */
function busyErrors(inner: Dialect): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createDriver: (): Driver => {
      const driver = inner.createDriver();
      const innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const wrapperOf = new WeakMap<DatabaseConnection, DatabaseConnection>();
      const unwrap = (c: DatabaseConnection) => innerOf.get(c) ?? c;
      const guard = async <T>(p: Promise<T>): Promise<T> => {
        try {
          return await p;
        } catch (e) {
          throw asBusy(e);
        }
      };
      return {
        init: () => driver.init(),
        async acquireConnection() {
          const conn = await guard(driver.acquireConnection());
          let wrapped = wrapperOf.get(conn);
          if (!wrapped) {
            wrapped = busyConnection(conn);
            wrapperOf.set(conn, wrapped);
            innerOf.set(wrapped, conn);
          }
          return wrapped;
        },
        beginTransaction: (c, settings) => guard(driver.beginTransaction(unwrap(c), settings)),
        commitTransaction: (c) => guard(driver.commitTransaction(unwrap(c))),
        rollbackTransaction: (c) => driver.rollbackTransaction(unwrap(c)),
        ...(driver.savepoint ? { savepoint: (c, name, compile) => guard(driver.savepoint!(unwrap(c), name, compile)) } : {}),
        ...(driver.rollbackToSavepoint ? { rollbackToSavepoint: (c, name, compile) => driver.rollbackToSavepoint!(unwrap(c), name, compile) } : {}),
        ...(driver.releaseSavepoint ? { releaseSavepoint: (c, name, compile) => guard(driver.releaseSavepoint!(unwrap(c), name, compile)) } : {}),
        releaseConnection: (c) => driver.releaseConnection(unwrap(c)),
        destroy: () => driver.destroy(),
      };
    },
  };
}

/**
 * A leading comment that asks for the rows as arrays of column values (better-sqlite3's raw mode)
 * instead of objects: `arrayRows` in dialect.ts prefixes it. Building 25,000 objects of 7 keys in
 * better-sqlite3 cost ~3x reading the same rows as arrays (the compliance report's roster, issue 16).
 */
export const ARRAY_ROWS = "/* rows as arrays */ ";

/** How many compiled statements a SQLite handle keeps for Kysely (per-request reads repeat a few dozen texts). */
const STATEMENT_CACHE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs as much as running a small
 * indexed read (issue 16's per-request reads), so compiled statements are kept per SQL text.
 * A statement still iterating (a streamed read) is busy: the next user of that text gets a fresh
 * one. Least recently used texts are dropped past STATEMENT_CACHE. A text that starts with
 * ARRAY_ROWS answers rows as arrays.
 */
function cachedPrepare(handle: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (text: string) => {
    const hit = cache.get(text);
    if (hit && !hit.busy) {
      cache.delete(text); // re-insert: most recently used last
      cache.set(text, hit);
      return hit;
    }
    const stmt = handle.prepare(text);
    if (text.startsWith(ARRAY_ROWS)) stmt.raw(true);
    if (!hit) {
      cache.set(text, stmt);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
    }
    return stmt;
  };
}
