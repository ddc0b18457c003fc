/**
 * plainRowWriter (src/reports/xlsx-rows.ts) writes exactly the sheet XML that exceljs's own
 * `addRow(...).commit()` writes for the same rows: texts with every character XML must escape or
 * drop, empty texts, integers, decimals and negative numbers, a money column with its number
 * format (text and number cells in it), rows shorter than the columns, and an empty row.
 */
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { openBoundedZip } from "../../src/import/zip.ts";
import { plainRowWriter, xmlEncode } from "../../src/reports/xlsx-rows.ts";

const ROWS: Array<Array<string | number>> = [
  ["2026-01-05", "wangsl", "王某", 3, "<b>&'\"</b>", 12.5, ""],
  ["", "a\u0001b\u007Fc\td\ne\rf", "'=1+1", 0, "第一责任区", -0.01, "补录"],
  ["2026-12-31", "x", "y", 1234567, "多行\n内容", "", ""],
  ["short", 1],
  [],
  ["2026-06-30", "z", "z", 1e21, "emoji 😀", 99.99, "late"],
  // longer than the writer's scratch buffer takes (a third of 64 KB in UTF-16 units): written as a string
  ["2026-07-01", "long", "长", 2, "长文本".repeat(8000), 1, ""],
  ["2026-07-02", "after", "后", 3, "短", 2, ""],
];

async function sheetXml(fill: (wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: ExcelJS.Worksheet) => void): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet("表", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = ["日期", "登录名", "姓名", "次数", "内容", "金额", "补录"].map((header, i) => ({ header, width: 10, ...(i === 5 ? { style: { numFmt: "0.00" } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  fill(wb, ws);
  ws.commit();
  await wb.commit();
  const zip = await openBoundedZip(Buffer.concat(chunks));
  return (await zip.text("xl/worksheets/sheet1.xml", 1 << 20)) + (await zip.text("xl/styles.xml", 1 << 20));
}

describe("plainRowWriter", () => {
  it("writes the bytes exceljs writes for the same rows", async () => {
    const viaExceljs = await sheetXml((_wb, ws) => {
      for (const r of ROWS) ws.addRow(r).commit();
    });
    const fast = await sheetXml((wb, ws) => {
      const add = plainRowWriter(wb, ws);
      for (const r of ROWS) add(r);
    });
    expect(viaExceljs).toContain('t="str"><v>&lt;b&gt;&amp;&apos;&quot;&lt;/b&gt;</v>');
    expect(fast).toBe(viaExceljs);
  });

  it("refuses a sheet whose header row is not committed", () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough(), useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet("表");
    ws.columns = [{ header: "日期", width: 10 }];
    expect(() => plainRowWriter(wb, ws)).toThrow(/header row/);
  });

  it("escapes as exceljs does", () => {
    expect(xmlEncode("a<b>&'\"\u0000\u0008\u000B\u001F\u007F\t\n\r")).toBe("a&lt;b&gt;&amp;&apos;&quot;\t\n\r");
    expect(xmlEncode("平常的字")).toBe("平常的字");
  });
});
