/**
 * Runs once per `vitest run`: migrates a template SQLite file with the production migration
 * runner (src/db/migrate.ts), which each test file then copies (tests/support/db.ts). Each run
 * has its own folder (given to the tests as LEDGER_TEST_DIR), removed at the end, so two runs
 * at the same time never share or delete each other's files.
 *
 * With LEDGER_TEST_PG=1 (off by default: the reports and the import are not on PostgreSQL yet,
 * issue 17) it also starts one throwaway PostgreSQL server (scripts/pg-server.ts) with a migrated
 * template database, given to the tests as LEDGER_TEST_PG_URL; `freshDb()` then hands every test
 * file a copy of it instead of a SQLite file (tests/support/db.ts, tests/support/pg.ts). Without
 * it, the first test file that needs PostgreSQL (tests/db/*.pg.test.ts, the dialect tests…)
 * starts one for the whole run (tests/support/pg.ts, recorded in the run's folder), stopped here.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { applyMigrations } from "../../src/db/migrate.ts";
import { createDatabase, startPgServer } from "../../scripts/pg-server.ts";
import { PG_TEMPLATE, stopSharedPgServer } from "./pg.ts";

export default async function setup() {
  const dir = path.resolve(".tmp/tests", `run-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  await applyMigrations(`file:${path.join(dir, "template.db")}`);
  process.env.LEDGER_TEST_DIR = dir;
  let stopPg = () => {};
  if (process.env.LEDGER_TEST_PG === "1") {
    const server = await startPgServer();
    stopPg = server.stop;
    await createDatabase(server.url, PG_TEMPLATE);
    await applyMigrations(server.urlFor(PG_TEMPLATE));
    process.env.LEDGER_TEST_PG_URL = server.url;
  }
  return () => {
    stopPg();
    stopSharedPgServer(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
