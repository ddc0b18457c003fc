/**
 * The compliance report (FORMATS.md "Compliance report", the main export): for one year and one
 * "today" (`asOf`), each member's figures against the rules of DOMAIN.md "The rules", each zone's
 * courtyard meetings and the branch's meeting records. The JSON shape is exactly FORMATS.md's
 * (`year, asOf, timeZone, members[], zones[]`); extra keys: `branch`, and `id`, `cadreLevel` on
 * each member, `id` on each zone.
 *
 * Semantics (all dates Asia/Shanghai `LocalDate`s; DOMAIN.md: "A record counts in the period that
 * contains its date there"):
 * - Records dated after `asOf` do not count; soft-deleted records never count (DOMAIN.md: "A
 *   deleted record does not count"); statuses are computed with `asOf` as today (FORMATS.md:
 *   "`asOf` … fixes 'today' for statuses").
 * - Standing per date (DOMAIN.md "Rules: settled edge cases"; src/rules/standing.ts): role, cadre
 *   level and line are read from their dated rows (RoleTerm, LineAssignment) for each day, never
 *   from today's `Member.role` / `cadreLevel` (used only for an account without role history). A
 *   record counts only when dated on a day its author was subject to the rule.
 * - ADMIN terms are a system operator's (DOMAIN.md "Who uses it"), not subject to quotas: their
 *   days are left out by date; a member ADMIN on every day of the year up to the reference date
 *   is omitted.
 * - Members listed: every other member subject to YEAR_TALKS (谈心制度 5: every active member,
 *   cadres included) for at least one day of the year up to `asOf`. Ordered by id (roster order).
 * - `yearTalks`: talks as talker on the days subject in the year up to `asOf`, required = 10
 *   pro-rated to those days of the year (so someone who joined 2026-07-01 owes 6).
 * - `monthlyTalks` (谈心制度 6): subject on the days holding a CADRE or SECRETARY RoleTerm within
 *   the active interval; present only when the member is subject in at least one listed month
 *   (`listedPeriods`). A month counts the talks given on its subject days up to `asOf` (a cadre
 *   demoted on 06-15 owes June pro-rated to 14 days and counts June's talks up to 06-14).
 * - `weeklyVisits` (责任区工作制度 6(1)): subject on the days holding a line (LineAssignment) while
 *   CADRE or SECRETARY and active; weeks of ISO week-year `year` (2026-W01 begins 2025-12-29,
 *   2026-W53 ends 2027-01-03). A visit counts only when made to the line the cadre was assigned
 *   to on its date, on a subject day.
 * - `pairings` (survey report, 结穷亲, "at any date"): present for a member who, on the reference
 *   date, is active, holds a CADRE or SECRETARY term and has a cadre level in that term; required
 *   by that level (a level change applies from its date); count = pairings started on or before
 *   that date and not ended on or before it, whose resident is not deleted. The reference date is
 *   `asOf`, or 31 Dec when `asOf` is after the year (a past year is judged as it ended).
 * - `zone`: the zone assigned on the reference date, else the last zone held in the year; null if
 *   none.
 * - `zones[]` and `branch`: see zones.ts (院坝会 per zone and month; 有关工作制度 2
 *   meetings per half-year, branch-wide), zones ordered by id.
 * - `zoneId`: only that zone in `zones[]`, and only the members whose shown `zone` is it.
 *   `memberIds`: only those members, and in `zones[]` only the zones shown for them (a
 *   one-person dashboard reads one person's rows). `branch` is always branch-wide.
 * - `role` / `cadreLevel`: from the RoleTerm in force on the reference date (or the last one
 *   before it); `Member.role` / `Member.cadreLevel` only for an account without role history.
 * - Period results are computed by src/rules (`listedPeriods`, `evaluatePeriods`,
 *   `evaluatePairings`) through a memo (memo.ts): equal results are one frozen object.
 * - Kept parts (a whole-population report only): the roster (roster.ts: members, shown zones,
 *   role terms, lines, memberships, plans) under LedgerVersion row 3, the weekly visits, pairings
 *   and meetings judged under rows 3 and 4 (ledger-version.ts); talks are read on every build. So
 *   after a talk is logged a build reads the talks only, with the same result as a fresh build.
 * - Thresholds: RuleSetting rows over DEFAULT_SETTINGS (src/rules): a rule or level with no row
 *   falls back to the source documents' value; a period is judged by the value in force on its
 *   first day (`thresholdFor`), so a change effective mid-year changes later periods only.
 * - Per subtree (DOMAIN.md "Organizations", rule settings): a member's period is judged by the
 *   settings of the branch they belonged to on the period's first day (dated OrgMembership,
 *   src/domain/orgs/memberships.ts `judgingBranch`; someone who joined later in the period: their
 *   first branch), resolved over that branch's path (domain/orgs/settings.ts, once per branch,
 *   not per member). So after a transfer on D the periods beginning before D keep the old branch's
 *   values and those beginning on or after D take the new one's. `pairings`: the branch on the
 *   reference date. A zone's courtyard meetings: its branch's settings. The branch-wide half-year
 *   meetings: the system's. Without any org setting every member is judged by the system's list.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";
import { DEFAULT_SETTINGS, TIME_ZONE, evaluatePairings, type LocalDate, type PeriodResult, type RuleSetting, type Status } from "../../rules/index.ts";
import { branchSettingsResolver, type BranchSettingsResolver } from "../orgs/settings.ts";
import { ledgerVersions, RECORDS_VERSION, ROSTER_VERSION, versioned, versionedOn } from "./ledger-version.ts";
import { countPairings, countTalkDays, countWeekVisits, countYearTalks, loadOrgPaths, loadRuleSettings, loadTalkCounts, tallyTalkDays, type ZoneRow } from "./queries.ts";
import { loadRoster, zoneSettingsFrom, type Roster } from "./roster.ts";
import { zoneResults, type BranchCompliance, type ZoneCompliance } from "./zones.ts";

export type { PeriodResult, Status } from "../../rules/index.ts";
export type { BranchCompliance, ZoneCompliance } from "./zones.ts";

/** A figure judged once (the year's talks, the pairings on the reference date). */
export interface Tally {
  count: number;
  required: number;
  status: Status;
}

export interface MemberCompliance {
  id: number;
  username: string;
  name: string;
  /** MEMBER | CADRE | SECRETARY, on the reference date. */
  role: string;
  cadreLevel: string | null;
  /** Name of the zone shown (see module comment), or null. */
  zone: string | null;
  yearTalks: Tally;
  monthlyTalks?: PeriodResult[];
  weeklyVisits?: PeriodResult[];
  pairings?: Tally;
}

export interface ComplianceReport {
  year: number;
  asOf: LocalDate;
  timeZone: "Asia/Shanghai";
  members: MemberCompliance[];
  zones: ZoneCompliance[];
  branch: BranchCompliance;
}

export interface ComplianceOptions {
  year: number;
  /** "Today" for the statuses, `YYYY-MM-DD` in Asia/Shanghai. */
  asOf: LocalDate;
  zoneId?: number;
  memberIds?: number[];
  /**
   * Parts to leave out, for callers that do not show them (default: none). `zones`: `zones` is
   * empty; `branch`: `branch.halfYearMeetings` is empty (the branch-wide meeting count is not
   * read). A one-person dashboard reads its member's row only.
   */
  skip?: ReadonlyArray<"zones" | "branch">;
}

const tally = (r: Pick<PeriodResult, "count" | "required" | "status">): Tally => ({ count: r.count, required: r.required, status: r.status });

/**
 * System-wide thresholds: the defaults of the source documents, overridden by the admin's
 * RuleSetting rows at no org (a branch's own: `branchSettings`).
 */
export async function reportSettings(kx: Kysely<DB>, memoOwner: object = kx): Promise<RuleSetting[]> {
  return [...(await branchSettings(kx, memoOwner)).system.settings];
}

/**
 * The thresholds of each branch (domain/orgs/settings.ts `branchSettingsResolver`), kept while the
 * ledger is unchanged (RuleSetting and Org are watched: ledger-version.ts). Shared: do not change.
 * `memoOwner`: what the value is kept on (default `kx`; the app's instance when `kx` is a snapshot).
 */
export async function branchSettings(kx: Kysely<DB>, memoOwner: object = kx): Promise<BranchSettingsResolver> {
  return versioned(
    kx,
    "report.branchSettings",
    async () => {
      const { system, byOrg } = await loadRuleSettings(kx);
      return branchSettingsResolver(byOrg.length ? await loadOrgPaths(kx) : new Map(), [...DEFAULT_SETTINGS, ...system], byOrg);
    },
    memoOwner,
  );
}

/** The thresholds of each zone's courtyard meetings (its branch's), for `zoneResults`; undefined without org settings. */
export async function zoneSettingsOf(kx: Kysely<DB>, memoOwner: object = kx): Promise<((zone: ZoneRow) => RuleSetting[]) | undefined> {
  return zoneSettingsFrom(await branchSettings(kx, memoOwner));
}

/**
 * Builds the compliance report of `opts.year` as of `opts.asOf` from the database (see the module
 * comment for the rules). Read-only; a handful of grouped queries whatever the population, on
 * SQLite or PostgreSQL. `memoOwner`: what the small lookups (zones, thresholds, memberships) and,
 * for the whole population, the report's roster and records parts are kept on between reports
 * (default `kx`; pass the app's instance when `kx` is a transaction).
 * @throws RangeError on a bad year or date.
 */
export async function buildComplianceReport(kx: Kysely<DB>, opts: ComplianceOptions, memoOwner: object = kx): Promise<ComplianceReport> {
  // One snapshot: every query sees the same rows (SQLite's WAL read, PostgreSQL's REPEATABLE READ), even while others write.
  return readSnapshot(kx, (tx) => buildInSnapshot(tx, opts, memoOwner));
}

/** The records part of a whole-population report kept between builds (shared: frozen). */
interface RecordsPart {
  /** Weekly visits judged, per member with listed weeks. */
  weekly: ReadonlyMap<number, PeriodResult[]>;
  /** Pairings judged on the reference date, per member with a pairing level. */
  pairings: ReadonlyMap<number, Tally>;
  zones: readonly ZoneCompliance[];
  branch: BranchCompliance;
}

/**
 * Parts of a whole-population report kept between builds, each under the versions of the tables it
 * reads (ledger-version.ts): the roster under row 3 (roster writes), the visits, pairings and
 * meetings under rows 3 and 4 (they are judged for the roster's members and zones). Talks raise
 * neither, so after a talk is logged a build reads the talks only. A one-member or one-zone report
 * is cheap and keeps nothing of its own (a county's members would fill memory).
 */
async function buildInSnapshot(kx: Kysely<DB>, opts: ComplianceOptions, memoOwner: object): Promise<ComplianceReport> {
  const { year, asOf } = opts;
  const whole = opts.zoneId === undefined && opts.memberIds === undefined;
  // Read before the rows they guard, in this snapshot: a part is never kept under versions newer than its rows.
  const at = whole ? await ledgerVersions(kx, [ROSTER_VERSION, RECORDS_VERSION]) : null;
  const key = `${year}|${asOf}`;
  const roster = whole
    ? await versionedOn(at && [at[0]], "report.roster", key, async () => loadRoster(kx, opts, await branchSettings(kx, memoOwner), memoOwner), memoOwner)
    : await loadRoster(kx, opts, await branchSettings(kx, memoOwner), memoOwner);
  const skip = opts.skip ?? [];
  const skipZones = skip.includes("zones");
  const withBranch = !skip.includes("branch");
  const records = whole
    ? await versionedOn(at, "report.records", `${key}|${skipZones}|${withBranch}`, () => recordsPart(kx, roster, opts.zoneId, opts.memberIds, skipZones, withBranch), memoOwner)
    : await recordsPart(kx, roster, opts.zoneId, opts.memberIds, skipZones, withBranch);
  const { yp, memos, plans } = roster;
  const { yearCounts, dayCounts } = await talkCounts(kx, roster);

  // Only a kept (whole-population) roster's objects are kept and frozen; a filtered report's are its own.
  const last = whole ? (roster.lastMembers as Array<MemberCompliance | undefined>) : [];
  const members = new Array<MemberCompliance>(plans.length);
  for (let i = 0; i < plans.length; i++) {
    const p = plans[i];
    const m = p.member;
    const yearCount = yearCounts.get(m.id) ?? 0;
    const yearTalks =
      p.yearSubject.length === 1
        ? p.yearMemo.tally("YEAR_TALKS", yp, p.yearSubject[0], yearCount)
        : tally(p.yearMemo.evaluate("YEAR_TALKS", [yp], p.yearSubject, { [yp.label]: yearCount })[0]);
    const weeklyVisits = p.weeks.length ? records.weekly.get(m.id)! : undefined;
    const pairings = p.standing.pairingLevel ? records.pairings.get(m.id)! : undefined;
    // The object of the last build when every figure is the same shared object (frozen: no caller
    // changes it). Monthly talks are judged anew (fresh arrays), so those members are made anew.
    const prev = last[i];
    if (prev && !p.months.length && prev.yearTalks === yearTalks && prev.weeklyVisits === weeklyVisits && prev.pairings === pairings) {
      members[i] = prev;
      continue;
    }
    const out: MemberCompliance = { id: m.id, username: m.username, name: m.name, role: p.standing.role, cadreLevel: p.standing.cadreLevel, zone: p.zone, yearTalks };
    if (p.months.length) out.monthlyTalks = memos.evaluate(m.id, "MONTH_TALKS", p.months, p.monthSubject, dayCounts.get(m.id)?.months ?? {});
    if (weeklyVisits) out.weeklyVisits = weeklyVisits;
    if (pairings) out.pairings = pairings;
    members[i] = whole ? (last[i] = Object.freeze(out)) : out;
  }
  return {
    year,
    asOf,
    timeZone: TIME_ZONE as "Asia/Shanghai",
    members,
    zones: [...records.zones], // the kept array stays unfrozen by a caller's freeze (cache.ts)
    branch: { ...records.branch },
  };
}

/**
 * Talks per listed member up to the reference date, counted only on a day they were subject to
 * the rule (DOMAIN.md, settled edge cases): `yearCounts` for everyone, `dayCounts` (year and
 * months) for those counted per day (`Roster.dayIds`). Read on every build (talks raise no kept
 * version).
 */
async function talkCounts(
  kx: Kysely<DB>,
  roster: Roster,
): Promise<{ yearCounts: Map<number, number>; dayCounts: Map<number, { year: number; months: Record<string, number> }> }> {
  const { plans, planOf, dayIds, yearIds } = roster;
  const upTo = { from: roster.yp.start, to: roster.refDate };
  const subjectsOfId = (id: number) => ({ year: planOf.get(id)!.yearSubject, month: planOf.get(id)!.monthSubject });
  let dayCounts: Map<number, { year: number; months: Record<string, number> }>;
  let yearCounts: Map<number, number>;
  if (roster.only === null && plans.length) {
    // The whole population: one scan of every talker's count (SQL.talkCounts), with the dates
    // of those counted per day below.
    const dayRows: Array<[number, string]> = [];
    yearCounts = new Map();
    for (const row of await loadTalkCounts(kx, upTo, dayIds)) {
      if (row[2] !== null) dayRows.push([row[0], row[2]]);
      else if (planOf.has(row[0])) yearCounts.set(row[0], row[1]);
    }
    dayCounts = tallyTalkDays(dayRows, subjectsOfId, upTo);
  } else {
    dayCounts = dayIds.length ? await countTalkDays(kx, upTo, dayIds, subjectsOfId) : new Map();
    yearCounts = yearIds.length ? await countYearTalks(kx, upTo, yearIds) : new Map<number, number>();
  }
  for (const [id, c] of dayCounts) yearCounts.set(id, c.year);
  return { yearCounts, dayCounts };
}

/**
 * The weekly visits and pairings of the roster's members, and the zones' and branch's meetings
 * (zones: all, the filter's zone, or the zones shown for the chosen members), judged. Frozen: a
 * whole-population part is shared between reports.
 */
async function recordsPart(
  kx: Kysely<DB>,
  roster: Roster,
  zoneId: number | undefined,
  memberIds: number[] | undefined,
  skipZones: boolean,
  withBranch: boolean,
): Promise<RecordsPart> {
  const { year, asOf, weeks, refDate, planOf, memos, lines, weekIds, pairingIds } = roster;
  const weekStart = weeks[0].start;
  const weekEnd = weeks[weeks.length - 1].end;
  const weekCounts =
    weekIds.length && asOf >= weekStart
      ? await countWeekVisits(kx, { from: weekStart, to: asOf < weekEnd ? asOf : weekEnd }, weekStart, weekIds, lines, (i) => weeks[i].label, (id) => planOf.get(id)!.weekSubject)
      : new Map<number, Record<string, number>>();
  const weekly = new Map<number, PeriodResult[]>();
  for (const id of weekIds) {
    const p = planOf.get(id)!;
    weekly.set(id, Object.freeze(memos.evaluate(id, "WEEK_VISITS", p.weeks, p.weekSubject, weekCounts.get(id) ?? {})) as PeriodResult[]);
  }
  const pairingCounts = pairingIds.length ? await countPairings(kx, refDate, pairingIds) : new Map<number, number>();
  const pairings = new Map<number, Tally>();
  for (const id of pairingIds) {
    const count = pairingCounts.get(id) ?? 0;
    const level = planOf.get(id)!.standing.pairingLevel!;
    pairings.set(id, Object.freeze(tally(evaluatePairings({ count, settings: memos.profileAt(id, refDate).settings, cadreLevel: level, today: refDate }))));
  }
  const zoneIds =
    zoneId !== undefined
      ? [zoneId]
      : memberIds
        ? [...new Set(roster.plans.map((p) => roster.shownZone.get(p.member.id) ?? null).filter((z): z is number => z !== null))]
        : null;
  const { zones, branch } = await zoneResults(kx, {
    year,
    asOf,
    range: roster.started ? { from: roster.yp.start, to: refDate } : null,
    settings: roster.resolver.system.settings,
    zoneSettings: zoneSettingsFrom(roster.resolver),
    zones: roster.allZones,
    zoneIds: skipZones ? [] : zoneIds,
    branch: withBranch,
  });
  for (const z of zones) Object.freeze(z);
  return { weekly, pairings, zones: Object.freeze(zones), branch: Object.freeze(branch) };
}
