/**
 * The generator's order of work. Setup first — zones, lines and departments, the members with their
 * history, residents, pairings, activists — then the records, month by month from 1 January of the
 * first year to the last day (today, or 31 December): each month's talks, visits, meetings,
 * requests, assistance, notes and reports are planned as events on days (one fork of the random
 * stream for all planning), then written day by day in time order (the main stream for their
 * contents), so memory holds about one month of planned events at a time.
 */
import { daysInMonth, isoWeekdayOfDay, toDayNumber } from "../rules/index.ts";
import { Ev, type SeedContext } from "./context.ts";
import { emitMeeting, emitNote, emitReport, emitWalkIn, makeActivists, planHalf } from "./meetings.ts";
import { deptAt } from "./people.ts";
import type { Rng } from "./random.ts";
import { emitAssist, makePairings, makeResidents } from "./residents.ts";
import { insertPersons, makePersons, makeUnits } from "./roster.ts";
import { emitTalk, emitVisit, planMonthTalks, planWeek, planYearTalks } from "./talks.ts";
import { ds } from "./writer.ts";

/** Generates and writes the whole county (inside the caller's transaction); every row is written when it resolves. */
export async function generate(ctx: SeedContext): Promise<void> {
  makeUnits(ctx);
  makePersons(ctx);
  insertPersons(ctx);
  makeResidents(ctx);
  makePairings(ctx);
  makeActivists(ctx);
  await generateRecords(ctx);
  await ctx.writer.flush();
}

async function generateRecords(ctx: SeedContext): Promise<void> {
  const planRng = ctx.rng.fork("plan");
  let yearPlan: number[][] = [];
  let nextMonday = ctx.rangeStart - (isoWeekdayOfDay(ctx.rangeStart) - 1);
  const firstYear = Number(ds(ctx.rangeStart).slice(0, 4));
  const lastYear = Number(ds(ctx.rangeEnd).slice(0, 4));
  const lastMonth = Number(ds(ctx.rangeEnd).slice(5, 7));
  for (let y = firstYear; y <= lastYear; y++) {
    yearPlan = planYearTalks(ctx, planRng, y);
    for (let m = 1; m <= (y === lastYear ? lastMonth : 12); m++) {
      const first = toDayNumber(`${y}-${String(m).padStart(2, "0")}-01`);
      const last = first + daysInMonth(y, m) - 1;
      if (m === 1 || m === 7) planHalf(ctx, planRng, first, toDayNumber(`${y}-${m === 1 ? "06-30" : "12-31"}`));
      for (const packed of yearPlan[m - 1]) {
        ctx.plan(Math.floor(packed / 65536), Ev.Talk, packed % 65536, 0, planRng.int(8 * 60, 21 * 60));
      }
      planMonthTalks(ctx, planRng, first, last);
      while (nextMonday <= last) {
        planWeek(ctx, planRng, nextMonday);
        nextMonday += 7;
      }
      planMonthOther(ctx, planRng, first, last);
      for (let d = first; d <= Math.min(last, ctx.rangeEnd); d++) {
        emitDay(ctx, d);
        await ctx.writer.flushIfFull();
      }
    }
  }
  ctx.clearPlans();
}

/** Writes the events planned on day `d`, in time order (kind, then planning order, on ties). */
function emitDay(ctx: SeedContext, d: number): void {
  const events = ctx.takeDay(d);
  if (!events) return;
  for (const e of events) {
    switch (e.k) {
      case Ev.Talk: emitTalk(ctx, d, e); break;
      case Ev.Visit: emitVisit(ctx, d, e); break;
      case Ev.Meeting: emitMeeting(ctx, d, e); break;
      case Ev.WalkIn: emitWalkIn(ctx, d, e); break;
      case Ev.Assist: emitAssist(ctx, d, e); break;
      case Ev.Note: emitNote(ctx, d, e); break;
      case Ev.Report: emitReport(ctx, d, e); break;
    }
  }
  ctx.writer.progress(d);
}

/** A month's courtyard meetings, walk-ins, assistance, activists' notes, situation reports and department visits. */
function planMonthOther(ctx: SeedContext, rng: Rng, first: number, last: number): void {
  const { zones, courtyardPerMonth, courtyardMissChance, walkInChance, reportsPerMonth } = ctx.cfg;
  const len = last - first + 1;
  // 院坝会: each zone, most months.
  for (let z = 0; z < zones; z++) {
    if (rng.chance(courtyardMissChance)) continue;
    let n = rng.int(courtyardPerMonth[0], courtyardPerMonth[1]);
    if (ctx.opts.scale === "demo" && rng.chance(0.1)) n++;
    for (let i = 0; i < n; i++) ctx.plan(first + rng.int(0, len - 1), Ev.Meeting, z, 0, rng.int(9 * 60, 19 * 60));
    if (rng.chance(walkInChance)) ctx.plan(first + rng.int(0, len - 1), Ev.WalkIn, z, 0, rng.int(8 * 60 + 30, 17 * 60));
  }
  // Assistance to paired households.
  ctx.pairings.forEach((pr, i) => {
    const s = Math.max(first, pr.from);
    const e = Math.min(last, pr.to);
    if (s > e) return;
    const cls = ctx.persons[pr.cadre].cls;
    if (rng.chance(cls === 0 ? 0.55 : cls === 1 ? 0.35 : 0.15)) ctx.plan(rng.int(s, e), Ev.Assist, i, 0, rng.int(9 * 60, 18 * 60));
  });
  // Cultivation notes on activists.
  ctx.activists.forEach((ac, i) => {
    const s = Math.max(first, ac.from);
    const e = Math.min(last, ac.to);
    if (s <= e && rng.chance(0.5)) ctx.plan(rng.int(s, e), Ev.Note, i, 0, rng.int(9 * 60, 20 * 60));
  });
  // Situation reports.
  const reports = rng.int(reportsPerMonth[0], reportsPerMonth[1]);
  for (let i = 0; i < reports; i++) {
    ctx.plan(first + rng.int(0, len - 1), Ev.Report, rng.int(0, ctx.persons.length - 1), 0, rng.int(8 * 60, 21 * 60));
  }
  // Department cadres now and then visit their department.
  for (const p of ctx.persons) {
    if (p.depts.length === 0 || !rng.chance(0.5)) continue;
    const d = first + rng.int(0, len - 1);
    const dept = deptAt(p, d);
    if (dept >= 0 && d >= p.reg) ctx.plan(d, Ev.Visit, p.idx, -(dept + 1), rng.int(8 * 60 + 30, 17 * 60));
  }
}
