/**
 * CSV and XLSX of the compliance report (FORMATS.md "Compliance report": "CSV and XLSX carry the
 * same figures, one row per member and period"), with Chinese headers and enumeration words
 * (FORMATS.md "Values": every enumeration takes its Chinese word, as in DOMAIN.md).
 *
 * Rows: for each member, 年度谈心 (period = the year), then 月度谈心 per month, 每周走访 per ISO week
 * and 结穷亲 (period = the reference date: asOf, or 31 Dec for a past year) where the rule
 * applies; then one 院坝会 row per zone and month (登录名 empty, 责任区 set); then one 会议记录 row
 * per half-year for the branch (姓名 = the branch's name).
 *
 * Formula injection: any text cell that starts with `=`, `+`, `-`, `@`, tab or carriage return is
 * prefixed with `'` so that a spreadsheet never runs it (FORMATS.md), in both formats (`guardCell`).
 */
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";
import type { ComplianceReport, PeriodResult, Status, Tally } from "../domain/compliance/report.ts";
import { RULE_LABELS, ROLE_LABELS, STATUS_LABELS } from "../core/labels.ts";

export const COMPLIANCE_HEADER = ["登录名", "姓名", "角色", "责任区", "规则", "周期", "完成数", "要求数", "状态"] as const;

export type Cell = string | number;

export const ROLE_NAMES: Record<string, string> = ROLE_LABELS;

/** The report's keys named as the rules of DOMAIN.md (labels.ts RULE_LABELS). */
export const RULE_NAMES = {
  yearTalks: RULE_LABELS.YEAR_TALKS,
  monthlyTalks: RULE_LABELS.MONTH_TALKS,
  weeklyVisits: RULE_LABELS.WEEK_VISITS,
  pairings: RULE_LABELS.PAIRINGS,
  courtyard: RULE_LABELS.MONTH_COURTYARD,
  branchMeetings: RULE_LABELS.HALF_MEETINGS,
} as const;

export const STATUS_NAMES: Record<Status, string> = STATUS_LABELS;

const DANGEROUS_START = /^[=+\-@\t\r]/;

/**
 * A cell made safe for a spreadsheet: text starting with `=`, `+`, `-`, `@`, tab or CR gets a
 * leading `'` (FORMATS.md); numbers pass through unchanged; null/undefined become "".
 */
export function guardCell(value: string | number | null | undefined): Cell {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return value;
  return DANGEROUS_START.test(value) ? `'${value}` : value;
}

/** The report's rows in the export's column order (unguarded; numbers stay numbers). */
export function complianceRows(report: ComplianceReport): Cell[][] {
  return Array.from(complianceRowsOf(report));
}

/** complianceRows one row at a time (a county-wide report is over a million rows: no array of them). */
export function* complianceRowsOf(report: ComplianceReport): Generator<Cell[]> {
  const yearEnd = `${String(report.year).padStart(4, "0")}-12-31`;
  const refDate = report.asOf < yearEnd ? report.asOf : yearEnd;
  const row = (who: [string, string, string, string], rule: string, period: string, r: Tally): Cell[] => [
    ...who,
    rule,
    period,
    r.count,
    r.required,
    STATUS_NAMES[r.status] ?? r.status,
  ];
  function* each(who: [string, string, string, string], rule: string, list: PeriodResult[] | undefined) {
    for (const r of list ?? []) yield row(who, rule, r.period, r);
  }
  for (const m of report.members) {
    const who: [string, string, string, string] = [m.username, m.name, ROLE_NAMES[m.role] ?? m.role, m.zone ?? ""];
    yield row(who, RULE_NAMES.yearTalks, String(report.year), m.yearTalks);
    yield* each(who, RULE_NAMES.monthlyTalks, m.monthlyTalks);
    yield* each(who, RULE_NAMES.weeklyVisits, m.weeklyVisits);
    if (m.pairings) yield row(who, RULE_NAMES.pairings, refDate, m.pairings);
  }
  for (const z of report.zones) yield* each(["", "", "", z.name], RULE_NAMES.courtyard, z.monthlyCourtyardMeetings);
  yield* each(["", report.branch.name ?? "党支部", "", ""], RULE_NAMES.branchMeetings, report.branch.halfYearMeetings);
}

/** The report as CSV: UTF-8 BOM, CRLF line ends, the Chinese header, every cell guarded. */
export function complianceCsv(report: ComplianceReport): string {
  const rows = complianceRows(report).map((r) => r.map(guardCell));
  return stringify([[...COMPLIANCE_HEADER], ...rows], { bom: true, record_delimiter: "windows" });
}

/**
 * The report as an .xlsx workbook: one sheet 达标情况 with the CSV's header and rows, numbers as
 * numbers, text guarded, the header bold and frozen.
 */
export async function complianceXlsx(report: ComplianceReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("达标情况", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow([...COMPLIANCE_HEADER]);
  ws.getRow(1).font = { bold: true };
  for (const r of complianceRows(report)) ws.addRow(r.map(guardCell));
  ws.columns.forEach((c, i) => {
    c.width = [14, 10, 10, 14, 10, 12, 8, 8, 8][i] ?? 10;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
