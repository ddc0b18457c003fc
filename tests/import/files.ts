/**
 * Import files made by spreadsheet libraries, as offices make them: `xlsx()` with exceljs (Date
 * values become real Excel date cells with a date format), `csv()` with csv-stringify, encoded as
 * UTF-8, UTF-8 with BOM, or GB18030 (iconv-lite), as Excel on Chinese Windows saves.
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import iconv from "iconv-lite";

export type Value = string | number | Date | null;

/** An Excel date cell value for a Shanghai wall-clock date/time (exceljs reads UTC fields). */
export function excelDate(date: string, time = "00:00"): Date {
  return new Date(`${date}T${time}:00Z`);
}

export async function xlsx(headers: string[], rows: Value[][], opts: { title?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  if (opts.title) ws.addRow([opts.title]);
  ws.addRow(headers);
  for (const r of rows) {
    const row = ws.addRow(r);
    row.eachCell((cell) => {
      if (cell.value instanceof Date) {
        const d = cell.value;
        cell.numFmt = d.getUTCHours() || d.getUTCMinutes() ? "yyyy-mm-dd hh:mm" : "yyyy-mm-dd";
      }
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function csv(headers: string[], rows: Value[][], encoding: "utf8" | "utf8bom" | "gb18030" = "utf8"): Buffer {
  const text = stringify([headers, ...rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v ?? "")))]);
  if (encoding === "gb18030") return iconv.encode(text, "gb18030");
  const body = Buffer.from(text, "utf8");
  return encoding === "utf8bom" ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}
