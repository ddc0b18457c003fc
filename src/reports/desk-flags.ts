/**
 * Who is behind, per unit of the county dashboard (issue 13 item 1: "units behind on any quota
 * are flagged with what they owe"), read in one pass over the compliance report of the year as of
 * `asOf` (src/domain/compliance/report.ts, the same cached report the roll-up reads), never per member:
 * - 谈心 per year: members whose yearly talks are `at_risk` or `missed`, with the talks they owe;
 * - 谈心 per month: cadres and secretaries behind in the month of the report's last day;
 * - 一线走访: cadres with a line behind in the ISO week of that day;
 * - 结穷亲: cadres whose pairings fall short of their level's quota, with the households owed;
 * - 院坝会: zones without the month's courtyard meeting (count < required), month of that day.
 * "The report's last day" is `asOf`, or 31 Dec when `asOf` is after the year. A member counts
 * toward the unit of where they belong on that day (as the roll-up's `members`), a zone toward
 * its branch. Statuses follow DOMAIN.md "The rules" (pace, pro-rating, settings per period).
 */
import { periodContaining, type PeriodResult } from "../rules/index.ts";
import type { ComplianceReport } from "../domain/compliance/report.ts";

/** One kind of shortfall in a unit: how many people (or zones) and how much they owe together. */
export interface Shortfall {
  count: number;
  owed: number;
}

export interface DeskFlags {
  yearTalks: Shortfall;
  monthTalks: Shortfall;
  weekVisits: Shortfall;
  pairings: Shortfall;
  courtyard: Shortfall;
  /** The sentences shown, e.g. "3 名党员谈心未达进度（差 12 次）"; empty when nobody is behind. */
  text: string[];
}

const BEHIND = new Set(["at_risk", "missed"]);
const none = (): Shortfall => ({ count: 0, owed: 0 });
const emptyFlags = (): Omit<DeskFlags, "text"> => ({ yearTalks: none(), monthTalks: none(), weekVisits: none(), pairings: none(), courtyard: none() });

function note(s: Shortfall, r: { count: number; required: number; status: string } | undefined): void {
  if (!r || !BEHIND.has(r.status)) return;
  s.count++;
  s.owed += Math.max(0, r.required - r.count);
}

const inPeriod = (list: readonly PeriodResult[] | undefined, label: string) => list?.find((p) => p.period === label);

/** The sentences of a unit's flags (Simplified Chinese), in the order of the quotas. */
export function flagText(f: Omit<DeskFlags, "text">, month: string, week: string): string[] {
  const out: string[] = [];
  const m = Number(month.slice(5, 7));
  if (f.yearTalks.count) out.push(`${f.yearTalks.count} 名党员谈心未达进度（差 ${f.yearTalks.owed} 次）`);
  if (f.monthTalks.count) out.push(`${f.monthTalks.count} 名干部 ${m} 月谈心未达进度（差 ${f.monthTalks.owed} 次）`);
  if (f.weekVisits.count) out.push(`${f.weekVisits.count} 名干部第 ${Number(week.slice(6))} 周一线走访未达进度（差 ${f.weekVisits.owed} 次）`);
  if (f.pairings.count) out.push(`${f.pairings.count} 名干部结穷亲户数不足（差 ${f.pairings.owed} 户）`);
  if (f.courtyard.count) out.push(`${f.courtyard.count} 个责任区 ${m} 月未开院坝会`);
  return out;
}

/**
 * Flags per unit key. `unitOfMember(id)` and `unitOfZone(id)` give the unit (a child org's key)
 * a member or zone counts toward, or null when it is outside the org shown. Every unit in `units`
 * gets an entry, empty when nobody there is behind.
 */
export function flagsByUnit<K>(
  report: ComplianceReport,
  units: readonly K[],
  unitOfMember: (memberId: number) => K | null,
  unitOfZone: (zoneId: number) => K | null,
): Map<K, DeskFlags> {
  const lastDay = report.asOf < `${report.year}-12-31` ? report.asOf : `${report.year}-12-31`;
  const month = periodContaining("month", lastDay).label;
  const week = periodContaining("isoWeek", lastDay).label;
  const raw = new Map<K, Omit<DeskFlags, "text">>(units.map((u) => [u, emptyFlags()]));
  const at = (k: K | null) => (k === null ? undefined : raw.get(k));
  if (lastDay >= `${report.year}-01-01`) {
    for (const m of report.members) {
      const f = at(unitOfMember(m.id));
      if (!f) continue;
      note(f.yearTalks, m.yearTalks);
      note(f.monthTalks, inPeriod(m.monthlyTalks, month));
      note(f.weekVisits, inPeriod(m.weeklyVisits, week));
      note(f.pairings, m.pairings);
    }
    for (const z of report.zones) {
      const f = at(unitOfZone(z.id));
      const r = inPeriod(z.monthlyCourtyardMeetings, month);
      if (f && r && r.status !== "not_applicable" && r.count < r.required) {
        f.courtyard.count++;
        f.courtyard.owed += r.required - r.count;
      }
    }
  }
  return new Map([...raw].map(([k, f]) => [k, { ...f, text: flagText(f, month, week) }]));
}
