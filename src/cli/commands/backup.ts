/**
 * `ledger backup FILE`: an online, consistent copy of the database while the app keeps running,
 * through SQLite's backup API (better-sqlite3 `backup`), which copies a snapshot page by page
 * and restarts if a writer changes a page it already copied. Refuses to overwrite FILE.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { CliContext } from "../ledger.ts";
import { parseFlags } from "../ledger.ts";
import { openRaw } from "../../db/client.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const target = parseFlags(args)._[0];
  if (!target) {
    ctx.err("用法: ledger backup FILE");
    return 2;
  }
  if (existsSync(target)) {
    ctx.err(`${target} 已存在，不覆盖；请换一个文件名`);
    return 1;
  }
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const raw = openRaw(ctx.databaseUrl);
  try {
    const started = Date.now();
    await raw.backup(target);
    ctx.out(`备份完成: ${target}（${Date.now() - started} ms）`);
    return 0;
  } finally {
    raw.close();
  }
}
