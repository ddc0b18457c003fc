/**
 * Reading an uploaded file into rows of cells (FORMATS.md: "Files are `.xlsx` or `.csv` (UTF-8 with
 * or without BOM; GB18030 accepted too, since Excel on Chinese Windows writes it)").
 *
 * - `.xlsx` (a ZIP, recognised by its `PK` signature whatever the name says): the first worksheet,
 *   read with exceljs; Excel date cells arrive as `Date`s whose UTC fields are the wall-clock date
 *   and time; rich text, hyperlinks and formulas are reduced to their text / cached result.
 * - `.csv`: the encoding is detected, never asked: a UTF-8 BOM → UTF-8; a UTF-16 BOM → UTF-16
 *   (Excel's "Unicode text"); bytes that are valid UTF-8 → UTF-8; anything else → GB18030
 *   (a superset of GBK and GB2312) via iconv-lite. Parsed with csv-parse (quotes, embedded commas
 *   and line breaks).
 * - Row numbers are those a spreadsheet shows (the first row is 1); blank rows are dropped but
 *   keep the numbering of the rows after them.
 * Throws `ReadError` (Chinese message) for an unreadable file, an old `.xls`, or too many rows.
 */
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { Readable } from "node:stream";
import type { Cell } from "./values.ts";

export interface SheetRow {
  number: number;
  cells: Cell[];
}

export interface Sheet {
  rows: SheetRow[];
  format: "xlsx" | "csv";
  encoding?: "utf-8" | "utf-16" | "gb18030";
}

export class ReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReadError";
  }
}

/** The most data rows one import takes (a county's year of talks is about 300,000: split by half-year). */
export const MAX_ROWS = 200_000;

/** Decodes CSV bytes: BOM → its encoding; valid UTF-8 → UTF-8; otherwise GB18030. */
export function decodeText(buf: Uint8Array): { text: string; encoding: "utf-8" | "utf-16" | "gb18030" } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder("utf-8").decode(buf.subarray(3)), encoding: "utf-8" };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: new TextDecoder("utf-16le").decode(buf.subarray(2)), encoding: "utf-16" };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: new TextDecoder("utf-16be").decode(buf.subarray(2)), encoding: "utf-16" };
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(buf), encoding: "utf-8" };
  } catch {
    return { text: iconv.decode(Buffer.from(buf), "gb18030"), encoding: "gb18030" };
  }
}

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOleXls = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads `.xlsx` or `.csv` bytes (the name only breaks a tie) into a Sheet. Throws ReadError. */
export async function readSheet(buf: Uint8Array, filename = ""): Promise<Sheet> {
  if (buf.length === 0) throw new ReadError("文件是空的");
  if (isOleXls(buf) || /\.xls$/i.test(filename)) throw new ReadError("不支持旧版 .xls 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再上传");
  if (isZip(buf)) return readXlsx(buf);
  if (/\.xlsx$/i.test(filename)) throw new ReadError("文件不是有效的 .xlsx（可能已损坏），请重新保存后上传");
  return readCsv(buf);
}

function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return cellOf((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ("text" in v && typeof v.text === "string") return v.text;
    if ("error" in v) return null;
  }
  return String(v);
}

interface StreamRow {
  number: number;
  values: ExcelJS.CellValue[];
}

/**
 * The first worksheet (lowest sheet number), streamed: faster and lighter than loading the whole
 * workbook (100,000 rows: ≈ 1.9 s instead of ≈ 3 s here). Shared strings and styles are cached so
 * text and date cells resolve even when Excel stores them after the sheet.
 */
async function readXlsx(buf: Uint8Array): Promise<Sheet> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(buf)), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "emit",
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions);
  let best: { id: number; rows: SheetRow[] } | null = null;
  try {
    for await (const ws of reader) {
      const id = Number((ws as unknown as { id: number }).id);
      const rows: SheetRow[] = [];
      for await (const row of ws as unknown as AsyncIterable<StreamRow>) {
        const values = row.values; // 1-based: values[0] is empty
        const cells: Cell[] = [];
        let any = false;
        for (let i = 1; i < values.length; i++) {
          const c = cellOf(values[i]);
          if (c !== null && !(typeof c === "string" && c.trim() === "")) any = true;
          cells.push(c);
        }
        if (any) rows.push({ number: row.number, cells });
        if (rows.length > MAX_ROWS + 1) throw new ReadError(`一次最多导入 ${MAX_ROWS} 行，请拆分文件`);
      }
      if (best === null || id < best.id) best = { id, rows };
    }
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError("无法读取该 .xlsx 文件（可能已损坏或加密），请重新保存后上传");
  }
  if (best === null) throw new ReadError("文件中没有工作表");
  return { rows: best.rows, format: "xlsx" };
}

function readCsv(buf: Uint8Array): Sheet {
  const { text, encoding } = decodeText(buf);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new ReadError(`CSV 格式有误${line ? `（约第 ${line} 行）` : ""}，请检查引号是否成对`);
  }
  const rows: SheetRow[] = [];
  for (let i = 0; i < records.length; i++) {
    const cells = records[i];
    let any = false;
    for (const c of cells) if (c.trim() !== "") any = true;
    if (any) rows.push({ number: i + 1, cells });
  }
  if (rows.length > MAX_ROWS + 1) throw new ReadError(`一次最多导入 ${MAX_ROWS} 行，请拆分文件`);
  return { rows, format: "csv", encoding };
}
