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
 */
import type Database from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import { engineOf, openSqliteFile } from "./engine.ts";

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

/**
 * Opens Kysely on the database at `url`. For SQLite, `opts.sqlite` lends an already open
 * better-sqlite3 handle (the caller closes it; Kysely's destroy() then leaves it open), so raw
 * statements on that handle run inside Kysely's transactions. `opts.poolSize`: PostgreSQL
 * connections (default 10). Close with `await db.destroy()`.
 * @throws Error for a URL that is neither `file:` nor `postgres(ql)://`.
 */
export function openKysely(url: string, opts: { sqlite?: Database.Database; poolSize?: number } = {}): Kysely<DB> {
  if (engineOf(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types: PG_TYPES });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  const lent = opts.sqlite;
  const handle = lent ?? openSqliteFile(url);
  const database: SqliteDatabase = {
    prepare: cachedPrepare(handle),
    // A lent handle stays open when Kysely is destroyed: its owner closes it.
    close: () => {
      if (!lent) handle.close();
    },
  };
  const kx = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
  sqliteHandles.set(kx, handle);
  return kx;
}

/** The better-sqlite3 handle under each SQLite Kysely opened here (for sqliteHandleOf). */
const sqliteHandles = new WeakMap<Kysely<DB>, Database.Database>();

/**
 * The better-sqlite3 handle under a SQLite Kysely returned by openKysely (not a transaction's),
 * or null (PostgreSQL). A bridge for callers of the reads still taking `raw` while issue 17 moves
 * them to Kysely; removed with the last of them.
 */
export function sqliteHandleOf(kx: Kysely<DB>): Database.Database | null {
  return sqliteHandles.get(kx) ?? null;
}

/** How many compiled statements a SQLite handle keeps for Kysely (per-request reads repeat a few dozen texts). */
const STATEMENT_CACHE = 500;

/**
 * Kysely's SQLite driver prepares every query anew; preparing costs as much as running a small
 * indexed read (issue 16's per-request reads), so compiled statements are kept per SQL text.
 * A statement still iterating (a streamed read) is busy: the next user of that text gets a fresh
 * one. Least recently used texts are dropped past STATEMENT_CACHE.
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
    if (!hit) {
      cache.set(text, stmt);
      if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
    }
    return stmt;
  };
}
