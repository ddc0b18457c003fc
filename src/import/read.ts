/**
 * Reading an uploaded file into rows of cells (FORMATS.md: "Files are `.xlsx` or `.csv` (UTF-8 with
 * or without BOM; GB18030 accepted too, since Excel on Chinese Windows writes it)").
 *
 * - `.xlsx` (a ZIP, recognised by its `PK` signature whatever the name says): the first
 *   worksheet, streamed with bounded work (src/import/xlsx.ts, src/import/zip.ts).
 * - `.csv`: streamed, encoding detected (src/import/csv.ts).
 * - `.xls` (an OLE2 file, `D0 CF 11 E0`) and `.ods` (a ZIP whose `mimetype` is OpenDocument),
 *   by name or by content: refused with a message to save as .xlsx (issue 11 item 10).
 * - Row numbers are those a spreadsheet shows (the first row is 1); blank rows are dropped but
 *   keep the numbering of the rows after them.
 * Every reader stops at the limits of src/import/sheet.ts (rows, columns, cells, inflated bytes)
 * with a Chinese message, yields to the event loop while it reads, and stops when `signal` fires.
 * Throws `ReadError` (Chinese message) for an unreadable, unsupported or too large file, and
 * `ImportAborted` when the signal fired.
 */
import { readCsv } from "./csv.ts";
import { readXlsx } from "./xlsx.ts";
import { ReadError } from "./read-errors.ts";
import { UNSUPPORTED_FORMAT, type Sheet } from "./sheet.ts";

export { ImportAborted, ReadError } from "./read-errors.ts";
export { decodeText } from "./csv.ts";
export { MAX_ROWS, type Sheet, type SheetRow } from "./sheet.ts";

const isZip = (b: Uint8Array) => b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle2 = (b: Uint8Array) => b.length >= 4 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** Reads `.xlsx` or `.csv` bytes (the name only breaks a tie) into a Sheet. Throws ReadError / ImportAborted. */
export async function readSheet(buf: Uint8Array, filename = "", signal?: AbortSignal): Promise<Sheet> {
  if (buf.length === 0) throw new ReadError("文件是空的");
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.length);
  // An OLE2 file is an old .xls (or a password-protected workbook, which Excel also wraps in OLE2).
  if (isOle2(bytes) || /\.(xls|ods)$/i.test(filename)) throw new ReadError(UNSUPPORTED_FORMAT);
  if (isZip(bytes)) return readXlsx(bytes, signal);
  if (/\.xlsx$/i.test(filename)) throw new ReadError("文件不是有效的 .xlsx（可能已损坏），请重新保存后上传");
  return readCsv(bytes, signal);
}
