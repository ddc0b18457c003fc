/**
 * PostgreSQL for tests (issue 17): a throwaway server (scripts/pg-server.ts) and a fresh,
 * migrated database per test file, copied from a migrated template database
 * (`CREATE DATABASE … TEMPLATE`, a file copy on the server: fast).
 *
 * - When global-setup started a server (LEDGER_TEST_PG=1) its URL is LEDGER_TEST_PG_URL and the
 *   template is already migrated; otherwise the first `pgServer()` of a test file starts one for
 *   that file (stop it with `stopPgServer()` in afterAll).
 * - `pgMissing()`: null when PostgreSQL's binaries are installed, else the reason the PostgreSQL
 *   tests skip (printed). In CI (CI=true) a missing PostgreSQL is an error, never a skip.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createDatabase, findPgBin, startPgServer, type PgServer } from "../../scripts/pg-server.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { openDb, type Db } from "../../src/db/client.ts";

export const PG_TEMPLATE = "ledger_template";

/**
 * Null when PostgreSQL's binaries are installed; else prints why the PostgreSQL tests of the
 * calling file skip and returns it. Throws in CI (CI set), where they must run.
 */
export function pgMissing(): string | null {
  if (findPgBin()) return null;
  const why = "PostgreSQL is not installed (apt-get install -y postgresql, or set PG_BIN): the PostgreSQL engine tests are skipped";
  if (process.env.CI) throw new Error(`${why}, but CI must run them (.ci/run installs postgresql)`);
  console.warn(`SKIP: ${why}`);
  return why;
}

let own: PgServer | undefined;
let base: Promise<string> | undefined;

/** The maintenance URL of this run's server (`…/postgres`), its template database migrated. */
export function pgServer(): Promise<string> {
  base ??= (async () => {
    const given = process.env.LEDGER_TEST_PG_URL;
    if (given) return given;
    own = await startPgServer();
    await createDatabase(own.url, PG_TEMPLATE);
    await applyMigrations(own.urlFor(PG_TEMPLATE));
    return own.url;
  })();
  return base;
}

/** Stops the server this file started (none when global-setup's is used). */
export function stopPgServer(): void {
  own?.stop();
  own = undefined;
  base = undefined;
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface PgTestDb {
  url: string;
  db: Db;
  close(): Promise<void>;
}

/** A new database copied from the migrated template, with a Prisma client; `close()` drops it. */
export async function freshPgDb(opts: { busyTimeoutMs?: number } = {}): Promise<PgTestDb> {
  const server = await pgServer();
  const name = `t_${randomUUID().replaceAll("-", "")}`;
  await createDatabase(server, name, PG_TEMPLATE);
  const url = withDatabase(server, name);
  const db = openDb(url, opts);
  return {
    url,
    db,
    async close() {
      await db.$disconnect();
      const admin = new pg.Client({ connectionString: server });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

/** The server of this run as the dialect and seed-writer tests use it: empty databases on demand. */
export interface TestPg {
  /** The maintenance database's URL (`…/postgres`). */
  adminUrl: string;
  /** A new, empty database (no migrations: the test creates its own tables); its URL. */
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * This run's server (global-setup's, or one started for the calling file) for tests that make
 * their own tables. @throws Error when PostgreSQL is not installed (see `pgMissing`).
 */
export async function startPg(): Promise<TestPg> {
  const why = pgMissing();
  if (why) throw new Error(why);
  const server = await pgServer();
  return {
    adminUrl: server,
    async freshDatabase() {
      const name = `t_${randomUUID().replaceAll("-", "")}`;
      await createDatabase(server, name);
      return withDatabase(server, name);
    },
    async stop() {
      stopPgServer();
    },
  };
}
