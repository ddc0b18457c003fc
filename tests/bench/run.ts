/**
 * `npm run bench` (issue 7): is the ledger fast at county scale on this machine? In one run:
 * 1. the county-scale demo, two years, into .tmp/bench/ (tests/bench/county.ts; reused while the
 *    generator is unchanged);
 * 2. the compliance report of the whole year and of one zone, as JSON, against the bare grouped
 *    count of the year's talks on the best index (report-bench.ts);
 * 3. a cadre's dashboard, the secretary's overview (年终备查), a member's year page and the county
 *    dashboard (工作概况, whole county and one township) under
 *    autocannon (10 connections, 127.0.0.1, logged in), each against the same page rendered with
 *    no database work (pages-bench.ts, server.ts);
 * 4. the year workbook export: rows/s and peak RSS (workbook-bench.ts);
 * 5. importing a 100,000-row talk ledger with every check on: rows/s (import-bench.ts);
 * then prints a table and writes data/bench-results.json (each figure, its floor, the ratio and
 * the target). Speeds are medians of several runs; a ratio to a floor measured in the same run is
 * what is judged (ENVIRONMENT.md "Measuring": the machine is shared and noisy).
 *
 * Environment: BENCH_ONLY=report,pages,workbook,import (a subset), BENCH_PAGES=deskCounty,… (a
 * subset of the pages, by key), BENCH_RUNS (report runs,
 * default 7), BENCH_ROUNDS and BENCH_SECONDS (page load rounds × seconds, default 3 × 5),
 * BENCH_WORKBOOK_RUNS (default 2), BENCH_IMPORT_RUNS (default 3).
 * Not part of `npm test`. Exit code 0 whether or not targets are met (the table says which).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { openRaw } from "../../src/db/client.ts";
import { BENCH_PASSWORD, BENCH_TODAY, BENCH_YEAR, countyDb } from "./county.ts";
import { benchReport, type ReportFigures } from "./report-bench.ts";
import { CONNECTIONS, benchPages, login, startServer, type PageFigures } from "./pages-bench.ts";
import { benchWorkbook, type WorkbookFigures } from "./workbook-bench.ts";
import { benchImport, type ImportFigures } from "./import-bench.ts";
import { benchRollup, type RollupFigures } from "./rollup-bench.ts";
import { fmt, table } from "./stats.ts";

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const only = new Set((process.env.BENCH_ONLY ?? "report,rollup,pages,workbook,import").split(","));
const log = (line: string) => process.stderr.write(line + "\n");
const started = performance.now();
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(" ");

log(`bench: ${os.cpus().length} CPUs, Node ${process.version}, load average ${load()}`);
const county = await countyDb(log);
const raw = openRaw(`file:${county.file}`);
const counts = Object.fromEntries(
  ["Member", "Zone", "Talk", "LineVisit", "Meeting", "Pairing"].map((t) => [t, raw.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]),
);
const ids = Object.fromEntries(
  (raw.prepare(`SELECT username, id FROM Member WHERE username IN ('ganbu', 'shuji', 'dangyuan')`).all() as Array<{ username: string; id: number }>).map((r) => [r.username, r.id]),
);
log(`county ${path.relative(process.cwd(), county.file)} (${county.built ? "built now" : "reused"}): ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(", ")}`);

let report: ReportFigures | null = null;
if (only.has("report")) {
  log("report: whole year and one zone, JSON, against the bare GROUP BY …");
  report = benchReport(raw, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7));
}
let rollup: RollupFigures | null = null;
if (only.has("rollup")) {
  log("rollup: the whole county and one township, JSON, against the bare GROUP BYs of the same rows …");
  rollup = benchRollup(raw, BENCH_YEAR, BENCH_TODAY, env("BENCH_RUNS", 7));
}
raw.close();

let pages: PageFigures[] = [];
if (only.has("pages")) {
  log("pages: autocannon, 10 connections, each page against its no-database floor …");
  const server = await startServer(county.file);
  try {
    // One session per load connection and user (ten cadres' phones would be ten sessions).
    const sessions = async (user: string) => {
      const out: string[] = [];
      for (let i = 0; i < CONNECTIONS; i++) out.push(await login(server.base, user, BENCH_PASSWORD));
      return out;
    };
    const cookies = { ganbu: await sessions("ganbu"), shuji: await sessions("shuji"), zuzhibu: await sessions("zuzhibu"), xiangzhen: await sessions("xiangzhen") };
    const wanted = process.env.BENCH_PAGES ? new Set(process.env.BENCH_PAGES.split(",")) : null;
    pages = await benchPages(
      server,
      [
        { key: "dashboard", title: "cadre's dashboard", path: "/", user: "ganbu" },
        { key: "overview", title: "secretary's overview", path: "/review", user: "shuji" },
        { key: "memberYear", title: "member's year page", path: `/years/${BENCH_YEAR}/members/${ids.ganbu}`, user: "ganbu" },
        // The county dashboard (issue 13): the whole county as 组织部 opens it, and one township.
        { key: "deskCounty", title: "county dashboard, whole county", path: "/desk", user: "zuzhibu" },
        { key: "deskTownship", title: "county dashboard, one township", path: "/desk", user: "xiangzhen" },
      ].filter((p) => !wanted || wanted.has(p.key)),
      cookies,
      { rounds: env("BENCH_ROUNDS", 3), seconds: env("BENCH_SECONDS", 5), log },
    );
  } finally {
    await server.stop();
  }
}

let workbook: WorkbookFigures | null = null;
if (only.has("workbook")) {
  log("workbook: the year workbook export, each run in its own process …");
  workbook = await benchWorkbook(county.file, { runs: env("BENCH_WORKBOOK_RUNS", 2), log });
}

let imported: ImportFigures | null = null;
if (only.has("import")) {
  log("import: a 100,000-row talk ledger (CSV) into a fresh copy of the county …");
  imported = await benchImport(county.file, { rows: 100_000, year: BENCH_YEAR, today: BENCH_TODAY, runs: env("BENCH_IMPORT_RUNS", 3), log });
}

// ---- the table and the JSON ----
interface Figure {
  name: string;
  value: string;
  floor: string;
  ratio: string;
  target: string;
  met: boolean | null;
  data: Record<string, unknown>;
}
const figures: Figure[] = [];
if (report) {
  const r = report;
  const ratio = r.yearJson.wallMs / r.floor.wallMs;
  const cpuRatio = r.yearJson.cpuMs / r.floor.cpuMs;
  const floor = `${fmt.ms(r.floor.wallMs)} (CPU ${fmt.ms(r.floor.cpuMs)})`;
  figures.push({
    name: `compliance report, whole year, JSON (${r.members.toLocaleString("en")} members, ${r.jsonMB.toFixed(1)} MB)`,
    value: `${fmt.ms(r.yearJson.wallMs)} (CPU ${fmt.ms(r.yearJson.cpuMs)})`,
    floor,
    ratio: `${fmt.ratio(ratio)} (CPU ${fmt.ratio(cpuRatio)})`,
    target: "≤ 3× floor",
    met: ratio <= 3,
    data: { ...r.yearJson, floor: r.floor, ratio, cpuRatio, buildOnly: r.yearBuild, members: r.members, jsonMB: r.jsonMB, floorPlan: r.floorPlan, floorUnaided: r.floorUnaided },
  });
  figures.push({
    name: `compliance report, zone ${r.zoneId}, JSON (${r.zoneMembers} members)`,
    value: `${fmt.ms(r.zoneJson.wallMs)} (CPU ${fmt.ms(r.zoneJson.cpuMs)})`,
    floor,
    ratio: fmt.ratio(r.zoneJson.wallMs / r.floor.wallMs),
    target: "(info)",
    met: null,
    data: { ...r.zoneJson, floor: r.floor, ratio: r.zoneJson.wallMs / r.floor.wallMs, zoneId: r.zoneId, members: r.zoneMembers },
  });
}
if (rollup) {
  const r = rollup;
  const floor = `${fmt.ms(r.floor.wallMs)} (CPU ${fmt.ms(r.floor.cpuMs)})`;
  for (const [key, label] of [["county", `roll-up, whole county (${r.children} children)`], ["township", `roll-up, township ${r.townshipCode}`]] as const) {
    const ratio = r[key].wallMs / r.floor.wallMs;
    figures.push({
      name: `${label}, JSON`,
      value: `${fmt.ms(r[key].wallMs)} (CPU ${fmt.ms(r[key].cpuMs)})`,
      floor,
      ratio: fmt.ratio(ratio),
      target: "≤ 3× floor",
      met: ratio <= 3,
      data: { ...r[key], floor: r.floor, ratio },
    });
  }
}
for (const p of pages) {
  const share = p.page.rps / p.floor.rps;
  const spread = p.page.p99 / Math.max(p.page.p50, 1);
  figures.push({
    name: `${p.title} (${p.path}, ${p.user})`,
    value: `${p.page.rps.toFixed(1)} req/s, p50 ${p.page.p50} ms, p99 ${p.page.p99} ms, CPU ${fmt.ms(p.page.cpuMs)}/req`,
    floor: `${p.floor.rps.toFixed(0)} req/s, p50 ${p.floor.p50} ms, CPU ${fmt.ms(p.floor.cpuMs)}/req`,
    ratio: `${fmt.pct(share)} of floor (CPU ${fmt.pct(p.floor.cpuMs / p.page.cpuMs)}); p99 ${spread.toFixed(1)}× p50`,
    target: "≥ 50%; p99 ≤ 10× p50",
    met: share >= 0.5 && spread <= 10,
    data: { ...p, share, p99OverP50: spread },
  });
}
if (workbook) {
  const w = workbook;
  figures.push({
    name: `year workbook export (${w.rows.toLocaleString("en")} rows, ${w.fileMB.toFixed(0)} MB)`,
    value: `${fmt.int(w.rowsPerSecond)} rows/s (${w.seconds.toFixed(1)} s), peak RSS ${w.peakRssMB.toFixed(0)} MB`,
    floor: "—",
    ratio: "—",
    target: "≥ 50,000 rows/s; ≤ 300 MB",
    met: w.rowsPerSecond >= 50_000 && w.peakRssMB <= 300,
    data: { ...w },
  });
}
if (imported) {
  const i = imported;
  figures.push({
    name: `import, 100,000 talks (CSV ${i.fileMB.toFixed(1)} MB, all checks)`,
    value: `${fmt.int(i.rowsPerSecond)} rows/s (${i.seconds.toFixed(1)} s, CPU ${i.cpuSeconds.toFixed(1)} s); again: +${i.repeatAdded}`,
    floor: "—",
    ratio: "—",
    target: "≥ 20,000 rows/s",
    met: i.rowsPerSecond >= 20_000,
    data: { ...i },
  });
}

const seconds = (performance.now() - started) / 1000;
const rows = [["measure", "figure", "floor", "ratio", "target", ""], ...figures.map((f) => [f.name, f.value, f.floor, f.ratio, f.target, f.met === null ? "" : f.met ? "met" : "MISSED"])];
console.log(`\nLiaison Ledger at county scale — ${new Date().toISOString()}, ${os.cpus().length} CPUs, load average ${load()}, ${seconds.toFixed(0)} s in all`);
console.log(table(rows));
if (report) {
  console.log(`\nfloor: ${report.floorPlan.join(" / ")}; the same unaided (planner's choice): ${fmt.ms(report.floorUnaided.wallMs)}`);
  console.log(`the whole-year report's queries, each alone (build ${fmt.ms(report.yearBuild.wallMs)} + JSON; the rest is JS):`);
  console.log(table([["query", "rows", "time", "EXPLAIN QUERY PLAN"], ...report.queries.map((q) => [q.name, fmt.int(q.rows), fmt.ms(q.ms), q.plan.join(" / ")])], [0, 3]));
}

mkdirSync("data", { recursive: true });
writeFileSync(
  "data/bench-results.json",
  JSON.stringify(
    {
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
      county: { file: path.relative(process.cwd(), county.file), generator: county.version, built: county.built, seedSeconds: county.seconds, year: BENCH_YEAR, asOf: BENCH_TODAY, rows: counts },
      seconds,
      figures: figures.map(({ name, value, floor, ratio, target, met, data }) => ({ name, value, floor, ratio, target, met, ...data })),
    },
    null,
    2,
  ) + "\n",
);
console.log("written: data/bench-results.json");
