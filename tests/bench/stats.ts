/**
 * Small helpers of the bench harness: medians, timing a synchronous piece of work (wall clock
 * and the process's CPU time, milliseconds), and the printed table.
 */

export function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** CPU time of this process so far (user + system), in milliseconds. */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export interface Sample {
  wallMs: number;
  cpuMs: number;
}

/** Runs `work` once and returns how long it took. */
export function timeOnce(work: () => unknown): Sample {
  const c0 = cpuMs();
  const t0 = performance.now();
  work();
  return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

/**
 * Times several pieces of work `runs` times each, interleaved (a, b, a, b, …) after one warm-up
 * run each, so a burst of load from elsewhere on the machine hits all of them alike. Returns the
 * median wall and CPU milliseconds of each.
 */
export function timeInterleaved(works: Record<string, () => unknown>, runs: number): Record<string, Sample> {
  const names = Object.keys(works);
  for (const n of names) works[n]();
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) for (const n of names) samples[n].push(timeOnce(works[n]));
  return Object.fromEntries(
    names.map((n) => [n, { wallMs: median(samples[n].map((s) => s.wallMs)), cpuMs: median(samples[n].map((s) => s.cpuMs)) }]),
  );
}

/** A plain text table: the first row is the header; columns are right-aligned except those in `left` (the first). */
export function table(rows: string[][], left: number[] = [0]): string {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uFFFF]/.test(ch) ? 2 : 1), 0);
  const cols = Math.max(...rows.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) => Math.max(...rows.map((r) => width(r[i] ?? ""))));
  const pad = (s: string, i: number) => {
    const gap = " ".repeat(widths[i] - width(s));
    return left.includes(i) ? s + gap : gap + s;
  };
  const line = (r: string[]) => r.map((c, i) => pad(c ?? "", i)).join("  ").trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(rows[0]), rule, ...rows.slice(1).map(line)].join("\n");
}

export const fmt = {
  ms: (x: number) => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)} ms` : "—"),
  ratio: (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : "—"),
  pct: (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : "—"),
  int: (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString("en") : "—"),
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
};

/** `timeOnce` for async work (the reports are async since issue 17). */
export async function timeOnceAsync(work: () => unknown): Promise<Sample> {
  const c0 = cpuMs();
  const t0 = performance.now();
  await work();
  return { wallMs: performance.now() - t0, cpuMs: cpuMs() - c0 };
}

/**
 * `timeInterleaved` for async work: one warm-up each, then `runs` interleaved rounds, medians.
 * `before[name]`, when given, runs untimed before each run of that work (the warm-up's too): e.g.
 * the write that a figure is "the report after".
 */
export async function timeInterleavedAsync(works: Record<string, () => unknown>, runs: number, before: Record<string, () => unknown> = {}): Promise<Record<string, Sample>> {
  const names = Object.keys(works);
  for (const n of names) {
    await before[n]?.();
    await works[n]();
  }
  const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < runs; i++) {
    for (const n of names) {
      await before[n]?.();
      samples[n].push(await timeOnceAsync(works[n]));
    }
  }
  return Object.fromEntries(names.map((n) => [n, { wallMs: median(samples[n].map((x) => x.wallMs)), cpuMs: median(samples[n].map((x) => x.cpuMs)) }]));
}
