/**
 * Reminders (提醒): who is behind pace now — this ISO week's line visits (责任区工作制度 6(1)),
 * this month's talks of cadres (谈心制度 6), this year's talks (谈心制度 5) — and which zones have
 * not yet held this month's 院坝会, each with what is still owed and the days left (today
 * included, Asia/Shanghai). "Behind" is the quota engine's `at_risk`: the period is not over and
 * count / required < the elapsed share of it. Built on the compliance report so the figures are
 * the overview's and the dashboard's. Per org (org-scope.ts): with `org`, only its subtree's
 * people (by their branch today) and zones, cut in the report's queries.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { isoWeekOf, periodByLabel, remaining, type Period, type PeriodResult } from "../rules/index.ts";
import { naturalCompare } from "../domain/natural-order.ts";
import { buildComplianceReport, type ComplianceReport, type MemberCompliance } from "../domain/compliance/report.ts";
import { orgCompliance, type OrgRef } from "./org-scope.ts";

export interface Reminder {
  id: number; // member or zone id
  name: string;
  zone: string | null;
  count: number;
  required: number;
  left: number;
  daysLeft: number;
}

export interface ReminderList {
  title: string;
  period: Period;
  /** The first `limit` rows, ordered by zone then name. */
  rows: Reminder[];
  /** How many in all. */
  total: number;
}

/** Rows shown per list (a county has thousands behind on the year's talks; filter by org or zone). 100: four lists stay under 200 KB of HTML (issue 16). */
export const REMINDER_LIMIT = 100;

export interface Reminders {
  today: string;
  week: ReminderList;
  month: ReminderList;
  year: ReminderList;
  courtyard: ReminderList;
}

const collator = { compare: naturalCompare }; // 第三责任区 before 第十二责任区

function list(title: string, period: Period, today: string, items: { id: number; name: string; zone: string | null; r: PeriodResult | undefined }[]): ReminderList {
  const rows: Reminder[] = [];
  for (const { id, name, zone, r } of items) {
    if (!r || r.status !== "at_risk") continue;
    const { left, daysLeft } = remaining({ count: r.count, required: r.required, period, today });
    rows.push({ id, name, zone, count: r.count, required: r.required, left, daysLeft });
  }
  rows.sort((a, b) => collator.compare(a.zone ?? "", b.zone ?? "") || collator.compare(a.name, b.name) || a.id - b.id);
  return { title, period, rows: rows.slice(0, REMINDER_LIMIT), total: rows.length };
}

const people = (members: MemberCompliance[], pick: (m: MemberCompliance) => PeriodResult | undefined) =>
  members.map((m) => ({ id: m.id, name: m.name, zone: m.zone, r: pick(m) }));

/**
 * The reminders as of `today` (YYYY-MM-DD, Asia/Shanghai), for the whole ledger or `org`'s subtree
 * (the caller has checked reach), or one zone of it.
 */
export async function buildReminders(kx: Kysely<DB>, today: string, zoneId?: number, org?: OrgRef): Promise<Reminders> {
  const year = Number(today.slice(0, 4));
  const zone = zoneId ? { zoneId } : {};
  const reportOf = (y: number): Promise<ComplianceReport> =>
    org ? orgCompliance(kx, { year: y, asOf: today, org, ...zone }, buildComplianceReport) : buildComplianceReport(kx, { year: y, asOf: today, ...zone });
  const report = await reportOf(year);
  const month = periodByLabel(today.slice(0, 7));
  // The current ISO week may belong to the next or previous ISO week-year (2027-01-01 is 2026-W53).
  const w = isoWeekOf(today);
  const weekMembers = w.weekYear === year ? report.members : (await reportOf(w.weekYear)).members;
  const week = periodByLabel(w.label);
  const yearP = periodByLabel(String(year));

  return {
    today,
    week: list("本周走访", week, today, people(weekMembers, (m) => m.weeklyVisits?.find((r) => r.period === w.label))),
    month: list("本月谈心", month, today, people(report.members, (m) => m.monthlyTalks?.find((r) => r.period === month.label))),
    year: list("本年谈心", yearP, today, people(report.members, (m) => ({ period: String(year), ...m.yearTalks }))),
    courtyard: list(
      "本月院坝会",
      month,
      today,
      report.zones.map((z) => ({ id: z.id, name: z.name, zone: z.name, r: z.monthlyCourtyardMeetings.find((r) => r.period === month.label) })),
    ),
  };
}
