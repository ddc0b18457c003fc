/**
 * The 三维考核 as XLSX (issue 13 item 5): Chinese headers, one row per unit in rank order, the
 * year's weights in a second sheet; A4 landscape page setup with page numbers in the footer.
 * Text cells guarded like every export (compliance-export.ts `guardCell`); an empty score is "".
 */
import ExcelJS from "exceljs";
import { guardCell } from "./compliance-export.ts";
import type { AssessmentDetail } from "./assessment.ts";
import { SHARES, SHARE_LABELS } from "./assessment-performance.ts";
import { LEVELS, LEVEL_LABELS } from "../domain/assessment/scores.ts";

export const MARK_LABELS = { top: "前三名（表扬）", bottom: "后三名（约谈）" } as const;

export const ASSESSMENT_HEADER = [
  "名次", "单位代码", "单位", "工作实绩", "民主测评", "民意调查", "总分", "标记",
  ...SHARES.map((k) => `${SHARE_LABELS[k]}（%）`),
  ...LEVELS.map((l) => `${LEVEL_LABELS[l]}测评票数`),
  "受访人数",
];

/** The rows of the sheet, in the header's order. */
export function assessmentRows(d: AssessmentDetail): (string | number)[][] {
  return d.units.map((u) => [
    u.rank, u.code, u.name, u.performance ?? "", u.rating ?? "", u.survey ?? "", u.total, u.mark ? MARK_LABELS[u.mark] : "",
    ...SHARES.map((k) => u.shares[k].percent ?? ""),
    ...LEVELS.map((l) => u.levels[l].ballots),
    u.respondents,
  ].map((c) => guardCell(c)));
}

export async function assessmentXlsx(d: AssessmentDetail): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`${d.year}年度三维考核`, {
    views: [{ state: "frozen", ySplit: 1 }],
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    headerFooter: { oddFooter: "第 &P 页，共 &N 页" },
  });
  ws.addRow(ASSESSMENT_HEADER);
  ws.getRow(1).font = { bold: true };
  for (const r of assessmentRows(d)) ws.addRow(r);
  ws.columns.forEach((c, i) => {
    c.width = i === 2 ? 24 : i >= 8 ? 16 : 10;
  });
  const w = wb.addWorksheet("权重");
  w.addRow(["项目", "权重"]);
  w.getRow(1).font = { bold: true };
  w.addRow(["工作实绩", d.weights.performance]);
  w.addRow(["民主测评", d.weights.rating]);
  w.addRow(["民意调查", d.weights.survey]);
  w.addRow(["截止日期", d.asOf]);
  w.addRow(["定稿", d.finalizedAt ? "已定稿" : "未定稿"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
