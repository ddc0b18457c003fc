/**
 * `ledger seed [--scale demo|county] [--year 2026] [--years N]`: applies migrations, then fills
 * the EMPTY database with a generated county (src/seed/seed.ts) whose records run from 1 January
 * of the first year to today (Asia/Shanghai), or to 31 December when the year is already over.
 * Prints the row counts and the demo logins; exits 1 when the database is not empty.
 * The password of every seeded account is DEMO_PASSWORD (default demo1234).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../config.ts";
import { applyMigrations, sqlitePath } from "../../db/migrate.ts";
import { localDateOf } from "../../rules/index.ts";
import { seedDatabase, type SeedScale } from "../../seed/seed.ts";
import { parseFlags, type CliContext } from "../flags.ts";

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(args);
  const scale = (flags.scale === undefined ? "demo" : flags.scale) as SeedScale;
  if (scale !== "demo" && scale !== "county") {
    ctx.err(`--scale 只能是 demo 或 county (must be demo or county): ${String(scale)}`);
    return 2;
  }
  const today = localDateOf(new Date());
  const currentYear = Number(today.slice(0, 4));
  const year = flags.year === undefined ? currentYear : Number(flags.year);
  const years = flags.years === undefined ? 1 : Number(flags.years);
  if (!Number.isInteger(year) || year < 2000 || year > currentYear) {
    ctx.err(`--year 无效，须在 2000 到 ${currentYear} 之间 (invalid year): ${String(flags.year)}`);
    return 2;
  }
  if (!Number.isInteger(years) || years < 1 || years > 20) {
    ctx.err(`--years 无效 (invalid number of years): ${String(flags.years)}`);
    return 2;
  }

  mkdirSync(path.dirname(sqlitePath(ctx.databaseUrl)), { recursive: true });
  await applyMigrations(ctx.databaseUrl);

  const password = loadConfig().DEMO_PASSWORD;
  const started = Date.now();
  let summary;
  try {
    summary = await seedDatabase(ctx.databaseUrl, {
      scale,
      year,
      years,
      today: year < currentYear ? `${year}-12-31` : today,
      demoPassword: password,
      onProgress: (p) => ctx.err(`… ${p.rows.toLocaleString("en")} 行 (rows), ${p.date}`),
    });
  } catch (e) {
    ctx.err(e instanceof Error ? e.message : String(e));
    return 1;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  ctx.out(`已生成演示数据 (seeded, ${summary.scale}): ${summary.from} — ${summary.to}, ${summary.totalRows.toLocaleString("en")} 行 (rows) in ${seconds} s`);
  for (const [table, n] of Object.entries(summary.counts)) ctx.out(`  ${table.padEnd(22)} ${n.toLocaleString("en").padStart(10)}`);
  ctx.out("");
  ctx.out("演示账号 (demo logins) — 登录名 / 密码 / 角色:");
  for (const l of summary.logins) ctx.out(`  ${l.username.padEnd(10)} ${l.password.padEnd(12)} ${l.roleLabel}（${l.name}）`);
  ctx.out(`其他账号 m0001、m0002 … 的密码也是 ${password} (every other seeded account, m0001…, has the same password).`);
  return 0;
}
