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
import Database from "better-sqlite3";
import pg from "pg";
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from "kysely";
import type { DB } from "../generated/kysely/types.ts";
import { sqlitePath } from "./migrate.ts";

export type { DB };
export type Engine = "sqlite" | "postgres";

/** The engine a DATABASE_URL names: `file:` is SQLite, `postgres(ql)://` PostgreSQL. */
export function engineOfUrl(url: string): Engine {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`不支持的数据库地址 (unsupported DATABASE_URL; use file:… or postgres://…): ${url.replace(/\/\/[^@/]*@/, "//***@")}`);
}

/**
 * The better-sqlite3 connection Kysely uses for a SQLite file, with the pragmas of `openRaw`
 * (src/db/client.ts): WAL, a 10 s busy timeout, foreign keys, synchronous NORMAL, 256 MB cache.
 */
export function openSqliteHandle(url: string): Database.Database {
  const raw = new Database(sqlitePath(url));
  raw.pragma("journal_mode = WAL");
  raw.pragma("busy_timeout = 10000");
  raw.pragma("foreign_keys = ON");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("cache_size = -262144");
  return raw;
}

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
  if (engineOfUrl(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, types: PG_TYPES });
    return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  }
  const lent = opts.sqlite;
  // A lent handle stays open when Kysely is destroyed: its owner closes it.
  const database: SqliteDatabase = lent ? { prepare: (sql: string) => lent.prepare(sql), close: () => undefined } : openSqliteHandle(url);
  return new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
}
