/**
 * Which database engine a DATABASE_URL names (issue 17): `file:…` is SQLite (the embedded
 * default), `postgresql://…` or `postgres://…` is PostgreSQL. Also where each engine's schema and
 * migrations live: prisma/schema.prisma + prisma/migrations for SQLite, the generated
 * prisma/postgres/schema.prisma + prisma/postgres/migrations for PostgreSQL.
 */
import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import path from "node:path";
import { fileURLToPath } from "node:url";

export type Engine = "sqlite" | "postgres";

/** The engine of `url`; throws Error for any other scheme. */
export function engineOf(url: string): Engine {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL): ${url.split("@").pop()}`);
}

export const isPostgres = (url: string): boolean => engineOf(url) === "postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The schema file and migrations folder of each engine (absolute paths). */
export const ENGINE_FILES: Record<Engine, { schema: string; migrations: string }> = {
  sqlite: { schema: path.join(root, "prisma/schema.prisma"), migrations: path.join(root, "prisma/migrations") },
  postgres: { schema: path.join(root, "prisma/postgres/schema.prisma"), migrations: path.join(root, "prisma/postgres/migrations") },
};

/** Turns `file:./data/x.db` (relative to the working directory) into a better-sqlite3 path. */
export function sqlitePath(url: string): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/**
 * A better-sqlite3 connection to the SQLite file of `url` with the pragmas every raw reader and
 * writer wants (openRaw in client.ts, Kysely's handle in kysely.ts): WAL (readers never block the
 * writer), a 10 s busy timeout, foreign keys, synchronous NORMAL, a 256 MB page cache for
 * county-scale files (ENVIRONMENT.md, "Measuring").
 */
export function openSqliteFile(url: string): Database.Database {
  const raw = new Database(sqlitePath(url));
  raw.pragma("journal_mode = WAL");
  raw.pragma("busy_timeout = 10000");
  raw.pragma("foreign_keys = ON");
  raw.pragma("synchronous = NORMAL");
  raw.pragma("cache_size = -262144");
  return raw;
}

/** Creates the folder of a SQLite file URL; nothing for PostgreSQL (the server owns its files). */
export function ensureDbFolder(url: string): void {
  if (engineOf(url) === "sqlite") mkdirSync(path.dirname(sqlitePath(url)), { recursive: true });
}
