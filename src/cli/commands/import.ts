/**
 * `ledger import <orgs|zones|units|members|transfers|residents|talks|visits|meetings|ballots|survey|stays|writings|stationing|training> FILE [--dry-run] [--by LOGIN]`
 * (FORMATS.md "Command line"): imports a .xlsx or .csv file exactly as the admin's web import does
 * (src/import/engine.ts): every row checked first; any error prints the list (row, column, value,
 * reason) and exits 1 having written nothing; otherwise all rows are written in one transaction,
 * duplicates reported and skipped. `--dry-run` checks only. A members import prints each new
 * account's one-time password (shown once, stored only hashed).
 *
 * The import is recorded as done by `--by` (an active admin's login name), else by the first
 * active admin, else by nobody (the audit entry then has no actor; a meetings import then needs a
 * 主持人 on each row, since a meeting records who entered it). "Today" is the Asia/Shanghai date.
 * Exit codes: 0 done, 1 errors in the file or a database problem, 2 bad usage.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { openDb } from "../../db/client.ts";
import { engineOfUrl, openKysely } from "../../db/kysely.ts";
import { ensureBaseline } from "../../domain/baseline.ts";
import { applyMigrations, sqlitePath } from "../../db/migrate.ts";
import { localDateOf } from "../../rules/index.ts";
import { commitImport } from "../../import/engine.ts";
import { ReadError } from "../../import/read.ts";
import { IMPORT_KINDS, type ImportKind } from "../../import/types.ts";
import { parseFlags, type CliContext } from "../flags.ts";

const USAGE = `用法: ledger import <${IMPORT_KINDS.join("|")}> FILE [--dry-run] [--by 管理员登录名]`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(args);
  const [kind, file, ...extra] = flags._;
  const unknown = Object.keys(flags).filter((k) => k !== "_" && k !== "dry-run" && k !== "by");
  if (!kind || !(IMPORT_KINDS as readonly string[]).includes(kind) || !file || extra.length > 0 || unknown.length > 0) {
    if (unknown.length) ctx.err(`未知参数: ${unknown.map((k) => `--${k}`).join(", ")}`);
    else if (kind && !(IMPORT_KINDS as readonly string[]).includes(kind)) ctx.err(`未知的导入类型: ${kind}`);
    ctx.err(USAGE);
    return 2;
  }
  if (!existsSync(file)) {
    ctx.err(`找不到文件: ${file}`);
    return 2;
  }
  const sqlite = engineOfUrl(ctx.databaseUrl) === "sqlite";
  if (sqlite && !existsSync(sqlitePath(ctx.databaseUrl))) {
    ctx.err(`数据库不存在: ${sqlitePath(ctx.databaseUrl)}（先运行 ledger migrate）`);
    return 1;
  }
  await applyMigrations(ctx.databaseUrl);
  const db = openDb(ctx.databaseUrl);
  await ensureBaseline(db); // the branch and default thresholds, on a new database
  await db.$disconnect();
  const kx = openKysely(ctx.databaseUrl, { poolSize: 1 });
  try {
    const by = typeof flags.by === "string" ? flags.by.toLowerCase() : null;
    let admins = kx.selectFrom("Member").select("id").where("role", "=", "ADMIN").where("active", "=", 1);
    if (by) admins = admins.where("username", "=", by);
    const admin = await admins.orderBy("id").limit(1).executeTakeFirst();
    if (by && !admin) {
      ctx.err(`--by ${by} 不是在用的管理员账号`);
      return 2;
    }
    const now = new Date();
    const out = await commitImport(kx, kind as ImportKind, readFileSync(file), path.basename(file), {
      today: localDateOf(now),
      now,
      actorId: admin?.id ?? null,
      dryRun: flags["dry-run"] === true,
      source: "ledger import",
    });
    const { plan } = out;
    for (const w of plan.warnings) ctx.err(`提示: ${w}`);
    if (plan.errors.length > 0) {
      ctx.err(`${plan.label}: ${plan.errors.length} 处错误，未写入任何数据：`);
      for (const e of plan.errors) ctx.err(`第 ${e.row} 行\t${e.column}\t${e.value}\t${e.reason}`);
      return 1;
    }
    for (const d of plan.duplicates) ctx.out(`重复（未导入）第 ${d.row} 行: ${d.key}`);
    if (!out.committed) {
      ctx.out(`检查通过（--dry-run，未写入）: 共 ${plan.rows} 行，将新增 ${plan.toAdd} 条，重复 ${plan.duplicates.length} 条`);
      return 0;
    }
    ctx.out(`${plan.label}导入完成: 共 ${plan.rows} 行，新增 ${out.added} 条${out.changed ? `，变动 ${out.changed} 人` : ""}，重复 ${plan.duplicates.length} 条`);
    if (out.passwords?.length) {
      ctx.out("新账号的一次性密码（只显示这一次，首次登录后必须修改）:");
      ctx.out("登录名\t姓名\t一次性密码");
      for (const p of out.passwords) ctx.out(`${p.username}\t${p.name}\t${p.password}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ReadError) {
      ctx.err(e.message);
      return 1;
    }
    throw e;
  } finally {
    await kx.destroy();
  }
}
