/**
 * `ledger report assessment --year 2026 [--as-of …] [--format json|xlsx] [--out FILE]` (FORMATS.md
 * "Command line"): the 三维考核 of src/reports/assessment.ts — the stored one for a finalized year,
 * else computed as of `--as-of` (default today, Asia/Shanghai). JSON (pretty-printed, the
 * documented shape) to standard output unless `--out`; XLSX needs `--out` or a non-terminal output.
 * Bad flags exit 2 with a Chinese message; a missing database exits 1.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { writePrivateFile } from "../../files/private.ts";
import { engineOfUrl, openKysely } from "../../db/kysely.ts";
import { sqlitePath } from "../../db/migrate.ts";
import { localDateOf } from "../../rules/index.ts";
import { assessmentJson, assessmentOf } from "../../reports/assessment.ts";
import { assessmentXlsx } from "../../reports/assessment-export.ts";
import { asOfFlag, yearFlag, type CliContext } from "../flags.ts";

const USAGE = "用法: ledger report assessment --year 2026 [--as-of 2026-12-31] [--format json|xlsx] [--out FILE]";

const schema = z
  .object({
    _: z.array(z.string()),
    year: yearFlag,
    "as-of": asOfFlag,
    format: z.enum(["json", "xlsx"], { error: "--format 应为 json 或 xlsx" }).default("json"),
    out: z.string({ error: "--out 需要一个文件名" }).min(1, "--out 需要一个文件名").optional(),
  })
  .strict();

export async function assessmentCommand(flags: Record<string, unknown>, ctx: CliContext): Promise<number> {
  const parsed = schema.safeParse(flags);
  if (!parsed.success) {
    for (const i of parsed.error.issues) ctx.err(i.code === "unrecognized_keys" ? `未知参数: ${i.keys.map((k) => `--${k}`).join(", ")}` : i.message);
    ctx.err(USAGE);
    return 2;
  }
  const { year, format, out } = parsed.data;
  const asOf = parsed.data["as-of"] ?? localDateOf(new Date());
  if (format === "xlsx" && !out && process.stdout.isTTY) {
    ctx.err("XLSX 是二进制文件，请用 --out 指定输出文件（或重定向标准输出）");
    return 2;
  }
  if (engineOfUrl(ctx.databaseUrl) === "sqlite" && !existsSync(sqlitePath(ctx.databaseUrl))) {
    ctx.err(`数据库不存在: ${sqlitePath(ctx.databaseUrl)}（请先运行 ledger migrate）`);
    return 1;
  }
  const kx = openKysely(ctx.databaseUrl, { poolSize: 1 });
  let detail;
  try {
    detail = await assessmentOf(kx, year, asOf);
  } finally {
    await kx.destroy();
  }
  if (format === "xlsx") {
    const buf = await assessmentXlsx(detail);
    if (out) writePrivateFile(out, buf);
    else process.stdout.write(buf);
  } else {
    const text = JSON.stringify(assessmentJson(detail), null, 2);
    if (out) writePrivateFile(out, text + "\n");
    else ctx.out(text);
  }
  if (out) ctx.err(`已导出 ${year} 年度三维考核（${detail.units.length} 个单位）到 ${out}`);
  return 0;
}
