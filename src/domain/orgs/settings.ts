/**
 * Rule settings per subtree, dated (DOMAIN.md "Organizations": "Rule settings are set at an org
 * with the date from which they apply, and hold for its subtree unless a descendant sets its
 * own"). Pure: no Prisma.
 *
 * `settingsFor(pathIds, settings)` resolves, for the org whose path is `pathIds` (root first,
 * the org itself last, e.g. a branch's `pathIds(branch.path)`), the effective settings as a plain
 * RuleSetting list that the quota engine's `thresholdAt`/`thresholdFor` read unchanged:
 * - only settings at no org (orgId null/undefined: the system default, e.g. DEFAULT_SETTINGS) or
 *   at an org on the path count;
 * - on any date, per rule (and cadre level for PAIRINGS), the NEAREST org on the path that has a
 *   setting in force on that date wins (its latest effectiveFrom ≤ date; on a tie the later
 *   element of `settings`); else the system default's value in force;
 * - the result is one entry per date on which the effective value may change, carrying
 *   `orgId` (null: the system) so pages can say where a value comes from.
 * A period is judged by the value in force on its first day (thresholdFor), so a closed period
 * keeps its values as long as settings are never back-dated (setRuleThreshold refuses that).
 */
import type { RuleSetting } from "../../rules/index.ts";
import { pathIds } from "../../core/org-tree.ts";

export interface OrgRuleSetting extends RuleSetting {
  /** The org the setting was made at; null/undefined = the whole system. */
  orgId?: number | null;
}

export interface EffectiveSetting extends RuleSetting {
  /** Where the value comes from: the org id, or null for the system default. */
  orgId: number | null;
}

const keyOf = (s: RuleSetting) => `${s.rule}\u0000${s.cadreLevel ?? ""}`;

/** The effective settings of the org at `pathIds` (see the module comment), sorted by rule, level, date. */
export function settingsFor(pathIds: readonly number[], settings: readonly OrgRuleSetting[]): EffectiveSetting[] {
  // Rank: 0 = system, 1 = root, …, n = the org itself; orgs off the path are ignored.
  const rank = new Map<number, number>(pathIds.map((id, i) => [id, i + 1]));
  const groups = new Map<string, { s: OrgRuleSetting; rank: number; order: number }[]>();
  settings.forEach((s, order) => {
    const r = s.orgId == null ? 0 : rank.get(s.orgId);
    if (r === undefined) return;
    const k = keyOf(s);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push({ s, rank: r, order });
  });
  const out: EffectiveSetting[] = [];
  for (const [, list] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const dates = [...new Set(list.map((x) => x.s.effectiveFrom))].sort();
    let last: EffectiveSetting | null = null;
    for (const date of dates) {
      const winner = valueOn(list, date);
      if (!winner) continue;
      if (last && last.value === winner.s.value && last.orgId === (winner.s.orgId ?? null)) continue;
      last = { rule: winner.s.rule, cadreLevel: winner.s.cadreLevel ?? null, value: winner.s.value, effectiveFrom: date, orgId: winner.s.orgId ?? null };
      out.push(last);
    }
  }
  return out;
}

/** The setting that decides `date`: nearest rank with one in force, its latest (then later) one. */
function valueOn(list: { s: OrgRuleSetting; rank: number; order: number }[], date: string) {
  let best: (typeof list)[number] | null = null;
  for (const x of list) {
    if (x.s.effectiveFrom > date) continue;
    if (!best || x.rank > best.rank || (x.rank === best.rank && (x.s.effectiveFrom > best.s.effectiveFrom || (x.s.effectiveFrom === best.s.effectiveFrom && x.order > best.order)))) best = x;
  }
  return best;
}

/** The effective setting of `rule` (and level) in force on `date`, with its source org; null if none. */
export function settingOn(effective: readonly EffectiveSetting[], rule: string, date: string, cadreLevel: string | null = null): EffectiveSetting | null {
  let best: EffectiveSetting | null = null;
  for (const s of effective) if (s.rule === rule && (s.cadreLevel ?? null) === cadreLevel && s.effectiveFrom <= date && (!best || s.effectiveFrom >= best.effectiveFrom)) best = s;
  return best;
}

/** One branch's effective quota thresholds, shared by every branch that resolves to the same values. */
export interface SettingsProfile {
  /** Equal keys, equal thresholds on every date (the source org aside). */
  key: string;
  settings: RuleSetting[];
}

/**
 * Resolves the effective settings per branch ONCE (a county has a few hundred branches and tens of
 * thousands of members: a report asks per member, this answers per branch). `paths`: every org's
 * materialized path by id; `system`: the system-wide list (DEFAULT_SETTINGS then the rows with no
 * org, in table order), returned unchanged for a branch whose values equal it, so a database
 * without org settings is judged exactly as before; `byOrg`: the rows set at an org.
 * `uniform` is true when no org sets anything (every branch: `system`).
 */
export function branchSettingsResolver(paths: ReadonlyMap<number, string>, system: readonly RuleSetting[], byOrg: readonly OrgRuleSetting[]) {
  const strip = (list: readonly RuleSetting[]) => list.map((s) => ({ rule: s.rule, cadreLevel: s.cadreLevel ?? null, value: s.value, effectiveFrom: s.effectiveFrom }));
  const keyOfList = (list: readonly RuleSetting[]) => JSON.stringify(list.map((s) => [s.rule, s.cadreLevel ?? null, s.value, s.effectiveFrom]));
  const all: OrgRuleSetting[] = [...system.map((s) => ({ ...s, orgId: null })), ...byOrg];
  const systemProfile: SettingsProfile = { key: keyOfList(strip(settingsFor([], all))), settings: [...system] };
  const profiles = new Map<string, SettingsProfile>([[systemProfile.key, systemProfile]]);
  const byBranch = new Map<number, SettingsProfile>();
  const uniform = byOrg.length === 0;
  return {
    uniform,
    system: systemProfile,
    /** The profile judging a member of branch `branchId` (null or an unknown org: the system's). */
    of(branchId: number | null): SettingsProfile {
      if (uniform || branchId === null) return systemProfile;
      let p = byBranch.get(branchId);
      if (p) return p;
      const path = paths.get(branchId);
      if (path === undefined) p = systemProfile;
      else {
        const settings = strip(settingsFor(pathIds(path), all));
        const key = keyOfList(settings);
        p = profiles.get(key);
        if (!p) profiles.set(key, (p = { key, settings }));
      }
      byBranch.set(branchId, p);
      return p;
    },
  };
}

export type BranchSettingsResolver = ReturnType<typeof branchSettingsResolver>;
