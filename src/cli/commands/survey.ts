/**
 * `ledger survey draw --year 2026 --seed N [--org CODE]` (FORMATS.md "Command line"): draws the
 * 民意调查 sample of each assessed unit under ORG (default: the whole county; ORG may be a unit
 * itself) with src/domain/assessment/survey.ts, stores it (replacing a draw the unit has no
 * answers for yet) and prints one JSON line per person: { "org": unit code, "resident": id,
 * "name": name }, units in tree order, people in draw order (受访编号 1…n). The same seed and
 * data draw the same sample.
 * A unit without 常住人口 is refused: named by --org, the command exits 1 having written nothing;
 * among several units it is skipped with a message on standard error (the others are drawn).
 * Exit codes: 0 drawn, 1 nothing could be drawn or a named unit refused, 2 bad usage.
 */
import { existsSync } from "node:fs";
import { z } from "zod";
import { engineOfUrl, openKysely } from "../../db/kysely.ts";
import { jsonValues } from "../../db/dialect.ts";
import { sqlitePath } from "../../db/migrate.ts";
import { localDateOf } from "../../rules/index.ts";
import { parseSeed } from "../../domain/assessment/draw.ts";
import { drawSurvey } from "../../domain/assessment/survey.ts";
import { assessedUnits, orgOfCode, unitsUnder } from "../../domain/assessment/units.ts";
import { DomainError } from "../../core/errors.ts";
import { yearFlag } from "../flags.ts";
import { parseFlags, type CliContext } from "../flags.ts";

const USAGE = "用法: ledger survey draw --year 2026 --seed N [--org 组织代码]";

const schema = z
  .object({
    _: z.tuple([z.literal("draw")], { error: "请指定子命令: draw" }),
    year: yearFlag,
    seed: z.string({ error: "请用 --seed 指定随机种子（非负整数）" }),
    org: z.string({ error: "--org 需要一个组织代码" }).min(1, "--org 需要一个组织代码").optional(),
  })
  .strict();

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const parsed = schema.safeParse(parseFlags(args));
  if (!parsed.success) {
    for (const i of parsed.error.issues) ctx.err(i.code === "unrecognized_keys" ? `未知参数: ${i.keys.map((k) => `--${k}`).join(", ")}` : i.message);
    ctx.err(USAGE);
    return 2;
  }
  const { year, org: code } = parsed.data;
  const seed = parseSeed(parsed.data.seed);
  if (typeof seed === "string") {
    ctx.err(`--seed: ${seed}`);
    return 2;
  }
  if (engineOfUrl(ctx.databaseUrl) === "sqlite" && !existsSync(sqlitePath(ctx.databaseUrl))) {
    ctx.err(`数据库不存在: ${sqlitePath(ctx.databaseUrl)}（请先运行 ledger migrate）`);
    return 1;
  }
  const kx = openKysely(ctx.databaseUrl, { poolSize: 1 });
  try {
    let units = await assessedUnits(kx, year);
    if (code) {
      const org = await orgOfCode(kx, code);
      if (!org) {
        ctx.err(`没有组织代码为「${code}」的组织`);
        return 1;
      }
      units = unitsUnder(units, org.path);
      if (units.length === 0) {
        ctx.err(`「${org.name}」不是被考核单位，其下也没有被考核单位`);
        return 1;
      }
    }
    const single = units.length === 1 && code !== undefined;
    const now = new Date();
    const today = localDateOf(now);
    let drawn = 0;
    let refused = 0;
    for (const unit of units) {
      try {
        const d = await drawSurvey(kx, { year, orgId: unit.id, seed }, null, now, today);
        const names = new Map(
          (await kx.selectFrom("Resident").select(["id", "name"]).where("id", "in", jsonValues(kx, d.residentIds, "integer")).execute()).map((r) => [r.id, r.name]),
        );
        for (const id of d.residentIds) ctx.out(JSON.stringify({ org: unit.code, resident: id, name: names.get(id) ?? "" }));
        drawn++;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        ctx.err(single ? e.message : `跳过「${unit.name}」（${unit.code}）: ${e.message}`);
        refused++;
      }
    }
    if (single && refused > 0) return 1;
    if (drawn === 0) return 1;
    ctx.err(`已抽样 ${drawn} 个单位（${year} 年度，随机种子 ${seed}）${refused ? `，${refused} 个单位未抽样` : ""}`);
    return 0;
  } finally {
    await kx.destroy();
  }
}
