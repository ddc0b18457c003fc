/**
 * data/bench-results.json for both engines (issue 17 item 5). The file's top level is the last
 * SQLite run, as it always was (`at`, `engine`, `machine`, `county`, `loads`, `figures`, …), and
 * its `postgres` key the last PostgreSQL run in the same shape: a run of one engine replaces its
 * own part and keeps the other's. `bothEngines` lines up the two engines' ratios, figure by
 * figure (matched by `measure`: "report.year", "rollup.county", "page.dashboard"…), for the table
 * printed after each run.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

export type Engine = "sqlite" | "postgres";

/** One figure as the JSON records it (only what this module reads is typed). */
interface RecordedFigure {
  measure?: string;
  /** The section that measured it (report, rollup, assessment, pages, workbook, import). */
  section?: string;
  /** Set on a figure carried over from an earlier run of the same engine (its `at`). */
  keptFrom?: string;
  name: string;
  value: string;
  /** The number (report, roll-up, 三维考核: figure / floor) or the text printed (pages; "—"). */
  ratio: string | number;
  target: string;
  met: boolean | null;
  key?: string;
}
/** One engine's run as the JSON records it. */
export interface RecordedRun {
  at: string;
  engine: Engine;
  figures: RecordedFigure[];
  [more: string]: unknown;
}

/** The runs recorded in `file`, by engine (none for a missing or unreadable file). */
export function readRuns(file: string): Partial<Record<Engine, RecordedRun>> {
  if (!existsSync(file)) return {};
  try {
    const { postgres, ...top } = JSON.parse(readFileSync(file, "utf8")) as RecordedRun & { postgres?: RecordedRun };
    return { ...(top.engine === "sqlite" && Array.isArray(top.figures) ? { sqlite: top } : {}), ...(postgres ? { postgres } : {}) };
  } catch {
    return {};
  }
}

/**
 * Writes `run` as `engine`'s part of `file`, keeping the other engine's. A run of some sections
 * only (BENCH_ONLY) keeps that engine's earlier figures of the other sections, each marked
 * `keptFrom` (the run it came from). Returns the runs now recorded.
 */
export function recordRun(file: string, engine: Engine, run: RecordedRun, sectionsRun: readonly string[]): Partial<Record<Engine, RecordedRun>> {
  const before = readRuns(file)[engine];
  const kept = (before?.figures ?? [])
    .filter((f) => f.section && !sectionsRun.includes(f.section))
    .map((f) => ({ ...f, keptFrom: f.keptFrom ?? before!.at }));
  const runs = { ...readRuns(file), [engine]: { ...run, figures: [...run.figures, ...kept] } };
  const out = { ...(runs.sqlite ?? {}), ...(runs.postgres ? { postgres: runs.postgres } : {}) };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
  return runs;
}

/**
 * A figure's `measure`; for a run recorded before figures carried it, worked out from its name
 * (and the page key its data kept), so an older SQLite record still lines up.
 */
function measureOf(f: RecordedFigure): string {
  if (f.measure) return f.measure;
  const n = f.name;
  const rules: Array<[RegExp, string]> = [
    [/^compliance report, whole year/, "report.year"],
    [/^compliance report, zone/, "report.zone"],
    [/^roll-up, whole county, the function alone/, "rollup.countyFn"],
    [/^roll-up, whole county, JSON, first after a write/, "rollup.countyCold"],
    [/^roll-up, whole county \(/, "rollup.county"],
    [/^roll-up, township \S+, the function alone/, "rollup.townshipFn"],
    [/^roll-up, township \S+ \(/, "rollup.township"],
    [/^三维考核, the function alone/, "assessment.fn"],
    [/^三维考核, JSON, first after a write/, "assessment.cold"],
    [/^三维考核, \d+ units/, "assessment.json"],
    [/^year workbook export/, "workbook"],
    [/^import, /, "import"],
  ];
  for (const [re, m] of rules) if (re.test(n)) return m;
  if (f.key) return n.startsWith("page weight:") ? `weight.${f.key}` : `page.${f.key}`;
  return n;
}

/**
 * The ratio of every judged or informative figure of either run, side by side: rows of
 * [measure (this run's name, else the other's), SQLite, PostgreSQL, target]; "—" where an engine
 * has no such figure. Page weights (no ratio) are left out.
 */
export function bothEngines(runs: Partial<Record<Engine, RecordedRun>>): string[][] {
  const by = (e: Engine) => new Map((runs[e]?.figures ?? []).map((f) => [measureOf(f), f]));
  const s = by("sqlite");
  const p = by("postgres");
  const shown = (f: RecordedFigure) =>
    typeof f.ratio === "number" ? `${f.ratio.toFixed(2)}×` : f.ratio === "—" ? f.value : f.ratio; // workbook and import: their speed
  const cell = (f: RecordedFigure | undefined) => (f ? `${shown(f)}${f.met === false ? " MISSED" : ""}${f.keptFrom ? ` (${f.keptFrom})` : ""}` : "—");
  const measures = [...new Set([...p.keys(), ...s.keys()])].filter((m) => !m.startsWith("weight."));
  const rows = [["measure", `sqlite (${runs.sqlite?.at ?? "no run"})`, `postgres (${runs.postgres?.at ?? "no run"})`, "target"]];
  for (const m of measures) {
    const f = p.get(m) ?? s.get(m)!;
    rows.push([f.name, cell(s.get(m)), cell(p.get(m)), f.target]);
  }
  return rows;
}
