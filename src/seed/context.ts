/**
 * The state of one generator run, shared by its parts: options and scale, the day range, the
 * main random stream, the writer, the people, zones, residents, pairings and activists made during
 * setup, the id counters of the records, and the events planned for the days not yet written.
 * Also the lookups the parts share (who is in a zone on a day, a resident of a zone, who hosts).
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { toDayNumber } from "../rules/index.ts";
import { Rng } from "./random.ts";
import { SCALES, type ScaleConfig } from "./scales.ts";
import { at, SeedWriter } from "./writer.ts";
import { roleAt, zoneAt, type ActivistRow, type PairingRow, type Person } from "./people.ts";
import type { SeedOptions } from "./types.ts";
import type { SeedOrg } from "./types.ts";

/** The kinds of planned events; on the same minute they are written in this order. */
export const Ev = { Talk: 0, Visit: 1, Meeting: 2, WalkIn: 3, Assist: 4, Note: 5, Report: 6 } as const;
export type Ev = (typeof Ev)[keyof typeof Ev];

/** A record planned for a day: at minute `t`, of kind `k`, about `a` / `b` (meaning per kind). */
export interface Event {
  t: number; // minute of the day
  k: Ev;
  a: number;
  b: number;
  seq: number;
}

export class SeedContext {
  readonly cfg: ScaleConfig;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly todayDay: number;
  /** The window for "mid-year" changes: inside the last year, before today. */
  readonly midFrom: number;
  readonly midTo: number;
  readonly rng: Rng;
  readonly writer: SeedWriter;
  persons: Person[] = [];
  zonePlace: string[] = [];
  zoneLeader: number[] = []; // person idx
  /** The organization tree (orgs.ts), the branch orgs' indexes in it, each zone's branch id. */
  orgs: SeedOrg[] = [];
  branchOrgs: number[] = [];
  zoneBranch: number[] = [];
  /** Branch org id → the person idx of its secretary. */
  branchSecretary = new Map<number, number>();
  zoneMembers: number[][] = [];
  zoneResStart: number[] = [];
  zoneResCount: number[] = [];
  zoneHardship: number[][] = [];
  resName: string[] = []; // by resident id - 1
  pairings: PairingRow[] = [];
  pairingsByCadre = new Map<number, number[]>(); // person idx → resident ids
  activists: ActivistRow[] = [];
  readonly ids = { talk: 0, visit: 0, meeting: 0, request: 0, assist: 0, note: 0, report: 0, audit: 0 };
  readonly secretaryIdx = 1;
  private pending = new Map<number, Event[]>();
  private seq = 0;

  constructor(
    db: Kysely<DB>,
    readonly opts: SeedOptions,
    readonly branchId: number,
    readonly passwordHash: string,
    readonly countyId: number,
  ) {
    this.cfg = SCALES[opts.scale];
    const years = opts.years ?? 1;
    this.rangeStart = toDayNumber(`${opts.year - years + 1}-01-01`);
    this.todayDay = toDayNumber(opts.today);
    this.rangeEnd = Math.min(this.todayDay, toDayNumber(`${opts.year}-12-31`));
    const lastYearStart = Math.max(this.rangeStart, toDayNumber(`${opts.year}-01-01`));
    let midFrom = lastYearStart + 10;
    let midTo = this.rangeEnd - 10;
    if (midTo < midFrom) {
      // Early January: fall back to the whole range (possibly empty: then no mid-year changes).
      midFrom = this.rangeStart + 1;
      midTo = this.rangeEnd - 1;
    }
    this.midFrom = midFrom;
    this.midTo = midTo;
    this.rng = new Rng(`liaison-ledger/${opts.scale}/${opts.year}/${years}`);
    this.writer = new SeedWriter(db, opts.onProgress);
  }

  hasMid(): boolean {
    return this.midTo >= this.midFrom;
  }

  midDay(rng: Rng): number {
    return rng.int(this.midFrom, this.midTo);
  }

  /** An instant on day `d` near minute `minute`, never on a day after today. */
  createdOn(d: number, minute: number, lagDays = 0): string {
    return at(Math.min(d + lagDays, this.todayDay), Math.min(minute, 1439), this.rng.int(0, 59));
  }

  /** Plans an event on day `d` (dropped outside the generated range). */
  plan(d: number, k: Ev, a: number, b: number, t: number): void {
    if (d < this.rangeStart || d > this.rangeEnd) return;
    let list = this.pending.get(d);
    if (!list) this.pending.set(d, (list = []));
    list.push({ t, k, a, b, seq: this.seq++ });
  }

  /** Removes and returns the events planned on day `d`, in writing order; undefined if none. */
  takeDay(d: number): Event[] | undefined {
    const events = this.pending.get(d);
    if (!events) return undefined;
    this.pending.delete(d);
    return events.sort((x, y) => x.t - y.t || x.k - y.k || x.seq - y.seq);
  }

  /** Forgets the events planned after the last generated day. */
  clearPlans(): void {
    this.pending.clear();
  }

  /** A member of zone `z` active and in that zone on day `d`, other than `not`; -1 if none found quickly. */
  memberOfZone(rng: Rng, z: number, d: number, not: number): number {
    const list = this.zoneMembers[z];
    for (let tries = 0; tries < 6; tries++) {
      const i = list[Math.floor(rng.next() * list.length)];
      if (i === undefined || i === not) continue;
      const q = this.persons[i];
      if (roleAt(q, d) && zoneAt(q, d) === z) return i;
    }
    return -1;
  }

  /** A resident id of zone `z`, uniformly. */
  residentOfZone(rng: Rng, z: number): number {
    return this.zoneResStart[z] + Math.floor(rng.next() * this.zoneResCount[z]);
  }

  /** Who hosts zone `z`'s meetings on day `d`: its leader while active, else its branch's secretary. */
  hostOf(z: number, d: number): Person {
    const leader = this.persons[this.zoneLeader[z]];
    if (roleAt(leader, d)) return leader;
    return this.secretaryOfZone(z);
  }

  /** The secretary of zone `z`'s branch (shuji where a branch has none). */
  secretaryOfZone(z: number): Person {
    return this.persons[this.branchSecretary.get(this.zoneBranch[z]) ?? this.secretaryIdx];
  }
}
