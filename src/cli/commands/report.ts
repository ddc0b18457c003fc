/**
 * `ledger report compliance --year 2026 [--as-of 2026-12-31] [--format json|csv|xlsx] [--out FILE]`
 * (FORMATS.md "Command line"): the compliance report of src/domain/compliance/report.ts; and
 * `ledger report rollup --year 2026 [--org CODE] [--as-of …] [--format …] [--out FILE]`: the roll-up
 * of src/domain/rollup/report.ts (`--org` defaults to the root, the whole county); and
 * `ledger report assessment --year 2026 [--as-of …] [--format json|xlsx]`: report-assessment.ts.
 *
 * - `--as-of` defaults to today in Asia/Shanghai (`localDateOf(new Date())`); an as-of after the
 *   year's end is kept (every status is then final).
 * - JSON (pretty-printed) or CSV goes to standard output unless `--out` names a file. XLSX needs
 *   `--out`, or a standard output that is not a terminal (a pipe or a redirection).
 * - Bad flags print a Chinese message on standard error and exit 2; a missing database exits 1.
 */
import { existsSync } from "node:fs";
import { writePrivateFile } from "../../files/private.ts";
import { z } from "zod";
import { sqlitePath } from "../../db/migrate.ts";
import { engineOfUrl, openKysely } from "../../db/kysely.ts";
import { localDateOf } from "../../rules/index.ts";
import { buildComplianceReport } from "../../domain/compliance/report.ts";
import { complianceCsv, complianceXlsx } from "../../reports/compliance-export.ts";
import { parseFlags, type CliContext } from "../flags.ts";
import { rollupOf } from "../../domain/rollup/report.ts";
import { orgComplianceReport } from "../../domain/compliance/org.ts";
import { orgByCode, rootOrg } from "../../domain/rollup/queries.ts";
import { rollupCsv, rollupXlsx } from "../../reports/rollup-export.ts";
import { asOfFlag, yearFlag } from "../flags.ts";
import { assessmentCommand } from "./report-assessment.ts";

const USAGE = "用法: ledger report compliance|rollup|assessment --year 2026 [--org CODE] [--as-of 2026-12-31] [--format json|csv|xlsx] [--out FILE]";

const flagsSchema = z
  .object({
    _: z.array(z.string()),
    year: yearFlag,
    "as-of": asOfFlag,
    format: z.enum(["json", "csv", "xlsx"], { error: "--format 应为 json、csv 或 xlsx" }).default("json"),
    out: z.string({ error: "--out 需要一个文件名" }).min(1, "--out 需要一个文件名").optional(),
    org: z.string({ error: "--org 需要一个组织代码" }).min(1, "--org 需要一个组织代码").optional(),
  })
  .strict();

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `未知参数: ${issue.keys.map((k) => `--${k}`).join(", ")}`;
  return issue.message;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const flags = parseFlags(args);
  const [kind, ...extra] = flags._;
  if (kind === "assessment" && extra.length === 0) return assessmentCommand(flags, ctx);
  if ((kind !== "compliance" && kind !== "rollup") || extra.length > 0) {
    ctx.err(kind === undefined ? "请指定报表类型: compliance 或 rollup" : `未知报表或多余参数: ${flags._.join(" ")}（可用: compliance、rollup、assessment）`);
    ctx.err(USAGE);
    return 2;
  }
  const parsed = flagsSchema.safeParse(flags);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.err(describe(issue));
    ctx.err(USAGE);
    return 2;
  }
  const { year, format, out } = parsed.data;
  const asOf = parsed.data["as-of"] ?? localDateOf(new Date());
  if (format === "xlsx" && !out && process.stdout.isTTY) {
    ctx.err("XLSX 是二进制文件，请用 --out 指定输出文件（或重定向标准输出）");
    return 2;
  }

  const sqlite = engineOfUrl(ctx.databaseUrl) === "sqlite";
  const file = sqlite ? sqlitePath(ctx.databaseUrl) : null;
  if (file !== null && !existsSync(file)) {
    ctx.err(`数据库不存在: ${file}（请先运行 ledger migrate）`);
    return 1;
  }
  if (kind === "rollup") return rollupCommand(ctx, { year, asOf, format, out, org: parsed.data.org });
  // Kysely on DATABASE_URL: the same report from a SQLite file or a PostgreSQL server.
  const kx = openKysely(ctx.databaseUrl, { poolSize: 1 });
  let report;
  try {
    if (parsed.data.org) {
      const org = await orgByCode(kx, parsed.data.org);
      if (!org) {
        ctx.err(`组织不存在: ${parsed.data.org}`);
        return 1;
      }
      report = await orgComplianceReport(kx, { year, asOf, org });
    } else report = await buildComplianceReport(kx, { year, asOf });
  } finally {
    await kx.destroy();
  }

  if (format === "xlsx") {
    const buf = await complianceXlsx(report);
    if (out) writePrivateFile(out, buf);
    else process.stdout.write(buf);
  } else {
    const text = format === "json" ? JSON.stringify(report, null, 2) : complianceCsv(report);
    if (out) writePrivateFile(out, format === "json" ? text + "\n" : text);
    else ctx.out(text.replace(/\r?\n$/, ""));
  }
  if (out) ctx.err(`已导出 ${year} 年达标情况（截至 ${asOf}，${report.members.length} 名党员）到 ${out}`);
  return 0;
}

/** The roll-up on either engine: Kysely on DATABASE_URL (one connection is enough for a CLI read). */
async function rollupCommand(ctx: CliContext, o: { year: number; asOf: string; format: "json" | "csv" | "xlsx"; out?: string; org?: string }): Promise<number> {
  const kx = openKysely(ctx.databaseUrl, { poolSize: 1 });
  let report;
  try {
    const org = o.org ? await orgByCode(kx, o.org) : await rootOrg(kx);
    if (!org) {
      ctx.err(`组织不存在: ${o.org ?? "（根组织）"}`);
      return 1;
    }
    report = (await rollupOf(kx, org.id, o.year, o.asOf))!;
  } finally {
    await kx.destroy();
  }
  if (o.format === "xlsx") {
    const buf = await rollupXlsx(report);
    if (o.out) writePrivateFile(o.out, buf);
    else process.stdout.write(buf);
  } else {
    const text = o.format === "json" ? JSON.stringify(report, null, 2) : rollupCsv(report);
    if (o.out) writePrivateFile(o.out, o.format === "json" ? text + "\n" : text);
    else ctx.out(text.replace(/\r?\n$/, ""));
  }
  if (o.out) ctx.err(`已导出 ${report.org.name} ${o.year} 年汇总（截至 ${o.asOf}）到 ${o.out}`);
  return 0;
}
