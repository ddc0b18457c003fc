/**
 * Runs once per `vitest run`: migrates a template SQLite file with the production migration
 * runner (src/db/migrate.ts), which each test file then copies (tests/support/db.ts). Each run
 * has its own folder (given to the tests as LEDGER_TEST_DIR), removed at the end, so two runs
 * at the same time never share or delete each other's files.
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { applyMigrations } from "../../src/db/migrate.ts";

export default async function setup() {
  const dir = path.resolve(".tmp/tests", `run-${randomUUID().slice(0, 8)}`);
  mkdirSync(dir, { recursive: true });
  await applyMigrations(`file:${path.join(dir, "template.db")}`);
  process.env.LEDGER_TEST_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
