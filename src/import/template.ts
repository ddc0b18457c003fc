/**
 * Blank import templates, one per kind (FORMATS.md "Import files": Chinese headers exactly as
 * listed). CSV: UTF-8 with BOM (so Excel shows Chinese), the header row only. XLSX: the header
 * row on the first sheet (the one imports read), and a second sheet 填写说明 with what goes in
 * each column and an example row, so no example is ever imported by mistake.
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { specOf } from "./engine.ts";
import type { ImportKind } from "./types.ts";

export function templateCsv(kind: ImportKind): Buffer {
  const spec = specOf(kind);
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(stringify([spec.columns.map((c) => c.header)]), "utf8")]);
}

export async function templateXlsx(kind: ImportKind): Promise<Buffer> {
  const spec = specOf(kind);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(spec.label);
  ws.addRow(spec.columns.map((c) => c.header)).font = { bold: true };
  spec.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.max(12, c.header.length * 3);
    col.numFmt = "@"; // text, so phone and ID numbers keep every digit
  });
  const help = wb.addWorksheet("填写说明");
  help.addRow(["列名", "是否必填", "说明", "示例"]).font = { bold: true };
  const ex = spec.example[0] ?? {};
  for (const c of spec.columns) help.addRow([c.header, c.required ? "必填" : "选填", c.note, ex[c.key] ?? ""]);
  help.addRow([]);
  help.addRow(["日期可写 2026-03-05、2026/3/5、2026年3月5日，或使用 Excel 日期单元格；全角数字会自动转换。"]);
  help.getColumn(1).width = 14;
  help.getColumn(3).width = 50;
  help.getColumn(4).width = 24;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
