/** `ledger migrate`: applies pending committed migrations to DATABASE_URL's SQLite file. */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { CliContext } from "../flags.ts";
import { applyMigrations, sqlitePath } from "../../db/migrate.ts";

export async function run(_args: string[], ctx: CliContext): Promise<number> {
  mkdirSync(path.dirname(sqlitePath(ctx.databaseUrl)), { recursive: true });
  const applied = await applyMigrations(ctx.databaseUrl);
  ctx.out(applied.length ? `已应用迁移 (applied): ${applied.join(", ")}` : "数据库已是最新 (up to date)");
  return 0;
}
