import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run } from "../../src/cli/commands/report.ts";
import type { CliContext } from "../../src/cli/ledger.ts";
import { localDateOf } from "../../src/rules/index.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { daysOf, scenario } from "./scenario.ts";

let t: TestDb;
let dir: string;
let out: string[];
let err: string[];
let ctx: CliContext;

beforeEach(async () => {
  t = await freshDb();
  const s = await scenario(t);
  const zhang = await s.cadre("zhangsan", { name: "张三" });
  await s.talks(zhang.id, daysOf("2026-01", 6));
  dir = mkdtempSync(path.join(tmpdir(), "ledger-report-"));
  out = [];
  err = [];
  ctx = { databaseUrl: t.url, out: (l) => out.push(l), err: (l) => err.push(l) };
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("ledger report compliance", () => {
  it("prints the JSON report, pretty-printed, on standard output", async () => {
    expect(await run(["compliance", "--year", "2026", "--as-of", "2026-02-10"], ctx)).toBe(0);
    const text = out.join("\n");
    expect(text).toContain('\n  "year": 2026,');
    const report = JSON.parse(text);
    expect([report.year, report.asOf, report.timeZone]).toEqual([2026, "2026-02-10", "Asia/Shanghai"]);
    expect(report.members[0]).toMatchObject({
      username: "zhangsan",
      yearTalks: { count: 6, required: 10, status: "in_progress" },
      monthlyTalks: [
        { period: "2026-01", count: 6, required: 5, status: "met" },
        { period: "2026-02", count: 0, required: 5, status: "at_risk" },
      ],
    });
    expect(err).toEqual([]);
  });

  it("defaults asOf to today in Shanghai and keeps an asOf after the year", async () => {
    expect(await run(["compliance", "--year=2026"], ctx)).toBe(0);
    expect(JSON.parse(out.join("\n")).asOf).toBe(localDateOf(new Date()));
    out = [];
    expect(await run(["compliance", "--year", "2026", "--as-of", "2027-03-01"], ctx)).toBe(0);
    const report = JSON.parse(out.join("\n"));
    expect(report.asOf).toBe("2027-03-01");
    expect(report.members[0].yearTalks.status).toBe("missed");
  });

  it("writes CSV and XLSX files with --out", async () => {
    const csvFile = path.join(dir, "r.csv");
    expect(await run(["compliance", "--year", "2026", "--as-of", "2026-02-10", "--format", "csv", "--out", csvFile], ctx)).toBe(0);
    const csv = readFileSync(csvFile, "utf8");
    expect(csv.startsWith("\uFEFF登录名,姓名,角色,责任区,规则,周期,完成数,要求数,状态\r\n")).toBe(true);
    expect(csv).toContain("zhangsan,张三,党员干部,,月度谈心,2026-01,6,5,已达标");
    expect(out).toEqual([]);

    const xlsxFile = path.join(dir, "r.xlsx");
    expect(await run(["compliance", "--year", "2026", "--as-of", "2026-02-10", "--format", "xlsx", "--out", xlsxFile], ctx)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsxFile);
    expect(wb.getWorksheet("达标情况")?.getRow(2).getCell(7).value).toBe(6);
  });

  it("prints CSV on standard output without --out", async () => {
    expect(await run(["compliance", "--year", "2026", "--as-of", "2026-02-10", "--format", "csv"], ctx)).toBe(0);
    expect(out.join("\n").startsWith("\uFEFF登录名,")).toBe(true);
  });

  it("rejects bad flags with a Chinese message and exit code 2", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["compliance"], /--year/],
      [["compliance", "--year", "26"], /年份/],
      [["compliance", "--year", "2026", "--as-of", "2026-02-30"], /日期/],
      [["compliance", "--year", "2026", "--format", "pdf"], /json、csv 或 xlsx/],
      [["compliance", "--year", "2026", "--zone", "x"], /未知参数: --zone/],
      [["attendance", "--year", "2026"], /未知报表/],
      [[], /报表类型/],
    ];
    for (const [args, message] of cases) {
      err = [];
      expect(await run(args, ctx), args.join(" ")).toBe(2);
      expect(err.join("\n")).toMatch(message);
    }
    expect(out).toEqual([]);
  });
});
