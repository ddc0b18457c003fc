/**
 * PostgreSQL for tests (issue 17): a throwaway server (scripts/pg-server.ts) and a fresh,
 * migrated database per test file, copied from a migrated template database
 * (`CREATE DATABASE … TEMPLATE`, a file copy on the server: fast).
 *
 * - When global-setup started a server (LEDGER_TEST_PG=1) its URL is LEDGER_TEST_PG_URL and the
 *   template is already migrated. Otherwise the first `pgServer()` of the run (any worker) starts
 *   one with a migrated template and records it in the run's folder (`pg-server.json`, written
 *   under a lock), so the other test files of the run reuse it instead of paying initdb and the
 *   migrations again; global-setup's teardown stops it. Outside a run's folder (no
 *   LEDGER_TEST_DIR) a file starts its own (stop it with `stopPgServer()` in afterAll).
 * - `pgMissing()`: null when PostgreSQL's binaries are installed, else the reason the PostgreSQL
 *   tests skip (printed). In CI (CI=true) a missing PostgreSQL is an error, never a skip.
 */
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createDatabase, findPgBin, startPgServer, stopPgServerIn, type PgServer } from "../../scripts/pg-server.ts";
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
    const runDir = process.env.LEDGER_TEST_DIR;
    if (runDir && existsSync(runDir)) return sharedServer(path.join(runDir, SHARED_FILE));
    own = await startPgServer();
    await createDatabase(own.url, PG_TEMPLATE);
    await applyMigrations(own.urlFor(PG_TEMPLATE));
    return own.url;
  })();
  return base;
}

/** The file in a run's folder that names the run's shared server: `{ url, dir }`. */
export const SHARED_FILE = "pg-server.json";

/** Stops the shared server recorded in run folder `runDir`, if one was started (global teardown). */
export function stopSharedPgServer(runDir: string): void {
  const file = path.join(runDir, SHARED_FILE);
  if (!existsSync(file)) return;
  stopPgServerIn((JSON.parse(readFileSync(file, "utf8")) as { dir: string }).dir);
  rmSync(file, { force: true });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The run's shared server: read from `file`, or started (with its migrated template) by the first
 * worker that takes the lock (a directory: mkdir is atomic), the others waiting for `file`.
 * A lock older than two minutes is a crashed starter's: taken over.
 */
async function sharedServer(file: string): Promise<string> {
  const lock = `${file}.lock`;
  const read = () => (JSON.parse(readFileSync(file, "utf8")) as { url: string }).url;
  for (;;) {
    if (existsSync(file)) return read();
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      await sleep(200);
    }
  }
  try {
    if (existsSync(file)) return read();
    const server = await startPgServer({ outliveProcess: true });
    try {
      await createDatabase(server.url, PG_TEMPLATE);
      await applyMigrations(server.urlFor(PG_TEMPLATE));
    } catch (e) {
      stopPgServerIn(server.dir);
      throw e;
    }
    writeFileSync(`${file}.tmp`, JSON.stringify({ url: server.url, dir: server.dir }));
    renameSync(`${file}.tmp`, file);
    return server.url;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
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
