/**
 * The same ledger on both engines (issue 17, "What it must show"): a generated county ledger
 * (tests/cli/parity-ledger.ts) is written as FORMATS.md's import files and brought into a fresh
 * SQLite file and a fresh PostgreSQL database through the command line's own code (`ledger
 * migrate` as child processes; `ledger import …` through its `main` in this process, DATABASE_URL
 * per engine); then every report the command line gives (compliance at several as-of dates, for
 * the county and for a township, as JSON and CSV; the roll-up; the 三维考核; the survey draw; the
 * year workbook, sheet by sheet) is read from both, as child processes in two different TZ (which
 * must change nothing), and compared: canonical JSON (sorted keys) and CSV byte for byte.
 * It uses both engines whatever LEDGER_TEST_PG says, so `npm test` runs it once, in its SQLite run
 * (about 20 command-line processes): the PostgreSQL run (LEDGER_TEST_PG=1) skips it, saying so.
 * It skips otherwise only where PostgreSQL is not installed (pgMissing; an error in CI).
 */
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/db/client.ts";
import { main } from "../../src/cli/ledger.ts";
import { TMP_DIR } from "../support/db.ts";
import { pgMissing, startPg, type TestPg } from "../support/pg.ts";
import { csv } from "../import/files.ts";
import { parityLedger } from "./parity-ledger.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const onceInTheSqliteRun = process.env.LEDGER_TEST_PG === "1";
if (onceInTheSqliteRun) console.warn("SKIP on the PostgreSQL run: the engines' parity check compares both engines itself and runs in the SQLite run");
const skip = onceInTheSqliteRun || pgMissing();
const engines = ["sqlite", "postgres"] as const;
type Engine = (typeof engines)[number];
/** Each engine's CLI runs in another process time zone: periods are Asia/Shanghai whatever TZ says. */
const TZ: Record<Engine, string> = { sqlite: "America/Los_Angeles", postgres: "Pacific/Kiritimati" };

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run ledger -- …args` as a child process on `url`. */
async function ledger(engine: Engine, url: string, ...args: string[]): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/ledger.ts", ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", DATABASE_URL: url, TZ: TZ[engine], LOG_LEVEL: "silent" },
      maxBuffer: 256 * 1024 * 1024,
      encoding: "utf8",
    });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === "number" ? x.code : -1, stdout: x.stdout ?? "", stderr: x.stderr ?? String(e) };
  }
}

/**
 * `ledger …args` on `url` in this process (the CLI's own `main`, its output captured): the imports,
 * 32 of them, which would otherwise each pay a process's start (about 2 s of CPU). The reports,
 * whose periods must not depend on the process's time zone, run as child processes (`ledger`).
 */
async function ledgerHere(url: string, ...args: string[]): Promise<Result> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { databaseUrl: url, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, stdout: out.map((l) => `${l}\n`).join(""), stderr: err.join("\n") };
}

/** JSON with every object's keys sorted, for a comparison that ignores key order only. */
export function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v instanceof Date ? v.toISOString() : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}

const ledgerData = parityLedger();
const dir = path.join(TMP_DIR, `parity-${process.pid}-${Date.now()}`);
const urls = {} as Record<Engine, string>;
let pgServer: TestPg | undefined;

/** The same command on both engines, at the same time (two child processes); a function argument is given the engine. */
const both = (...args: (string | ((e: Engine) => string))[]) =>
  Promise.all(engines.map((e) => ledger(e, urls[e], ...args.map((a) => (typeof a === "string" ? a : a(e)))))) as Promise<[Result, Result]>;

beforeAll(async () => {
  if (skip) return;
  mkdirSync(dir, { recursive: true });
  pgServer = await startPg();
  urls.sqlite = `file:${path.join(dir, "ledger.db")}`;
  urls.postgres = await pgServer.freshDatabase();
  for (const r of await both("migrate")) expect(r, r.stderr).toMatchObject({ code: 0 });

  const encodings = ["utf8", "utf8bom", "gb18030"] as const;
  for (const [i, f] of ledgerData.files.entries()) {
    const file = path.join(dir, f.name);
    writeFileSync(file, csv(f.headers, f.rows, encodings[i % encodings.length]));
    const [a, b] = await Promise.all(engines.map((e) => ledgerHere(urls[e], "import", f.kind, file)));
    expect(a, `${f.kind} on SQLite: ${a.stderr}`).toMatchObject({ code: 0 });
    expect(b, `${f.kind} on PostgreSQL: ${b.stderr}`).toMatchObject({ code: 0 });
    // The same rows added and the same duplicates reported (new passwords differ by design).
    const summary = (r: Result) => r.stdout.split("\n").filter((l) => /导入完成|重复（未导入）/.test(l));
    expect(summary(b)).toEqual(summary(a));
  }
  // Pairings have no import file: the same ones written on both engines, found by natural names.
  for (const url of Object.values(urls)) {
    const db = openDb(url);
    try {
      for (const p of ledgerData.pairings) {
        const cadre = await db.member.findUniqueOrThrow({ where: { username: p.cadre } });
        const resident = await db.resident.findFirstOrThrow({ where: { name: p.resident } });
        await db.pairing.create({ data: { cadreId: cadre.id, residentId: resident.id, startedOn: p.startedOn, endedOn: p.endedOn, endReason: p.endedOn ? "脱贫" : null } });
      }
    } finally {
      await db.$disconnect();
    }
  }
}, 600_000);

afterAll(async () => {
  await pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs a report on both engines; both must succeed and print the same thing (JSON: canonical). */
async function same(args: string[], json = true): Promise<string> {
  const [a, b] = await both(...args);
  expect(a, `SQLite: ${a.stderr}`).toMatchObject({ code: 0 });
  expect(b, `PostgreSQL: ${b.stderr}`).toMatchObject({ code: 0 });
  if (!json) {
    expect(b.stdout).toBe(a.stdout);
    return a.stdout;
  }
  const [ca, cb] = [canonical(JSON.parse(a.stdout)), canonical(JSON.parse(b.stdout))];
  expect(cb).toBe(ca);
  return a.stdout;
}

/**
 * Every sheet of a workbook: its rows' cell values, by sheet name. The 录入时间 column (when a
 * record was entered: the clock of each engine's import, a minute apart at worst) is blanked.
 */
async function sheets(file: string): Promise<Record<string, unknown[][]>> {
  const out: Record<string, unknown[][]> = {};
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const entered = rows[0]?.indexOf("录入时间") ?? -1;
    if (entered >= 0) for (const r of rows.slice(1)) r[entered] = "";
    out[ws.name] = rows;
  });
  return out;
}

interface Status {
  count: number;
  required: number;
  status: string;
}
interface ComplianceJson {
  asOf: string;
  members: { username: string; org: string; yearTalks: Status; monthlyTalks?: (Status & { period: string })[]; weeklyVisits?: (Status & { period: string })[]; pairings?: Status }[];
  zones: { name: string; monthlyCourtyardMeetings: Status[] }[];
}

describe.skipIf(skip)("one ledger imported into SQLite and into PostgreSQL through the command line", () => {
  it("gives the same compliance report at the year's end, non-trivial: some members met, some missed, ISO week 53 and the late member", async () => {
    const report = JSON.parse(await same(["report", "compliance", "--year", "2020", "--as-of", "2020-12-31"])) as ComplianceJson;
    expect(report.members.map((m) => m.username).sort()).toEqual(ledgerData.usernames.sort());
    const statuses = report.members.map((m) => m.yearTalks.status);
    expect(statuses).toContain("met");
    expect(statuses.filter((s) => s !== "met").length).toBeGreaterThan(0);
    const weeks = report.members.flatMap((m) => m.weeklyVisits ?? []);
    expect(weeks.map((w) => w.period)).toContain("2020-W53");
    expect(weeks.some((w) => w.status === "met") && weeks.some((w) => w.status === "missed")).toBe(true);
    expect(report.members.some((m) => m.pairings && m.pairings.count > 0)).toBe(true);
    expect(report.zones.flatMap((z) => z.monthlyCourtyardMeetings).some((p) => p.status === "missed")).toBe(true);
  }, 120_000);

  it("gives the same compliance report mid-year, for the next year (ISO week 53 belongs to 2020), for the county and for a township", async () => {
    const mid = JSON.parse(await same(["report", "compliance", "--year", "2020", "--as-of", "2020-06-17"])) as ComplianceJson;
    expect(mid.members.some((m) => m.yearTalks.status === "at_risk")).toBe(true);
    expect(mid.members.some((m) => m.yearTalks.status === "in_progress" || m.yearTalks.status === "met")).toBe(true);
    const next = JSON.parse(await same(["report", "compliance", "--year", "2021", "--as-of", "2021-01-20"])) as ComplianceJson;
    expect(next.members.flatMap((m) => m.weeklyVisits ?? []).map((w) => w.period)[0]).toBe("2021-W01");
    const county = JSON.parse(await same(["report", "compliance", "--year", "2020", "--as-of", "2020-12-31", "--org", "QX"])) as ComplianceJson;
    expect(new Set(county.members.map((m) => m.org))).toEqual(new Set(["XZ01-01", "XZ01-02", "XZ02-01", "BM01-01"]));
    const town = JSON.parse(await same(["report", "compliance", "--year", "2020", "--as-of", "2020-12-31", "--org", "XZ01"])) as ComplianceJson;
    expect(new Set(town.members.map((m) => m.org))).toEqual(new Set(["XZ01-01", "XZ01-02"]));
  }, 180_000);

  it("gives the same compliance CSV byte for byte", async () => {
    const text = await same(["report", "compliance", "--year", "2020", "--as-of", "2020-12-31", "--format", "csv"], false);
    expect(text.split("\n").length).toBeGreaterThan(500);
  }, 120_000);

  it("gives the same roll-ups (county, township) and the same 三维考核", async () => {
    const county = JSON.parse(await same(["report", "rollup", "--year", "2020", "--as-of", "2020-12-31"])) as { totals: Record<string, number>; children: unknown[] };
    expect(county.totals.talks).toBeGreaterThan(500);
    expect(county.children.length).toBeGreaterThanOrEqual(3);
    await same(["report", "rollup", "--year", "2020", "--as-of", "2020-09-30", "--org", "XZ02", "--format", "csv"], false);
    const assessment = JSON.parse(await same(["report", "assessment", "--year", "2020", "--as-of", "2020-12-31"])) as { units: { code: string; survey: number | null; rank: number }[] };
    expect(assessment.units.map((u) => u.code).sort()).toEqual(["BM01", "XZ01", "XZ02"]);
    expect(assessment.units.find((u) => u.code === "BM01")!.survey).toBeNull();
  }, 180_000);

  it("draws the same survey sample from the same seed", async () => {
    const lines = (await same(["survey", "draw", "--year", "2021", "--seed", "7", "--org", "XZ01"], false)).trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(20);
  }, 120_000);

  it("exports the same year workbook: every sheet, row and cell", async () => {
    const out = (e: Engine) => path.join(dir, `year-${e}.xlsx`);
    const [a, b] = await both("export", "year", "--year", "2020", "--as-of", "2020-12-31", "--out", out);
    expect(a, `SQLite: ${a.stderr}`).toMatchObject({ code: 0 });
    expect(b, `PostgreSQL: ${b.stderr}`).toMatchObject({ code: 0 });
    const [wa, wb] = await Promise.all(engines.map((e) => sheets(out(e))));
    expect(Object.keys(wa)).toEqual(expect.arrayContaining(["达标情况", "谈心记录", "走访记录", "会议记录", "结穷亲"]));
    expect(Object.values(wa).reduce((n, rows) => n + rows.length, 0)).toBeGreaterThan(1000);
    expect(Object.keys(wb)).toEqual(Object.keys(wa));
    for (const name of Object.keys(wa)) expect(canonical(wb[name]), name).toBe(canonical(wa[name]));
  }, 180_000);
});
