/**
 * Prisma 7 configuration (required by the CLI). The database is the SQLite file named by
 * DATABASE_URL (default file:./data/ledger.db). On machines without Prisma's engine download,
 * migrations run through src/db/migrate.ts instead (see ENVIRONMENT.md).
 */
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/ledger.db" },
});
