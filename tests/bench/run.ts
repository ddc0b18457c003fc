/**
 * `npm run bench` (issue 7): is the ledger fast at county scale on this machine? In one run:
 * 1. the county-scale demo, two years, into .tmp/bench/ (tests/bench/county.ts; reused while the
 *    generator is unchanged);
 * 2. the compliance report of the whole year and of one zone, as JSON, against the bare grouped
 *    count of the year's talks on the best index (report-bench.ts);
 * 2b. the roll-up of the whole county and of one township, as JSON and as the function alone,
 *    against bare GROUP BYs of the same rows by branch (rollup-bench.ts);
 * 2c. the 三维考核 of every assessed unit, as JSON and as the function alone, against the bare
 *    reads of the same rows (assessment-bench.ts);
 * 3. a cadre's dashboard, the secretary's overview (年终备查), a member's year page and the county
 *    dashboard (工作概况, whole county and one township) under
 *    autocannon (10 connections, 127.0.0.1, logged in), each against the same page rendered with
 *    no database work (pages-bench.ts, server.ts), each with its HTML and gzip bytes; then the
 *    weight of every list and desk a phone opens, against 200 KB of HTML (pages-weight.ts);
 * 4. the year workbook export: rows/s and peak RSS (workbook-bench.ts);
 * 5. importing a 100,000-row talk ledger with every check on: rows/s (import-bench.ts);
 * then prints a table and writes data/bench-results.json (each figure, its floor, the ratio and
 * the target). Speeds are medians of several runs; a ratio to a floor measured in the same run is
 * what is judged (ENVIRONMENT.md "Measuring": the machine is shared and noisy). Each section's
 * 1-minute load average is taken before and after it; a figure is marked "loaded" in the table and
 * the JSON when either is above what the bench itself keeps busy plus half a core (one core, two
 * for the pages, server and load generator, and for the workbook, its thread and the deflate), i.e. when something else ran on the machine. Before
 * each section the bench waits (at most 30 s) for the average to shed the previous section's work.
 *
 * Engines (issue 17 item 5): BENCH_ENGINE=postgres loads the same county into a throwaway
 * PostgreSQL server (tests/bench/county-pg.ts: copied from the SQLite county once, then restored
 * from its pg_dump) and measures each section and its floor there: the report, roll-up and 三维考核
 * against the same bare reads in PostgreSQL's SQL (sections-pg.ts), the pages against the same
 * no-database floor, the workbook from the database URL, the import into a copy of the county
 * database; so the ratios compare like with like. A page that does not answer 200 there is listed
 * as "not on this engine yet". data/bench-results.json keeps each engine's last run (results.ts:
 * SQLite's at the top level as before, PostgreSQL's under `postgres`); the table names the engine,
 * and a second table puts the two engines' ratios side by side.
 *
 * Environment: BENCH_ENGINE=sqlite (default) | postgres, BENCH_ONLY=report,rollup,assessment,pages,workbook,import (a subset), BENCH_PAGES=deskCounty,…
 * (a subset of the pages, by key), BENCH_RUNS (report and roll-up runs, default 7), BENCH_COLD_RUNS
 * (roll-ups and assessments after a write, default 3), BENCH_ROUNDS and BENCH_SECONDS (page load rounds × seconds,
 * default 5 × 5: five rounds, as the floor of a page varied by a third between runs), BENCH_WORKBOOK_RUNS (default 2), BENCH_IMPORT_RUNS (default 3).
 * Not part of `npm test`. Exit code 0 whether or not targets are met (the table says which).
 */
import os from "node:os";
import path from "node:path";
import type Database from "better-sqlite3";
import { openRaw } from "../../src/db/client.ts";
import { openKysely } from "../../src/db/kysely.ts";
import { BENCH_PASSWORD, BENCH_TODAY, BENCH_YEAR, countyDb } from "./county.ts";
import { countyPg } from "./county-pg.ts";
import { benchReport, type ReportFigures } from "./report-bench.ts";
import { CONNECTIONS, benchPages, login, startServer, type PageFigures } from "./pages-bench.ts";
import { benchWorkbook, type WorkbookFigures } from "./workbook-bench.ts";
import { benchImport, type ImportFigures, type Scratch } from "./import-bench.ts";
import { benchRollup, type RollupFigures } from "./rollup-bench.ts";
import { benchAssessment, type AssessmentFigures } from "./assessment-bench.ts";
import { benchAssessmentPg, benchReportPg, benchRollupPg } from "./sections-pg.ts";
import { bothEngines, recordRun } from "./results.ts";
import { fmt, table } from "./stats.ts";
import { pageWeights, weightIds, weightSpecs, WEIGHT_LIMIT, type PageWeight } from "./pages-weight.ts";

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const only = new Set((process.env.BENCH_ONLY ?? "report,rollup,assessment,pages,workbook,import").split(","));
const log = (line: string) => process.stderr.write(line + "\n");
const started = performance.now();
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

/** A section's 1-minute load average before and after, and whether something else loaded the machine. */
interface Load {
  before: number;
  after: number;
  loaded: boolean;
}
/**
 * Waits, at most 30 s, for the 1-minute load average to fall to `own` cores plus half a core. The
 * average decays by 1/e a minute, so right after a section it still carries that section's own
 * work (the import, after the workbook's two runs, started at 1.61 with nothing else running).
 * Load from something else keeps it up, and the section is then marked loaded as before.
 */
async function settle(own: number): Promise<void> {
  const until = Date.now() + 30_000;
  while (os.loadavg()[0] > own + 0.5 && Date.now() < until) await new Promise((r) => setTimeout(r, 1000));
}

/** Runs a section (after `settle`); `own` is the cores the bench itself keeps busy in it. */
async function section<T>(own: number, work: () => T | Promise<T>): Promise<[T, Load]> {
  await settle(own);
  const before = os.loadavg()[0];
  const out = await work();
  const after = os.loadavg()[0];
  return [out, { before, after, loaded: Math.max(before, after) > own + 0.5 }];
}
const loads: Record<string, Load> = {};

const engine = process.env.BENCH_ENGINE === "postgres" ? "postgres" : "sqlite";
log(`bench: ${os.cpus().length} CPUs, Node ${process.version}, engine ${engine}, load average ${load()}`);
// `target`: what the app and the sections open (a SQLite file's path, or the PostgreSQL URL).
const county =
  engine === "sqlite"
    ? await (async () => {
        const c = await countyDb(log);
        return { ...c, target: c.file, sqliteFile: c.file, where: path.relative(process.cwd(), c.file), stop: () => {} };
      })()
    : await (async () => {
        const c = await countyPg(log);
        return { ...c, file: null, target: c.url, where: c.url };
      })();
process.on("exit", () => county.stop());
const kxCounty = openKysely(engine === "sqlite" ? `file:${county.target}` : county.target);
const counts: Record<string, number> = {};
for (const t of ["Member", "Zone", "Talk", "LineVisit", "Meeting", "Pairing"] as const) {
  counts[t] = Number((await kxCounty.selectFrom(t).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);
}
const ids = Object.fromEntries(
  (await kxCounty.selectFrom("Member").select(["username", "id"]).where("username", "in", ["ganbu", "shuji", "dangyuan"]).execute()).map((r) => [r.username, r.id]),
);
log(`county ${county.where} (${county.built ? "built now" : "reused"}): ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}`);

/** Sections (and pages) skipped on this engine because their code still reads SQLite's raw handle. */
const notOnEngine: string[] = [];
/** The raw SQLite handle the not-yet-converted sections take; none on PostgreSQL. */
const raw: Database.Database | null = county.file ? openRaw(`file:${county.file}`) : null;
/** On PostgreSQL the report, roll-up and 三维考核 sections run on the app's Kysely there (sections-pg.ts), against the same floors in PostgreSQL's SQL. */
const pgKx = county.file ? null : kxCounty;
/** Runs a section that takes the raw handle, or records it as not on this engine yet. */
function onSqlite<T>(name: string, work: (raw: Database.Database) => Promise<T>): Promise<T> | null {
  if (raw) return work(raw);
  notOnEngine.push(name);
  log(`${name}: not on this engine yet (still reads SQLite's raw handle)`);
  return null;
}

let report: ReportFigures | null = null;
if (only.has("report")) {
  log("report: whole year and one zone, JSON, against the bare GROUP BY …");
  const run = pgKx ? section(1, () => benchReportPg(pgKx, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3))) : onSqlite("report", (raw) =>
    section(1, async () => {
      const kx = openKysely(`file:${county.file}`, { sqlite: raw }); // the report on Kysely over the same file (the handle lent)
      try {
        return await benchReport(raw, kx, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3));
      } finally {
        await kx.destroy();
      }
    }),
  );
  if (run) [report, loads.report] = await run;
}
let rollup: RollupFigures | null = null;
if (only.has("rollup")) {
  log("rollup: the whole county and one township, JSON, against bare GROUP BYs of the same rows by branch …");
  const run = pgKx
    ? section(1, () => benchRollupPg(pgKx, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3)))
    : onSqlite("rollup", (raw) => section(1, () => benchRollup(raw, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3))));
  if (run) [rollup, loads.rollup] = await run;
}
let assessment: AssessmentFigures | null = null;
if (only.has("assessment")) {
  log("assessment: the 三维考核 of every assessed unit, JSON, against the bare reads of the same rows …");
  const run = pgKx
    ? section(1, () => benchAssessmentPg(pgKx, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3)))
    : onSqlite("assessment", (raw) => section(1, () => benchAssessment(raw, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7), env("BENCH_COLD_RUNS", 3))));
  if (run) [assessment, loads.assessment] = await run;
}
const wIds = await weightIds(kxCounty);
raw?.close();
await kxCounty.destroy();

let pages: PageFigures[] = [];
let weights: PageWeight[] = [];
if (only.has("pages")) {
  log("pages: autocannon, 10 connections, each page against its no-database floor …");
  await settle(2);
  const server = await startServer(county.target);
  const loadBefore = os.loadavg()[0];
  try {
    // One session per load connection and user (ten cadres' phones would be ten sessions).
    const sessions = async (user: string) => {
      const out: string[] = [];
      for (let i = 0; i < CONNECTIONS; i++) out.push(await login(server.base, user, BENCH_PASSWORD));
      return out;
    };
    const cookies = { ganbu: await sessions("ganbu"), shuji: await sessions("shuji"), zuzhibu: await sessions("zuzhibu"), xiangzhen: await sessions("xiangzhen") };
    const wanted = process.env.BENCH_PAGES ? new Set(process.env.BENCH_PAGES.split(",")) : null;
    // A page that does not answer 200 on this engine (its route still reads SQLite) is not timed.
    const answers = async (p: { key: string; path: string; user: keyof typeof cookies }) => {
      const status = (await fetch(server.base + p.path, { headers: { cookie: cookies[p.user][0] }, redirect: "manual" })).status;
      if (status !== 200) {
        notOnEngine.push(`page ${p.key}`);
        log(`pages: ${p.key} (${p.path}) answers ${status} on ${engine}: not on this engine yet`);
      }
      return status === 200;
    };
    const specs: { key: string; title: string; path: string; user: keyof typeof cookies }[] = [
      { key: "dashboard", title: "cadre's dashboard", path: "/", user: "ganbu" },
      { key: "overview", title: "secretary's overview", path: "/review", user: "shuji" },
      { key: "memberYear", title: "member's year page", path: `/years/${BENCH_YEAR}/members/${ids.ganbu}`, user: "ganbu" },
      // issue 16: the overview as the county's reviewer opens it (members paged, child orgs summarized) and a zone's year
      { key: "overviewCounty", title: "secretary's overview, whole county", path: "/review", user: "zuzhibu" },
      { key: "zoneYear", title: "a zone's year page", path: `/years/${BENCH_YEAR}/zones/${wIds.zone}`, user: "shuji" },
      // The county dashboard (issue 13): the whole county as 组织部 opens it, and one township.
      { key: "deskCounty", title: "county dashboard, whole county", path: "/desk", user: "zuzhibu" },
      { key: "deskTownship", title: "county dashboard, one township", path: "/desk", user: "xiangzhen" },
    ];
    const runnable: typeof specs = [];
    for (const p of specs.filter((p) => !wanted || wanted.has(p.key))) if (await answers(p)) runnable.push(p);
    pages = await benchPages(
      server,
      runnable,
      cookies,
      { rounds: env("BENCH_ROUNDS", 5), seconds: env("BENCH_SECONDS", 5), log },
    );
    log("pages: the weight of each list and desk, Accept-Encoding: gzip …");
    const one = { ganbu: cookies.ganbu[0], shuji: cookies.shuji[0], zuzhibu: cookies.zuzhibu[0], xiangzhen: cookies.xiangzhen[0], admin: await login(server.base, "admin", BENCH_PASSWORD) };
    weights = await pageWeights(server, weightSpecs(BENCH_YEAR, wIds), one);
  } finally {
    await server.stop();
  }
  const after = os.loadavg()[0];
  loads.pages = { before: loadBefore, after, loaded: Math.max(loadBefore, after) > 2.5 };
}

let workbook: WorkbookFigures | null = null;
if (only.has("workbook")) {
  log("workbook: the year workbook export, each run in its own process …");
  // The export takes a SQLite file or a database URL (it reads on a connection of its own on either engine).
  // Two: the export's worker thread writes the sheets while exceljs's zip deflates on libuv's pool
  // (the 1-minute load reached 1.47-1.52 over its runs on a quiet machine).
  [workbook, loads.workbook] = await section(2, () => benchWorkbook(county.target, { runs: env("BENCH_WORKBOOK_RUNS", 2), log }));
}

let imported: ImportFigures | null = null;
if (only.has("import")) {
  log("import: a 100,000-row talk ledger (CSV) into a fresh copy of the county …");
  // On PostgreSQL each run imports into a database made from the county's (the ledger file is made from the SQLite county, the same rows).
  const pgCopy = "copy" in county ? county.copy : null;
  const scratch = pgCopy
    ? async (): Promise<Scratch> => {
        const c = await pgCopy();
        const kx = openKysely(c.url);
        return {
          kx,
          talks: async () => Number((await kx.selectFrom("Talk").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n),
          close: async () => {
            await kx.destroy();
            await c.drop();
          },
        };
      }
    : undefined;
  [imported, loads.import] = await section(1, () =>
    benchImport(county.sqliteFile, { rows: 100_000, year: BENCH_YEAR, today: BENCH_TODAY, runs: env("BENCH_IMPORT_RUNS", 3), log, scratch }),
  );
}

// ---- the table and the JSON ----
interface Figure {
  /** What is measured, the same on both engines ("report.year", "page.dashboard"…): results.ts matches the two engines' figures by it. */
  measure: string;
  name: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  met: boolean | null;
  /** Which section measured it (its load is in `loads`). */
  section: string;
  data: Record<string, unknown>;
}
const figures: Figure[] = [];
if (report) {
  const r = report;
  const ratio = r.yearJson.wallMs / r.floor.wallMs;
  const cpuRatio = r.yearJson.cpuMs / r.floor.cpuMs;
  const floor = `${fmt.ms(r.floor.wallMs)} (CPU ${fmt.ms(r.floor.cpuMs)})`;
  figures.push({
    measure: "report.year",
    name: `compliance report, whole year, JSON, after a talk is logged (${r.members.toLocaleString("en")} members, ${r.jsonMB.toFixed(1)} MB)`,
    value: `${fmt.ms(r.yearJson.wallMs)} (CPU ${fmt.ms(r.yearJson.cpuMs)})`,
    floor,
    ratio: `${fmt.ratio(ratio)} (CPU ${fmt.ratio(cpuRatio)})`,
    target: "≤ 3× floor",
    section: "report",
    met: ratio <= 3,
    data: { ...r.yearJson, floor: r.floor, ratio, cpuRatio, buildOnly: r.yearBuild, members: r.members, jsonMB: r.jsonMB, floorPlan: r.floorPlan, floorUnaided: r.floorUnaided },
  });
  figures.push({
    measure: "report.yearCold",
    name: `compliance report, whole year, JSON, after a roster write (everything re-read; median of ${r.coldRuns})`,
    value: `${fmt.ms(r.yearCold.wallMs)} (CPU ${fmt.ms(r.yearCold.cpuMs)})`,
    floor,
    ratio: `${fmt.ratio(r.yearCold.wallMs / r.floor.wallMs)} (CPU ${fmt.ratio(r.yearCold.cpuMs / r.floor.cpuMs)})`,
    target: "(info)",
    section: "report",
    met: null,
    data: { ...r.yearCold, floor: r.floor, ratio: r.yearCold.wallMs / r.floor.wallMs, cpuRatio: r.yearCold.cpuMs / r.floor.cpuMs },
  });
  figures.push({
    measure: "report.zone",
    name: `compliance report, zone ${r.zoneId}, JSON (${r.zoneMembers} members)`,
    value: `${fmt.ms(r.zoneJson.wallMs)} (CPU ${fmt.ms(r.zoneJson.cpuMs)})`,
    floor,
    ratio: fmt.ratio(r.zoneJson.wallMs / r.floor.wallMs),
    target: "(info)",
    section: "report",
    met: null,
    data: { ...r.zoneJson, floor: r.floor, ratio: r.zoneJson.wallMs / r.floor.wallMs, zoneId: r.zoneId, members: r.zoneMembers },
  });
}
if (rollup) {
  const r = rollup;
  const ms = (x: { wallMs: number; cpuMs: number }) => `${fmt.ms(x.wallMs)} (CPU ${fmt.ms(x.cpuMs)})`;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows: Array<[string, keyof typeof r & ("county" | "countyFn" | "township" | "townshipFn" | "countyCold"), "floor" | "townshipFloor", boolean]> = [
    [`roll-up, whole county (${r.branches} branches, ${r.children} children), JSON ${kb(r.countyBytes)}`, "county", "floor", true],
    [`roll-up, whole county, the function alone`, "countyFn", "floor", false],
    [`roll-up, whole county, JSON, first after a write (compliance report rebuilt, roster included; median of ${r.coldRuns})`, "countyCold", "floor", false],
    [`roll-up, township ${r.townshipCode} (${r.townshipBranches} branches), JSON ${kb(r.townshipBytes)}`, "township", "townshipFloor", true],
    [`roll-up, township ${r.townshipCode}, the function alone`, "townshipFn", "townshipFloor", false],
  ];
  for (const [name, key, floorKey, judged] of rows) {
    const ratio = r[key].wallMs / r[floorKey].wallMs;
    figures.push({
      measure: `rollup.${key}`,
      name,
      value: ms(r[key]),
      floor: `${ms(r[floorKey])}${floorKey === "townshipFloor" ? ", its branches" : ""}`,
      ratio: `${fmt.ratio(ratio)} (CPU ${fmt.ratio(r[key].cpuMs / r[floorKey].cpuMs)})`,
      target: judged ? "≤ 3× floor" : "(info)",
      section: "rollup",
      met: judged ? ratio <= 3 : null,
      data: { ...r[key], floor: r[floorKey], ratio, ...(key === "county" ? { bytes: r.countyBytes, bare: r.bare, floorQueries: r.floorQueries, statements: r.rollupQueries } : key === "township" ? { bytes: r.townshipBytes, code: r.townshipCode, branches: r.townshipBranches } : {}) },
    });
  }
}
if (assessment) {
  const a = assessment;
  const ms = (x: { wallMs: number; cpuMs: number }) => `${fmt.ms(x.wallMs)} (CPU ${fmt.ms(x.cpuMs)})`;
  const floor = `${ms(a.floor)}, bare reads`;
  const rows: Array<[string, "json" | "fn" | "cold", boolean]> = [
    [`三维考核, ${a.units} units (${a.complete} complete; ${fmt.int(a.ballots)} ballots, ${fmt.int(a.answers)} answer sheets), JSON ${(a.bytes / 1024).toFixed(1)} KB`, "json", true],
    [`三维考核, the function alone`, "fn", false],
    [`三维考核, JSON, first after a write (compliance report rebuilt, roster included; median of ${a.coldRuns})`, "cold", false],
  ];
  for (const [name, key, judged] of rows) {
    const ratio = a[key].wallMs / a.floor.wallMs;
    figures.push({
      measure: `assessment.${key}`,
      name,
      value: ms(a[key]),
      floor,
      ratio: `${fmt.ratio(ratio)} (CPU ${fmt.ratio(a[key].cpuMs / a.floor.cpuMs)})`,
      target: judged ? "≤ 3× floor" : "(info)",
      section: "assessment",
      met: judged ? ratio <= 3 : null,
      data: { ...a[key], floor: a.floor, ratio, ...(key === "json" ? { units: a.units, complete: a.complete, ballots: a.ballots, answers: a.answers, bytes: a.bytes } : {}) },
    });
  }
}
for (const p of pages) {
  const share = p.page.rps / p.floor.rps;
  const spread = p.page.p99 / Math.max(p.page.p50, 1);
  figures.push({
    measure: `page.${p.key}`,
    name: `${p.title} (${p.path}, ${p.user}; ${fmt.kb(p.bytes)} HTML, ${fmt.kb(p.wireBytes)} gzip)`,
    value: `${p.page.rps.toFixed(1)} req/s, p50 ${p.page.p50} ms, p99 ${p.page.p99} ms, CPU ${fmt.ms(p.page.cpuMs)}/req`,
    floor: `${p.floor.rps.toFixed(0)} req/s, p50 ${p.floor.p50} ms, CPU ${fmt.ms(p.floor.cpuMs)}/req`,
    ratio: `${fmt.pct(share)} of floor (CPU ${fmt.pct(p.floor.cpuMs / p.page.cpuMs)}); p99 ${spread.toFixed(1)}× p50`,
    target: "≥ 50%; p99 ≤ 10× p50",
    section: "pages",
    met: share >= 0.5 && spread <= 10,
    data: { ...p, share, p99OverP50: spread },
  });
}
for (const w of weights) {
  figures.push({
    measure: `weight.${w.key}`,
    name: `page weight: ${w.key} (${w.path}, ${w.user})`,
    value: `${fmt.kb(w.htmlBytes)} HTML, ${fmt.kb(w.wireBytes)} on the wire (${w.encoding})`,
    floor: "—",
    ratio: "—",
    target: "≤ 200 KB HTML",
    section: "pages",
    met: w.status === 200 && w.htmlBytes <= WEIGHT_LIMIT,
    data: { ...w },
  });
}
if (workbook) {
  const w = workbook;
  figures.push({
    measure: "workbook",
    name: `year workbook export (${w.rows.toLocaleString("en")} rows, ${w.fileMB.toFixed(0)} MB)`,
    value: `${fmt.int(w.rowsPerSecond)} rows/s (${w.seconds.toFixed(1)} s), peak RSS ${w.peakRssMB.toFixed(0)} MB`,
    floor: "—",
    ratio: "—",
    target: "≥ 50,000 rows/s; ≤ 300 MB",
    section: "workbook",
    met: w.rowsPerSecond >= 50_000 && w.peakRssMB <= 300,
    data: { ...w },
  });
}
if (imported) {
  const i = imported;
  figures.push({
    measure: "import",
    name: `import, 100,000 talks (CSV ${i.fileMB.toFixed(1)} MB, all checks)`,
    value: `${fmt.int(i.rowsPerSecond)} rows/s (${i.seconds.toFixed(1)} s, CPU ${i.cpuSeconds.toFixed(1)} s); again: +${i.repeatAdded}`,
    floor: "—",
    ratio: "—",
    target: "≥ 20,000 rows/s",
    section: "import",
    met: i.rowsPerSecond >= 20_000,
    data: { ...i },
  });
}

const seconds = (performance.now() - started) / 1000;
const loadCell = (l: Load | undefined) => (l ? `${Math.max(l.before, l.after).toFixed(2)}${l.loaded ? " LOADED" : ""}` : "");
const rows = [
  ["measure", "engine", "figure", "floor", "ratio", "target", "", "load"],
  ...figures.map((f) => [f.name, engine, f.value, f.floor, f.ratio, f.target, f.met === null ? "" : f.met ? "met" : "MISSED", loadCell(loads[f.section])]),
];
for (const name of notOnEngine) rows.push([name, engine, "not on this engine yet", "—", "—", "—", "", ""]);
console.log(`\nLiaison Ledger at county scale on ${engine} — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load average ${load()}, ${seconds.toFixed(0)} s in all`);
console.log(table(rows));
if (Object.values(loads).some((l) => l.loaded)) console.log(`LOADED: the 1-minute load average was above what the bench itself keeps busy (+0.5) before or after that section: something else ran; judge those figures with care.`);
if (report) {
  console.log(`\nfloor: ${report.floorPlan.join(" / ")}; the same unaided (planner's choice): ${fmt.ms(report.floorUnaided.wallMs)}`);
  console.log(`the whole-year report's queries, each alone (build ${fmt.ms(report.yearBuild.wallMs)} + JSON; the rest is JS):`);
  console.log(table([["query", "rows", "time", "EXPLAIN QUERY PLAN"], ...report.queries.map((q) => [q.name, fmt.int(q.rows), fmt.ms(q.ms), q.plan.join(" / ")])], [0, 3]));
}

if (rollup) {
  console.log(`\nroll-up floors (county ${fmt.ms(rollup.floor.wallMs)}, township ${fmt.ms(rollup.townshipFloor.wallMs)}; the same rows with no membership join ${fmt.ms(rollup.bare.wallMs)}), each GROUP BY alone:`);
  console.log(table([["query", "rows", "time", "EXPLAIN QUERY PLAN"], ...rollup.floorQueries.map((q) => [q.name, fmt.int(q.rows), fmt.ms(q.ms), q.plan.join(" / ")])], [0, 3]));
  for (const which of ["county", "township"] as const) {
    console.log(`the ${which} roll-up's statements, each alone (compliance report cached):`);
    console.log(table([["statement", "rows", "time", "EXPLAIN QUERY PLAN"], ...rollup.rollupQueries[which].map((q) => [q.name, fmt.int(q.rows), fmt.ms(q.ms), q.plan.join(" / ")])], [0, 3]));
  }
}

// Both engines in one file: this run replaces its engine's part (results.ts).
const resultsFile = "data/bench-results.json";
const recorded = recordRun(resultsFile, engine, {
  at: new Date().toISOString(),
  engine,
  notOnEngine,
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
  county: { file: county.where, generator: county.version, built: county.built, seedSeconds: county.seconds, year: BENCH_YEAR, asOf: BENCH_TODAY, rows: counts },
  seconds,
  loads,
  figures: figures.map(({ measure, name, value, floor, ratio, target, met, section: sec, data }) => ({ measure, section: sec, name, value, floor, ratio, target, met, load: loads[sec] ?? null, ...data })),
}, [...only]);
console.log(`\nthe same ratios on both engines (each engine's last run in ${resultsFile}):`);
console.log(table(bothEngines(recorded)));
console.log(`written: ${resultsFile}`);
county.stop();
