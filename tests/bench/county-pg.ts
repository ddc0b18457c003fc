/**
 * The bench's county on PostgreSQL (issue 17 item 5, BENCH_ENGINE=postgres), built in seconds
 * instead of re-running the seed (which took more than 24 minutes there: ~2 million rows, each
 * insert firing its ledger-version triggers).
 *
 * - First run for a generator version: the SQLite county (tests/bench/county.ts `countyDb`, the
 *   same seed and options, itself reused while the generator is unchanged) is copied table by
 *   table into a fresh database of a throwaway server (scripts/pg-server.ts) with COPY FROM STDIN
 *   (pg-copy-streams), every column in PostgreSQL's text format (booleans from SQLite's 1/0, the
 *   SQLite adapter's ISO instants as they are, bytes as hex). The session runs with
 *   `session_replication_role = replica`, so the ledger-version triggers and foreign-key checks do
 *   not fire per row (the copy is already consistent; LedgerVersion's rows are copied too). Then
 *   every id sequence is moved past its table's largest id, ANALYZE runs (PostgreSQL's autovacuum
 *   does the same to any table a production server loads), and the database is saved with
 *   `pg_dump -Fc` as `.tmp/bench/county-<version>.pgdump` (written under a temporary name, renamed
 *   when complete; dumps of other versions are deleted).
 * - Later runs: `pg_restore` of that dump into a fresh database (data first, then indexes and
 *   triggers), PostgreSQL migrations added since applied, ANALYZE.
 * Either way the result is the same county as the SQLite bench's, row for row and id for id.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { applyMigrations } from "../../src/db/migrate.ts";
import { openRaw } from "../../src/db/client.ts";
import { findPgTool } from "../../src/db/pg-tools.ts";
import { createDatabase, startPgServer } from "../../scripts/pg-server.ts";
import { BENCH_DIR, countyDb } from "./county.ts";

/** A column of the PostgreSQL schema: its name and `udt_name` (bool, timestamp, bytea, int4, text, an enum…). */
interface Column {
  name: string;
  type: string;
}

/** One value in COPY's text format (NULL as \N; backslash, tab, newline and return escaped). */
function copyText(v: unknown, type: string): string {
  if (v === null || v === undefined) return "\\N";
  if (type === "bool") return v === 1 || v === true || v === "1" ? "t" : "f";
  if (Buffer.isBuffer(v)) return "\\\\x" + v.toString("hex");
  // An instant the SQLite adapter stored as epoch milliseconds (raw inserts) rather than ISO text.
  if ((type === "timestamp" || type === "timestamptz") && typeof v === "number") return new Date(v).toISOString();
  return String(v).replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** The tables (but Prisma's migration log) and their columns in the PostgreSQL database. */
async function pgColumns(client: pg.Client): Promise<Map<string, Column[]>> {
  const { rows } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT table_name, column_name, udt_name FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  const out = new Map<string, Column[]>();
  for (const r of rows) {
    if (!out.has(r.table_name)) out.set(r.table_name, []);
    out.get(r.table_name)!.push({ name: r.column_name, type: r.udt_name });
  }
  return out;
}

/** Copies every table of the SQLite file `file` into the (migrated) PostgreSQL database at `url`; returns the rows copied. */
async function copyFromSqlite(file: string, url: string, log: (line: string) => void): Promise<number> {
  const raw = openRaw(`file:${file}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let total = 0;
  try {
    await client.query("SET session_replication_role = replica"); // no triggers, no FK checks: the copy is consistent
    const q = (s: string) => `"${s.replaceAll('"', '""')}"`;
    for (const [table, columns] of await pgColumns(client)) {
      const names = columns.map((c) => q(c.name)).join(", ");
      await client.query(`DELETE FROM ${q(table)}`); // LedgerVersion's rows come from the copy, not the migration
      const rows = raw.prepare(`SELECT ${names} FROM ${q(table)}`).raw().iterate() as IterableIterator<unknown[]>;
      let n = 0;
      // Lines batched into ~1 MB chunks: one stream write per row would cost more than the row.
      const lines = Readable.from(
        (function* () {
          let chunk = "";
          for (const r of rows) {
            chunk += r.map((v, i) => copyText(v, columns[i].type)).join("\t") + "\n";
            n++;
            if (chunk.length > 1 << 20) yield chunk, (chunk = "");
          }
          if (chunk) yield chunk;
        })(),
      );
      await pipeline(lines, client.query(copyFrom(`COPY ${q(table)} (${names}) FROM STDIN`)));
      total += n;
      if (n >= 50_000) log(`  … ${table}: ${n.toLocaleString("en")} rows`);
    }
    // Sequences past the copied ids (what dialect.resetIdSequence does, for every serial column).
    const { rows: serials } = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND column_default LIKE 'nextval(%'`,
    );
    for (const s of serials) {
      await client.query(
        `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${q(s.column_name)}), 0) + 1, false) FROM ${q(s.table_name)}`,
        [q(s.table_name), s.column_name],
      );
    }
  } finally {
    await client.end();
    raw.close();
  }
  return total;
}

/** Runs a PostgreSQL client tool (pg_dump, pg_restore) and fails with its message. */
function tool(name: string, args: string[]): void {
  const exe = findPgTool(name);
  if (!exe) throw new Error(`${name} not found: apt-get install -y postgresql-client`);
  // Index builds (most of a restore) with more memory than the server's 64 MB default.
  execFileSync(exe, args, { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, PGOPTIONS: "-c maintenance_work_mem=256MB" } });
}

async function analyze(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("ANALYZE");
  } finally {
    await client.end();
  }
}

/** A database made from the county's as a template (a file copy), and its removal. */
export interface PgCopy {
  url: string;
  drop(): Promise<void>;
}

/**
 * The county on a throwaway PostgreSQL server: its database URL, whether the dump was built in
 * this run, the seconds the build or restore took, the generator version, `sqliteFile` (the SQLite
 * county it was copied from), `copy()` (a fresh copy of the county database, for runs that write;
 * nothing may be connected to the county's database meanwhile) and `stop()` (server and folder
 * removed). Throws when PostgreSQL is not installed.
 */
export async function countyPg(
  log: (line: string) => void,
): Promise<{ url: string; built: boolean; seconds: number; version: string; sqliteFile: string; copy(): Promise<PgCopy>; stop(): void }> {
  const sqlite = await countyDb(log); // the source of a new dump; reused (or built once) as for the SQLite bench
  const dump = path.join(BENCH_DIR, `county-${sqlite.version}.pgdump`);
  const server = await startPgServer();
  try {
    await createDatabase(server.url, "bench");
    const url = server.urlFor("bench");
    const started = performance.now();
    const built = !existsSync(dump);
    if (built) {
      for (const old of readdirSync(BENCH_DIR).filter((n) => /^county-[0-9a-f]{12}\.pgdump/.test(n))) rmSync(path.join(BENCH_DIR, old), { force: true });
      await applyMigrations(url);
      log(`copying the county (generator ${sqlite.version}) from ${path.relative(process.cwd(), sqlite.file)} into PostgreSQL — once; kept as ${path.relative(process.cwd(), dump)}`);
      const rows = await copyFromSqlite(sqlite.file, url, log);
      await analyze(url);
      mkdirSync(BENCH_DIR, { recursive: true });
      tool("pg_dump", ["-Fc", "-Z", "1", "--no-owner", "-f", `${dump}.building`, "-d", url]);
      renameSync(`${dump}.building`, dump);
      log(`copied ${rows.toLocaleString("en")} rows and saved the dump in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    } else {
      log(`restoring the county (generator ${sqlite.version}) from ${path.relative(process.cwd(), dump)} …`);
      tool("pg_restore", ["--no-owner", "-j", "2", "-d", url, dump]);
      await applyMigrations(url); // PostgreSQL migrations added after the dump was made (indexes; no data changes)
      await analyze(url); // a dump carries no planner statistics
      log(`restored in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    let copies = 0;
    const copy = async (): Promise<PgCopy> => {
      const name = `bench_copy_${++copies}`;
      await createDatabase(server.url, name, "bench");
      return {
        url: server.urlFor(name),
        drop: async () => {
          const client = new pg.Client({ connectionString: server.url });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS "${name}"`).finally(() => client.end());
        },
      };
    };
    return { url, built, seconds: (performance.now() - started) / 1000, version: sqlite.version, sqliteFile: sqlite.file, copy, stop: server.stop };
  } catch (e) {
    server.stop();
    throw e;
  }
}
