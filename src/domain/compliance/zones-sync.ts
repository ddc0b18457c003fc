/**
 * TRANSITIONAL (issue 17): the synchronous better-sqlite3 version of zones.ts, kept verbatim for the
 * callers not yet moved to Kysely (the desk and the 三维考核 performance shares, which build inside
 * synchronous raw transactions). SQLite only. Delete this file (and its *-sync.ts siblings) once
 * nobody imports cache-sync.ts: every new caller uses the async Kysely version.
 */
/**
 * The zones' and the branch's part of the compliance report (FORMATS.md "Compliance report",
 * `zones[]`; plus `branch`):
 * - each zone's 院坝会 per calendar month (survey report, 院坝会: at least one a month), subject
 *   over `[establishedOn, retiredOn]`; a zone is listed when it has at least one listed month
 *   (`listedPeriods`), i.e. it was established by the end of the month containing asOf and not
 *   retired before the year;
 * - the branch's 座谈会/茶话会/恳谈会/调研会 per half-year (有关工作制度 2), counted over every zone's
 *   meetings, subject from the day the first zone was established (none without a zone).
 * Meetings dated after asOf or soft-deleted do not count (DOMAIN.md, "A deleted record does not
 * count"). Dates are Asia/Shanghai `LocalDate`s.
 */
import type Database from "better-sqlite3";
import { evaluatePeriods, listedPeriods, type Interval, type LocalDate, type PeriodResult, type RuleSetting } from "../../rules/index.ts";
import { RuleMemo } from "./memo.ts";
import { countBranchMeetings, countMeetings, loadBranchName, type Range, type ZoneRow } from "./queries-sync.ts";

export interface ZoneCompliance {
  id: number;
  name: string;
  monthlyCourtyardMeetings: PeriodResult[];
}

export interface BranchCompliance {
  /** The branch's name (the first Branch row), null in an empty database. */
  name: string | null;
  halfYearMeetings: PeriodResult[];
}

export interface ZoneInput {
  year: number;
  asOf: LocalDate;
  /** Days whose meetings count: 1 Jan to min(asOf, 31 Dec); null when asOf is before the year. */
  range: Range | null;
  settings: RuleSetting[];
  /** The thresholds of a zone's courtyard meetings (its branch's); default `settings`. */
  zoneSettings?: (zone: ZoneRow) => RuleSetting[];
  /** Every zone (`loadZones`). */
  zones: ZoneRow[];
  /** Only these zones in `zones` (null = every zone); the branch is always branch-wide. */
  zoneIds: readonly number[] | null;
  /** Judge the branch's half-year meetings (default true); false: `halfYearMeetings` is empty. */
  branch?: boolean;
}

const halfOf = (month: string): string => `${month.slice(0, 4)}-H${Number(month.slice(5, 7)) <= 6 ? 1 : 2}`;

/** The zones' monthly courtyard meetings and the branch's half-year meetings. */
export function zoneResults(raw: Database.Database, input: ZoneInput): { zones: ZoneCompliance[]; branch: BranchCompliance } {
  const { year, asOf, range, settings, zones, zoneIds } = input;
  const withBranch = input.branch ?? true;
  const courtyard = new Map<number, Record<string, number>>();
  const halves: Record<string, number> = {};
  if (range) {
    // Unfiltered: one pass over the year's meetings gives both figures.
    const rows = zoneIds !== null && zoneIds.length === 0 ? [] : countMeetings(raw, range, zoneIds);
    for (const r of rows) {
      let counts = courtyard.get(r.zoneId);
      if (!counts) courtyard.set(r.zoneId, (counts = {}));
      counts[r.month] = (counts[r.month] ?? 0) + r.courtyard;
      if (zoneIds === null) halves[halfOf(r.month)] = (halves[halfOf(r.month)] ?? 0) + r.other;
    }
    if (zoneIds !== null && withBranch) {
      for (const [month, n] of Object.entries(countBranchMeetings(raw, range))) halves[halfOf(month)] = (halves[halfOf(month)] ?? 0) + n;
    }
  }

  const wanted = zoneIds === null ? null : new Set(zoneIds);
  const results: ZoneCompliance[] = [];
  // Thousands of zones, most established before the year and judged by the same thresholds, with
  // 0–3 meetings a month: one memo per settings list answers each distinct question once (the
  // engine's own answer, memo.ts; periods listed once per distinct subject).
  const memos = new Map<RuleSetting[], RuleMemo>();
  for (const z of zones) {
    if (wanted && !wanted.has(z.id)) continue;
    const zoneSettings = input.zoneSettings?.(z) ?? settings;
    let memo = memos.get(zoneSettings);
    if (!memo) memos.set(zoneSettings, (memo = new RuleMemo(year, asOf, zoneSettings)));
    const subject: Interval[] = [{ from: z.establishedOn, to: z.retiredOn }];
    const periods = memo.listed("month", subject);
    if (!periods.length) continue;
    const counts = courtyard.get(z.id) ?? {};
    results.push({ id: z.id, name: z.name, monthlyCourtyardMeetings: memo.evaluate("MONTH_COURTYARD", periods, subject, counts) });
  }

  const first = zones.reduce<LocalDate | null>((a, z) => (a === null || z.establishedOn < a ? z.establishedOn : a), null);
  const subject: Interval[] = first === null ? [] : [{ from: first, to: null }];
  const periods = subject.length && withBranch ? listedPeriods("half", year, subject, asOf) : [];
  const halfYearMeetings = evaluatePeriods({ rule: "HALF_MEETINGS", periods, settings, subject, counts: halves, today: asOf });
  return { zones: results, branch: { name: loadBranchName(raw), halfYearMeetings } };
}
