/**
 * Talks and line visits. Planning: members' yearly talks (10 a year for the days they are plain
 * members), cadres' and the secretary's monthly talks (5 a month) and visits to the assigned bus
 * line (3 per ISO week), more or fewer by diligence class, with the demo accounts' paces fixed.
 * Writing: a talk with a member or resident of the talker's zone (a few duplicates deleted, with
 * their audit entry), a visit to a line or department, and now and then a request raised there.
 */
import { isLeapYear, isoWeekdayOfDay, toDayNumber } from "../rules/index.ts";
import { Ev, type Event, type SeedContext } from "./context.ts";
import { makeRequest } from "./meetings.ts";
import { informalName, passengerName, talkContent, visitTexts, type TalkReason } from "./names.ts";
import { isLeader, lineAt, roleAt, zoneAt, type Person } from "./people.ts";
import type { Rng } from "./random.ts";
import { at, ds } from "./writer.ts";

const REASONS: TalkReason[] = ["ROUTINE", "OUTSTANDING", "SETBACK", "HARDSHIP", "CONFLICT", "WARNING_SIGN"];
const REASON_W_MEMBER = [35, 15, 15, 10, 10, 15];
const REASON_W_RESIDENT = [55, 5, 0, 25, 15, 0];

/** Members' yearly talks (for the days they are not cadres): day-packed per month of `y`. */
export function planYearTalks(ctx: SeedContext, rng: Rng, y: number): number[][] {
  const start = toDayNumber(`${y}-01-01`);
  const len = isLeapYear(y) ? 366 : 365;
  const months: number[][] = Array.from({ length: 12 }, () => []);
  const monthOf = (d: number) => Number(ds(d).slice(5, 7)) - 1;
  const days: number[] = [];
  for (const p of ctx.persons) {
    days.length = 0;
    for (let d = start; d < start + len; d++) {
      const r = roleAt(p, d);
      if (r && !isLeader(r.role)) days.push(d);
    }
    if (days.length === 0) continue;
    const required = Math.ceil((10 * days.length) / len);
    let n: number;
    if (p.special === "dangyuan" || p.special === "admin") {
      // Demo accounts: a dozen talks spread evenly, so they are on pace whatever `today` is.
      for (let i = 0; i < 12; i++) {
        const d = days[Math.min(days.length - 1, Math.max(0, Math.floor(((i + 0.5) * days.length) / 12) + rng.int(-5, 5)))];
        months[monthOf(d)].push(d * 65536 + p.idx);
      }
      continue;
    }
    // On pace means ahead of the straight line: a few more than required, a little earlier.
    let skew = 1;
    if (p.cls === 0) {
      n = required + rng.int(1, 4);
      skew = 1.25;
    } else if (p.cls === 1) n = Math.max(0, required - rng.int(1, 3));
    else n = Math.floor(required * (0.2 + rng.next() * 0.4));
    for (let i = 0; i < n; i++) {
      const d = days[Math.floor(Math.pow(rng.next(), skew) * days.length)];
      months[monthOf(d)].push(d * 65536 + p.idx);
    }
  }
  return months;
}

/** Cadres' and the secretary's talks of one month (≥ 5 when on pace). */
export function planMonthTalks(ctx: SeedContext, rng: Rng, first: number, last: number): void {
  const len = last - first + 1;
  const days: number[] = [];
  const todayInMonth = ctx.todayDay >= first && ctx.todayDay <= last;
  for (const p of ctx.persons) {
    days.length = 0;
    for (let d = first; d <= last; d++) {
      const r = roleAt(p, d);
      if (r && isLeader(r.role)) days.push(d);
    }
    if (days.length === 0) continue;
    const required = Math.ceil((5 * days.length) / len);
    let n: number;
    if (p.special === "ganbu") {
      if (todayInMonth) {
        // Behind pace this month: count / required < elapsed fraction (at_risk).
        const elapsed = ctx.todayDay - first;
        n = Math.max(0, Math.ceil((5 * elapsed) / len) - 1);
        for (let i = 0; i < n; i++) ctx.plan(first + Math.floor(((i + 0.5) * elapsed) / n), Ev.Talk, p.idx, 0, rng.int(8 * 60, 20 * 60));
        continue;
      }
      n = ctx.todayDay - last > 40 && ctx.todayDay - last <= 71 ? 4 : 5 + rng.int(0, 1);
    } else if (p.cls === 0) n = required + rng.int(0, 2) - (rng.chance(0.05) ? 1 : 0);
    else if (p.cls === 1) n = required + (rng.chance(0.4) ? -rng.int(1, 2) : rng.int(0, 1));
    else n = rng.int(0, Math.max(0, required - 2));
    for (let i = 0; i < n; i++) ctx.plan(days[Math.floor(rng.next() * days.length)], Ev.Talk, p.idx, 0, rng.int(8 * 60, 21 * 60));
  }
}

/** Visits to the assigned line in the ISO week starting on Monday `monday` (≥ 3 when on pace). */
export function planWeek(ctx: SeedContext, rng: Rng, monday: number): void {
  const sunday = monday + 6;
  const available: number[] = [];
  for (const p of ctx.persons) {
    if (p.lines.length === 0) continue;
    let subject = 0;
    available.length = 0;
    for (let d = monday; d <= sunday; d++) {
      if (d < p.reg || lineAt(p, d) < 0) continue;
      subject++;
      if (d >= ctx.rangeStart) available.push(d);
    }
    if (subject === 0 || available.length === 0) continue;
    const required = Math.ceil((3 * subject) / 7);
    let n: number;
    if (p.special === "ganbu") {
      if (ctx.todayDay >= monday && ctx.todayDay <= sunday) {
        // On pace this week: count / required ≥ elapsed fraction (in_progress).
        n = Math.max(1, Math.ceil((3 * (ctx.todayDay - monday)) / 7));
        const upto = available.filter((d) => d <= ctx.todayDay);
        for (let i = 0; i < n && upto.length; i++) planVisit(ctx, rng, p, upto[i % upto.length]);
        continue;
      }
      n = rng.chance(0.1) ? required - 1 : required + (rng.chance(0.2) ? 1 : 0);
    } else if (p.cls === 0) n = required + (rng.chance(0.3) ? 1 : 0) - (rng.chance(0.05) ? 1 : 0);
    else if (p.cls === 1) n = required - (rng.chance(0.4) ? 1 : 0);
    else n = rng.int(0, Math.max(0, required - 1));
    // Distinct days, weekdays first (three of four visits fall Monday to Friday).
    const pool = rng.shuffle(available.slice()).sort((a, b) => Number(isoWeekdayOfDay(a) > 5) - Number(isoWeekdayOfDay(b) > 5));
    for (let i = 0; i < n; i++) planVisit(ctx, rng, p, pool[i % pool.length]);
  }
}

/** A visit by `p` to the line assigned on day `d`. */
function planVisit(ctx: SeedContext, rng: Rng, p: Person, d: number): void {
  ctx.plan(d, Ev.Visit, p.idx, lineAt(p, d), rng.int(8 * 60, 17 * 60 + 30));
}

/** A talk by person `e.a` on day `d`. */
export function emitTalk(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const p = ctx.persons[e.a];
  const z = zoneAt(p, d);
  const leader = isLeader(roleAt(p, d)?.role);
  let kind: "MEMBER" | "RESIDENT" = rng.chance(leader ? 0.3 : 0.5) ? "MEMBER" : "RESIDENT";
  let name = "";
  let memberId: number | null = null;
  let residentId: number | null = null;
  let reason: TalkReason;
  if (rng.chance(0.03)) {
    name = informalName(rng); // kept as written, not linked
    kind = "RESIDENT";
  } else if (kind === "MEMBER") {
    const q = ctx.memberOfZone(rng, z, d, p.idx);
    if (q >= 0) {
      memberId = ctx.persons[q].id;
      name = ctx.persons[q].name;
    } else kind = "RESIDENT";
  }
  if (kind === "RESIDENT" && !name) {
    const paired = ctx.pairingsByCadre.get(p.idx);
    residentId = paired && rng.chance(0.3) ? rng.pick(paired) : ctx.residentOfZone(rng, z);
    name = ctx.resName[residentId - 1];
  }
  if (kind === "MEMBER") reason = rng.weighted(REASONS, REASON_W_MEMBER);
  else reason = residentId !== null && ctx.pairingsByCadre.get(p.idx)?.includes(residentId) ? "HARDSHIP" : rng.weighted(REASONS, REASON_W_RESIDENT);
  const content = talkContent(rng, reason, name);
  // Entered the same evening or the next day; a few entered late (more than 7 days after).
  let lag = rng.chance(0.2) ? 1 : 0;
  if (rng.chance(0.02) && d + 25 <= ctx.todayDay) lag = rng.int(8, 25);
  const created = ctx.createdOn(d, e.t + rng.int(15, 150), lag);
  const id = ++ctx.ids.talk;
  ctx.writer.put("Talk", [id, p.id, ds(d), kind, name, memberId, residentId, reason, content, created, created, null]);
  if (residentId !== null && rng.chance(0.06)) {
    makeRequest(ctx, d, e.t, "TALK", { talkId: id }, z, residentId, name, p.id);
  }
  // A few talks were entered twice and the duplicate deleted (soft delete + audit entry).
  const createdDay = Math.min(d + lag, ctx.todayDay);
  if (rng.chance(0.004) && createdDay < ctx.todayDay) {
    const dupCreated = ctx.createdOn(d, e.t + rng.int(160, 200), lag);
    const deletedDay = createdDay + rng.int(1, Math.min(3, ctx.todayDay - createdDay));
    const deleted = at(deletedDay, rng.int(8 * 60, 22 * 60), rng.int(0, 59));
    const dupId = ++ctx.ids.talk;
    ctx.writer.put("Talk", [dupId, p.id, ds(d), kind, name, memberId, residentId, reason, content, dupCreated, deleted, deleted]);
    ctx.writer.put("AuditEntry", [
      ++ctx.ids.audit, p.id, "talk.delete", "Talk", String(dupId),
      JSON.stringify({ occurredOn: ds(d), counterpartName: name, reason }), null, "重复录入", deleted,
    ]);
  }
}

/** A visit by person `e.a` to line `e.b` (`e.b` ≥ 0) or department `-e.b` (`e.b` < 0). */
export function emitVisit(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const p = ctx.persons[e.a];
  const lineId = e.b >= 0 ? e.b + 1 : null;
  const deptId = e.b < 0 ? -e.b : null;
  const visitedAt = at(d, e.t);
  const texts = visitTexts(rng);
  const lag = rng.chance(0.01) && d + 20 <= ctx.todayDay ? rng.int(8, 20) : 0;
  const created = ctx.createdOn(d, e.t + rng.int(20, 240), lag);
  const id = ++ctx.ids.visit;
  ctx.writer.put("LineVisit", [id, p.id, lineId, deptId, visitedAt, ds(d), texts.purpose, texts.problemsFound, texts.handling, created, created, null]);
  if (lineId !== null && rng.chance(0.08)) {
    const z = zoneAt(p, d);
    if (rng.chance(0.5)) {
      const r = ctx.residentOfZone(rng, z);
      makeRequest(ctx, d, e.t, "VISIT", { lineVisitId: id }, z, r, ctx.resName[r - 1], p.id);
    } else {
      makeRequest(ctx, d, e.t, "VISIT", { lineVisitId: id }, z, null, passengerName(rng), p.id);
    }
  }
}
