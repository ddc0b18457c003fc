/**
 * A `.csv` import file read as a stream (issue 11 item 2): decoded chunk by chunk and parsed by
 * csv-parse's streaming parser (quotes, embedded commas and line breaks), stopping as soon as
 * the row cap, the column limit or the cell limit is passed, and giving the event loop back every
 * few hundred records so other requests are answered while a big file is read.
 *
 * The encoding is detected, never asked (FORMATS.md): a UTF-8 BOM → UTF-8; a UTF-16 BOM →
 * UTF-16 (Excel's "Unicode text"); bytes that are valid UTF-8 → UTF-8; anything else → GB18030
 * (a superset of GBK and GB2312, what Excel on Chinese Windows writes) via iconv-lite's
 * streaming decoder, which keeps a character split across two chunks whole.
 * Errors: ReadError (Chinese), ImportAborted when `signal` fires.
 */
import { isUtf8 } from "node:buffer";
import { Writable, type Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";
import { checkAborted, ImportAborted, ReadError, TOO_BIG, tooManyRows } from "./read-errors.ts";
import { MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SCANNED_ROWS, TOO_MANY_SCANNED, type Sheet, type SheetRow } from "./sheet.ts";

type Encoding = "utf-8" | "utf-16" | "gb18030";
/** Small slices: csv-parse turns a whole slice into records at once, so a slice is the longest hold. */
const CHUNK = 8 * 1024;
/** One record (quoted line breaks included) of more than this is not a table row. */
const MAX_RECORD_BYTES = 1024 * 1024;

/** The encoding of CSV bytes, the iconv-lite name to decode them with, and the BOM's length. */
export function detectEncoding(buf: Uint8Array): { encoding: Encoding; codec: string; skip: number } {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: "utf-8", codec: "utf8", skip: 3 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { encoding: "utf-16", codec: "utf-16le", skip: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { encoding: "utf-16", codec: "utf-16be", skip: 2 };
  // isUtf8 checks the bytes without building a string (a 30 MB file in a few ms).
  if (isUtf8(buf)) return { encoding: "utf-8", codec: "utf8", skip: 0 };
  return { encoding: "gb18030", codec: "gb18030", skip: 0 };
}

/** Decodes CSV bytes at once (small texts; the import reads files through `readCsv`). */
export function decodeText(buf: Uint8Array): { text: string; encoding: Encoding } {
  const { encoding, codec, skip } = detectEncoding(buf);
  return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset + skip, buf.length - skip), codec), encoding };
}

/** The bytes in slices, giving the event loop a turn between slices and stopping when `signal` fires. */
async function* slicesOf(buf: Buffer, signal?: AbortSignal): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += CHUNK) {
    checkAborted(signal);
    yield buf.subarray(i, i + CHUNK);
    await yieldToLoop(); // other requests are answered between slices of a big file
  }
}

/**
 * csv-parse (7.0.3, pinned) builds a CsvError (two stack captures and a JSON copy of the record)
 * for every record whose length differs from the first one's, and relax_column_count then only
 * counts it: a header of five columns over millions of two-cell lines (or blank lines) spent
 * most of the "freeze" there. Ragged rows are normal here (blank lines, trailing cells), so the
 * expected length is set to each record's own before csv-parse compares; nothing else reads it.
 */
function acceptRaggedRows<T extends Transform>(parser: T): T {
  const api = (parser as unknown as { api?: { __onRecord?: (this: ParserApi, push: unknown) => unknown } }).api;
  const onRecord = api?.__onRecord;
  if (api && typeof onRecord === "function") {
    api.__onRecord = function (this: ParserApi, push: unknown) {
      this.state.expectedRecordLength = this.state.record.length;
      return onRecord.call(this, push);
    };
  }
  return parser;
}
interface ParserApi {
  state: { expectedRecordLength: number; record: unknown[] };
}

/** Reads CSV bytes into a Sheet; blank records are dropped but keep the numbering after them. */
export async function readCsv(buf: Buffer, signal?: AbortSignal): Promise<Sheet> {
  const { encoding, codec, skip } = detectEncoding(buf);
  const parser = acceptRaggedRows(parse({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: MAX_RECORD_BYTES }));
  const rows: SheetRow[] = [];
  let number = 0;
  let cellsHeld = 0;
  const take = (cells: string[]) => {
    if (++number > MAX_SCANNED_ROWS) throw new ReadError(TOO_MANY_SCANNED);
    let last = -1;
    for (let i = 0; i < cells.length; i++) if (cells[i].trim() !== "") last = i;
    if (last < 0) return;
    if (last >= MAX_COLUMNS) throw new ReadError(`${TOO_BIG}：第 ${number} 行有 ${last + 1} 列（最多 ${MAX_COLUMNS} 列），请删除多余的列后重新保存`);
    const kept = cells.length > MAX_COLUMNS ? cells.slice(0, MAX_COLUMNS) : cells;
    cellsHeld += kept.length;
    if (cellsHeld > MAX_CELLS) throw new ReadError(`${TOO_BIG}：单元格超过 ${MAX_CELLS / 10_000} 万个，请拆分文件或删除多余的列`);
    rows.push({ number, cells: kept });
    if (rows.length > MAX_ROWS + 1) throw new ReadError(tooManyRows(MAX_ROWS));
  };
  // A sink takes each record as the parser pushes it (no promise per record); its error (a
  // limit passed) ends the pipeline, which stops the slices and frees the parser.
  const sink = new Writable({
    objectMode: true,
    write(cells: string[], _enc, done) {
      try {
        take(cells);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
  try {
    // UTF-8 bytes go to csv-parse as they are: it splits records on the bytes and decodes each
    // field itself (a character split across two slices stays whole in the field's buffer).
    // Decoding them first only made csv-parse encode the text back to bytes (a third of reading
    // a 100,000-row file, issue 16 item 4). Other encodings are decoded by iconv-lite first.
    const slices = slicesOf(buf.subarray(skip), signal);
    if (codec === "utf8") await pipeline(slices, parser, sink);
    else await pipeline(slices, iconv.decodeStream(codec) as unknown as Transform, parser, sink);
  } catch (e) {
    if (e instanceof ReadError || e instanceof ImportAborted) throw e;
    const err = e as { code?: string; lines?: number };
    if (err.code === "CSV_MAX_RECORD_SIZE") throw new ReadError(`${TOO_BIG}：${err.lines ? `约第 ${err.lines} 行` : "有一行"}超过 1 MB，请检查引号是否成对`);
    throw new ReadError(`CSV 格式有误${err.lines ? `（约第 ${err.lines} 行）` : ""}，请检查引号是否成对`);
  }
  return { rows, format: "csv", encoding };
}
