/**
 * The whole-year compliance report's JSON alone, on the bench county (issue 16 item 1): CPU ms of
 * `JSON.stringify(report)`, of that plus `Buffer.from(…, "utf8")` (what `res.json` → `res.send`
 * did), and of `complianceReportJson(report)` (src/domain/compliance/report-json.ts) on a report
 * just built (no bytes kept yet, as in the bench's yearJson) and on the same report again (kept
 * bytes of its shared results, as for the cached county report). Each run builds a fresh report
 * (not timed), then times the four in turn after a full GC; medians of `RUNS` (default 10), and
 * the medians of the run-by-run ratios.
 *
 *     node --expose-gc --import tsx tests/bench/report-json-bench.ts
 */
import { countyDb, BENCH_TODAY, BENCH_YEAR } from "./county.ts";
import { openKysely } from "../../src/db/kysely.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { complianceReportJson } from "../../src/domain/compliance/report-json.ts";
import { median } from "./stats.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc");
const runs = Number(process.env.RUNS ?? 10);
const county = await countyDb((l) => process.stderr.write(l + "\n"));
const kx = openKysely(`file:${county.file}`);

function cpuMs(f: () => unknown): number {
  gc!();
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

const names = ["JSON.stringify", "JSON.stringify + Buffer.from", "complianceReportJson, fresh report", "complianceReportJson, again"] as const;
const times: number[][] = names.map(() => []);
let bytes = 0;
for (let run = 0; run < runs; run++) {
  const report = await buildComplianceReport(kx, { year: BENCH_YEAR, asOf: BENCH_TODAY });
  times[0].push(cpuMs(() => JSON.stringify(report)));
  times[1].push(cpuMs(() => Buffer.from(JSON.stringify(report), "utf8")));
  times[2].push(cpuMs(() => (bytes = complianceReportJson(report).length)));
  times[3].push(cpuMs(() => complianceReportJson(report)));
  if (run === 0 && !complianceReportJson(report).equals(Buffer.from(JSON.stringify(report), "utf8"))) throw new Error("not the bytes of JSON.stringify");
}
await kx.destroy();
console.log(`whole-year report, ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON; CPU ms, median of ${runs} (min–max):`);
// Ratios taken run by run (the four ran back to back on one report): they hold on a busy machine.
const paired = (i: number, j: number) => median(times[i].map((t, k) => t / times[j][k])).toFixed(2);
for (let i = 0; i < names.length; i++) {
  const ratios = i < 2 ? "" : `  ×${paired(i, 0)} of JSON.stringify, ×${paired(i, 1)} of + Buffer.from`;
  console.log(`  ${names[i].padEnd(38)} ${median(times[i]).toFixed(1).padStart(7)}  (${Math.min(...times[i]).toFixed(1)}–${Math.max(...times[i]).toFixed(1)})${ratios}`);
}
