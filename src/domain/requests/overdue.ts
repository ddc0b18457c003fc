/**
 * When a request's feedback is late (DOMAIN.md glossary, 群众诉求 and its 反馈; issue 5: "overdue
 * when no feedback within the number of days set by the admin, default 7"). Pure: dates are
 * Asia/Shanghai calendar dates `YYYY-MM-DD`, `today` is a parameter.
 *
 * The number of days is a dated rule setting per subtree (`feedbackDaysOn`): the one of the
 * request's zone's branch (the owner's branch for a request without a zone).
 *
 * Counting: a request raised on day D with N days allowed may be answered up to and including
 * D + N (the deadline); it becomes overdue on D + N + 1, i.e. once more than N calendar days have
 * passed since D. With N = 7 a request raised on 2026-11-01 is on time through 2026-11-08 and
 * overdue from 2026-11-09 00:00 Beijing time.
 */
import { addDays, daysBetween } from "../../rules/index.ts";

/** The last day on which feedback is on time: `raisedOn` + `days`. @throws RangeError on a bad date. */
export function feedbackDeadline(raisedOn: string, days: number): string {
  return addDays(raisedOn, days);
}

/**
 * Is the request late on `today`? Without feedback (or with feedback dated after `today`): true
 * once `today` is past the deadline. With feedback: true when it was given after the deadline
 * (answered late). @throws RangeError on a bad date or a non-integer `days`.
 */
export function isOverdue(raisedOn: string, feedbackOn: string | null | undefined, today: string, days: number): boolean {
  const deadline = feedbackDeadline(raisedOn, days);
  const answered = feedbackOn && feedbackOn <= today ? feedbackOn : null;
  return (answered ?? today) > deadline;
}

/** Days left before the deadline on `today` (0 on the deadline itself, negative when overdue). */
export function daysToDeadline(raisedOn: string, today: string, days: number): number {
  return daysBetween(today, feedbackDeadline(raisedOn, days));
}

/** A REQUEST_FEEDBACK_DAYS setting row: `value` days from `effectiveFrom` on, set at `orgId` (null/absent: the system). */
export interface FeedbackDaysSetting {
  value: number;
  effectiveFrom: string;
  orgId?: number | null;
}

/**
 * The number of days in force on `date` (the request's raisedOn) for a request of the branch whose
 * path is `pathIds` (root first, the branch last: the request's zone's branch; DOMAIN.md
 * "Organizations": a setting holds for the org's subtree unless a descendant sets its own): among
 * the settings at no org or at an org on the path, the nearest org's with one in force wins (its
 * latest `effectiveFrom` ≤ `date`; on a tie the later element), else the system's, else
 * `fallback` (DEFAULT_FEEDBACK_DAYS, 7). Settings of orgs off the path never count; with no path
 * only the system's do.
 */
export function feedbackDaysOn(settings: readonly FeedbackDaysSetting[], date: string, fallback: number, pathIds: readonly number[] = []): number {
  let best: FeedbackDaysSetting | null = null;
  let bestRank = -1;
  for (const s of settings) {
    if (s.effectiveFrom > date) continue;
    const rank = s.orgId == null ? 0 : pathIds.indexOf(s.orgId) + 1;
    if (rank === 0 && s.orgId != null) continue;
    if (!best || rank > bestRank || (rank === bestRank && s.effectiveFrom >= best.effectiveFrom)) {
      best = s;
      bestRank = rank;
    }
  }
  return best ? best.value : fallback;
}
