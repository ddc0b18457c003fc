/**
 * Runs once per `vitest run`: migrates a template SQLite file with the production migration
 * runner (src/db/migrate.ts), which each test file then copies (tests/support/db.ts).
 */
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { applyMigrations } from "../../src/db/migrate.ts";

export const TMP_DIR = path.resolve(".tmp/tests");
export const TEMPLATE = path.join(TMP_DIR, "template.db");

export default async function setup() {
  rmSync(TMP_DIR, { recursive: true, force: true });
  mkdirSync(TMP_DIR, { recursive: true });
  await applyMigrations(`file:${TEMPLATE}`);
}
