/**
 * The command line of the 三维考核 (FORMATS.md "Command line"): `ledger import ballots|survey`
 * (all or nothing, errors listed in Chinese), `ledger survey draw` (JSON lines, reproducible,
 * refusals) and `ledger report assessment` (the documented JSON; XLSX with Chinese headers).
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { testApp, type TestApp } from "../support/app.ts";
import { TMP_DIR } from "../support/db.ts";
import { buildAssessmentCounty, type AssessmentCounty } from "../support/assessment.ts";
import { main } from "../../src/cli/ledger.ts";

let t: TestApp;
let c: AssessmentCounty;
let out: string[];
let err: string[];
beforeEach(async () => {
  t = await testApp();
  c = await buildAssessmentCounty(t);
  out = [];
  err = [];
});
afterEach(() => t.close());
const ledger = (...args: string[]) => main(args, { databaseUrl: t.url, out: (l) => out.push(l), err: (l) => err.push(l) });
const file = (name: string, text: string) => {
  mkdirSync(TMP_DIR, { recursive: true });
  const p = path.join(TMP_DIR, `${Math.random().toString(36).slice(2)}-${name}`);
  writeFileSync(p, text);
  return p;
};
const count = async (table: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(t.kx)).rows[0].n);
const INDICATORS = "家庭收入,医疗社保,就业创业,子女教育,住房安居,道路交通,饮水用电,社会治安,环境卫生,办事效率,干部作风,矛盾调处,政策落实";

describe("ledger import ballots", () => {
  it("imports a file and refuses one with a bad row, writing nothing", async () => {
    const good = file("ballots.csv", "年度,被测评单位,测评层面,评价,测评人\n2026,XZA,上级,优秀,\n2026,XZA,上级,优秀,\n2026,XZB,平级,基本称职,张评议\n2026,BM1,下级,称职,\n");
    expect(await ledger("import", "ballots", good)).toBe(0);
    expect(await count("Ballot")).toBe(4);
    expect(await ledger("import", "ballots", good)).toBe(0); // only the named rater's ballot is a duplicate
    expect(await count("Ballot")).toBe(7);
    const bad = file("bad.csv", "年度,被测评单位,测评层面,评价\n2026,A1,上级,优秀\n2026,XZA,左级,优秀\n2026,XZA,上级,很好\n2026,NOPE,上级,优秀\n");
    err = [];
    expect(await ledger("import", "ballots", bad)).toBe(1);
    expect(err.join("\n")).toContain("不是被考核单位");
    expect(err.join("\n")).toContain("应为以下之一：上级、下级、平级");
    expect(err.join("\n")).toContain("应为以下之一：优秀、称职、基本称职、不称职");
    expect(err.join("\n")).toContain("没有组织代码为「NOPE」的组织");
    expect(await count("Ballot")).toBe(7);
  });
});

describe("ledger import survey", () => {
  it("imports answers by indicator header and refuses a respondent twice or a bad answer", async () => {
    const good = file("survey.csv", `年度,单位,调查方式,受访编号,${INDICATORS}\n2026,XZA,电话问卷,1,满意,满意,基本满意,,不满意,满意,满意,满意,满意,满意,满意,满意,满意\n2026,XZA,入户访谈,2,满意,,,,,,,,,,,,\n`);
    expect(await ledger("import", "survey", good)).toBe(0);
    expect(await count("SurveyAnswer")).toBe(2);
    const twice = file("twice.csv", `年度,单位,调查方式,受访编号,家庭收入\n2026,XZB,会议调查,5,满意\n2026,XZB,会议调查,5,不满意\n2026,XZB,会议调查,6,很满意\n2026,XZB,短信,7,满意\n`);
    err = [];
    expect(await ledger("import", "survey", twice)).toBe(1);
    const text = err.join("\n");
    expect(text).toContain("与第 2 行重复");
    expect(text).toContain("只能是 满意、基本满意 或 不满意");
    expect(text).toContain("应为以下之一：电话问卷、入户访谈、会议调查");
    expect(await count("SurveyAnswer")).toBe(2);
  });
  it("adds nothing for the same sheets again, and refuses a stored respondent with other answers, writing nothing", async () => {
    const sheet = (no: string, first: string) => `2026,XZA,电话问卷,${no},${first},满意,基本满意,,不满意,满意,满意,满意,满意,满意,满意,满意,满意`;
    const good = file("survey.csv", `年度,单位,调查方式,受访编号,${INDICATORS}\n${sheet("1", "满意")}\n${sheet("2", "不满意")}\n`);
    expect(await ledger("import", "survey", good)).toBe(0);
    expect(await ledger("import", "survey", good)).toBe(0); // the same file again: duplicates, nothing added
    expect(await count("SurveyAnswer")).toBe(2);
    const other = file("other.csv", `年度,单位,调查方式,受访编号,${INDICATORS}\n${sheet("3", "满意")}\n${sheet("2", "满意")}\n`);
    err = [];
    expect(await ledger("import", "survey", other)).toBe(1);
    expect(err.join("\n")).toContain("受访编号 2 的调查结果已经录入（内容不同），同一受访者不能计入两次");
    expect(await count("SurveyAnswer")).toBe(2);
  });
});

describe("ledger survey draw", () => {
  it("prints one JSON line per person, the same for the same seed, another for another seed", async () => {
    expect(await ledger("survey", "draw", "--year", "2026", "--seed", "42", "--org", "XZA")).toBe(0);
    const first = out.map((l) => JSON.parse(l) as { org: string; resident: number; name: string });
    expect(first.length).toBe(60);
    expect(new Set(first.map((p) => p.resident)).size).toBe(60);
    expect(first.every((p) => p.org === "XZA" && /^居民A[12]-/.test(p.name))).toBe(true);
    out = [];
    await ledger("survey", "draw", "--year", "2026", "--seed", "42", "--org", "XZA");
    expect(out.map((l) => JSON.parse(l))).toEqual(first);
    out = [];
    await ledger("survey", "draw", "--year", "2026", "--seed", "43", "--org", "XZA");
    expect(out.map((l) => JSON.parse(l).resident)).not.toEqual(first.map((p) => p.resident));
  });
  it("draws every unit of the county, skipping one without 常住人口", async () => {
    expect(await ledger("survey", "draw", "--year", "2026", "--seed", "1")).toBe(0);
    const byOrg = new Map<string, number>();
    for (const l of out) {
      const p = JSON.parse(l) as { org: string };
      byOrg.set(p.org, (byOrg.get(p.org) ?? 0) + 1);
    }
    expect(Object.fromEntries(byOrg)).toEqual({ XZA: 60, XZB: 12, BM1: 20 });
    expect(err.join("\n")).toContain("跳过「县交通局党支部」");
  });
  it("refuses a unit without 常住人口, an org that is no unit, a bad seed; nothing written", async () => {
    expect(await ledger("survey", "draw", "--year", "2026", "--seed", "1", "--org", "BM2")).toBe(1);
    expect(err.at(-1)).toContain("未设置常住人口");
    expect(await ledger("survey", "draw", "--year", "2026", "--seed", "1", "--org", "A1")).toBe(1);
    expect(err.at(-1)).toContain("不是被考核单位");
    expect(await ledger("survey", "draw", "--year", "2026", "--seed", "x1")).toBe(2);
    expect(await ledger("survey", "draw", "--year", "2026")).toBe(2);
    expect(await count("SurveyDraw")).toBe(0);
    expect(out).toEqual([]);
  });
});

describe("ledger report assessment", () => {
  it("prints the documented JSON and writes an XLSX with Chinese headers", async () => {
    await ledger("import", "ballots", file("b.csv", "年度,被测评单位,测评层面,评价\n2026,XZA,上级,优秀\n2026,XZA,下级,称职\n2026,XZB,上级,不称职\n"));
    out = [];
    expect(await ledger("report", "assessment", "--year", "2026", "--as-of", "2026-11-18")).toBe(0);
    const json = JSON.parse(out.join("\n"));
    expect(json.weights).toEqual({ performance: 0.54, rating: 0.23, survey: 0.23 });
    const xza = json.units.find((u: { code: string }) => u.code === "XZA");
    expect(xza.rating).toBe(round((0.4 * 100 + 0.3 * 80) / 0.7));
    expect(json.units.map((u: { code: string }) => u.code).sort()).toEqual(["BM1", "BM2", "XZA", "XZB"]);
    const x = path.join(TMP_DIR, `assessment-${Date.now()}.xlsx`);
    expect(await ledger("report", "assessment", "--year", "2026", "--format", "xlsx", "--out", x)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(x) as never);
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1, 9)).toEqual(["名次", "单位代码", "单位", "工作实绩", "民主测评", "民意调查", "总分", "标记"]);
    expect(ws.rowCount).toBe(5);
    expect(await ledger("report", "assessment", "--year", "2026", "--format", "csv")).toBe(2);
  });
});

const round = (x: number) => Math.round(x * 10) / 10;
