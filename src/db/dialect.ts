/**
 * Where SQLite's and PostgreSQL's SQL differ, in one small module (issue 17). Everything else is
 * written once with Kysely (src/db/kysely.ts), whose quoting and placeholders already fit both.
 * Every helper takes the Kysely instance (or a transaction) and asks its adapter which engine it
 * speaks, so callers never branch on the engine themselves.
 *
 * - string aggregation: `group_concat` / `string_agg` (`stringAgg`)
 * - a JSON array parameter as a set of values: `json_each` / `jsonb_array_elements_text` (`jsonValues`)
 * - a field of a JSON text column: `->> '$.k'` / `::jsonb ->> 'k'` (`jsonText`, `jsonInt`)
 * - upsert and insert-or-ignore: `ON CONFLICT` is the same on both (`excludedSet`, Kysely's onConflict)
 * - locking: `BEGIN IMMEDIATE` / `SELECT … FOR UPDATE` (`writeTransaction`, `forUpdate`)
 * - one consistent snapshot for a report's several reads: `BEGIN` / `REPEATABLE READ` (`readSnapshot`)
 * - case-insensitive contains: `LIKE` / `ILIKE`, wildcards escaped (`containsCi`)
 * - dates held as 'YYYY-MM-DD' text: `date(x, 'n days')` / `(x::date + n)` (`addDays`, `daysBetween`,
 *   `todayShanghai`); `substr(x, 1, 7)` (the month) is the same on both and needs no helper
 * - ids written explicitly (seed, import): PostgreSQL's sequences must be moved past them (`resetIdSequence`)
 * - how many rows fit one multi-row INSERT (`rowsPerInsert`)
 * - the smaller of two values: `min(a, b)` / `LEAST(a, b)` (`least`)
 * - rows as arrays of column values: better-sqlite3's raw mode / the objects' values (`arrayRows`)
 * - a connection of its own for a long streamed read: a read-only SQLite handle / a pool of one (`openStreamReader`)
 * - reading its rows in batches: the SQLite statement stepped on that handle / a cursor (`streamBatches`)
 */
import {
  CompiledQuery, PostgresAdapter, sql, type Compilable,
  type Expression, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder,
} from "kysely";
import Database from "better-sqlite3";
import { escapeLike } from "./like.ts";
import { ARRAY_ROWS, engineOfUrl, openKysely, type DB, type Engine } from "./kysely.ts";
import { sqlitePath } from "./engine.ts";

type AnyDb = Kysely<any>;

/** The engine behind a Kysely instance or transaction. */
export function engineOf(db: AnyDb): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

/** Identifiers inlined in SQL text (JSON keys): letters, digits and `_` only, never user input. */
function checkKey(key: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`bad JSON key: ${key}`);
  return key;
}

/**
 * The values of `expr` in a group joined by `separator`, ordered by `orderBy` when given (SQLite
 * otherwise leaves the order unspecified). NULLs are skipped on both engines; no rows give NULL.
 */
export function stringAgg(db: AnyDb, expr: Expression<unknown>, separator: string, orderBy?: Expression<unknown>): RawBuilder<string | null> {
  const order = orderBy ? sql` ORDER BY ${orderBy}` : sql``;
  return engineOf(db) === "postgres"
    ? sql<string | null>`string_agg(CAST(${expr} AS text), ${separator}${order})`
    : sql<string | null>`group_concat(${expr}, ${separator}${order})`;
}

/**
 * A subquery of one column `value`: the items of `values` sent as ONE JSON text parameter (no
 * limit on their number, one prepared statement whatever the count). Use as
 * `where("id", "in", jsonValues(db, ids, "integer"))` or join it as a table.
 */
export function jsonValues<V extends number | string>(db: AnyDb, values: readonly V[], type: "integer" | "text"): RawBuilder<V> {
  const json = JSON.stringify(values);
  if (engineOf(db) === "postgres") {
    const cast = type === "integer" ? sql`CAST(value AS bigint)` : sql`value`;
    return sql`(SELECT ${cast} AS value FROM jsonb_array_elements_text(CAST(${json} AS jsonb)) AS t(value))`;
  }
  return sql`(SELECT value FROM json_each(${json}))`;
}

/** The text of top-level field `key` of a JSON text column (NULL when absent); numbers come back as text. */
export function jsonText(db: AnyDb, column: Expression<unknown>, key: string): RawBuilder<string | null> {
  checkKey(key);
  return engineOf(db) === "postgres"
    ? sql<string | null>`(CAST(${column} AS jsonb) ->> ${sql.lit(key)})`
    : sql<string | null>`CAST(json_extract(${column}, ${sql.lit(`$.${key}`)}) AS TEXT)`;
}

/** Top-level field `key` of a JSON text column as an integer (NULL when absent). */
export function jsonInt(db: AnyDb, column: Expression<unknown>, key: string): RawBuilder<number | null> {
  checkKey(key);
  return engineOf(db) === "postgres"
    ? sql<number | null>`CAST(CAST(${column} AS jsonb) ->> ${sql.lit(key)} AS integer)`
    : sql<number | null>`CAST(json_extract(${column}, ${sql.lit(`$.${key}`)}) AS INTEGER)`;
}

/**
 * The SET of an upsert that takes `columns` from the proposed row, for Kysely's
 * `.onConflict((oc) => oc.column("id").doUpdateSet(excludedSet(["name", …])))`. `ON CONFLICT …
 * DO UPDATE / DO NOTHING` and `excluded.` are spelled the same on both engines (SQLite ≥ 3.24);
 * insert-or-ignore is `.onConflict((oc) => oc.doNothing())`, never SQLite's `INSERT OR IGNORE`.
 */
export function excludedSet<C extends string>(columns: readonly C[]) {
  return (eb: ExpressionBuilder<any, any>) => Object.fromEntries(columns.map((c) => [c, eb.ref(`excluded.${c}`)])) as Record<C, never>;
}

/** SQLite connections (Kysely bound to the one connection) inside a BEGIN of ours: nested calls join it. */
const inSqliteTransaction = new WeakSet<object>();

/** `fn` on SQLite's one connection between `begin` and COMMIT (ROLLBACK and rethrow when it throws). */
function sqliteTransaction<D, T>(db: Kysely<D>, begin: RawBuilder<unknown>, fn: (trx: Kysely<D>) => Promise<T>, memoryJournal = false): Promise<T> {
  return db.connection().execute(async (conn) => {
    // temp_store is read when a transaction begins and cannot change inside one: set it before.
    const restore = memoryJournal ? Number((await sql<{ temp_store: number }>`PRAGMA temp_store`.execute(conn)).rows[0]?.temp_store ?? 0) : null;
    if (restore !== null) await sql`PRAGMA temp_store = MEMORY`.execute(conn);
    inSqliteTransaction.add(conn);
    try {
      await begin.execute(conn);
      try {
        const result = await fn(conn);
        await sql`COMMIT`.execute(conn);
        return result;
      } catch (e) {
        await sql`ROLLBACK`.execute(conn);
        throw e;
      }
    } finally {
      if (restore !== null) await sql.raw(`PRAGMA temp_store = ${restore}`).execute(conn);
    }
  });
}

/**
 * `writeTransaction` for many multi-row INSERTs (an import): on SQLite the statement journals are
 * kept in memory (`PRAGMA temp_store = MEMORY` for the transaction, the connection's setting
 * restored after). Each multi-row INSERT on a table with triggers or foreign keys saves every page
 * it first touches to a statement journal, which SQLite spills to a temporary file past 64 KiB:
 * 100,000 talks (random talkers, so random index pages) made 285,000 pwrite calls, 0.5-0.9 s of
 * system CPU (strace -c; issue 16 item 4). The same on PostgreSQL. Nested: joins the outer one.
 */
export async function bulkWriteTransaction<D, T>(db: Kysely<D>, fn: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  if (db.isTransaction || inSqliteTransaction.has(db) || engineOf(db as AnyDb) === "postgres") return writeTransaction(db, fn);
  return sqliteTransaction(db, sql`BEGIN IMMEDIATE`, fn, true);
}

/**
 * Runs `fn` in a transaction that holds the write lock from its first statement: SQLite's
 * `BEGIN IMMEDIATE` (a read-then-write never fails with SQLITE_BUSY halfway), PostgreSQL's plain
 * transaction whose reads that decide a write take row locks with `forUpdate`. Rolls back and
 * rethrows when `fn` throws.
 */
export async function writeTransaction<D, T>(db: Kysely<D>, fn: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  if (db.isTransaction || inSqliteTransaction.has(db)) return fn(db); // nested: the outer one holds the lock
  if (engineOf(db as AnyDb) === "postgres") return db.transaction().execute(fn);
  return sqliteTransaction(db, sql`BEGIN IMMEDIATE`, fn);
}

/**
 * Runs `fn`'s reads on one snapshot, so a report's several queries (and the ledger version read
 * with them) see the same rows even while others write: SQLite's deferred `BEGIN` on its one
 * connection (WAL: the snapshot starts at the first read), PostgreSQL's `REPEATABLE READ READ
 * ONLY` transaction. Rethrows what `fn` throws (after rolling back).
 */
export async function readSnapshot<D, T>(db: Kysely<D>, fn: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  if (db.isTransaction || inSqliteTransaction.has(db)) return fn(db); // already inside one: its snapshot holds
  if (engineOf(db as AnyDb) === "postgres") {
    return db.transaction().setIsolationLevel("repeatable read").setAccessMode("read only").execute(fn);
  }
  return sqliteTransaction(db, sql`BEGIN`, fn);
}

/**
 * `SELECT … FOR UPDATE` on PostgreSQL (the rows read stay locked until the transaction ends);
 * unchanged on SQLite, where `writeTransaction`'s BEGIN IMMEDIATE already locks the whole file.
 */
export function forUpdate<D, T extends keyof D & string, O>(db: AnyDb, query: SelectQueryBuilder<D, T, O>): SelectQueryBuilder<D, T, O> {
  return engineOf(db) === "postgres" ? query.forUpdate() : query;
}

/**
 * `column` contains `needle` literally (`%` and `_` typed by a user are no wildcards), ASCII
 * case folded: SQLite's LIKE, PostgreSQL's ILIKE (which also folds non-ASCII letters; Chinese
 * text has no case, so the two agree on this project's data).
 */
export function containsCi(db: AnyDb, column: Expression<unknown>, needle: string): RawBuilder<boolean> {
  const pattern = `%${escapeLike(needle)}%`;
  return engineOf(db) === "postgres"
    ? sql<boolean>`(${column} ILIKE ${pattern} ESCAPE '\\')`
    : sql<boolean>`(${column} LIKE ${pattern} ESCAPE '\\')`;
}

/** The 'YYYY-MM-DD' text `days` days after the 'YYYY-MM-DD' text `date` (negative: before). */
export function addDays(db: AnyDb, date: Expression<unknown>, days: number | Expression<unknown>): RawBuilder<string> {
  const n = typeof days === "number" ? sql.val(days) : days;
  return engineOf(db) === "postgres"
    ? sql<string>`to_char(CAST(${date} AS date) + CAST(${n} AS integer), 'YYYY-MM-DD')`
    : sql<string>`date(${date}, (${n}) || ' days')`;
}

/** Whole days from the 'YYYY-MM-DD' text `from` to `to` (negative when `to` is earlier). */
export function daysBetween(db: AnyDb, from: Expression<unknown>, to: Expression<unknown>): RawBuilder<number> {
  return engineOf(db) === "postgres"
    ? sql<number>`(CAST(${to} AS date) - CAST(${from} AS date))`
    : sql<number>`CAST(julianday(${to}) - julianday(${from}) AS INTEGER)`;
}

/** Today in Asia/Shanghai as 'YYYY-MM-DD' text, by the database server's clock (China has no DST). */
export function todayShanghai(db: AnyDb): RawBuilder<string> {
  return engineOf(db) === "postgres"
    ? sql<string>`to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')`
    : sql<string>`date('now', '+8 hours')`;
}

/**
 * After rows were inserted with explicit ids: on PostgreSQL, moves `table`'s id sequence past
 * the largest id so the next default id does not collide; SQLite's AUTOINCREMENT already
 * follows explicit ids, so nothing is done there. Table and column names come from code only.
 */
export async function resetIdSequence(db: AnyDb, table: string, column = "id"): Promise<void> {
  if (engineOf(db) !== "postgres") return;
  const qualified = `"${table.replace(/"/g, '""')}"`;
  await sql`SELECT setval(pg_get_serial_sequence(${qualified}, ${column}), COALESCE(MAX(${sql.ref(column)}), 0) + 1, false) FROM ${sql.table(table)}`.execute(db);
}

/** Bound parameters one statement may carry: SQLite's default limit 32766, PostgreSQL's 65535. */
const MAX_PARAMS: Record<Engine, number> = { sqlite: 32_766, postgres: 65_535 };

/** How many rows of `columns` columns one multi-row INSERT may carry on this engine (capped at `cap`). */
export function rowsPerInsert(db: AnyDb, columns: number, cap = 500): number {
  return Math.max(1, Math.min(cap, Math.floor(MAX_PARAMS[engineOf(db)] / columns)));
}

/**
 * The Asia/Shanghai 'YYYY-MM-DD' date of a stored instant column (Prisma's DateTime, UTC): on
 * SQLite ISO text, or epoch milliseconds where rows were written by raw inserts; on PostgreSQL a
 * `timestamp(3)` holding UTC. China has no DST, so it is UTC + 8 hours on both.
 */
export function shanghaiDateOf(db: AnyDb, instant: Expression<unknown>): RawBuilder<string> {
  return engineOf(db) === "postgres"
    ? sql<string>`to_char(${instant} + interval '8 hours', 'YYYY-MM-DD')`
    : sql<string>`(CASE WHEN typeof(${instant}) = 'integer' THEN date(${instant} / 1000, 'unixepoch', '+8 hours') ELSE date(${instant}, '+8 hours') END)`;
}

/**
 * A subquery of tuples with columns `c0`, `c1`, …: `rows` (arrays as long as `types`) sent as
 * ONE JSON text parameter, to join a table on several columns at once (e.g. the (talker, day)
 * pairs of an import: one index seek each). SQLite: `json_each` and `->> n`; PostgreSQL:
 * `jsonb_array_elements` and `->> n`, cast to `types`.
 */
export function jsonTuples(db: AnyDb, rows: readonly (readonly (number | string)[])[], types: readonly ("integer" | "text")[]): RawBuilder<Record<string, number | string>> {
  const json = JSON.stringify(rows);
  const pg = engineOf(db) === "postgres";
  const cols = types.map((t, i) => {
    const item = sql`value ->> ${sql.lit(i)}`;
    const typed = pg && t === "integer" ? sql`CAST(${item} AS bigint)` : item;
    return sql`${typed} AS ${sql.ref(`c${i}`)}`;
  });
  return pg
    ? sql`(SELECT ${sql.join(cols)} FROM jsonb_array_elements(CAST(${json} AS jsonb)) AS t(value))`
    : sql`(SELECT ${sql.join(cols)} FROM json_each(${json}))`;
}

/** INSERT texts by table, columns and row count (the same few recur: full chunks and one last). */
const insertTexts = new Map<string, string>();

/**
 * Inserts `rows` (values in `columns` order) into `table` as multi-row INSERTs of `rowsPerInsert`
 * rows, in order, without Kysely's query builder: building and compiling 100,000 rows' values
 * costs more than inserting them (the import bench, issue 16). The statement text is made once per
 * row count with the engine's placeholders (`?` / `$n`); on SQLite it is then a cached prepared
 * statement. Table and column names come from code only.
 */
export async function insertValues(db: AnyDb, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const pg = engineOf(db) === "postgres";
  const size = rowsPerInsert(db, columns.length);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const key = `${pg ? "p" : "s"}\u0000${table}\u0000${columns.join("\u0000")}\u0000${chunk.length}`;
    let text = insertTexts.get(key);
    if (text === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (pg ? `$${++n}` : "?")).join(", ")})`;
      text = `INSERT INTO ${quote(table)} (${columns.map(quote).join(", ")}) VALUES ${chunk.map(tuple).join(", ")}`;
      insertTexts.set(key, text);
    }
    const params: unknown[] = [];
    for (const r of chunk) for (let c = 0; c < columns.length; c++) params.push(r[c]);
    await db.executeQuery(CompiledQuery.raw(text, params));
  }
}

/**
 * The smaller of two non-NULL values (k-exports): SQLite's two-argument `min(a, b)`, PostgreSQL's
 * `LEAST(a, b)`. Give it no NULLs: SQLite then answers NULL where PostgreSQL ignores the NULL.
 */
export function least(db: AnyDb, a: Expression<unknown>, b: Expression<unknown>): RawBuilder<string> {
  return engineOf(db) === "postgres" ? sql<string>`LEAST(${a}, ${b})` : sql<string>`min(${a}, ${b})`;
}

/** What `openStreamReader` returns: Kysely on its own connection, and how to close it. */
export interface StreamReader {
  kx: Kysely<DB>;
  /**
   * SQLite only: the read-only better-sqlite3 handle under `kx` (null on PostgreSQL), for the
   * reports still written on better-sqlite3 until they move to Kysely (issue 17).
   */
  sqlite: Database.Database | null;
  close(): Promise<void>;
}

/**
 * Kysely on a connection of its own for one long streamed read (k-exports: the year workbook),
 * so it never holds the app's connection: on SQLite a READ-ONLY handle on the existing file with
 * an 8 MB page cache (a county-scale export reads every page once, so a bigger cache only grows
 * the process: a 32 MB one filled up during the 谈心记录 sheet, issue 16 item 4), on PostgreSQL a pool of one connection (`.stream()` reads by cursor).
 * @throws Error when the SQLite file does not exist, or for a URL of another scheme.
 */
export function openStreamReader(url: string): StreamReader {
  if (engineOfUrl(url) === "postgres") {
    const kx = openKysely(url, { poolSize: 1 });
    return { kx, sqlite: null, close: () => kx.destroy() };
  }
  const handle = new Database(sqlitePath(url), { readonly: true, fileMustExist: true });
  handle.pragma("cache_size = -8192");
  const kx = openKysely(url, { sqlite: handle });
  return {
    kx,
    sqlite: handle,
    close: async () => {
      await kx.destroy();
      handle.close();
    },
  };
}

/** A query `streamBatches` reads: compiled for SQLite, streamed by Kysely (a cursor) on PostgreSQL. */
export type StreamableQuery<O> = Compilable<O> & { stream(chunkSize?: number): AsyncIterableIterator<O> };

/**
 * The rows of `query` (built on `reader.kx` or a transaction of it) in order, in arrays of at most
 * `batch` rows, for a long read that must not hold them all: on SQLite the statement is stepped on
 * the reader's own handle (so inside the same snapshot), synchronously `batch` rows at a time; on
 * PostgreSQL Kysely's `.stream(fetch)` reads by cursor, `fetch` rows a round trip, grouped by `batch`.
 * Rows are as Kysely returns them (better-sqlite3's row objects are the ones Kysely's driver passes on).
 *
 * Why not `.stream()` on SQLite too: its three nested async generators cost promises for every row;
 * for the 343,247 talks of the county file they made 85-113 scavenges of the young generation
 * against 11 when stepped directly, and 2.1-3.5 s of CPU against 1.5-2.3 s (issue 16 item 4).
 * While a batch is being used the handle is mid-statement: run no other query on it until the
 * iteration ends (better-sqlite3 throws "connection is busy"); leaving the loop early resets the statement.
 */
export async function* streamBatches<O>(reader: StreamReader, query: StreamableQuery<O>, opts: { batch: number; fetch: number }): AsyncGenerator<O[]> {
  if (!reader.sqlite) {
    let rows: O[] = [];
    for await (const row of query.stream(opts.fetch)) {
      rows.push(row);
      if (rows.length === opts.batch) {
        yield rows;
        rows = [];
      }
    }
    if (rows.length) yield rows;
    return;
  }
  const compiled = query.compile();
  const it = reader.sqlite.prepare(compiled.sql).iterate(compiled.parameters as unknown[]) as IterableIterator<O>;
  try {
    for (;;) {
      const rows: O[] = [];
      for (let r = it.next(); !r.done; r = it.next()) {
        rows.push(r.value);
        if (rows.length === opts.batch) break;
      }
      if (rows.length) yield rows;
      if (rows.length < opts.batch) return;
    }
  } finally {
    it.return?.();
  }
}

/**
 * `expr` kept from choosing an index (k-compliance, issue 17): SQLite's unary `+expr`, which makes
 * a range on the column be checked while scanning another (covering) index instead of seeking
 * its own; PostgreSQL's planner has no such hint (and no unary `+` on text): `expr` unchanged.
 */
export function unindexed(db: AnyDb, expr: Expression<unknown>): RawBuilder<unknown> {
  return engineOf(db) === "postgres" ? sql`${expr}` : sql`+${expr}`;
}

/**
 * The rows of `query` as arrays of its columns' values, in the SELECT list's order (give every
 * column a distinct name). On SQLite they come as arrays from better-sqlite3 (ARRAY_ROWS, raw
 * mode: no object per row, ~3x cheaper for 25,000 rows of 7 columns, issue 16); on PostgreSQL
 * each row object's values, which `pg` sets in the result's column order.
 */
export async function arrayRows<T extends readonly unknown[]>(db: AnyDb, query: RawBuilder<unknown>): Promise<T[]> {
  const { sql: text, parameters } = query.compile(db);
  if (engineOf(db) === "postgres") {
    const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...parameters]));
    return rows.map((r) => Object.values(r) as unknown as T);
  }
  return (await db.executeQuery<T>(CompiledQuery.raw(ARRAY_ROWS + text, [...parameters]))).rows;
}
