import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildComplianceReport, type ComplianceReport } from "../../src/domain/compliance/report.ts";
import { COMPLIANCE_HEADER, complianceCsv, complianceRows, complianceXlsx, guardCell } from "../../src/reports/compliance-export.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { daysOf, scenario } from "./scenario.ts";

let t: TestDb;
let r: ComplianceReport;

beforeEach(async () => {
  t = await freshDb();
  const s = await scenario(t);
  const zone = await s.zone("第一责任区", "2025-01-01");
  const zhang = await s.cadre("zhangsan", { name: "张三", cadreLevel: "COUNTY_MANAGED" });
  await s.assignZone(zhang.id, zone.id, "2025-01-01");
  const line = await s.line("1路");
  await s.assignLine(zhang.id, line.id, "2025-01-01");
  await s.talks(zhang.id, [...daysOf("2026-01", 5), ...daysOf("2026-02", 2)]);
  await s.visits(zhang.id, line.id, ["2026-01-05", "2026-01-06", "2026-01-07"]);
  await s.pairing(zhang.id, (await s.resident(zone.id, "住户")).id, "2025-05-01");
  const evil = await s.member("evil", { name: '=HYPERLINK("x")' });
  await s.talks(evil.id, ["2026-01-09"]);
  await s.meeting("COURTYARD", zone.id, "2026-01-20", zhang.id);
  await s.meeting("SURVEY", zone.id, "2026-02-10", zhang.id);
  r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-02-15" }));
});
afterEach(async () => {
  await t.close();
});

describe("guardCell", () => {
  it("prefixes a quote to text a spreadsheet would run, and leaves the rest alone", () => {
    for (const v of ["=1+1", "+86", "-2", "@SUM(A1)", "\tx", "\rx"]) expect(guardCell(v)).toBe(`'${v}`);
    expect(guardCell("张三")).toBe("张三");
    expect(guardCell("a=b")).toBe("a=b");
    expect(guardCell(7)).toBe(7);
    expect(guardCell(null)).toBe("");
  });
});

describe("compliance CSV", () => {
  it("begins with a BOM and the Chinese header, one row per member and period", () => {
    const csv = complianceCsv(r);
    expect(csv.startsWith("\uFEFF登录名,姓名,角色,责任区,规则,周期,完成数,要求数,状态\r\n")).toBe(true);
    const rows: string[][] = parse(csv.slice(1));
    expect(rows[0]).toEqual([...COMPLIANCE_HEADER]);
    const zhang = rows.filter((row) => row[0] === "zhangsan");
    expect(zhang.map((row) => [row[4], row[5]])).toEqual([
      ["年度谈心", "2026"],
      ["月度谈心", "2026-01"],
      ["月度谈心", "2026-02"],
      ...Array.from({ length: 7 }, (_, i) => ["每周走访", `2026-W0${i + 1}`]),
      ["结穷亲", "2026-02-15"],
    ]);
    expect(zhang[1]).toEqual(["zhangsan", "张三", "党员干部", "第一责任区", "月度谈心", "2026-01", "5", "5", "已达标"]);
    expect(zhang[10].slice(6)).toEqual(["1", "4", "未达标"]);
    expect(rows).toContainEqual(["", "", "", "第一责任区", "院坝会", "2026-01", "1", "1", "已达标"]);
    expect(rows).toContainEqual(["", "示范党支部", "", "", "会议记录", "2026-H1", "1", "1", "已达标"]);
  });

  it("neutralises a member named like a formula", () => {
    const csv = complianceCsv(r);
    const rows: string[][] = parse(csv.slice(1));
    expect(rows.find((row) => row[0] === "evil")?.[1]).toBe(`'=HYPERLINK("x")`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

describe("compliance XLSX", () => {
  it("has the sheet 达标情况 with the same figures as the JSON, numbers as numbers", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await complianceXlsx(r)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("达标情况")!;
    expect(ws).toBeDefined();
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([...COMPLIANCE_HEADER]);
    expect(ws.getRow(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });

    const expected = complianceRows(r).map((row) => row.map(guardCell));
    expect(ws.rowCount).toBe(expected.length + 1);
    for (let i = 0; i < expected.length; i++) {
      expect(values(i + 2).map((v) => v ?? "")).toEqual(expected[i]);
    }
    const zhangMonths = r.members.find((m) => m.username === "zhangsan")!.monthlyTalks!;
    const sheetMonths = expected.filter((row) => row[0] === "zhangsan" && row[4] === "月度谈心").map((row) => [row[6], row[7]]);
    expect(sheetMonths).toEqual(zhangMonths.map((p) => [p.count, p.required]));
    expect(typeof ws.getRow(2).getCell(7).value).toBe("number");
    expect(expected.find((row) => row[0] === "evil")?.[1]).toBe(`'=HYPERLINK("x")`);
  });
});
