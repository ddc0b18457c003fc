/**
 * A fresh, migrated SQLite file for a test: a copy of the template that global-setup migrated
 * with the production migration runner. `freshDb()` returns its URL, a Prisma client and a raw
 * better-sqlite3 connection; `close()` closes both.
 * With LEDGER_TEST_PG=1 it is a fresh PostgreSQL database instead (tests/support/pg.ts); `file`
 * is then "" and `raw` throws when used (the raw paths are SQLite-only until issue 17 item 1).
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { openDb, openRaw, type Db } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import type { Kysely } from "kysely";
import { freshPgDb } from "./pg.ts";

/** The engine of this run's `freshDb()` / `testApp()` databases (LEDGER_TEST_PG=1: postgres). */
export const TEST_ENGINE: "sqlite" | "postgres" = process.env.LEDGER_TEST_PG === "1" ? "postgres" : "sqlite";

/**
 * For `describe.skipIf(sqliteOnly("why"))` on tests whose subject is SQLite itself (its backup
 * API, its file lock, its write serialization): true on a PostgreSQL run, with the reason printed
 * (the PostgreSQL counterpart is named in the reason); false on SQLite.
 */
export function sqliteOnly(reason: string): boolean {
  if (TEST_ENGINE === "sqlite") return false;
  console.warn(`SKIP on PostgreSQL (SQLite-only subject): ${reason}`);
  return true;
}

/** This run's folder (set by global-setup); a lone file run without it migrates each file itself. */
export const TMP_DIR = process.env.LEDGER_TEST_DIR ?? path.resolve(".tmp/tests/adhoc");
const TEMPLATE = path.join(TMP_DIR, "template.db");

export interface TestDb {
  url: string;
  /** Which engine this test database is on (LEDGER_TEST_PG=1: postgres). */
  engine: "sqlite" | "postgres";
  file: string;
  db: Db;
  /** Kysely on the same database (on SQLite over `raw`'s handle). */
  kx: Kysely<DB>;
  raw: ReturnType<typeof openRaw>;
  close(): Promise<void>;
}

/**
 * A fresh database on this run's engine (SQLite, or PostgreSQL with LEDGER_TEST_PG=1).
 * `busyTimeoutMs`: how long the Prisma client waits for another connection's write lock (default 10 s).
 */
export async function freshDb(opts: { busyTimeoutMs?: number } = {}): Promise<TestDb> {
  if (process.env.LEDGER_TEST_PG === "1") {
    const pgDb = await freshPgDb(opts);
    const raw = new Proxy({} as ReturnType<typeof openRaw>, {
      get() {
        throw new Error("freshDb().raw is a better-sqlite3 connection: not available with LEDGER_TEST_PG=1 (set fixtures up through t.db or t.kx)");
      },
    });
    const kx = openKysely(pgDb.url, { poolSize: 4, busyTimeoutMs: opts.busyTimeoutMs });
    return {
      url: pgDb.url,
      engine: "postgres",
      file: "",
      db: pgDb.db,
      kx,
      raw,
      async close() {
        await kx.destroy();
        await pgDb.close();
      },
    };
  }
  return freshSqliteDb(opts);
}

/**
 * A fresh SQLite file whatever LEDGER_TEST_PG says, for tests whose subject is SQLite itself (its
 * pragmas, its triggers compared with PostgreSQL's, its backup): `raw` always works.
 */
export async function freshSqliteDb(opts: { busyTimeoutMs?: number } = {}): Promise<TestDb> {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = path.join(TMP_DIR, `${randomUUID()}.db`);
  if (existsSync(TEMPLATE)) copyFileSync(TEMPLATE, file);
  else await applyMigrations(`file:${file}`);
  const url = `file:${file}`;
  const db = openDb(url, { busyTimeoutMs: opts.busyTimeoutMs });
  const raw = openRaw(url);
  const kx = openKysely(url, { sqlite: raw });
  return {
    url,
    engine: "sqlite",
    file,
    db,
    kx,
    raw,
    async close() {
      await kx.destroy();
      raw.close();
      await db.$disconnect();
    },
  };
}
