/**
 * The county dashboard as XLSX (issue 13 item 5): sheet "概况" — the org's totals (类型 合计) then
 * one row per unit in the page's order, Chinese headers, the shortfalls in "未达标情况"; sheet
 * "逐月" — the org's figures per month (驻村干部: on the month's last day). Every text cell guarded like the compliance export
 * (compliance-export.ts `guardCell`), so a spreadsheet never runs a unit's name as a formula.
 * Set up to print on A4 landscape, fitted to the page width, with "第 &P 页 / 共 &N 页" in the footer.
 */
import ExcelJS from "exceljs";
import { guardCell, type Cell } from "./compliance-export.ts";
import { ORG_KIND_LABELS, type OrgKind } from "../core/org-tree.ts";
import { DESK_FIGURES, DESK_LABELS, MONTH_END_FIGURES, SERIES_FIGURES, type DeskReport, type DeskRow, type SeriesFigure } from "./desk.ts";

export const DESK_HEADER = ["单位代码", "单位", "类型", ...DESK_FIGURES.map((f) => DESK_LABELS[f]), "未达标情况"];
/** A series' column: a month-end figure says so (its months do not sum). */
const seriesLabel = (f: SeriesFigure) => ((MONTH_END_FIGURES as readonly string[]).includes(f) ? `${DESK_LABELS[f]}（月末）` : DESK_LABELS[f]);
export const DESK_TREND_HEADER = ["月份", ...SERIES_FIGURES.map(seriesLabel)];

const kindLabel = (k: string) => (k === "ZONE" ? "责任区" : ORG_KIND_LABELS[k as OrgKind] ?? k);

/** Totals first, then `rows` (the page's order), in DESK_HEADER's order (unguarded). */
export function deskRows(report: DeskReport, rows: readonly DeskRow[]): Cell[][] {
  const out: Cell[][] = [[report.org.code, report.org.name, "合计", ...DESK_FIGURES.map((f) => report.totals[f]), report.flags.text.join("；")]];
  for (const r of rows) out.push([r.code.startsWith("zone:") ? "" : r.code, r.name, kindLabel(r.kind), ...DESK_FIGURES.map((f) => r.figures[f]), r.flags.text.join("；")]);
  return out;
}

function a4(ws: ExcelJS.Worksheet, title: string): void {
  ws.pageSetup = { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:1" };
  ws.headerFooter = { oddHeader: `&C${title}`, oddFooter: "&C第 &P 页 / 共 &N 页" };
}

/** The workbook's bytes. */
export async function deskXlsx(report: DeskReport, rows: readonly DeskRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const title = `${report.org.name} ${report.year} 年工作概况（截至 ${report.lastDay}）`;
  const ws = wb.addWorksheet("概况", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(DESK_HEADER);
  ws.getRow(1).font = { bold: true };
  for (const r of deskRows(report, rows)) ws.addRow(r.map(guardCell));
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 24 : i === DESK_HEADER.length - 1 ? 60 : 12;
  });
  a4(ws, title);
  const tr = wb.addWorksheet("逐月", { views: [{ state: "frozen", ySplit: 1 }] });
  tr.addRow(DESK_TREND_HEADER);
  tr.getRow(1).font = { bold: true };
  report.trend.months.forEach((m, i) => tr.addRow([m, ...SERIES_FIGURES.map((f) => report.trend.series[f][i] ?? "")]));
  tr.columns.forEach((c) => {
    c.width = 14;
  });
  a4(tr, title);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
