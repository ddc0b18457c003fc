/**
 * The demo county generator behind `ledger seed` (FORMATS.md, "Command line").
 *
 * `seedDatabase(url, opts)` fills an EMPTY database with a deterministic made-up county: zones,
 * bus lines, departments, members with their dated role / zone / line history, residents,
 * pairings and assistance, and — from 1 January of the first year up to `today` (Asia/Shanghai,
 * never later) — talks, line visits, meetings with attendance, requests with feedback, activists'
 * notes and situation reports. Same options → same rows (ids, dates, texts, timestamps); only the
 * password hash differs between runs, since Argon2 salts it.
 *
 * How it writes: `ensureBaseline` (Prisma) for the branch and the default rule settings, then
 * raw prepared better-sqlite3 statements in ONE transaction (ENVIRONMENT.md: createMany is ten
 * times slower). Records are generated month by month and inserted in date order as they are
 * made, so memory stays bounded at county scale (about one month of planned events at a time).
 * DateTime columns are written exactly as Prisma 7's better-sqlite3 adapter writes them
 * (`2026-03-05T06:30:12.345+00:00`, text), so Prisma reads them back and compares them right.
 *
 * Who does how much: every person gets a diligence class (60% on pace, 25% a little behind, 15%
 * well behind), which sets their talks per month / year, visits per ISO week, pairings and
 * assistance, so compliance statuses come out mixed. The four demo accounts are fixed:
 * admin (管理员), shuji (支部书记), ganbu (党员干部, 县管领导干部, 3 of 4 pairings, this month's talks
 * behind pace, this week's visits on pace) and dangyuan (党员, talks on pace).
 */
import type Database from "better-sqlite3";
import { openDb, openRaw } from "../db/client.ts";
import { ensureBaseline } from "../domain/baseline.ts";
import { hashPassword } from "../auth/password.ts";
import { daysInMonth, fromDayNumber, isLeapYear, isoWeekdayOfDay, isValidLocalDate, toDayNumber } from "../rules/index.ts";
import type { CadreLevel } from "../rules/index.ts";
import { Rng } from "./random.ts";
import {
  ESCALATED_TO, FEEDBACK_HOW, MEETING_TOPICS, activistNote, address, assistanceText, departmentName,
  fakeIdNumber, fakePhone, feedbackContent, informalName, lineName, meetingMinutes, passengerName,
  personName, placeName, requestContent, requestHandling, situationReportText, talkContent, visitTexts,
  zoneName, type Gender, type TalkReason,
} from "./names.ts";

export type SeedScale = "demo" | "county";
export type Role = "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN";

export interface SeedOptions {
  scale: SeedScale;
  /** The last year generated. */
  year: number;
  /** How many consecutive years ending with `year` (default 1). */
  years?: number;
  /** Shanghai date `YYYY-MM-DD`: nothing is dated after it. */
  today: string;
  /** The password of every seeded account (hashed once). */
  demoPassword: string;
  /** Called about every 100,000 rows while writing. */
  onProgress?: (p: SeedProgress) => void;
}

/** The tables the generator writes, in the order of their first row. */
export const SEED_TABLES = [
  "Zone", "Line", "Department", "Member", "RoleTerm", "ZoneAssignment", "LineAssignment",
  "DepartmentAssignment", "Resident", "Pairing", "Activist", "Talk", "LineVisit", "Meeting",
  "MeetingAttendance", "MeetingResident", "Request", "AssistanceRecord", "ActivistNote",
  "SituationReport", "AuditEntry",
] as const;
export type SeedTable = (typeof SEED_TABLES)[number];

export interface SeedProgress {
  rows: number;
  /** The day being written. */
  date: string;
  counts: Record<SeedTable, number>;
}

export interface SeedLogin {
  username: string;
  password: string;
  role: Role;
  /** The role in Chinese: 管理员, 支部书记, 党员干部, 党员. */
  roleLabel: string;
  name: string;
}

export interface SeedSummary {
  scale: SeedScale;
  /** First and last day of generated records. */
  from: string;
  to: string;
  years: number[];
  counts: Record<SeedTable, number>;
  totalRows: number;
  logins: SeedLogin[];
}

export const ROLE_LABELS: Record<Role, string> = {
  MEMBER: "党员",
  CADRE: "党员干部",
  SECRETARY: "支部书记",
  ADMIN: "管理员",
};

/** The four demo accounts, in the order they are created (member ids 1–4). */
export const DEMO_ACCOUNTS: ReadonlyArray<{ username: string; role: Role }> = [
  { username: "admin", role: "ADMIN" },
  { username: "shuji", role: "SECRETARY" },
  { username: "ganbu", role: "CADRE" },
  { username: "dangyuan", role: "MEMBER" },
];

interface ScaleConfig {
  zones: number;
  lines: number;
  departments: number;
  members: number;
  /** Members with role CADRE (the secretary is extra). */
  cadres: number;
  residentsPerZone: [number, number];
  hardshipShare: number;
  courtyardPerMonth: [number, number];
  courtyardMissChance: number;
  /** 座谈会/茶话会/恳谈会/调研会 of the whole branch per half-year. */
  otherPerHalf: [number, number];
  activistsPerZone: number;
  walkInChance: number;
  reportsPerMonth: [number, number];
  attendance: [number, number];
}

const SCALES: Record<SeedScale, ScaleConfig> = {
  demo: {
    zones: 8, lines: 6, departments: 4, members: 300, cadres: 40,
    residentsPerZone: [45, 55], hardshipShare: 0.45,
    courtyardPerMonth: [1, 1], courtyardMissChance: 0.12, otherPerHalf: [3, 5],
    activistsPerZone: 2, walkInChance: 0.35, reportsPerMonth: [1, 3], attendance: [4, 10],
  },
  county: {
    zones: 300, lines: 60, departments: 64, members: 25_000, cadres: 2_000,
    residentsPerZone: [180, 220], hardshipShare: 0.2,
    courtyardPerMonth: [4, 10], courtyardMissChance: 0.05, otherPerHalf: [1_700, 1_900],
    activistsPerZone: 3, walkInChance: 0.5, reportsPerMonth: [30, 50], attendance: [3, 9],
  },
};

const LEVELS: CadreLevel[] = ["CITY_MANAGED", "COUNTY_MANAGED", "MIDDLE", "GENERAL", "GRADUATE_OFFICIAL"];
const LEVEL_WEIGHTS = [8, 22, 35, 27, 8];
const PAIRING_QUOTA: Record<CadreLevel, number> = {
  CITY_MANAGED: 5, COUNTY_MANAGED: 4, MIDDLE: 3, GENERAL: 2, GRADUATE_OFFICIAL: 1,
};
const MEETING_KINDS = ["COURTYARD", "FORUM", "TEA_PARTY", "DIALOGUE", "SURVEY"] as const;
const REASONS: TalkReason[] = ["ROUTINE", "OUTSTANDING", "SETBACK", "HARDSHIP", "CONFLICT", "WARNING_SIGN"];
const REASON_W_MEMBER = [35, 15, 15, 10, 10, 15];
const REASON_W_RESIDENT = [55, 5, 0, 25, 15, 0];
const ASSIST_KINDS = ["FUNDS", "MATERIALS", "PROJECT", "EMPLOYMENT", "MEDICAL", "EDUCATION", "OTHER"] as const;
const ASSIST_W = [25, 30, 8, 8, 12, 10, 7];
const TAGS = ["困难户", "孤寡老人", "留守儿童", "驾驶员", "低保户", "残疾人"] as const;

const SEED_CACHE_KIB = Number(process.env.SEED_CACHE_KIB ?? -65536);
const OPEN = 1e9; // "no end" for day-number intervals
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

type Cls = 0 | 1 | 2; // on pace, a little behind, well behind

interface Person {
  idx: number;
  id: number;
  username: string;
  name: string;
  gender: Gender;
  phone: string;
  reg: number;
  deact: number; // OPEN when still active
  joinedParty: number;
  roles: { role: Role; level: CadreLevel | null; from: number; to: number }[];
  zones: { zone: number; from: number; to: number }[];
  lines: { line: number; from: number; to: number }[];
  depts: { dept: number; from: number; to: number }[];
  cls: Cls;
  special: "" | "admin" | "shuji" | "ganbu" | "dangyuan";
}

interface PairingRow {
  id: number;
  cadre: number; // person idx
  residentId: number;
  from: number;
  to: number; // OPEN when active
}

interface ActivistRow {
  id: number;
  zone: number;
  name: string;
  from: number;
  to: number;
}

const enum Ev {
  Talk = 0,
  Visit = 1,
  Meeting = 2,
  WalkIn = 3,
  Assist = 4,
  Note = 5,
  Report = 6,
}

interface Event {
  t: number; // minute of the day
  k: Ev;
  a: number;
  b: number;
  seq: number;
}

/** The Shanghai date of day number `d` (cached: the same few thousand days recur). */
const dateCache = new Map<number, string>();
function ds(d: number): string {
  let s = dateCache.get(d);
  if (s === undefined) {
    s = fromDayNumber(d);
    dateCache.set(d, s);
  }
  return s;
}

/** The instant at Shanghai day `d`, minute `minute` (may exceed a day), as the adapter writes it. */
function at(d: number, minute: number, second = 0): string {
  return new Date(d * DAY_MS + minute * 60_000 + second * 1000 - SHANGHAI_MS).toISOString().replace("Z", "+00:00");
}

/** Throws unless the database has no members, zones, residents or records. */
function assertEmpty(raw: Database.Database): void {
  for (const table of ["Member", "Zone", "Line", "Department", "Resident", "Talk"]) {
    const row = raw.prepare(`SELECT EXISTS (SELECT 1 FROM "${table}") AS e`).get() as { e: number };
    if (row.e) {
      throw new Error(
        `数据库不是空的（已有${table === "Member" ? "党员" : "数据"}），不能生成演示数据。` +
          ` The database is not empty (table ${table} has rows); seed only fills an empty database.`,
      );
    }
  }
}

function checkOptions(opts: SeedOptions): void {
  if (!(opts.scale in SCALES)) throw new Error(`未知规模 (unknown scale): ${opts.scale}`);
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 9000) {
    throw new Error(`年份无效 (invalid year): ${opts.year}`);
  }
  const years = opts.years ?? 1;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error(`年数无效 (invalid years): ${years}`);
  if (!isValidLocalDate(opts.today)) throw new Error(`日期无效 (invalid today, YYYY-MM-DD): ${opts.today}`);
  if (opts.today < `${opts.year - years + 1}-01-01`) {
    throw new Error(`今天 ${opts.today} 早于生成的第一年 (today is before the first generated year ${opts.year - years + 1})`);
  }
  if (!opts.demoPassword) throw new Error("演示密码不能为空 (demo password is empty)");
}

/**
 * Fills the empty database at `url` with a generated county (see the module comment).
 * @throws Error (Chinese and English) when the database already has members or data, or on bad options.
 */
export async function seedDatabase(url: string, opts: SeedOptions): Promise<SeedSummary> {
  checkOptions(opts);
  const raw = openRaw(url);
  try {
    assertEmpty(raw);
    const passwordHash = await hashPassword(opts.demoPassword);
    const db = openDb(url);
    let branchId: number;
    try {
      branchId = (await ensureBaseline(db)).branchId;
    } finally {
      await db.$disconnect();
    }
    // A smaller page cache than openRaw's 256 MB keeps the county run's memory bounded; the
    // indexes being filled stay well inside it (measured: same speed).
    raw.pragma(`cache_size = ${SEED_CACHE_KIB}`);
    const gen = new Generator(raw, opts, branchId, passwordHash);
    raw.transaction(() => {
      assertEmpty(raw);
      gen.run();
    })();
    const counts = gen.counts;
    return {
      scale: opts.scale,
      from: ds(gen.rangeStart),
      to: ds(gen.rangeEnd),
      years: Array.from({ length: opts.years ?? 1 }, (_, i) => opts.year - (opts.years ?? 1) + 1 + i),
      counts,
      totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
      logins: gen.persons.slice(0, 4).map((p) => {
        const role = p.roles[p.roles.length - 1].role;
        return { username: p.username, password: opts.demoPassword, role, roleLabel: ROLE_LABELS[role], name: p.name };
      }),
    };
  } finally {
    raw.close();
  }
}

type Stmt = Database.Statement;

class Generator {
  readonly cfg: ScaleConfig;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly todayDay: number;
  /** The window for "mid-year" changes: inside the last year, before today. */
  readonly midFrom: number;
  readonly midTo: number;
  readonly counts = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  persons: Person[] = [];
  private rows = 0;
  private nextReport = 100_000;
  private readonly rng: Rng;
  private stmts!: Record<SeedTable, Stmt>;
  private zonePlace: string[] = [];
  private zoneLeader: number[] = []; // person idx
  private zoneMembers: number[][] = [];
  private zoneResStart: number[] = [];
  private zoneResCount: number[] = [];
  private zoneHardship: number[][] = [];
  private resName: string[] = []; // by resident id - 1
  private pairings: PairingRow[] = [];
  private pairingsByCadre = new Map<number, number[]>(); // person idx → resident ids
  private activists: ActivistRow[] = [];
  private pending = new Map<number, Event[]>();
  private seq = 0;
  private ids = { talk: 0, visit: 0, meeting: 0, request: 0, assist: 0, note: 0, report: 0, audit: 0 };
  private secretaryIdx = 1;

  constructor(
    private readonly raw: Database.Database,
    private readonly opts: SeedOptions,
    private readonly branchId: number,
    private readonly passwordHash: string,
  ) {
    this.cfg = SCALES[opts.scale];
    const years = opts.years ?? 1;
    this.rangeStart = toDayNumber(`${opts.year - years + 1}-01-01`);
    this.todayDay = toDayNumber(opts.today);
    this.rangeEnd = Math.min(this.todayDay, toDayNumber(`${opts.year}-12-31`));
    const lastYearStart = Math.max(this.rangeStart, toDayNumber(`${opts.year}-01-01`));
    this.midFrom = lastYearStart + 10;
    this.midTo = this.rangeEnd - 10;
    if (this.midTo < this.midFrom) {
      // Early January: fall back to the whole range (possibly empty: then no mid-year changes).
      this.midFrom = this.rangeStart + 1;
      this.midTo = this.rangeEnd - 1;
    }
    this.rng = new Rng(`liaison-ledger/${opts.scale}/${opts.year}/${years}`);
  }

  private hasMid(): boolean {
    return this.midTo >= this.midFrom;
  }

  private midDay(rng: Rng): number {
    return rng.int(this.midFrom, this.midTo);
  }

  run(): void {
    this.prepare();
    this.makeUnits();
    this.makePersons();
    this.insertPersons();
    this.makeResidents();
    this.makePairings();
    this.makeActivists();
    this.generateRecords();
  }

  // --------------------------------------------------------------------------------------------
  // Writing

  private prepare(): void {
    const ins = (table: string, cols: string[]) =>
      this.raw.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
    this.stmts = {
      Zone: ins("Zone", ["id", "branchId", "name", "description", "leaderId", "establishedOn", "retiredOn", "createdAt"]),
      Line: ins("Line", ["id", "name", "description", "retiredOn", "createdAt"]),
      Department: ins("Department", ["id", "name", "description", "retiredOn", "createdAt"]),
      Member: ins("Member", [
        "id", "branchId", "username", "name", "phone", "passwordHash", "mustChangePassword", "role", "cadreLevel",
        "joinedPartyOn", "registeredOn", "active", "deactivatedOn", "createdAt", "updatedAt",
      ]),
      RoleTerm: ins("RoleTerm", ["memberId", "role", "cadreLevel", "fromOn", "toOn"]),
      ZoneAssignment: ins("ZoneAssignment", ["memberId", "zoneId", "fromOn", "toOn"]),
      LineAssignment: ins("LineAssignment", ["memberId", "lineId", "fromOn", "toOn"]),
      DepartmentAssignment: ins("DepartmentAssignment", ["memberId", "departmentId", "fromOn", "toOn"]),
      Resident: ins("Resident", [
        "id", "zoneId", "name", "phone", "idNumber", "address", "householdSize", "tags", "createdAt", "updatedAt", "deletedAt",
      ]),
      Pairing: ins("Pairing", ["id", "cadreId", "residentId", "startedOn", "endedOn", "endReason", "createdAt"]),
      Activist: ins("Activist", ["id", "zoneId", "name", "sinceOn", "endedOn", "createdAt"]),
      Talk: ins("Talk", [
        "id", "talkerId", "occurredOn", "counterpartKind", "counterpartName", "counterpartMemberId",
        "counterpartResidentId", "reason", "content", "createdAt", "updatedAt", "deletedAt",
      ]),
      LineVisit: ins("LineVisit", [
        "id", "cadreId", "lineId", "departmentId", "visitedAt", "visitedOn", "purpose", "problemsFound", "handling",
        "createdAt", "updatedAt", "deletedAt",
      ]),
      Meeting: ins("Meeting", [
        "id", "kind", "zoneId", "heldOn", "hostId", "place", "residentCount", "topics", "minutes", "createdById",
        "createdAt", "updatedAt", "deletedAt",
      ]),
      MeetingAttendance: ins("MeetingAttendance", ["meetingId", "memberId"]),
      MeetingResident: ins("MeetingResident", ["meetingId", "residentId"]),
      Request: ins("Request", [
        "id", "source", "talkId", "lineVisitId", "meetingId", "zoneId", "residentId", "residentName", "raisedOn",
        "content", "ownerId", "status", "escalatedTo", "handling", "feedbackOn", "feedbackHow", "feedbackContent",
        "closedAt", "createdById", "createdAt", "updatedAt", "deletedAt",
      ]),
      AssistanceRecord: ins("AssistanceRecord", [
        "id", "pairingId", "givenOn", "kind", "amountFen", "description", "createdById", "createdAt", "deletedAt",
      ]),
      ActivistNote: ins("ActivistNote", ["id", "activistId", "authorId", "notedOn", "content", "createdAt", "deletedAt"]),
      SituationReport: ins("SituationReport", [
        "id", "authorId", "reportedOn", "kind", "content", "status", "handledById", "handledAt", "handlingNote",
        "createdAt", "deletedAt",
      ]),
      AuditEntry: ins("AuditEntry", ["id", "actorId", "action", "entity", "entityId", "before", "after", "reason", "at"]),
    };
  }

  private put(table: SeedTable, values: unknown[]): void {
    this.stmts[table].run(values);
    this.counts[table]++;
    this.rows++;
  }

  private progress(day: number): void {
    if (this.rows >= this.nextReport) {
      this.nextReport = (Math.floor(this.rows / 100_000) + 1) * 100_000;
      this.opts.onProgress?.({ rows: this.rows, date: ds(day), counts: { ...this.counts } });
    }
  }

  /** An instant on day `d` near minute `minute`, never on a day after today. */
  private createdOn(d: number, minute: number, lagDays = 0): string {
    return at(Math.min(d + lagDays, this.todayDay), Math.min(minute, 1439), this.rng.int(0, 59));
  }

  // --------------------------------------------------------------------------------------------
  // Setup: zones, lines, departments, people, residents, pairings, activists

  private makeUnits(): void {
    const rng = this.rng.fork("units");
    const { zones, lines, departments } = this.cfg;
    for (let z = 0; z < zones; z++) {
      const place = placeName(z);
      this.zonePlace.push(place);
      const est = this.rangeStart - rng.int(400, 2500);
      this.put("Zone", [z + 1, this.branchId, zoneName(z), place, null, ds(est), null, at(est, 9 * 60)]);
    }
    const demo = this.opts.scale === "demo";
    for (let l = 0; l < lines; l++) {
      const made = this.rangeStart - rng.int(1500, 4000);
      const desc = `城区—${placeName((l * 37) % 600)}`;
      this.put("Line", [l + 1, lineName(l, demo), desc, null, at(made, 9 * 60)]);
    }
    for (let d = 0; d < departments; d++) {
      const made = this.rangeStart - rng.int(1500, 4000);
      this.put("Department", [d + 1, departmentName(d), "", null, at(made, 9 * 60)]);
    }
  }

  private makePersons(): void {
    const rng = this.rng.fork("persons");
    const { members: n, cadres, zones, lines, departments } = this.cfg;
    const hasMid = this.hasMid();
    const cls = (): Cls => rng.weighted([0, 1, 2] as Cls[], [60, 25, 15]);
    const longAgo = () => this.rangeStart - rng.int(60, 3650);

    // Who is what: a shuffled order of the ordinary people (indexes 4..n-1), cut into groups.
    const order = rng.shuffle(Array.from({ length: n - 4 }, (_, i) => i + 4));
    const nCadres = cadres - 1; // ganbu is a cadre too
    const nPromoted = hasMid ? Math.max(2, Math.round(nCadres * 0.05)) : 0;
    const cadreSet = order.slice(0, nCadres);
    const others = order.slice(nCadres);
    const nJoin = hasMid ? Math.max(3, Math.round(others.length * 0.03)) : 0;
    const nDeact = hasMid ? Math.max(2, Math.round(others.length * 0.01)) : 0;
    const kind = new Map<number, string>();
    cadreSet.forEach((p, i) => kind.set(p, i < nPromoted ? "promoted" : "cadre"));
    others.forEach((p, i) => kind.set(p, i < nJoin ? "join" : i < nJoin + nDeact ? "deact" : "member"));
    const plainCadres = cadreSet.slice(nPromoted);
    const nLine = Math.round(plainCadres.length * 0.55);
    const nLineLate = hasMid ? Math.max(2, Math.round(nLine * 0.06)) : 0;
    const nLineSwitch = hasMid ? Math.max(1, Math.round(nLine * 0.03)) : 0;
    const nDept = Math.round(plainCadres.length * 0.35);
    const unit = new Map<number, string>();
    plainCadres.forEach((p, i) =>
      unit.set(p, i < nLineLate ? "lineLate" : i < nLineLate + nLineSwitch ? "lineSwitch" : i < nLine ? "line" : i < nLine + nDept ? "dept" : "none"),
    );
    const movers = new Set(hasMid ? rng.shuffle(order.slice()).slice(0, Math.max(3, Math.round(n * 0.03))) : []);

    for (let idx = 0; idx < n; idx++) {
      const gender: Gender = rng.chance(0.55) ? "M" : "F";
      const p: Person = {
        idx, id: idx + 1, username: `m${String(idx - 3).padStart(4, "0")}`, name: personName(rng, gender), gender,
        phone: fakePhone("139", idx + 1), reg: longAgo(), deact: OPEN, joinedParty: 0,
        roles: [], zones: [], lines: [], depts: [], cls: cls(), special: "",
      };
      let zone = idx < 4 ? 0 : rng.int(0, zones - 1);
      let role: Role = "MEMBER";
      let level: CadreLevel | null = null;
      if (idx < 4) {
        p.special = (["admin", "shuji", "ganbu", "dangyuan"] as const)[idx];
        p.username = DEMO_ACCOUNTS[idx].username;
        role = DEMO_ACCOUNTS[idx].role;
        p.reg = this.rangeStart - rng.int(800, 2000);
        p.cls = 0;
        if (p.special === "admin") p.name = "系统管理员";
        if (p.special === "shuji") level = "MIDDLE";
        if (p.special === "ganbu") {
          level = "COUNTY_MANAGED";
          p.lines.push({ line: 0, from: this.rangeStart - rng.int(300, 700), to: OPEN });
        }
      }
      const k = kind.get(idx) ?? "";
      if (k === "cadre" || k === "promoted") {
        role = "CADRE";
        level = rng.weighted(LEVELS, LEVEL_WEIGHTS);
      }
      if (k === "join") p.reg = this.midDay(rng);
      if (k === "deact") p.deact = this.midDay(rng);
      p.joinedParty = p.reg - rng.int(0, 7000);

      // Role history.
      if (k === "promoted") {
        const x = this.midDay(rng);
        p.roles.push({ role: "MEMBER", level: null, from: p.reg, to: x - 1 });
        p.roles.push({ role, level, from: x, to: OPEN });
        if (rng.chance(0.5)) p.lines.push({ line: rng.int(0, lines - 1), from: Math.min(x + rng.int(0, 14), this.rangeEnd), to: OPEN });
        else p.depts.push({ dept: rng.int(0, departments - 1), from: x, to: OPEN });
      } else {
        p.roles.push({ role, level, from: p.reg, to: p.deact });
      }

      // Zone history.
      if (movers.has(idx) && p.reg < this.midFrom) {
        const x = Math.max(this.midDay(rng), p.reg + 1);
        if (x <= p.deact) {
          const other = zones > 1 ? (zone + rng.int(1, zones - 1)) % zones : zone;
          p.zones.push({ zone, from: p.reg, to: x - 1 });
          zone = other;
          p.zones.push({ zone, from: x, to: p.deact });
        }
      }
      if (p.zones.length === 0) p.zones.push({ zone, from: p.reg, to: p.deact });

      // Line or department of the plain cadres.
      const u = unit.get(idx);
      const since = () => Math.max(p.reg, this.rangeStart - rng.int(30, 1500));
      if (u === "line") p.lines.push({ line: rng.int(0, lines - 1), from: since(), to: OPEN });
      else if (u === "lineLate") p.lines.push({ line: rng.int(0, lines - 1), from: this.midDay(rng), to: OPEN });
      else if (u === "lineSwitch") {
        const a = rng.int(0, lines - 1);
        const b = lines > 1 ? (a + rng.int(1, lines - 1)) % lines : a;
        const x = this.midDay(rng);
        p.lines.push({ line: a, from: since(), to: x - 1 });
        p.lines.push({ line: b, from: x, to: OPEN });
      } else if (u === "dept") p.depts.push({ dept: rng.int(0, departments - 1), from: since(), to: OPEN });
      this.persons.push(p);
    }

    // Zone membership lists (everyone ever in the zone) and the zone leaders.
    this.zoneMembers = Array.from({ length: zones }, () => []);
    for (const p of this.persons) {
      for (const z of new Set(p.zones.map((t) => t.zone))) this.zoneMembers[z].push(p.idx);
    }
    this.zoneLeader = Array.from({ length: zones }, (_, z) => {
      if (z === 0) return this.secretaryIdx;
      const c = this.zoneMembers[z].find((i) => {
        const q = this.persons[i];
        return q.special === "" && q.roles.length === 1 && q.roles[0].role === "CADRE" && q.zones.length === 1;
      });
      return c ?? this.secretaryIdx;
    });
  }

  private insertPersons(): void {
    for (const p of this.persons) {
      const last = p.roles[p.roles.length - 1];
      const created = at(p.reg, 9 * 60 + (p.idx % 480));
      const changed = Math.max(last.from, p.zones[p.zones.length - 1].from, p.deact === OPEN ? 0 : p.deact);
      const updated = changed > p.reg ? at(Math.min(changed, this.todayDay), 17 * 60) : created;
      this.put("Member", [
        p.id, this.branchId, p.username, p.name, p.phone, this.passwordHash, 0, last.role, last.level,
        ds(p.joinedParty), ds(p.reg), p.deact === OPEN ? 1 : 0, p.deact === OPEN ? null : ds(p.deact), created, updated,
      ]);
    }
    const to = (d: number) => (d >= OPEN ? null : ds(d));
    for (const p of this.persons) {
      for (const r of p.roles) this.put("RoleTerm", [p.id, r.role, r.level, ds(r.from), to(r.to)]);
      for (const z of p.zones) this.put("ZoneAssignment", [p.id, z.zone + 1, ds(z.from), to(z.to)]);
      for (const l of p.lines) this.put("LineAssignment", [p.id, l.line + 1, ds(l.from), to(Math.min(l.to, p.deact))]);
      for (const d of p.depts) this.put("DepartmentAssignment", [p.id, d.dept + 1, ds(d.from), to(Math.min(d.to, p.deact))]);
    }
    const setLeader = this.raw.prepare(`UPDATE "Zone" SET "leaderId" = ? WHERE "id" = ?`);
    this.zoneLeader.forEach((i, z) => setLeader.run(this.persons[i].id, z + 1));
  }

  private makeResidents(): void {
    const rng = this.rng.fork("residents");
    const [lo, hi] = this.cfg.residentsPerZone;
    let id = 0;
    for (let z = 0; z < this.cfg.zones; z++) {
      const count = rng.int(lo, hi);
      this.zoneResStart.push(id + 1);
      this.zoneResCount.push(count);
      const hardship: number[] = [];
      for (let i = 0; i < count; i++) {
        id++;
        const gender: Gender = rng.chance(0.5) ? "M" : "F";
        const name = personName(rng, gender);
        const tags: string[] = [];
        const poor = rng.chance(this.cfg.hardshipShare);
        const elderly = rng.chance(poor ? 0.2 : 0.04);
        if (poor) tags.push(TAGS[0]);
        if (elderly) tags.push(TAGS[1]);
        if (!elderly && rng.chance(poor ? 0.12 : 0.04)) tags.push(TAGS[2]);
        if (!elderly && rng.chance(0.1)) tags.push(TAGS[3]);
        if (poor && rng.chance(0.5)) tags.push(TAGS[4]);
        if (rng.chance(poor ? 0.12 : 0.03)) tags.push(TAGS[5]);
        const household = elderly ? 1 : rng.weighted([1, 2, 3, 4, 5, 6], [5, 20, 30, 25, 12, 8]);
        const birthYear = elderly ? rng.int(1935, 1955) : rng.int(1950, 2004);
        const birth = `${birthYear}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
        const idNumber = rng.chance(0.85) ? fakeIdNumber(rng, birth, gender) : null;
        const phone = rng.chance(0.8) ? fakePhone("138", id) : null;
        const created = at(this.rangeStart - rng.int(1, 700), rng.int(9 * 60, 17 * 60));
        this.put("Resident", [
          id, z + 1, name, phone, idNumber, address(rng, this.zonePlace[z]), household, tags.join("、"), created, created, null,
        ]);
        this.resName.push(name);
        if (poor) hardship.push(id);
      }
      this.zoneHardship.push(rng.shuffle(hardship));
    }
  }

  private makePairings(): void {
    const rng = this.rng.fork("pairings");
    const next = this.zoneHardship.map(() => 0);
    const zones = this.cfg.zones;
    const take = (zone: number): number | null => {
      for (let k = 0; k < zones; k++) {
        const z = (zone + k) % zones;
        if (next[z] < this.zoneHardship[z].length) return this.zoneHardship[z][next[z]++];
      }
      return null;
    };
    let id = 0;
    const add = (p: Person, residentId: number, from: number, to: number, reason: string | null) => {
      id++;
      this.put("Pairing", [id, p.id, residentId, ds(from), to >= OPEN ? null : ds(to), reason, at(Math.min(from, this.todayDay), 10 * 60)]);
      this.pairings.push({ id, cadre: p.idx, residentId, from, to });
      if (to >= OPEN) {
        const list = this.pairingsByCadre.get(p.idx) ?? [];
        list.push(residentId);
        this.pairingsByCadre.set(p.idx, list);
      }
    };
    for (const p of this.persons) {
      const term = p.roles[p.roles.length - 1];
      if (!term.level) continue;
      const quota = PAIRING_QUOTA[term.level];
      let target = p.cls === 0 ? quota + (rng.chance(0.5) ? 1 : 0) : p.cls === 1 ? Math.max(0, quota - 1) : Math.floor(quota / 2);
      if (p.special === "ganbu") target = 3;
      if (p.special === "shuji") target = quota;
      const zone = p.zones[p.zones.length - 1].zone;
      for (let i = 0; i < target; i++) {
        let from: number;
        if (term.from >= this.rangeStart) {
          from = term.from + rng.int(7, 60);
          if (from > this.rangeEnd) break;
        } else if (rng.chance(0.75) || p.special === "ganbu" || !this.hasMid()) {
          from = Math.max(term.from, this.rangeStart - rng.int(30, 900));
        } else {
          from = this.midDay(rng);
        }
        // Some households were helped out of hardship (or moved) and replaced by another one.
        if (p.special === "" && from > term.from + 60 && rng.chance(0.4)) {
          const old = take(zone);
          if (old !== null) {
            add(p, old, Math.max(term.from, from - rng.int(120, 700)), from - 1, rng.pick(["已脱贫", "搬迁外地", "户主去世", "已纳入兜底保障"]));
          }
        }
        const resident = take(zone);
        if (resident === null) break;
        add(p, resident, from, OPEN, null);
      }
    }
  }

  private makeActivists(): void {
    const rng = this.rng.fork("activists");
    let id = 0;
    for (let z = 0; z < this.cfg.zones; z++) {
      for (let i = 0; i < this.cfg.activistsPerZone; i++) {
        id++;
        const name = personName(rng, rng.chance(0.5) ? "M" : "F");
        const from = this.hasMid() && rng.chance(0.3) ? this.midDay(rng) : this.rangeStart - rng.int(30, 700);
        const to = this.hasMid() && rng.chance(0.1) ? Math.max(from + 30, this.midDay(rng)) : OPEN;
        const ended = to < OPEN && to <= this.rangeEnd ? to : OPEN;
        this.put("Activist", [id, z + 1, name, ds(from), ended >= OPEN ? null : ds(ended), at(Math.min(from, this.todayDay), 10 * 60)]);
        this.activists.push({ id, zone: z, name, from, to: ended });
      }
    }
  }

  // --------------------------------------------------------------------------------------------
  // People's state on a day

  private roleAt(p: Person, d: number): { role: Role; level: CadreLevel | null } | null {
    if (d < p.reg || d > p.deact) return null;
    for (const r of p.roles) if (d >= r.from && d <= r.to) return r;
    return null;
  }

  private zoneAt(p: Person, d: number): number {
    for (const z of p.zones) if (d >= z.from && d <= z.to) return z.zone;
    return p.zones[p.zones.length - 1].zone;
  }

  private lineAt(p: Person, d: number): number {
    if (d > p.deact) return -1;
    for (const l of p.lines) if (d >= l.from && d <= l.to) return l.line;
    return -1;
  }

  private deptAt(p: Person, d: number): number {
    if (d > p.deact) return -1;
    for (const l of p.depts) if (d >= l.from && d <= l.to) return l.dept;
    return -1;
  }

  private isLeader(role: Role | undefined): boolean {
    return role === "CADRE" || role === "SECRETARY";
  }

  /** A member of zone `z` active and in that zone on day `d`, other than `not`; -1 if none found quickly. */
  private memberOfZone(rng: Rng, z: number, d: number, not: number): number {
    const list = this.zoneMembers[z];
    for (let tries = 0; tries < 6; tries++) {
      const i = list[Math.floor(rng.next() * list.length)];
      if (i === undefined || i === not) continue;
      const q = this.persons[i];
      if (this.roleAt(q, d) && this.zoneAt(q, d) === z) return i;
    }
    return -1;
  }

  private residentOfZone(rng: Rng, z: number): number {
    return this.zoneResStart[z] + Math.floor(rng.next() * this.zoneResCount[z]);
  }

  // --------------------------------------------------------------------------------------------
  // Planning: which records happen on which day

  private plan(d: number, k: Ev, a: number, b: number, t: number): void {
    if (d < this.rangeStart || d > this.rangeEnd) return;
    let list = this.pending.get(d);
    if (!list) this.pending.set(d, (list = []));
    list.push({ t, k, a, b, seq: this.seq++ });
  }

  /** Members' yearly talks (for the days they are not cadres): day-packed per month of `y`. */
  private planYearTalks(rng: Rng, y: number): number[][] {
    const start = toDayNumber(`${y}-01-01`);
    const len = isLeapYear(y) ? 366 : 365;
    const months: number[][] = Array.from({ length: 12 }, () => []);
    const monthOf = (d: number) => Number(ds(d).slice(5, 7)) - 1;
    const days: number[] = [];
    for (const p of this.persons) {
      days.length = 0;
      for (let d = start; d < start + len; d++) {
        const r = this.roleAt(p, d);
        if (r && !this.isLeader(r.role)) days.push(d);
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
  private planMonthTalks(rng: Rng, first: number, last: number): void {
    const len = last - first + 1;
    const days: number[] = [];
    const todayInMonth = this.todayDay >= first && this.todayDay <= last;
    for (const p of this.persons) {
      days.length = 0;
      for (let d = first; d <= last; d++) {
        const r = this.roleAt(p, d);
        if (r && this.isLeader(r.role)) days.push(d);
      }
      if (days.length === 0) continue;
      const required = Math.ceil((5 * days.length) / len);
      let n: number;
      if (p.special === "ganbu") {
        if (todayInMonth) {
          // Behind pace this month: count / required < elapsed fraction (at_risk).
          const elapsed = this.todayDay - first;
          n = Math.max(0, Math.ceil((5 * elapsed) / len) - 1);
          for (let i = 0; i < n; i++) this.plan(first + Math.floor(((i + 0.5) * elapsed) / n), Ev.Talk, p.idx, 0, rng.int(8 * 60, 20 * 60));
          continue;
        }
        n = this.todayDay - last > 40 && this.todayDay - last <= 71 ? 4 : 5 + rng.int(0, 1);
      } else if (p.cls === 0) n = required + rng.int(0, 2) - (rng.chance(0.05) ? 1 : 0);
      else if (p.cls === 1) n = required + (rng.chance(0.4) ? -rng.int(1, 2) : rng.int(0, 1));
      else n = rng.int(0, Math.max(0, required - 2));
      for (let i = 0; i < n; i++) this.plan(days[Math.floor(rng.next() * days.length)], Ev.Talk, p.idx, 0, rng.int(8 * 60, 21 * 60));
    }
  }

  /** Visits to the assigned line in the ISO week starting on Monday `monday` (≥ 3 when on pace). */
  private planWeek(rng: Rng, monday: number): void {
    const sunday = monday + 6;
    const available: number[] = [];
    for (const p of this.persons) {
      if (p.lines.length === 0) continue;
      let subject = 0;
      available.length = 0;
      for (let d = monday; d <= sunday; d++) {
        if (d < p.reg || this.lineAt(p, d) < 0) continue;
        subject++;
        if (d >= this.rangeStart) available.push(d);
      }
      if (subject === 0 || available.length === 0) continue;
      const required = Math.ceil((3 * subject) / 7);
      let n: number;
      if (p.special === "ganbu") {
        if (this.todayDay >= monday && this.todayDay <= sunday) {
          // On pace this week: count / required ≥ elapsed fraction (in_progress).
          n = Math.max(1, Math.ceil((3 * (this.todayDay - monday)) / 7));
          const upto = available.filter((d) => d <= this.todayDay);
          for (let i = 0; i < n && upto.length; i++) this.planVisit(rng, p, upto[i % upto.length]);
          continue;
        }
        n = rng.chance(0.1) ? required - 1 : required + (rng.chance(0.2) ? 1 : 0);
      } else if (p.cls === 0) n = required + (rng.chance(0.3) ? 1 : 0) - (rng.chance(0.05) ? 1 : 0);
      else if (p.cls === 1) n = required - (rng.chance(0.4) ? 1 : 0);
      else n = rng.int(0, Math.max(0, required - 1));
      // Distinct days, weekdays first (three of four visits fall Monday to Friday).
      const pool = rng.shuffle(available.slice()).sort((a, b) => Number(isoWeekdayOfDay(a) > 5) - Number(isoWeekdayOfDay(b) > 5));
      for (let i = 0; i < n; i++) this.planVisit(rng, p, pool[i % pool.length]);
    }
  }

  private planVisit(rng: Rng, p: Person, d: number): void {
    this.plan(d, Ev.Visit, p.idx, this.lineAt(p, d), rng.int(8 * 60, 17 * 60 + 30));
  }

  private planMonthOther(rng: Rng, first: number, last: number): void {
    const { zones, courtyardPerMonth, courtyardMissChance, walkInChance, reportsPerMonth } = this.cfg;
    const len = last - first + 1;
    // 院坝会: each zone, most months.
    for (let z = 0; z < zones; z++) {
      if (rng.chance(courtyardMissChance)) continue;
      let n = rng.int(courtyardPerMonth[0], courtyardPerMonth[1]);
      if (this.opts.scale === "demo" && rng.chance(0.1)) n++;
      for (let i = 0; i < n; i++) this.plan(first + rng.int(0, len - 1), Ev.Meeting, z, 0, rng.int(9 * 60, 19 * 60));
      if (rng.chance(walkInChance)) this.plan(first + rng.int(0, len - 1), Ev.WalkIn, z, 0, rng.int(8 * 60 + 30, 17 * 60));
    }
    // Assistance to paired households.
    this.pairings.forEach((pr, i) => {
      const s = Math.max(first, pr.from);
      const e = Math.min(last, pr.to);
      if (s > e) return;
      const cls = this.persons[pr.cadre].cls;
      if (rng.chance(cls === 0 ? 0.55 : cls === 1 ? 0.35 : 0.15)) this.plan(rng.int(s, e), Ev.Assist, i, 0, rng.int(9 * 60, 18 * 60));
    });
    // Cultivation notes on activists.
    this.activists.forEach((ac, i) => {
      const s = Math.max(first, ac.from);
      const e = Math.min(last, ac.to);
      if (s <= e && rng.chance(0.5)) this.plan(rng.int(s, e), Ev.Note, i, 0, rng.int(9 * 60, 20 * 60));
    });
    // Situation reports.
    const reports = rng.int(reportsPerMonth[0], reportsPerMonth[1]);
    for (let i = 0; i < reports; i++) {
      this.plan(first + rng.int(0, len - 1), Ev.Report, rng.int(0, this.persons.length - 1), 0, rng.int(8 * 60, 21 * 60));
    }
    // Department cadres now and then visit their department.
    for (const p of this.persons) {
      if (p.depts.length === 0 || !rng.chance(0.5)) continue;
      const d = first + rng.int(0, len - 1);
      const dept = this.deptAt(p, d);
      if (dept >= 0 && d >= p.reg) this.plan(d, Ev.Visit, p.idx, -(dept + 1), rng.int(8 * 60 + 30, 17 * 60));
    }
  }

  /** 座谈会, 茶话会, 恳谈会, 调研会 of one half-year, at random zones. */
  private planHalf(rng: Rng, first: number, last: number): void {
    const n = rng.int(this.cfg.otherPerHalf[0], this.cfg.otherPerHalf[1]);
    for (let i = 0; i < n; i++) {
      this.plan(rng.int(first, last), Ev.Meeting, rng.int(0, this.cfg.zones - 1), rng.int(1, 4), rng.int(9 * 60, 19 * 60));
    }
  }

  // --------------------------------------------------------------------------------------------
  // The records, month by month

  private generateRecords(): void {
    const planRng = this.rng.fork("plan");
    let yearPlan: number[][] = [];
    let nextMonday = this.rangeStart - (isoWeekdayOfDay(this.rangeStart) - 1);
    const firstYear = Number(ds(this.rangeStart).slice(0, 4));
    const lastYear = Number(ds(this.rangeEnd).slice(0, 4));
    const lastMonth = Number(ds(this.rangeEnd).slice(5, 7));
    for (let y = firstYear; y <= lastYear; y++) {
      yearPlan = this.planYearTalks(planRng, y);
      for (let m = 1; m <= (y === lastYear ? lastMonth : 12); m++) {
        const first = toDayNumber(`${y}-${String(m).padStart(2, "0")}-01`);
        const last = first + daysInMonth(y, m) - 1;
        if (m === 1 || m === 7) this.planHalf(planRng, first, toDayNumber(`${y}-${m === 1 ? "06-30" : "12-31"}`));
        for (const packed of yearPlan[m - 1]) {
          this.plan(Math.floor(packed / 65536), Ev.Talk, packed % 65536, 0, planRng.int(8 * 60, 21 * 60));
        }
        this.planMonthTalks(planRng, first, last);
        while (nextMonday <= last) {
          this.planWeek(planRng, nextMonday);
          nextMonday += 7;
        }
        this.planMonthOther(planRng, first, last);
        for (let d = first; d <= Math.min(last, this.rangeEnd); d++) this.emitDay(d);
      }
    }
    this.pending.clear();
  }

  private emitDay(d: number): void {
    const events = this.pending.get(d);
    if (!events) return;
    this.pending.delete(d);
    events.sort((x, y) => x.t - y.t || x.k - y.k || x.seq - y.seq);
    for (const e of events) {
      switch (e.k) {
        case Ev.Talk: this.emitTalk(d, e); break;
        case Ev.Visit: this.emitVisit(d, e); break;
        case Ev.Meeting: this.emitMeeting(d, e); break;
        case Ev.WalkIn: this.emitWalkIn(d, e); break;
        case Ev.Assist: this.emitAssist(d, e); break;
        case Ev.Note: this.emitNote(d, e); break;
        case Ev.Report: this.emitReport(d, e); break;
      }
    }
    this.progress(d);
  }

  private emitTalk(d: number, e: Event): void {
    const rng = this.rng;
    const p = this.persons[e.a];
    const z = this.zoneAt(p, d);
    const leader = this.isLeader(this.roleAt(p, d)?.role);
    let kind: "MEMBER" | "RESIDENT" = rng.chance(leader ? 0.3 : 0.5) ? "MEMBER" : "RESIDENT";
    let name = "";
    let memberId: number | null = null;
    let residentId: number | null = null;
    let reason: TalkReason;
    if (rng.chance(0.03)) {
      name = informalName(rng); // kept as written, not linked
      kind = "RESIDENT";
    } else if (kind === "MEMBER") {
      const q = this.memberOfZone(rng, z, d, p.idx);
      if (q >= 0) {
        memberId = this.persons[q].id;
        name = this.persons[q].name;
      } else kind = "RESIDENT";
    }
    if (kind === "RESIDENT" && !name) {
      const paired = this.pairingsByCadre.get(p.idx);
      residentId = paired && rng.chance(0.3) ? rng.pick(paired) : this.residentOfZone(rng, z);
      name = this.resName[residentId - 1];
    }
    if (kind === "MEMBER") reason = rng.weighted(REASONS, REASON_W_MEMBER);
    else reason = residentId !== null && this.pairingsByCadre.get(p.idx)?.includes(residentId) ? "HARDSHIP" : rng.weighted(REASONS, REASON_W_RESIDENT);
    const content = talkContent(rng, reason, name);
    // Entered the same evening or the next day; a few entered late (more than 7 days after).
    let lag = rng.chance(0.2) ? 1 : 0;
    if (rng.chance(0.02) && d + 25 <= this.todayDay) lag = rng.int(8, 25);
    const created = this.createdOn(d, e.t + rng.int(15, 150), lag);
    const id = ++this.ids.talk;
    this.put("Talk", [id, p.id, ds(d), kind, name, memberId, residentId, reason, content, created, created, null]);
    if (residentId !== null && rng.chance(0.06)) {
      this.makeRequest(d, e.t, "TALK", { talkId: id }, z, residentId, name, p.id);
    }
    // A few talks were entered twice and the duplicate deleted (soft delete + audit entry).
    const createdDay = Math.min(d + lag, this.todayDay);
    if (rng.chance(0.004) && createdDay < this.todayDay) {
      const dupCreated = this.createdOn(d, e.t + rng.int(160, 200), lag);
      const deletedDay = createdDay + rng.int(1, Math.min(3, this.todayDay - createdDay));
      const deleted = at(deletedDay, rng.int(8 * 60, 22 * 60), rng.int(0, 59));
      const dupId = ++this.ids.talk;
      this.put("Talk", [dupId, p.id, ds(d), kind, name, memberId, residentId, reason, content, dupCreated, deleted, deleted]);
      this.put("AuditEntry", [
        ++this.ids.audit, p.id, "talk.delete", "Talk", String(dupId),
        JSON.stringify({ occurredOn: ds(d), counterpartName: name, reason }), null, "重复录入", deleted,
      ]);
    }
  }

  private emitVisit(d: number, e: Event): void {
    const rng = this.rng;
    const p = this.persons[e.a];
    const lineId = e.b >= 0 ? e.b + 1 : null;
    const deptId = e.b < 0 ? -e.b : null;
    const visitedAt = at(d, e.t);
    const texts = visitTexts(rng);
    const lag = rng.chance(0.01) && d + 20 <= this.todayDay ? rng.int(8, 20) : 0;
    const created = this.createdOn(d, e.t + rng.int(20, 240), lag);
    const id = ++this.ids.visit;
    this.put("LineVisit", [id, p.id, lineId, deptId, visitedAt, ds(d), texts.purpose, texts.problemsFound, texts.handling, created, created, null]);
    if (lineId !== null && rng.chance(0.08)) {
      const z = this.zoneAt(p, d);
      if (rng.chance(0.5)) {
        const r = this.residentOfZone(rng, z);
        this.makeRequest(d, e.t, "VISIT", { lineVisitId: id }, z, r, this.resName[r - 1], p.id);
      } else {
        this.makeRequest(d, e.t, "VISIT", { lineVisitId: id }, z, null, passengerName(rng), p.id);
      }
    }
  }

  private hostOf(z: number, d: number): Person {
    const leader = this.persons[this.zoneLeader[z]];
    if (this.roleAt(leader, d)) return leader;
    return this.persons[this.secretaryIdx];
  }

  private emitMeeting(d: number, e: Event): void {
    const rng = this.rng;
    const z = e.a;
    const kind = MEETING_KINDS[e.b];
    const host = this.hostOf(z, d);
    const courtyard = kind === "COURTYARD";
    const village = this.zonePlace[z].endsWith("村");
    const place = this.zonePlace[z] + (courtyard
      ? rng.pick(village ? ["村委会院坝", "文化广场", "组院坝"] : ["小区院坝", "社区广场", "党群服务中心门前"])
      : rng.pick(["党员活动室", "会议室", village ? "便民服务中心" : "党群服务中心"]));
    const residentCount = courtyard ? rng.int(12, 60) : rng.int(6, 25);
    const topic = rng.pick(MEETING_TOPICS[kind]);
    const created = this.createdOn(d, e.t + rng.int(90, 240), rng.chance(0.1) ? 1 : 0);
    const id = ++this.ids.meeting;
    this.put("Meeting", [
      id, kind, z + 1, ds(d), host.id, place, residentCount, topic, meetingMinutes(rng, topic, residentCount), host.id, created, created, null,
    ]);
    const present = new Set<number>([host.idx]);
    const want = rng.int(this.cfg.attendance[0], this.cfg.attendance[1]);
    for (let i = 0; i < want * 2 && present.size < want; i++) {
      const q = this.memberOfZone(rng, z, d, -1);
      if (q >= 0) present.add(q);
    }
    for (const q of [...present].sort((a, b) => a - b)) this.put("MeetingAttendance", [id, this.persons[q].id]);
    const named = new Set<number>();
    const k = rng.int(0, Math.min(3, residentCount));
    for (let i = 0; i < k; i++) named.add(this.residentOfZone(rng, z));
    const residents = [...named].sort((a, b) => a - b);
    for (const r of residents) this.put("MeetingResident", [id, r]);
    if (rng.chance(courtyard ? 0.25 : 0.15)) {
      const r = residents.length ? rng.pick(residents) : this.residentOfZone(rng, z);
      this.makeRequest(d, e.t, "MEETING", { meetingId: id }, z, r, this.resName[r - 1], host.id);
    }
  }

  private emitWalkIn(d: number, e: Event): void {
    const rng = this.rng;
    const host = this.hostOf(e.a, d);
    const r = this.residentOfZone(rng, e.a);
    this.makeRequest(d, e.t, "WALK_IN", {}, e.a, r, this.resName[r - 1], host.id);
  }

  /** A request raised on day `d`; its handling and feedback depend on how long ago that was. */
  private makeRequest(
    d: number, minute: number, source: string,
    refs: { talkId?: number; lineVisitId?: number; meetingId?: number },
    zone: number, residentId: number | null, residentName: string, ownerId: number,
  ): void {
    const rng = this.rng;
    const age = this.todayDay - d;
    const created = this.createdOn(d, minute + rng.int(30, 120));
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
      const fb = Math.min(this.todayDay, d + (rng.chance(0.85) ? rng.int(1, 7) : rng.int(8, 20)));
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
    this.put("Request", [
      ++this.ids.request, source, refs.talkId ?? null, refs.lineVisitId ?? null, refs.meetingId ?? null, zone + 1,
      residentId, residentName, ds(d), requestContent(rng), ownerId, status, escalatedTo, handling, feedbackOn,
      feedbackHow, feedback, closedAt, ownerId, created, updated, null,
    ]);
  }

  private emitAssist(d: number, e: Event): void {
    const rng = this.rng;
    const pr = this.pairings[e.a];
    const kind = rng.weighted(ASSIST_KINDS, ASSIST_W);
    let amount: number | null = null;
    if (kind === "FUNDS") amount = rng.int(2, 30) * 10_000;
    else if (kind === "MATERIALS") amount = rng.int(10, 80) * 1_000;
    else if ((kind === "MEDICAL" || kind === "EDUCATION") && rng.chance(0.5)) amount = rng.int(5, 30) * 10_000;
    const cadre = this.persons[pr.cadre];
    this.put("AssistanceRecord", [
      ++this.ids.assist, pr.id, ds(d), kind, amount, assistanceText(rng, kind), cadre.id, this.createdOn(d, e.t + rng.int(30, 240)), null,
    ]);
  }

  private emitNote(d: number, e: Event): void {
    const rng = this.rng;
    const ac = this.activists[e.a];
    const q = this.memberOfZone(rng, ac.zone, d, -1);
    const author = q >= 0 ? this.persons[q] : this.hostOf(ac.zone, d);
    this.put("ActivistNote", [++this.ids.note, ac.id, author.id, ds(d), activistNote(rng, ac.name), this.createdOn(d, e.t + rng.int(20, 120)), null]);
  }

  private emitReport(d: number, e: Event): void {
    const rng = this.rng;
    const p = this.persons[e.a];
    if (!this.roleAt(p, d)) return;
    const kind = rng.pick(["NEW_THINKING", "NEW_SITUATION", "SUGGESTION"]);
    const age = this.todayDay - d;
    let status = "NEW";
    if (age > 14) status = rng.weighted(["ACTED", "READ", "NEW"], [60, 30, 10]);
    else if (age >= 3) status = rng.chance(0.4) ? "READ" : "NEW";
    const handled = status === "NEW" ? null : at(Math.min(this.todayDay, d + rng.int(1, Math.max(1, Math.min(age, 10)))), rng.int(9 * 60, 18 * 60));
    const secretary = this.persons[this.secretaryIdx];
    this.put("SituationReport", [
      ++this.ids.report, p.id, ds(d), kind, situationReportText(rng, kind), status, handled ? secretary.id : null, handled,
      status === "ACTED" ? "已在支委会研究，落实相关措施。" : "", this.createdOn(d, e.t + rng.int(10, 60)), null,
    ]);
  }
}
