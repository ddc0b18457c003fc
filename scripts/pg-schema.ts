/**
 * prisma/postgres/schema.prisma is generated from prisma/schema.prisma (the one schema people
 * edit): Prisma 7 takes one provider per schema, so the PostgreSQL twin differs only in its
 * datasource provider and its generated client's folder (src/generated/prisma-pg), and it has no
 * Kysely generator: Kysely's types come from the SQLite schema only (src/db/kysely.ts reads
 * PostgreSQL's values back in the same shapes), so the second generate never overwrites them. Run by
 * `npm run db:diff` and `npm run db:pg-schema`; tests/db/pg-schema.test.ts fails when they drift.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma/schema.prisma");
export const PG_SCHEMA = path.join(root, "prisma/postgres/schema.prisma");

const HEADER = "// GENERATED from prisma/schema.prisma by scripts/pg-schema.ts (npm run db:pg-schema): do not edit.\n";

/** The PostgreSQL schema text for the SQLite schema text; throws if the expected lines are missing. */
export function postgresSchema(sqlite: string): string {
  const provider = /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/;
  const output = /(generator\s+client\s*\{[^}]*output\s*=\s*)"\.\.\/src\/generated\/prisma"/;
  if (!provider.test(sqlite) || !output.test(sqlite)) {
    throw new Error("prisma/schema.prisma: expected datasource provider \"sqlite\" and output \"../src/generated/prisma\"");
  }
  const kysely = /(\/\/[^\n]*\n)*generator\s+kysely\s*\{[^}]*\}\n\n?/;
  return HEADER + sqlite.replace(kysely, "").replace(provider, '$1"postgresql"').replace(output, '$1"../../src/generated/prisma-pg"');
}

/** Writes prisma/postgres/schema.prisma; true when its content changed. */
export function writePostgresSchema(): boolean {
  const next = postgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
  let prev = "";
  try {
    prev = readFileSync(PG_SCHEMA, "utf8");
  } catch {
    // first time
  }
  if (prev === next) return false;
  writeFileSync(PG_SCHEMA, next);
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(writePostgresSchema() ? "wrote prisma/postgres/schema.prisma" : "prisma/postgres/schema.prisma is up to date");
}
