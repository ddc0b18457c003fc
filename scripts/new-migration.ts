/**
 * Writes the next migration folders from the difference between the committed migrations and
 * `prisma/schema.prisma`: `npm run db:diff -- NAME`. Offline equivalent of `prisma migrate dev
 * --create-only`, for both engines: it regenerates prisma/postgres/schema.prisma, writes
 * prisma/migrations/<stamp>_NAME (SQLite) and prisma/postgres/migrations/<stamp>_NAME
 * (PostgreSQL, diffed on a shadow database of a throwaway server this script starts, or of
 * LEDGER_PG_URL's server when set). Triggers and data statements are not in the schema: a
 * migration adding a ledger-version trigger to SQLite needs its PostgreSQL twin written by hand
 * (tests/db/pg-triggers.pg.test.ts compares them).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffToNextMigration } from "../src/db/migrate.ts";
import { ENGINE_FILES, type Engine } from "../src/db/engine.ts";
import { writePostgresSchema } from "./pg-schema.ts";
import { findPgBin, startPgServer } from "./pg-server.ts";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:diff -- NAME");
  process.exit(2);
}
if (writePostgresSchema()) {
  console.log("wrote prisma/postgres/schema.prisma: run `npm run db:generate` for its client");
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);

function write(engine: Engine, sql: string): void {
  if (!sql) {
    console.log(`${engine}: the schema matches the committed migrations: nothing to write`);
    return;
  }
  const dir = path.join(ENGINE_FILES[engine].migrations, `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`${engine}: wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
}

write("sqlite", await diffToNextMigration("file::memory:"));

let pgUrl = process.env.LEDGER_PG_URL;
let stop = () => {};
if (!pgUrl) {
  if (!findPgBin()) {
    console.error("postgres: PostgreSQL is not installed, so its migration was NOT written: install it (apt-get install -y postgresql) or set LEDGER_PG_URL, then run this again");
    process.exit(1);
  }
  const server = await startPgServer();
  pgUrl = server.url;
  stop = server.stop;
}
try {
  write("postgres", await diffToNextMigration(pgUrl));
} finally {
  stop();
}
