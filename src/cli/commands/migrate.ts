/** `ledger migrate`: applies pending committed migrations to DATABASE_URL's database (SQLite file or PostgreSQL). */
import type { CliContext } from "../flags.ts";
import { applyMigrations } from "../../db/migrate.ts";
import { ensureDbFolder } from "../../db/engine.ts";

export async function run(_args: string[], ctx: CliContext): Promise<number> {
  ensureDbFolder(ctx.databaseUrl);
  const applied = await applyMigrations(ctx.databaseUrl);
  ctx.out(applied.length ? `已应用迁移 (applied): ${applied.join(", ")}` : "数据库已是最新 (up to date)");
  return 0;
}
