/**
 * Rows of plain cells (text or number) written straight into an exceljs streaming worksheet as the
 * XML exceljs itself writes for them, without its per-cell objects: exceljs builds a Row, a Cell
 * per value, a cell model, a style lookup and an XML node stack for every cell, which was a third
 * of the year workbook's time at county scale (issue 16 item 4). The bytes are exceljs 4.4's for
 * the same row (`<row r="N" spans="1:K" x14ac:dyDescent="0.25"><c r="A2" t="str"><v>…</v></c>…`,
 * numbers as `<c r="B2"><v>3</v></c>`, a column's style as `s="id"`), checked against exceljs's
 * own output in tests/reports/xlsx-rows.test.ts.
 *
 * Only for a `stream.xlsx.WorkbookWriter` worksheet WITHOUT shared strings, after its header row
 * was committed the ordinary way, with rows of `string | number` (no null: guardCell makes ""),
 * values from column A on (none missing), and no row style. Interleaving with `addRow` is not allowed.
 */
import ExcelJS from "exceljs";

type Ws = ExcelJS.Worksheet;

/** exceljs's internal worksheet-writer state this writer keeps in step. */
interface WriterInternals {
  stream: { write(chunk: string | Buffer): unknown; batch?: boolean };
  _rowZero: number;
  _rows: unknown[] | null;
  startedData: boolean;
}

interface StylesInternals {
  addStyleModel(model: object, cellType: number): number;
}

const STRING = ExcelJS.ValueType.String;
const NUMBER = ExcelJS.ValueType.Number;

/** exceljs's utils.xmlEncode: the five XML entities; DEL and C0 controls but tab, LF, CR dropped. */
const NEEDS_ESCAPE = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;
export function xmlEncode(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += "&quot;";
    else if (c === 38) out += "&amp;";
    else if (c === 39) out += "&apos;";
    else if (c === 60) out += "&lt;";
    else if (c === 62) out += "&gt;";
    else if (c === 127 || (c <= 31 && (c <= 8 || (c >= 11 && c !== 13)))) continue;
    else out += text[i];
  }
  return out;
}

/** A1-style column letters of 1-based column `n`. */
function letters(n: number): string {
  let s = "";
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * A writer of data rows into `ws` (of workbook `wb`), whose columns are already set and whose
 * header row is committed. Returns `(cells) => void`, one row per call, in order.
 * @throws Error when the worksheet is not in the state described in the module comment.
 */
export function plainRowWriter(wb: ExcelJS.stream.xlsx.WorkbookWriter, ws: Ws): (cells: ReadonlyArray<string | number>) => void {
  const w = ws as unknown as WriterInternals;
  const styles = (wb as unknown as { styles: StylesInternals }).styles;
  if (!w.startedData || !w._rows || w._rows.length) throw new Error("plainRowWriter: commit the header row first, and add no rows through exceljs");
  // Per column: its letters and the style id of a text and of a number cell in it (the cell's
  // style as exceljs derives it, Cell._mergeStyle of row and column: here only the column's numFmt).
  const cols: Array<{ letter: string; sText: string; sNum: string }> = [];
  const col = (i: number) => {
    let c = cols[i];
    if (!c) {
      const numFmt = ws.getColumn(i + 1).numFmt;
      const sText = styles.addStyleModel(numFmt ? { numFmt } : {}, STRING);
      const sNum = styles.addStyleModel(numFmt ? { numFmt } : {}, NUMBER);
      cols[i] = c = { letter: letters(i + 1), sText: sText ? ` s="${sText}"` : "", sNum: sNum ? ` s="${sNum}"` : "" };
    }
    return c;
  };
  // exceljs's sheet stream (StreamBuf in batch mode) copies a written Buffer into its own 64 KB
  // buffers before write() returns, so one scratch buffer serves every row: encoding each row to
  // a Buffer of its own made the export's external memory grow by ~65 MB between collections.
  const copies = w.stream.batch === true;
  const scratch = Buffer.allocUnsafe(copies ? SCRATCH_BYTES : 0);
  return (cells) => {
    const r = w._rowZero;
    if (cells.length === 0) {
      w._rowZero = r + 1; // exceljs writes nothing for a row without values
      return;
    }
    let xml = `<row r="${r}" spans="1:${cells.length}" x14ac:dyDescent="0.25">`;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      const c = col(i);
      xml += typeof v === "number" ? `<c r="${c.letter}${r}"${c.sNum}><v>${xmlEncode(String(v))}</v></c>` : `<c r="${c.letter}${r}"${c.sText} t="str"><v>${xmlEncode(v)}</v></c>`;
    }
    xml += "</row>";
    if (copies && xml.length * 3 <= scratch.length) {
      // encoded into the one scratch buffer, which the sheet's stream copies at once (no Buffer per row)
      w.stream.write(scratch.subarray(0, scratch.write(xml, 0)));
    } else w.stream.write(xml);
    w._rowZero = r + 1;
  };
}

/** Bytes of the scratch buffer a row is encoded into (a row longer than a third of it, in UTF-16 units, goes as a string). */
const SCRATCH_BYTES = 1 << 16;
