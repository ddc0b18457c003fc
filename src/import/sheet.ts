/**
 * What reading an import file yields (src/import/read.ts) and the limits every reader keeps
 * (issue 11 items 1–2): rows, columns and cells held, so a hostile file is refused long before
 * memory runs out.
 */
import type { Cell } from "../domain/values.ts";

export interface SheetRow {
  /** The row number a spreadsheet shows (the first row is 1). */
  number: number;
  cells: Cell[];
}

export interface Sheet {
  rows: SheetRow[];
  format: "xlsx" | "csv";
  encoding?: "utf-8" | "utf-16" | "gb18030";
}

/** The most data rows one import takes (a county's year of talks is about 300,000: split by half-year). */
export const MAX_ROWS = 200_000;
/** The most rows looked at, blank ones included (a sheet of empty rows is work too). */
export const MAX_SCANNED_ROWS = 1_000_000;
/** The message for a file of more rows than are ever looked at. */
export const TOO_MANY_SCANNED = `文件过大或格式异常：超过 ${MAX_SCANNED_ROWS / 10_000} 万行（含空行），请删除多余的空行或拆分文件`;
/** The widest row read: templates have at most a dozen columns; 256 leaves room for notes. */
export const MAX_COLUMNS = 256;
/** The most cells held in all (200,000 rows × 20 columns). */
export const MAX_CELLS = 4_000_000;

/** Old Excel (.xls) and OpenDocument (.ods) files are not read (issue 11 item 10). */
export const UNSUPPORTED_FORMAT = "暂不支持 .xls/.ods 文件，请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后再上传";

/** 1 → "A", 27 → "AA", 16384 → "XFD". */
export function columnLetters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}
