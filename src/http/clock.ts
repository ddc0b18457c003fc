/**
 * The one clock of the app (ARCHITECTURE.md, convention 8): the current instant comes from here,
 * so tests and `asOf` reports can fix "today". `today()` is the Asia/Shanghai date.
 */
import { localDateOf } from "../rules/index.ts";

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at `iso` (e.g. "2026-11-29T10:00:00+08:00"), for tests. */
export function fixedClock(iso: string): Clock {
  const t = new Date(iso);
  return { now: () => new Date(t) };
}

export function todayOf(clock: Clock): string {
  return localDateOf(clock.now());
}
