/**
 * 我的工作台: where one person stands today against every rule that applies to them — this
 * year's talks (谈心制度 5), this month's talks (谈心制度 6), this ISO week's line visits
 * (责任区工作制度 6(1)) and pairings (结穷亲) — with what is still owed and the days left
 * (Asia/Shanghai, days counted including today). Built on the compliance report so the
 * dashboard and the report can never disagree.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { isoWeekOf, periodByLabel, remaining, type PeriodResult, type Status } from "../../rules/index.ts";
import { buildComplianceReport } from "./report.ts";

export interface StandingCard {
  rule: "YEAR_TALKS" | "MONTH_TALKS" | "WEEK_VISITS" | "PAIRINGS";
  title: string; // 本年谈心
  period: string; // "2026" / "2026-11" / "2026-W48 (11-23 至 11-29)"
  count: number;
  required: number;
  status: Status;
  advice: string; // 本周还需走访 2 次，还剩 3 天
}

function advice(noun: string, unit: string, scope: string, r: PeriodResult, today: string): string {
  if (r.status === "not_applicable") return "本期不适用";
  if (r.status === "met") return `${scope}已完成，继续保持`;
  const label = r.period;
  const { left, daysLeft } = remaining({ count: r.count, required: r.required, period: periodByLabel(label), today });
  if (daysLeft === 0) return `${scope}未完成，差 ${left} ${unit}`;
  return `${scope}还需${noun} ${left} ${unit}，还剩 ${daysLeft} 天`;
}

/** The standing cards of member `memberId` on `today` (YYYY-MM-DD, Asia/Shanghai). */
export async function standingOf(kx: Kysely<DB>, memberId: number, today: string): Promise<StandingCard[]> {
  const year = Number(today.slice(0, 4));
  const report = await buildComplianceReport(kx, { year, asOf: today, memberIds: [memberId], skip: ["zones", "branch"] });
  const me = report.members.find((m) => m.id === memberId);
  if (!me) return [];
  const cards: StandingCard[] = [];

  const yearResult = { period: String(year), count: me.yearTalks.count, required: me.yearTalks.required, status: me.yearTalks.status };
  cards.push({ rule: "YEAR_TALKS", title: "本年谈心", ...yearResult, period: `${year} 年`, advice: advice("谈心", "次", "本年", yearResult, today) });

  const month = me.monthlyTalks?.find((p) => p.period === today.slice(0, 7));
  if (month) cards.push({ rule: "MONTH_TALKS", title: "本月谈心", ...month, period: month.period, advice: advice("谈心", "次", "本月", month, today) });

  // The current ISO week may belong to another ISO week-year (2027-01-01 is in 2026-W53).
  const week = isoWeekOf(today);
  const weekly =
    week.weekYear === year
      ? me.weeklyVisits
      : (await buildComplianceReport(kx, { year: week.weekYear, asOf: today, memberIds: [memberId], skip: ["zones", "branch"] })).members[0]?.weeklyVisits;
  const thisWeek = weekly?.find((p) => p.period === week.label);
  if (thisWeek) {
    const p = periodByLabel(week.label);
    cards.push({
      rule: "WEEK_VISITS",
      title: "本周走访",
      ...thisWeek,
      period: `${week.label}（${p.start.slice(5)} 至 ${p.end.slice(5)}）`,
      advice: advice("走访", "次", "本周", thisWeek, today),
    });
  }

  if (me.pairings) {
    const pr = me.pairings;
    cards.push({
      rule: "PAIRINGS",
      title: "结穷亲户数",
      count: pr.count,
      required: pr.required,
      status: pr.status,
      period: "当前",
      advice: pr.status === "met" ? "结对户数已达要求" : `还需结对 ${Math.max(0, pr.required - pr.count)} 户`,
    });
  }
  return cards;
}
