/**
 * The roll-up as CSV and XLSX (FORMATS.md "Organization reports"): one row for the org's totals
 * (单位 = the org, 层级 = 合计) then one per child, Chinese headers, every text cell guarded like
 * the compliance export (compliance-export.ts `guardCell`). CSV: UTF-8 BOM, CRLF.
 */
import ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";
import { guardCell, type Cell } from "./compliance-export.ts";
import { ROLLUP_FIGURES, ROLLUP_LABELS, type RollupReport } from "../domain/rollup/report.ts";
import { ORG_KIND_LABELS, type OrgKind } from "../core/org-tree.ts";

export const ROLLUP_HEADER = ["单位代码", "单位", "类型", ...ROLLUP_FIGURES.map((f) => ROLLUP_LABELS[f])];

const kindLabel = (k: string) => (k === "ZONE" ? "责任区" : ORG_KIND_LABELS[k as OrgKind] ?? k);

/** Totals first (type 合计), then the children, in the header's order. */
export function rollupRows(report: RollupReport): Cell[][] {
  const rows: Cell[][] = [[report.org.code, report.org.name, "合计", ...ROLLUP_FIGURES.map((f) => report.totals[f])]];
  for (const c of report.children) rows.push([c.code.startsWith("zone:") ? "" : c.code, c.name, kindLabel(c.kind), ...ROLLUP_FIGURES.map((f) => c.totals[f])]);
  return rows;
}

export function rollupCsv(report: RollupReport): string {
  return stringify([ROLLUP_HEADER, ...rollupRows(report).map((r) => r.map(guardCell))], { bom: true, record_delimiter: "windows" });
}

export async function rollupXlsx(report: RollupReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("汇总", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(ROLLUP_HEADER);
  ws.getRow(1).font = { bold: true };
  for (const r of rollupRows(report)) ws.addRow(r.map(guardCell));
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 24 : 12;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
