/**
 * Migrations without Prisma's native engine download (ENVIRONMENT.md, "Prisma 7 without its download").
 *
 * Loads `@prisma/schema-engine-wasm` (the same schema engine, compiled to WebAssembly, pinned beside
 * `prisma` in package.json) through the driver adapter of the URL's engine (src/db/engine.ts:
 * better-sqlite3 for `file:`, @prisma/adapter-pg for `postgresql://`) and:
 * - `applyMigrations(url)`: applies the engine's committed `<migrations>/<name>/migration.sql`
 *   folders (prisma/migrations or prisma/postgres/migrations) that are not yet applied and records
 *   them in `_prisma_migrations`, exactly as `prisma migrate deploy` does, so a user with the
 *   Prisma CLI's engine can use either;
 * - `diffToNextMigration(url)`: the SQL that takes the engine's committed migrations to its schema
 *   (empty string when they already match), for `npm run db:diff -- NAME`. On PostgreSQL the
 *   engine replays them on a shadow database it creates (and drops) on the server of `url`.
 * The WebAssembly module is instantiated by hand so Node 20 needs no `--experimental-wasm-modules`.
 * Errors from the engine are thrown as `Error` with the engine's message.
 */
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { ENGINE_FILES, engineOf, sqlitePath, type Engine as DbEngine } from "./engine.ts";

export { sqlitePath };
/** SQLite's schema and migrations (kept for callers; see ENGINE_FILES for both engines). */
export const SCHEMA_PATH = ENGINE_FILES.sqlite.schema;
export const MIGRATIONS_DIR = ENGINE_FILES.sqlite.migrations;

type Engine = {
  applyMigrations(input: unknown): Promise<{ appliedMigrationNames: string[] }>;
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>;
};
type EngineModule = { SchemaEngine: { "new"(o: unknown, cb: unknown, a: unknown): Promise<Engine> } };

let engineModule: Promise<EngineModule> | undefined;

/** Instantiates the wasm schema engine once per process. */
async function loadEngineModule(): Promise<EngineModule> {
  engineModule ??= (async () => {
    const bg = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const require = createRequire(import.meta.url);
    const pkgDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bytes = readFileSync(path.join(pkgDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg as never });
    (bg as unknown as { __wbg_set_wasm(x: unknown): void }).__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return { SchemaEngine: (bg as unknown as EngineModule).SchemaEngine };
  })();
  return engineModule;
}

type Adapter = { dispose(): Promise<void> };
type ShadowAdapter = Adapter & {
  executeRaw(q: { sql: string; args: unknown[] }): Promise<number>;
  executeScript(sql: string): Promise<void>;
};

/**
 * The engine replays each migration on the shadow database with one `executeRaw` of the whole
 * file, which better-sqlite3 refuses ("more than one statement"); a parameterless call is run as
 * a script instead.
 */
function scriptTolerant<A extends ShadowAdapter>(adapter: A): A {
  const executeRaw = adapter.executeRaw.bind(adapter);
  adapter.executeRaw = async (q) => {
    if (q.args.length === 0) {
      await adapter.executeScript(q.sql);
      return 0;
    }
    return executeRaw(q);
  };
  return adapter;
}

type PgPool = { query(q: unknown): Promise<{ fields?: { dataTypeID: number }[] }> };
type PgAdapter = Adapter & {
  executeScript(sql: string): Promise<void>;
  underlyingDriver(): PgPool;
  onError(e: unknown): never;
};

/** PostgreSQL's one-byte internal type `"char"` (pg_class.relkind and other catalog columns). */
const PG_INTERNAL_CHAR = 18;
const PG_TEXT = 25;

/**
 * Two gaps of @prisma/adapter-pg 7.10 when the schema engine drives it, closed here:
 * - it runs a script by splitting it on every ";", which cuts a plpgsql function body (the
 *   ledger-version triggers) in pieces: PostgreSQL takes the whole script in one simple-protocol
 *   query instead, with the adapter's own error conversion;
 * - it refuses catalog columns of type `"char"` (UnsupportedNativeDataType), which the engine's
 *   introspection reads to diff: their values arrive as one-letter strings, so they are typed text.
 */
function forSchemaEngine<A extends Adapter>(adapter: A): A {
  const a = adapter as unknown as PgAdapter;
  const pool = a.underlyingDriver();
  const query = pool.query.bind(pool);
  pool.query = async (q: unknown) => {
    const result = await query(q);
    for (const f of result?.fields ?? []) if (f.dataTypeID === PG_INTERNAL_CHAR) f.dataTypeID = PG_TEXT;
    return result;
  };
  a.executeScript = async (sql) => {
    try {
      await query(sql);
    } catch (e) {
      a.onError(e);
    }
  };
  return adapter;
}

/**
 * A shadow database on the server of `url`, dropped by `dispose()`. Not the adapter's own
 * `connectToShadowDb`: given a connection string it connects back to the main database
 * (pg lets `connectionString` win over the `database` it adds), and the replay then fails.
 */
async function pgShadow(url: string): Promise<Adapter> {
  const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const shadowUrl = new URL(url);
  shadowUrl.pathname = `/${name}`;
  const adapter = await new PrismaPg({ connectionString: shadowUrl.toString() }).connect();
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    const drop = new pg.Client({ connectionString: url });
    await drop.connect();
    try {
      await drop.query(`DROP DATABASE IF EXISTS "${name}"`);
    } finally {
      await drop.end();
    }
  };
  return adapter;
}

/**
 * Runs `work` with an engine on the database at `url`, then closes every connection the engine
 * opened (the engine itself never does, and a leftover connection would hold the file's lock).
 */
async function withEngine<T>(url: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const kind = engineOf(url);
  const inner = kind === "sqlite" ? new PrismaBetterSqlite3({ url: sqlitePath(url) }) : new PrismaPg({ connectionString: url });
  const opened: Adapter[] = [];
  const tracking = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => {
      const main = await inner.connect();
      return remember(kind === "sqlite" ? main : forSchemaEngine(main));
    },
    connectToShadowDb: async () =>
      remember(kind === "sqlite" ? scriptTolerant((await inner.connectToShadowDb()) as ShadowAdapter) : forSchemaEngine(await pgShadow(url))),
  };
  function remember<A extends Adapter>(a: A): A {
    // Once only: the engine disposes some itself (a PostgreSQL shadow's dispose drops its database).
    const dispose = a.dispose.bind(a);
    let disposed: Promise<void> | undefined;
    a.dispose = () => (disposed ??= dispose());
    opened.push(a);
    return a;
  }
  const factory = bindMigrationAwareSqlAdapterFactory(tracking as never);
  const schemaPath = ENGINE_FILES[kind].schema;
  const schema = readFileSync(schemaPath, "utf8");
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, () => {}, factory);
  try {
    return await work(engine);
  } finally {
    (engine as unknown as { free(): void }).free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}

/** The committed migrations of an engine as the schema engine expects them (folders sorted by name). */
export function migrationList(kind: DbEngine = "sqlite") {
  const dir = ENGINE_FILES[kind].migrations;
  const lockPath = path.join(dir, "migration_lock.toml");
  const dirs = existsSync(dir)
    ? readdirSync(dir).filter((d) => statSync(path.join(dir, d)).isDirectory()).sort()
    : [];
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const file = path.join(dir, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file)
            ? { tag: "ok", value: readFileSync(file, "utf8") }
            : { tag: "error", value: `missing ${file}` },
        },
      };
    }),
  };
}

const filters = { externalTables: [], externalEnums: [] };

/**
 * Names of committed migrations not (successfully) recorded in `_prisma_migrations` of the
 * SQLite database at `url`; all of them for a new or empty file. Read-only.
 */
export function pendingMigrations(url: string): string[] {
  const names = migrationList("sqlite").migrationDirectories.map((d) => d.path);
  const file = sqlitePath(url);
  if (file === ":memory:" || !existsSync(file)) return names;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return names;
    const done = new Set(
      (db.prepare("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL").all() as { migration_name: string }[]).map(
        (r) => r.migration_name,
      ),
    );
    return names.filter((n) => !done.has(n));
  } finally {
    db.close();
  }
}

/** The same as `pendingMigrations` for a PostgreSQL database (which must exist). Read-only. */
export async function pendingPgMigrations(url: string): Promise<string[]> {
  const names = migrationList("postgres").migrationDirectories.map((d) => d.path);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
    if (!table.rows[0]?.t) return names;
    const done = await client.query<{ migration_name: string }>(
      "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
    );
    const applied = new Set(done.rows.map((r) => r.migration_name));
    return names.filter((n) => !applied.has(n));
  } finally {
    await client.end();
  }
}

/**
 * Applies pending committed migrations to the database at `url`: a SQLite file (created when
 * missing) or a PostgreSQL database (which must exist). Returns the names of the migrations
 * applied now (empty when up to date).
 */
export async function applyMigrations(url: string): Promise<string[]> {
  const kind = engineOf(url);
  // The engine takes the database's write lock even when there is nothing to do, which fails
  // while the app is writing; so it is only started when a committed migration is missing.
  const pending = kind === "sqlite" ? pendingMigrations(url) : await pendingPgMigrations(url);
  if (pending.length === 0) return [];
  const out = await withEngine(url, (engine) =>
    engine.applyMigrations({ migrationsList: migrationList(kind), filters }),
  );
  return out.appliedMigrationNames;
}

/**
 * The SQL script from the committed migrations of `url`'s engine to its current schema, replayed
 * on a shadow database the adapter provides; "" when nothing changed. `url` is only used to open
 * the engine (`file::memory:` for SQLite; any database of a running server for PostgreSQL).
 */
export async function diffToNextMigration(url: string): Promise<string> {
  const kind = engineOf(url);
  const schemaPath = ENGINE_FILES[kind].schema;
  const schema = readFileSync(schemaPath, "utf8");
  const list = migrationList(kind);
  const from = list.migrationDirectories.length ? { tag: "migrations", ...list } : { tag: "empty" };
  const out = await withEngine(url, (engine) => engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
    script: true,
    exitCode: null,
    filters,
  }));
  const sql = out.stdout ?? "";
  return /^\s*(--.*\n?\s*)*$/.test(sql) ? "" : sql;
}
