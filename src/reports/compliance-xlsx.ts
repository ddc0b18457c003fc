/**
 * The compliance report's .xlsx streamed to a writable (an HTTP response): the same sheet as
 * `complianceXlsx` (compliance-export.ts: 达标情况, the CSV's header bold and frozen, numbers as
 * numbers, text guarded against formulas), written row by row with exceljs's
 * `stream.xlsx.WorkbookWriter` and handing the event loop back every `yieldEvery` rows, so that a
 * county-wide workbook (over a million rows, several seconds of work) never holds up other
 * requests (QA finding 5: /healthz waited 5 s behind one download).
 */
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { ComplianceReport } from "../domain/compliance/report.ts";
import { COMPLIANCE_HEADER, complianceRowsOf, guardCell } from "./compliance-export.ts";
import { breathe, memoiseStyles, YIELD_EVERY } from "./year-workbook.ts";

const WIDTHS = [14, 10, 10, 14, 10, 12, 8, 8, 8];

/**
 * Writes `report` as an .xlsx workbook to `out` and ends it; resolves with the number of data rows.
 * Between batches of `yieldEvery` rows it waits for `out` to drain (or for the next turn of the
 * event loop). Rejects with the stream's error (for example a client that went away).
 */
export async function writeComplianceXlsx(report: ComplianceReport, out: Writable, yieldEvery = YIELD_EVERY): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "联系群众工作台账";
  memoiseStyles(wb);
  const ws = wb.addWorksheet("达标情况", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = COMPLIANCE_HEADER.map((header, i) => ({ header, width: WIDTHS[i] }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  let rows = 0;
  for (const cells of complianceRowsOf(report)) {
    ws.addRow(cells.map(guardCell)).commit();
    if (++rows % yieldEvery === 0) await breathe(ws, out);
  }
  ws.commit();
  await wb.commit();
  return rows;
}
