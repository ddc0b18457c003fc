/**
 * The one read model of dated membership (DOMAIN.md "Organizations": "A member belongs to exactly
 * one branch on any date. A transfer on date D moves them: D is their first day in the new branch
 * and the first day not in the old one"): "the branch of member X on day D". Every report that
 * asks it (the roll-up's attribution, the org compliance report's listing, the compliance
 * report's per-branch rule settings) reads it here, so they can never disagree.
 *
 * A `MembershipTimeline` maps a member id to their stretches (`Dated<number>`, the `branch` key of
 * src/rules/standing.ts: inclusive Asia/Shanghai `YYYY-MM-DD` dates, `to: null` = still), oldest
 * first, from OrgMembership. A member with no OrgMembership row at all (an account written
 * without one) is placed in `Member.branchId` (their branch today) on every day, so that every
 * member belongs somewhere. Loading is one read of the table (no per-member query); the
 * lookups are pure.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { jsonValues } from "../../db/dialect.ts";
import { valueOn, type Dated, type LocalDate } from "../../rules/index.ts";

/** Member id → their branch stretches, oldest first. */
export type MembershipTimeline = ReadonlyMap<number, ReadonlyArray<Dated<number>>>;

/** The day before any record: the stretch of an account without membership rows starts here. */
const ALWAYS = "0000-01-01";

/**
 * The timeline of every member, or only of the ids in `only` (a one-person dashboard), on either
 * engine. Read it inside the caller's `readSnapshot` (src/db/dialect.ts): one snapshot with the
 * rest of its report.
 */
export async function loadMembershipTimeline(kx: Kysely<DB>, only: readonly number[] | null = null): Promise<MembershipTimeline> {
  const out = new Map<number, Dated<number>[]>();
  let rows = kx.selectFrom("OrgMembership").select(["memberId", "orgId", "fromOn", "toOn"]).orderBy("memberId").orderBy("fromOn").orderBy("id");
  if (only) rows = rows.where("memberId", "in", jsonValues(kx, only, "integer"));
  for (const r of await rows.execute()) {
    const list = out.get(r.memberId);
    const d = { from: r.fromOn, to: r.toOn, value: r.orgId };
    if (list) list.push(d);
    else out.set(r.memberId, [d]);
  }
  let bare = kx
    .selectFrom("Member as m")
    .select(["m.id", "m.branchId"])
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("OrgMembership as o").select(sql.lit(1).as("one")).whereRef("o.memberId", "=", "m.id"))));
  if (only) bare = bare.where("m.id", "in", jsonValues(kx, only, "integer"));
  for (const r of await bare.execute()) out.set(r.id, [{ from: ALWAYS, to: null, value: r.branchId }]);
  return out;
}

/** The branch (Org id) of `memberId` on `day`: the stretch covering it (the later-begun on an overlap); null outside every stretch. */
export function branchOf(timeline: MembershipTimeline, memberId: number, day: LocalDate): number | null {
  return valueOn(timeline.get(memberId), day);
}

/**
 * The branch of `memberId` as of `day` for listing them: the stretch covering `day`, else the last
 * one that began on or before it (someone whose membership ended without a transfer); null when
 * every stretch begins later.
 */
export function lastBranchBy(timeline: MembershipTimeline, memberId: number, day: LocalDate): number | null {
  const list = timeline.get(memberId);
  if (!list) return null;
  const on = valueOn(list, day);
  if (on !== null) return on;
  let last: Dated<number> | undefined;
  for (const d of list) if (d.from <= day && (!last || d.from >= last.from)) last = d;
  return last?.value ?? null;
}

/**
 * The branch whose rules judge `memberId` in a period beginning on `day` (DOMAIN.md "Rules:
 * settled edge cases": "A period is judged by the threshold in force on its first day"): their
 * branch on `day`; for someone not yet in any branch then (joined later in the period) the first
 * branch they joined after it; else the last one before it; null for an unknown member.
 */
export function judgingBranch(timeline: MembershipTimeline, memberId: number, day: LocalDate): number | null {
  const list = timeline.get(memberId);
  if (!list) return null;
  const on = valueOn(list, day);
  if (on !== null) return on;
  let next: Dated<number> | undefined;
  for (const d of list) if (d.from > day && (!next || d.from < next.from)) next = d;
  return next?.value ?? lastBranchBy(timeline, memberId, day);
}

/** The distinct branches `memberId` belongs to on some day of `[from, to]` (inclusive). */
export function branchesBetween(timeline: MembershipTimeline, memberId: number, from: LocalDate, to: LocalDate): number[] {
  const out: number[] = [];
  for (const d of timeline.get(memberId) ?? []) if (d.from <= to && (d.to === null || d.to >= from) && !out.includes(d.value)) out.push(d.value);
  return out;
}
