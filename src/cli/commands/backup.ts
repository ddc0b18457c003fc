/**
 * `ledger backup FILE`: an online, consistent copy of the database while the app keeps running,
 * through SQLite's backup API (better-sqlite3 `backup`). The copy is made in ONE step: copied
 * a few pages at a time, the backup restarts whenever the app (another connection) writes, so
 * under a steady stream of writes it never finished. One step reads a single snapshot under a
 * read lock, which in WAL mode does not block the app's writers (tests/ops/backup.test.ts).
 * Refuses to overwrite FILE.
 */
import { existsSync, mkdirSync } from "node:fs";
import { makePrivate } from "../../files/private.ts";
import path from "node:path";
import type { CliContext } from "../flags.ts";
import { parseFlags } from "../flags.ts";
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
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true, mode: 0o700 }); // a folder it creates is private
  const raw = openRaw(ctx.databaseUrl);
  try {
    const started = Date.now();
    // After the first (empty) step, copy every remaining page at once: one consistent snapshot.
    await raw.backup(target, { progress: () => 0x7fffffff });
    makePrivate(target); // 0600: the whole database
    ctx.out(`备份完成: ${target}（${Date.now() - started} ms）`);
    return 0;
  } finally {
    raw.close();
  }
}
