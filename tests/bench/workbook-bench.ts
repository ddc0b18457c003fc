/**
 * The year workbook export (issue 3's `writeYearWorkbook`) at county scale for issue 7: each run
 * in a fresh child process (tests/bench/workbook-run.ts) so its peak resident set is the export's
 * own; rows/s is the median over the runs, the peak RSS the highest of them.
 */
import { execFile } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { BENCH_DIR } from "./county.ts";
import { median } from "./stats.ts";

export interface WorkbookFigures {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssMB: number;
  rssBeforeMB: number;
  fileMB: number;
  sheets: Record<string, number>;
}

interface RunOutput {
  rows: number;
  seconds: number;
  maxRssMB: number;
  rusageMaxRssMB: number;
  rssBeforeMB: number;
  fileMB: number;
  sheets: Record<string, number>;
}

export async function benchWorkbook(countyFile: string, opts: { runs: number; log: (l: string) => void }): Promise<WorkbookFigures> {
  const out = path.join(BENCH_DIR, "workbook-bench.xlsx");
  const runs: RunOutput[] = [];
  for (let i = 0; i < opts.runs; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "tests/bench/workbook-run.ts", countyFile, out], { maxBuffer: 1 << 20 });
    const r = JSON.parse(stdout.trim().split("\n").pop()!) as RunOutput;
    runs.push(r);
    opts.log(`  run ${i + 1}: ${r.rows.toLocaleString("en")} rows in ${r.seconds.toFixed(1)} s, peak RSS ${r.maxRssMB.toFixed(0)} MB (getrusage's maxrss, which counts this parent's ${(process.memoryUsage().rss / (1024 * 1024)).toFixed(0)} MB at the fork: ${r.rusageMaxRssMB.toFixed(0)} MB)`);
  }
  rmSync(out, { force: true });
  const seconds = median(runs.map((r) => r.seconds));
  return {
    rows: runs[0].rows,
    seconds,
    rowsPerSecond: runs[0].rows / seconds,
    peakRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
    rssBeforeMB: median(runs.map((r) => r.rssBeforeMB)),
    fileMB: runs[0].fileMB,
    sheets: runs[0].sheets,
  };
}
