/**
 * `ledger backup FILE`: an online, consistent copy of the database while the app keeps running.
 * - SQLite: SQLite's backup API (better-sqlite3 `backup`). The copy is made in ONE step: copied
 *   a few pages at a time, the backup restarts whenever the app (another connection) writes, so
 *   under a steady stream of writes it never finished. One step reads a single snapshot under a
 *   read lock, which in WAL mode does not block the app's writers (tests/ops/backup.test.ts).
 * - PostgreSQL: `pg_dump --format=custom` (one snapshot in one transaction, writers not blocked),
 *   restored with `pg_restore -d URL FILE`; when pg_dump is missing it says how to install it.
 * Refuses to overwrite FILE; the copy is private (0600).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { makePrivate } from "../../files/private.ts";
import path from "node:path";
import type { CliContext } from "../flags.ts";
import { parseFlags } from "../flags.ts";
import { openRaw } from "../../db/client.ts";
import { engineOf } from "../../db/engine.ts";
import { findPgTool } from "../../db/pg-tools.ts";

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
  const started = Date.now();
  if (engineOf(ctx.databaseUrl) === "postgres") {
    const code = pgDump(ctx, target);
    if (code !== 0) return code;
  } else {
    const raw = openRaw(ctx.databaseUrl);
    try {
      // After the first (empty) step, copy every remaining page at once: one consistent snapshot.
      await raw.backup(target, { progress: () => 0x7fffffff });
    } finally {
      raw.close();
    }
  }
  makePrivate(target); // 0600: the whole database
  ctx.out(`备份完成: ${target}（${Date.now() - started} ms）`);
  return 0;
}

/** Runs pg_dump into `target`; 0 on success, else prints why (and how to fix) and returns 1. */
function pgDump(ctx: CliContext, target: string): number {
  const pgDumpPath = findPgTool("pg_dump");
  if (!pgDumpPath) {
    ctx.err("PostgreSQL 备份需要 pg_dump，但本机没有：请安装 PostgreSQL 客户端（Debian: apt-get install -y postgresql-client），" +
      `或在能连到数据库的机器上运行: pg_dump --format=custom --file=${target} "$DATABASE_URL"`);
    return 1;
  }
  // No shell; the password (if any) goes in PGPASSWORD, not in the arguments `ps` shows.
  const url = new URL(ctx.databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = "";
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env;
  const r = spawnSync(pgDumpPath, ["--format=custom", "--no-owner", `--file=${target}`, `--dbname=${url.toString()}`], { encoding: "utf8", env });
  if (r.status !== 0) {
    rmSync(target, { force: true }); // no half-written backup left to be mistaken for one
    ctx.err(`pg_dump 失败: ${(r.stderr || r.error?.message || "").trim()}`);
    return 1;
  }
  ctx.out(`恢复方法: pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" ${target}`);
  return 0;
}
