/**
 * Migrations without Prisma's native engine download (ENVIRONMENT.md, "Prisma 7 without its download").
 *
 * Loads `@prisma/schema-engine-wasm` (the same schema engine, compiled to WebAssembly, pinned beside
 * `prisma` in package.json) through the better-sqlite3 driver adapter and:
 * - `applyMigrations(url)`: applies the committed `prisma/migrations/<name>/migration.sql` folders
 *   that are not yet applied and records them in `_prisma_migrations`, exactly as
 *   `prisma migrate deploy` does, so a user with the Prisma CLI's engine can use either;
 * - `diffToNextMigration(url)`: the SQL that takes the committed migrations to `schema.prisma`
 *   (empty string when they already match), for `npm run db:diff -- NAME`.
 * The WebAssembly module is instantiated by hand so Node 20 needs no `--experimental-wasm-modules`.
 * Errors from the engine are thrown as `Error` with the engine's message.
 */
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCHEMA_PATH = path.join(root, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(root, "prisma/migrations");

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

/** Turns `file:./data/x.db` (relative to the working directory) into a better-sqlite3 path. */
export function sqlitePath(url: string): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
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

/**
 * Runs `work` with an engine on the database at `url`, then closes every connection the engine
 * opened (the engine itself never does, and a leftover connection would hold the file's lock).
 */
async function withEngine<T>(url: string, work: (engine: Engine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = await loadEngineModule();
  const inner = new PrismaBetterSqlite3({ url: sqlitePath(url) });
  const opened: Adapter[] = [];
  const tracking = {
    provider: inner.provider,
    adapterName: inner.adapterName,
    connect: async () => remember(await inner.connect()),
    connectToShadowDb: async () => remember(scriptTolerant(await inner.connectToShadowDb())),
  };
  function remember<A extends Adapter>(a: A): A {
    opened.push(a);
    return a;
  }
  const factory = bindMigrationAwareSqlAdapterFactory(tracking as never);
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const engine = await SchemaEngine.new({ datamodels: [[SCHEMA_PATH, schema]] }, () => {}, factory);
  try {
    return await work(engine);
  } finally {
    (engine as unknown as { free(): void }).free();
    await Promise.all(opened.map((a) => a.dispose()));
  }
}

/** The committed migrations as the engine expects them (folders sorted by name). */
export function migrationList() {
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  const dirs = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR).filter((d) => statSync(path.join(MIGRATIONS_DIR, d)).isDirectory()).sort()
    : [];
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const file = path.join(MIGRATIONS_DIR, d, "migration.sql");
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
 * database at `url`; all of them for a new or empty file. Read-only.
 */
export function pendingMigrations(url: string): string[] {
  const names = migrationList().migrationDirectories.map((d) => d.path);
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

/**
 * Applies pending committed migrations to the SQLite database at `url` (creating the file).
 * Returns the names of the migrations applied now (empty when up to date).
 */
export async function applyMigrations(url: string): Promise<string[]> {
  // The engine takes the database's write lock even when there is nothing to do, which fails
  // while the app is writing; so it is only started when a committed migration is missing.
  if (pendingMigrations(url).length === 0) return [];
  const out = await withEngine(url, (engine) =>
    engine.applyMigrations({ migrationsList: migrationList(), filters }),
  );
  return out.appliedMigrationNames;
}

/**
 * The SQL script from the committed migrations to the current `schema.prisma`, replayed on a
 * shadow database the adapter provides; "" when nothing changed. `url` is only used to open the engine.
 */
export async function diffToNextMigration(url: string): Promise<string> {
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const from = migrationList().migrationDirectories.length
    ? { tag: "migrations", ...migrationList() }
    : { tag: "empty" };
  const out = await withEngine(url, (engine) => engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: SCHEMA_PATH, content: schema }] },
    script: true,
    exitCode: null,
    filters,
  }));
  const sql = out.stdout ?? "";
  return /^\s*(--.*\n?\s*)*$/.test(sql) ? "" : sql;
}
