/**
 * One year-workbook export for `npm run bench`, in a process of its own so that its peak resident
 * set is the export's alone: `writeYearWorkbookFile` (src/reports/year-workbook-file.ts: the worker
 * thread the web's export jobs and `ledger export year` use) of BENCH_YEAR as of BENCH_TODAY from
 * DB_FILE to OUT_FILE. Prints one JSON line on stdout:
 * `{ rows, seconds, maxRssMB, rusageMaxRssMB, rssBeforeMB, sheets }` — `maxRssMB` is the kernel's
 * high-water mark of this program's resident set (peak-rss.ts: VmHWM, which includes Node, the
 * modules loaded before the export and the worker thread), `rusageMaxRssMB` getrusage's figure
 * (which also counts the bench parent's resident set at the fork: see peak-rss.ts), `rssBeforeMB`
 * the resident set just before the export started.
 *
 * Usage: node --import tsx tests/bench/workbook-run.ts DB_FILE OUT_FILE
 */
import { statSync } from "node:fs";
import { writeYearWorkbookFile } from "../../src/reports/year-workbook-file.ts";
import { BENCH_TODAY, BENCH_YEAR } from "./constants.ts";
import { peakRssBytes, rusageMaxRssBytes } from "./peak-rss.ts";

const [file, out] = process.argv.slice(2);
if (!file || !out) throw new Error("usage: workbook-run.ts DB_FILE OUT_FILE");
const MB = 1024 * 1024;
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
const result = await writeYearWorkbookFile(file, out, { year: BENCH_YEAR, asOf: BENCH_TODAY });
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  JSON.stringify({
    rows: result.rows,
    seconds,
    maxRssMB: peakRssBytes() / MB,
    rusageMaxRssMB: rusageMaxRssBytes() / MB,
    rssBeforeMB: rssBefore / MB,
    fileMB: statSync(out).size / MB,
    sheets: result.sheets,
  }) + "\n",
);
