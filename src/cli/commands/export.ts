/**
 * `ledger export year --year 2026 [--as-of 2026-12-31] [--org CODE] --out FILE`: the year workbook
 * (src/reports/year-workbook.ts: sheets 达标情况, 谈心记录, 走访记录, 会议记录, 结穷亲, 帮扶记录,
 * 群众诉求), streamed to FILE. Progress goes to standard error: a bar redrawn in place on a
 * terminal, otherwise a line every 10%.
 *
 * - `--as-of` (the 达标情况 statuses' "today") defaults to today in Asia/Shanghai, or 31 December
 *   for a past year.
 * - `--org` limits it to that org's subtree (FORMATS.md "Organization reports"; default the whole
 *   ledger); an unknown code prints 组织不存在 and exits 1.
 * - The file is written under FILE.part and renamed when complete, so FILE is never half-written.
 * - Bad flags print a Chinese message and exit 2; a missing database exits 1.
 * - DATABASE_URL may name SQLite or PostgreSQL (issue 17): the org and the workbook are read with Kysely.
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { z } from "zod";
import { isPostgres, sqlitePath } from "../../db/engine.ts";
import { localDateOf } from "../../rules/index.ts";
import type { WorkbookProgress } from "../../reports/year-workbook.ts";
import { writeYearWorkbookFile } from "../../reports/year-workbook-file.ts";
import { orgOfCode, type OrgRef } from "../../reports/org-scope.ts";
import { openKysely } from "../../db/kysely.ts";
import { parseFlags, type CliContext } from "../flags.ts";
import { asOfFlag, yearFlag } from "../flags.ts";

const USAGE = "用法: ledger export year --year 2026 [--as-of 2026-12-31] [--org CODE] --out FILE";

const flagsSchema = z
  .object({
    _: z.array(z.string()),
    year: yearFlag,
    "as-of": asOfFlag,
    org: z.string({ error: "--org 需要一个组织代码" }).min(1, "--org 需要一个组织代码").optional(),
    out: z.string({ error: "请用 --out 指定输出文件，例如 --out 台账2026.xlsx" }).min(1, "请用 --out 指定输出文件"),
  })
  .strict();

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `未知参数: ${issue.keys.map((k) => `--${k}`).join(", ")}`;
  return issue.message;
}

/** A progress reporter: a bar on a terminal (redrawn with \r), else a line each 10%. */
function reporter(ctx: CliContext, tty: boolean) {
  let lastTenth = -1;
  return (p: WorkbookProgress) => {
    const pct = p.total ? Math.min(100, Math.floor((100 * p.rows) / p.total)) : 0;
    if (tty) {
      const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, ".");
      process.stderr.write(`\r[${bar}] ${String(pct).padStart(3)}% ${p.rows.toLocaleString("en")}/${p.total.toLocaleString("en")} 行 ${p.sheet}   `);
      if (p.sheet === "完成") process.stderr.write("\n");
    } else if (Math.floor(pct / 10) > lastTenth || p.sheet === "完成") {
      lastTenth = Math.floor(pct / 10);
      ctx.err(`… ${pct}% ${p.rows.toLocaleString("en")}/${p.total.toLocaleString("en")} 行 (rows) ${p.sheet}`);
    }
  };
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(args);
  const [kind, ...extra] = flags._;
  if (kind !== "year" || extra.length > 0) {
    ctx.err(kind === undefined ? "请指定导出内容: year" : `未知导出内容或多余参数: ${flags._.join(" ")}（可用: year）`);
    ctx.err(USAGE);
    return 2;
  }
  const parsed = flagsSchema.safeParse(flags);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.err(describe(issue));
    ctx.err(USAGE);
    return 2;
  }
  const { year, out } = parsed.data;
  const today = localDateOf(new Date());
  const asOf = parsed.data["as-of"] ?? (today > `${year}-12-31` ? `${year}-12-31` : today);
  const file = sqlitePath(ctx.databaseUrl);
  if (!isPostgres(ctx.databaseUrl) && !existsSync(file)) {
    ctx.err(`数据库不存在: ${file}（请先运行 ledger migrate）`);
    return 1;
  }
  let org: OrgRef | undefined;
  if (parsed.data.org) {
    const kx = openKysely(ctx.databaseUrl);
    try {
      org = (await orgOfCode(kx, parsed.data.org)) ?? undefined;
    } finally {
      await kx.destroy();
    }
    if (!org) {
      ctx.err(`组织不存在: ${parsed.data.org}`);
      return 1;
    }
  }

  const part = `${out}.part`;
  const started = Date.now();
  try {
    // Written by a worker thread with its own heap limits (year-workbook-file.ts), as the web's exports are.
    const result = await writeYearWorkbookFile(ctx.databaseUrl, part, { year, asOf, ...(org ? { org } : {}), onProgress: reporter(ctx, Boolean(process.stderr.isTTY)) });
    renameSync(part, out);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.err(`已导出${org ? ` ${org.name}` : ""} ${year} 年度台账（截至 ${asOf}，${result.rows.toLocaleString("en")} 行，${seconds} 秒）到 ${out}`);
    for (const [sheet, n] of Object.entries(result.sheets)) ctx.err(`  ${sheet} ${n.toLocaleString("en")} 行`);
    return 0;
  } catch (e) {
    rmSync(part, { force: true });
    throw e;
  }
}
