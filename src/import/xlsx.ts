/**
 * The first worksheet of an `.xlsx`, read as a stream with bounded work (issue 11 item 1).
 *
 * The ZIP is opened by src/import/zip.ts (declared sizes checked before inflating, inflation
 * stopped at the declared size or the part's limit); the parts are then fed, in the order the
 * sheet needs them (relationships, workbook, styles, shared strings, the sheet), to exceljs's
 * streaming WorkbookReader parsers. That uses the reader's part parsers directly (exceljs is
 * pinned at 4.4.0) because its own entry loop reads the archive with unzipper, which cannot be
 * bounded: a part with a data descriptor inflates until its deflate stream ends.
 *
 * While rows stream, the work is bounded by what they hold: a row whose cells reach past
 * `MAX_COLUMNS` (one cell in column XFD makes exceljs report 16,384 cells) or more than
 * `MAX_CELLS` cells in all is refused before the row is materialized, as are more rows than
 * the cap. Date cells arrive as `Date`s whose UTC fields are the wall-clock date and time; rich
 * text, hyperlinks and formulas are reduced to their text / cached result.
 * Errors: ReadError (Chinese), ImportAborted when `signal` fires.
 */
import ExcelJS from "exceljs";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import type { Readable } from "node:stream";
import { openBoundedZip } from "./zip.ts";
import { checkAborted, ImportAborted, ReadError, TOO_BIG, tooManyRows } from "./read-errors.ts";
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SCANNED_ROWS, TOO_MANY_SCANNED, columnLetters, UNSUPPORTED_FORMAT, type Sheet, type SheetRow } from "./sheet.ts";
import type { Cell } from "../domain/values.ts";

/** Metadata parts are small; a bigger one is refused before it is parsed into memory. */
const MAX_META_BYTES = 16 * 1024 * 1024;
/** Shared strings are held in memory while the sheet streams. */
const MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024;
const YIELD_EVERY = 500;

/** The parts of exceljs 4.4.0's WorkbookReader used here (not in its typings). */
interface ReaderParts {
  model?: { sheets?: { id: number; name: string; rId: string }[] };
  workbookRels?: { Id: string; Target: string }[];
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Iterable<{ eventType: string; value: AsyncIterable<StreamRow> }>;
}

interface StreamRow {
  number: number;
  cellCount: number;
  values: ExcelJS.CellValue[];
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

/** "worksheets/sheet1.xml" or "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml". */
const partOf = (target: string) => (target.startsWith("/") ? target.slice(1) : `xl/${target}`);

/** Reads the first worksheet (lowest sheet id) of `buf`. */
export async function readXlsx(buf: Buffer, signal?: AbortSignal): Promise<Sheet> {
  const zip = await openBoundedZip(buf, signal);
  if (zip.sizes.has("mimetype") && !zip.sizes.has("xl/workbook.xml")) {
    const mime = await zip.text("mimetype", 1024).catch(() => "");
    if (mime.startsWith("application/vnd.oasis.opendocument")) throw new ReadError(UNSUPPORTED_FORMAT);
  }
  for (const part of ["xl/workbook.xml", "xl/_rels/workbook.xml.rels"]) {
    if (!zip.sizes.has(part)) throw new ReadError("无法读取该 .xlsx 文件（可能已损坏或加密），请重新保存后上传");
  }
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(undefined as never, {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  } as ExcelJS.stream.xlsx.WorkbookStreamReaderOptions) as unknown as ReaderParts;
  try {
    await reader._parseRels(await zip.open("xl/_rels/workbook.xml.rels", MAX_META_BYTES));
    await reader._parseWorkbook(await zip.open("xl/workbook.xml", MAX_META_BYTES));
    if (zip.sizes.has("xl/styles.xml")) await reader._parseStyles(await zip.open("xl/styles.xml", MAX_META_BYTES));
    if (zip.sizes.has("xl/sharedStrings.xml")) {
      for await (const _ of reader._parseSharedStrings(await zip.open("xl/sharedStrings.xml", MAX_SHARED_STRINGS_BYTES))) void _;
    }
    checkAborted(signal);
    const rels = new Map((reader.workbookRels ?? []).map((r) => [r.Id, partOf(r.Target)]));
    const sheets = [...(reader.model?.sheets ?? [])].sort((a, b) => Number(a.id) - Number(b.id));
    const path = sheets.map((s) => rels.get(s.rId)).find((p): p is string => p !== undefined && zip.sizes.has(p));
    if (!path) throw new ReadError("文件中没有工作表");
    const sheetNo = path.match(/sheet(\d+)\.xml$/)?.[1] ?? "1";
    const stream = await zip.open(path);
    const [event] = [...reader._parseWorksheet(stream, sheetNo)];
    return { rows: await boundedRows(event.value, signal), format: "xlsx" };
  } catch (e) {
    if (e instanceof ReadError || e instanceof ImportAborted) throw e;
    throw new ReadError("无法读取该 .xlsx 文件（可能已损坏或加密），请重新保存后上传");
  }
}

/** The non-blank rows, refusing a file past the column, cell or row limits. */
async function boundedRows(ws: AsyncIterable<StreamRow>, signal?: AbortSignal): Promise<SheetRow[]> {
  const rows: SheetRow[] = [];
  let cellsHeld = 0;
  let seen = 0;
  for await (const row of ws) {
    if (++seen > MAX_SCANNED_ROWS) throw new ReadError(TOO_MANY_SCANNED);
    if (seen % YIELD_EVERY === 0) {
      await yieldToLoop(); // let other requests in while a big sheet is read
      checkAborted(signal);
    }
    // cellCount is the last used column: checked before `values` spreads the row out.
    if (row.cellCount > MAX_COLUMNS) {
      throw new ReadError(`${TOO_BIG}：第 ${row.number} 行用到了第 ${columnLetters(row.cellCount)} 列（最多 ${MAX_COLUMNS} 列），请删除多余的列后重新保存`);
    }
    const values = row.values; // 1-based: values[0] is empty
    const cells: Cell[] = [];
    let any = false;
    for (let i = 1; i < values.length; i++) {
      const c = cellOf(values[i]);
      if (c !== null && !(typeof c === "string" && c.trim() === "")) any = true;
      cells.push(c);
    }
    if (!any) continue;
    cellsHeld += cells.length;
    if (cellsHeld > MAX_CELLS) throw new ReadError(`${TOO_BIG}：单元格超过 ${MAX_CELLS / 10_000} 万个，请拆分文件或删除多余的列`);
    rows.push({ number: row.number, cells });
    if (rows.length > MAX_ROWS + 1) throw new ReadError(tooManyRows(MAX_ROWS));
  }
  return rows;
}
