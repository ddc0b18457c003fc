/**
 * Pages under load (issue 7): the real app (tests/bench/server.ts, a child process on 127.0.0.1)
 * loaded with autocannon, 10 connections, each logged in as its own session of the demo account;
 * each page against its floor, the same view with the same locals rendered in the same layout with no database work
 * (`/__bench/floor/KEY`, captured from one real request). Runs alternate floor and page, `rounds`
 * times, `seconds` each, after a short warm-up; figures are medians over the rounds. The load asks
 * for no compression (as since issue 7, so the ratios compare across runs); each page's bytes on the
 * wire are taken once with `Accept-Encoding: gzip` (pages-weight.ts) beside its HTML bytes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { createRequire } from "node:module";
import { median } from "./stats.ts";
import { weigh } from "./pages-weight.ts";

interface AutocannonResult {
  duration: number;
  requests: { total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (opts: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

export interface PageSpec {
  key: string;
  title: string;
  path: string;
  user: string;
}

export interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per request served, ms (less sensitive than rps to load from elsewhere). */
  cpuMs: number;
  requests: number;
}

export interface PageFigures {
  key: string;
  title: string;
  path: string;
  user: string;
  page: LoadFigures;
  floor: LoadFigures;
  /** The page's HTML, bytes. */
  bytes: number;
  /** The same page on the wire with `Accept-Encoding: gzip` (as a phone asks for it), bytes. */
  wireBytes: number;
}

export interface BenchServer {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** The bench server (server.ts) as a child process on `dbFile`: a SQLite file's path or a database URL. */
export async function startServer(dbFile: string): Promise<BenchServer> {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/server.ts", dbFile], { stdio: ["ignore", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited (${code}) before listening`)));
    lines.once("line", (line) => resolve(JSON.parse(line).port));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

function cookiesOf(res: Response, jar: Map<string, string>): void {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const i = pair.indexOf("=");
    jar.set(pair.slice(0, i), pair.slice(i + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Logs in through the login form (CSRF token and all); returns the session cookie header. */
export async function login(base: string, username: string, password: string): Promise<string> {
  const jar = new Map<string, string>();
  const page = await fetch(`${base}/login`, { redirect: "manual" });
  cookiesOf(page, jar);
  const token = (await page.text()).match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error("no CSRF token on /login");
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ username, password, _csrf: token }).toString(),
  });
  cookiesOf(res, jar);
  if (res.status !== 303 || res.headers.get("location") !== "/") throw new Error(`login as ${username} failed: ${res.status} ${res.headers.get("location")}`);
  return cookieHeader(jar);
}

async function serverCpuMs(base: string): Promise<number> {
  const u = (await (await fetch(`${base}/__bench/cpu`)).json()) as { user: number; system: number };
  return (u.user + u.system) / 1000;
}

/**
 * One autocannon run of about `seconds` on `url`: `amount` requests when given (so a slow page
 * still completes enough of them), else for `seconds`.
 */
async function load(base: string, url: string, cookies: string[] | null, seconds: number, amount?: number): Promise<LoadFigures> {
  const c0 = await serverCpuMs(base);
  let next = 0;
  // Each connection is its own session (as ten people would be), so every request reads and renews its own.
  const setupClient = (client: { setHeaders(h: Record<string, string>): void }) => {
    if (cookies) client.setHeaders({ cookie: cookies[next++ % cookies.length] });
  };
  const r = await autocannon({ url, connections: CONNECTIONS, timeout: 120, setupClient, ...(amount ? { amount } : { duration: seconds }) });
  const cpu = (await serverCpuMs(base)) - c0;
  if (r.non2xx || r.errors || r.timeouts) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors, ${r.timeouts} timeouts`);
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, cpuMs: cpu / Math.max(1, r.requests.total), requests: r.requests.total };
}

/** How many requests make a run of about `seconds` at `rps`: at least 40 (p99 needs a few). */
const amountFor = (rps: number, seconds: number) => Math.max(40, Math.round(rps * seconds));

/** Load-generator connections (issue 7: 10). */
export const CONNECTIONS = 10;

export async function benchPages(
  server: BenchServer,
  pages: PageSpec[],
  cookies: Record<string, string[]>,
  opts: { rounds: number; seconds: number; log: (l: string) => void },
): Promise<PageFigures[]> {
  const out: PageFigures[] = [];
  for (const p of pages) {
    const cookie = cookies[p.user];
    const first = await fetch(server.base + p.path, { headers: { cookie: cookie[0], "x-bench-capture": p.key }, redirect: "manual" });
    const html = await first.text();
    if (first.status !== 200) throw new Error(`${p.path} as ${p.user}: ${first.status}`);
    const floorUrl = `${server.base}/__bench/floor/${p.key}`;
    const floorRes = await fetch(floorUrl);
    const floorHtml = await floorRes.text();
    if (floorRes.status !== 200) throw new Error(`floor of ${p.key}: ${floorRes.status}`);
    const wire = await weigh(server.base, p.path, cookie[0]);
    const bytes = Buffer.byteLength(html);
    opts.log(`  ${p.title} ${p.path} as ${p.user}: ${(bytes / 1024).toFixed(0)} KB, ${(wire.wireBytes / 1024).toFixed(1)} KB gzip (floor ${(Buffer.byteLength(floorHtml) / 1024).toFixed(0)} KB)`);
    // Warm-up, which also sizes the runs: each then serves about `seconds` worth of requests.
    const floorWarm = await load(server.base, floorUrl, null, 2);
    const pageWarm = await load(server.base, server.base + p.path, cookie, 2);
    const pageRuns: LoadFigures[] = [];
    const floorRuns: LoadFigures[] = [];
    for (let i = 0; i < opts.rounds; i++) {
      floorRuns.push(await load(server.base, floorUrl, null, opts.seconds, amountFor(floorWarm.rps, opts.seconds)));
      pageRuns.push(await load(server.base, server.base + p.path, cookie, opts.seconds, amountFor(pageWarm.rps, opts.seconds)));
    }
    const med = (runs: LoadFigures[]): LoadFigures => ({
      rps: median(runs.map((r) => r.rps)),
      p50: median(runs.map((r) => r.p50)),
      p99: median(runs.map((r) => r.p99)),
      cpuMs: median(runs.map((r) => r.cpuMs)),
      requests: runs.reduce((a, r) => a + r.requests, 0),
    });
    out.push({ key: p.key, title: p.title, path: p.path, user: p.user, page: med(pageRuns), floor: med(floorRuns), bytes, wireBytes: wire.wireBytes });
  }
  return out;
}
