/**
 * Meetings, requests, activists and situation reports. Activists (入党积极分子) of every zone are
 * made during setup; then, as planned: meetings of a zone hosted by its leader (院坝会 monthly,
 * 座谈会, 茶话会, 恳谈会, 调研会 per half-year) with attendance and named residents; walk-in
 * requests; requests (from any source) whose handling and feedback depend on their age;
 * cultivation notes on activists; and members' situation reports with the secretary's handling.
 */
import { Ev, type Event, type SeedContext } from "./context.ts";
import {
  ESCALATED_TO, FEEDBACK_HOW, MEETING_TOPICS, activistNote, feedbackContent, meetingMinutes, personName,
  requestContent, requestHandling, situationReportText,
} from "./names.ts";
import { OPEN, roleAt, zoneAt } from "./people.ts";
import type { Rng } from "./random.ts";
import { at, ds } from "./writer.ts";

const MEETING_KINDS = ["COURTYARD", "FORUM", "TEA_PARTY", "DIALOGUE", "SURVEY"] as const;

/** The activists of every zone (a few starting or ending during the last year). */
export function makeActivists(ctx: SeedContext): void {
  const rng = ctx.rng.fork("activists");
  let id = 0;
  for (let z = 0; z < ctx.cfg.zones; z++) {
    for (let i = 0; i < ctx.cfg.activistsPerZone; i++) {
      id++;
      const name = personName(rng, rng.chance(0.5) ? "M" : "F");
      const from = ctx.hasMid() && rng.chance(0.3) ? ctx.midDay(rng) : ctx.rangeStart - rng.int(30, 700);
      const to = ctx.hasMid() && rng.chance(0.1) ? Math.max(from + 30, ctx.midDay(rng)) : OPEN;
      const ended = to < OPEN && to <= ctx.rangeEnd ? to : OPEN;
      ctx.writer.put("Activist", [id, z + 1, name, ds(from), ended >= OPEN ? null : ds(ended), at(Math.min(from, ctx.todayDay), 10 * 60)]);
      ctx.activists.push({ id, zone: z, name, from, to: ended });
    }
  }
}

/** 座谈会, 茶话会, 恳谈会, 调研会 of one half-year, at random zones. */
export function planHalf(ctx: SeedContext, rng: Rng, first: number, last: number): void {
  // Each branch holds its own (有关工作制度 2), in one of its zones.
  let z0 = 0;
  while (z0 < ctx.cfg.zones) {
    let z1 = z0;
    while (z1 + 1 < ctx.cfg.zones && ctx.zoneBranch[z1 + 1] === ctx.zoneBranch[z0]) z1++;
    const n = rng.int(ctx.cfg.otherPerHalf[0], ctx.cfg.otherPerHalf[1]);
    for (let i = 0; i < n; i++) {
      ctx.plan(rng.int(first, last), Ev.Meeting, rng.int(z0, z1), rng.int(1, 4), rng.int(9 * 60, 19 * 60));
    }
    z0 = z1 + 1;
  }
}

/** A meeting of zone `e.a`, of kind `MEETING_KINDS[e.b]`, with attendance, named residents and maybe a request. */
export function emitMeeting(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const z = e.a;
  const kind = MEETING_KINDS[e.b];
  const host = ctx.hostOf(z, d);
  const courtyard = kind === "COURTYARD";
  const village = ctx.zonePlace[z].endsWith("村");
  const place = ctx.zonePlace[z] + (courtyard
    ? rng.pick(village ? ["村委会院坝", "文化广场", "组院坝"] : ["小区院坝", "社区广场", "党群服务中心门前"])
    : rng.pick(["党员活动室", "会议室", village ? "便民服务中心" : "党群服务中心"]));
  const residentCount = courtyard ? rng.int(12, 60) : rng.int(6, 25);
  const topic = rng.pick(MEETING_TOPICS[kind]);
  const created = ctx.createdOn(d, e.t + rng.int(90, 240), rng.chance(0.1) ? 1 : 0);
  const id = ++ctx.ids.meeting;
  ctx.writer.put("Meeting", [
    id, kind, z + 1, ds(d), host.id, place, residentCount, topic, meetingMinutes(rng, topic, residentCount), host.id, created, created, null,
  ]);
  const present = new Set<number>([host.idx]);
  const want = rng.int(ctx.cfg.attendance[0], ctx.cfg.attendance[1]);
  for (let i = 0; i < want * 2 && present.size < want; i++) {
    const q = ctx.memberOfZone(rng, z, d, -1);
    if (q >= 0) present.add(q);
  }
  for (const q of [...present].sort((a, b) => a - b)) ctx.writer.put("MeetingAttendance", [id, ctx.persons[q].id]);
  const named = new Set<number>();
  const k = rng.int(0, Math.min(3, residentCount));
  for (let i = 0; i < k; i++) named.add(ctx.residentOfZone(rng, z));
  const residents = [...named].sort((a, b) => a - b);
  for (const r of residents) ctx.writer.put("MeetingResident", [id, r]);
  if (rng.chance(courtyard ? 0.25 : 0.15)) {
    const r = residents.length ? rng.pick(residents) : ctx.residentOfZone(rng, z);
    makeRequest(ctx, d, e.t, "MEETING", { meetingId: id }, z, r, ctx.resName[r - 1], host.id);
  }
}

/** A resident of zone `e.a` walks in with a request. */
export function emitWalkIn(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const host = ctx.hostOf(e.a, d);
  const r = ctx.residentOfZone(rng, e.a);
  makeRequest(ctx, d, e.t, "WALK_IN", {}, e.a, r, ctx.resName[r - 1], host.id);
}

/** A request raised on day `d`; its handling and feedback depend on how long ago that was. */
export function makeRequest(
  ctx: SeedContext, d: number, minute: number, source: string,
  refs: { talkId?: number; lineVisitId?: number; meetingId?: number },
  zone: number, residentId: number | null, residentName: string, ownerId: number,
): void {
  const rng = ctx.rng;
  const age = ctx.todayDay - d;
  const created = ctx.createdOn(d, minute + rng.int(30, 120));
  const pOpen = age <= 2 ? 0.9 : age <= 7 ? 0.5 : age <= 30 ? 0.2 : 0.04;
  let status = "ACCEPTED";
  let escalatedTo: string | null = null;
  let handling = "";
  let feedbackOn: string | null = null;
  let feedbackHow: string | null = null;
  let feedback: string | null = null;
  let closedAt: string | null = null;
  let updated = created;
  if (age === 0 || rng.chance(pOpen)) {
    if (age >= 2 && rng.chance(0.5)) {
      status = "IN_PROGRESS";
      handling = requestHandling(rng);
    }
  } else {
    // Feedback mostly within the 7 days; a few late.
    const fb = Math.min(ctx.todayDay, d + (rng.chance(0.85) ? rng.int(1, 7) : rng.int(8, 20)));
    feedbackOn = ds(fb);
    feedbackHow = rng.pick(FEEDBACK_HOW);
    const esc = rng.chance(0.08);
    feedback = feedbackContent(rng, esc);
    if (esc) {
      status = "ESCALATED";
      escalatedTo = rng.pick(ESCALATED_TO);
      handling = `已上报${escalatedTo}`;
    } else {
      status = "RESOLVED";
      handling = requestHandling(rng);
      closedAt = at(fb, rng.int(9 * 60, 18 * 60), rng.int(0, 59));
    }
    updated = closedAt ?? at(fb, 12 * 60);
    if (updated < created) updated = created;
  }
  ctx.writer.put("Request", [
    ++ctx.ids.request, source, refs.talkId ?? null, refs.lineVisitId ?? null, refs.meetingId ?? null, zone + 1,
    residentId, residentName, ds(d), requestContent(rng), ownerId, status, escalatedTo, handling, feedbackOn,
    feedbackHow, feedback, closedAt, ownerId, created, updated, null,
  ]);
}

/** A cultivation note on activist `e.a` by a member of its zone (or the zone's host). */
export function emitNote(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const ac = ctx.activists[e.a];
  const q = ctx.memberOfZone(rng, ac.zone, d, -1);
  const author = q >= 0 ? ctx.persons[q] : ctx.hostOf(ac.zone, d);
  ctx.writer.put("ActivistNote", [++ctx.ids.note, ac.id, author.id, ds(d), activistNote(rng, ac.name), ctx.createdOn(d, e.t + rng.int(20, 120)), null]);
}

/** A situation report by person `e.a` (none if not a member that day). */
export function emitReport(ctx: SeedContext, d: number, e: Event): void {
  const rng = ctx.rng;
  const p = ctx.persons[e.a];
  if (!roleAt(p, d)) return;
  const kind = rng.pick(["NEW_THINKING", "NEW_SITUATION", "SUGGESTION"]);
  const age = ctx.todayDay - d;
  let status = "NEW";
  if (age > 14) status = rng.weighted(["ACTED", "READ", "NEW"], [60, 30, 10]);
  else if (age >= 3) status = rng.chance(0.4) ? "READ" : "NEW";
  const handled = status === "NEW" ? null : at(Math.min(ctx.todayDay, d + rng.int(1, Math.max(1, Math.min(age, 10)))), rng.int(9 * 60, 18 * 60));
  const secretary = ctx.secretaryOfZone(zoneAt(p, d));
  ctx.writer.put("SituationReport", [
    ++ctx.ids.report, p.id, ds(d), kind, situationReportText(rng, kind), status, handled ? secretary.id : null, handled,
    status === "ACTED" ? "已在支委会研究，落实相关措施。" : "", ctx.createdOn(d, e.t + rng.int(10, 60)), null,
  ]);
}
