/**
 * Benchmark (not a vitest test): the year workbook export (src/reports/year-workbook.ts) on a
 * county-scale demo (DOMAIN.md "Scale to design for"), printing the process's peak memory and the
 * rows written per second. Run: `npm run bench:workbook` (= `node --import tsx tests/bench/workbook-export.ts`),
 * optionally `-- --year 2026`. The county file is generated once with the real seed
 * (`seedDatabase(url, { scale: "county", ... })`) under .tmp/bench/ and reused.
 *
 * Peak memory: the kernel's high-water mark of this program's resident set (peak-rss.ts: VmHWM on
 * Linux, getrusage's maxRSS elsewhere) and, as a cross-check, `process.memoryUsage().rss` sampled every 50 ms. The budget of issue 3
 * is < 300 MB; the script exits 1 above it. Speed is printed for information only: machines are
 * shared and noisy (ENVIRONMENT.md), so no absolute time is asserted.
 */
import { createWriteStream, statSync } from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { writeYearWorkbook } from "../../src/reports/year-workbook.ts";
import { BENCH_DIR, countyFile } from "./county-file.ts";
import { peakRssBytes } from "./peak-rss.ts";

const BUDGET_MB = 300;
const args = process.argv.slice(2);
const yearArg = args.indexOf("--year");
const year = yearArg >= 0 ? Number(args[yearArg + 1]) : 2026;

const file = await countyFile(year, (l) => process.stderr.write(l + "\n"));
const out = path.join(BENCH_DIR, `workbook-${year}.xlsx`);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const baseline = process.memoryUsage().rss;
let sampled = baseline;
const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 50);
const started = performance.now();
let lastLine = 0;
const stream = createWriteStream(out);
const result = await writeYearWorkbook(file, stream, {
  year,
  asOf: `${year}-12-31`,
  onProgress: (p) => {
    const now = performance.now();
    if (now - lastLine < 2000 && p.sheet !== "完成") return;
    lastLine = now;
    process.stderr.write(`  ${p.sheet} ${p.rows.toLocaleString("en")} / ${p.total.toLocaleString("en")} rows, rss ${mb(process.memoryUsage().rss)} MB heap ${mb(process.memoryUsage().heapUsed)} ext ${mb(process.memoryUsage().external)} ab ${mb(process.memoryUsage().arrayBuffers)}\n`);
  },
});
await finished(stream).catch(() => {});
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
sampled = Math.max(sampled, process.memoryUsage().rss);
const maxRss = peakRssBytes();

console.log(`year workbook ${year} of ${path.relative(process.cwd(), file)} → ${path.relative(process.cwd(), out)} (${mb(statSync(out).size)} MB)`);
for (const [sheet, n] of Object.entries(result.sheets)) console.log(`  ${sheet.padEnd(6, "　")} ${n.toLocaleString("en").padStart(9)} rows`);
console.log(`rows: ${result.rows.toLocaleString("en")} in ${seconds.toFixed(1)} s = ${Math.round(result.rows / seconds).toLocaleString("en")} rows/s`);
console.log(`rss before export: ${mb(baseline)} MB; peak rss sampled: ${mb(sampled)} MB; peak rss (VmHWM): ${mb(maxRss)} MB; budget ${BUDGET_MB} MB`);
if (maxRss >= BUDGET_MB * 1024 * 1024) {
  console.log(`FAIL: peak memory ${mb(maxRss)} MB ≥ ${BUDGET_MB} MB`);
  process.exit(1);
}
console.log("OK: peak memory below the budget");
