/**
 * Writes the next migration folder from the difference between the committed migrations and
 * `prisma/schema.prisma`: `npm run db:diff -- NAME`. Offline equivalent of `prisma migrate dev --create-only`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { diffToNextMigration, MIGRATIONS_DIR } from "../src/db/migrate.ts";

const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_");
if (!name) {
  console.error("usage: npm run db:diff -- NAME");
  process.exit(2);
}
const sql = await diffToNextMigration("file::memory:");
if (!sql) {
  console.log("schema.prisma matches the committed migrations: nothing to write");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, "migration.sql"), sql);
console.log(`wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
