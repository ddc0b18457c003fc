/**
 * CSV downloads of the ledger lists (DOMAIN.md: a ledger is "any list of records a person can
 * filter, print and export"), as FORMATS.md's exports: UTF-8 with a BOM (Excel opens Chinese
 * intact), CRLF line ends, a Chinese header, every text cell passed through `guardCell` (text
 * starting with = + - @ tab or CR gets a leading ' so a spreadsheet never runs it). Rows come in
 * batches (pages of the list's own query) and are written as they come, waiting for the response
 * to drain, so a long list neither piles up in memory nor holds the event loop.
 */
import { once } from "node:events";
import type { Response } from "express";
import { stringify } from "csv-stringify/sync";
import { guardCell } from "./compliance-export.ts";

export type CsvValue = string | number | null | undefined;

const line = (rows: CsvValue[][]) => stringify(rows.map((r) => r.map(guardCell)), { record_delimiter: "windows" });

/**
 * Sends `header` and the rows of `batches` as the CSV attachment `filename` (ASCII name;
 * `Cache-Control: no-store`: it may hold personal data, masked as the list shows it).
 */
export async function sendCsv(res: Response, filename: string, header: readonly string[], batches: AsyncIterable<CsvValue[][]>): Promise<void> {
  res.attachment(filename).type("text/csv; charset=utf-8").set("Cache-Control", "no-store");
  res.write("\uFEFF" + line([[...header]]));
  for await (const rows of batches) {
    if (res.destroyed) return; // the browser went away
    if (rows.length && !res.write(line(rows))) await Promise.race([once(res, "drain"), once(res, "close")]);
  }
  res.end();
}
