/**
 * A throwaway PostgreSQL server for tests and development (issue 17, item 4).
 *
 * `startPgServer()` runs Debian's PostgreSQL binaries (ENVIRONMENT.md "PostgreSQL"): `initdb` in a
 * fresh temporary folder (owned by the `postgres` user when we are root, since initdb refuses to
 * run as root), trust authentication for the user `ledger`, a free port on 127.0.0.1 and the unix
 * socket in that same folder; it resolves with the server's `url`
 * (`postgresql://ledger@127.0.0.1:PORT/postgres`) and `stop()` (fast shutdown, folder removed).
 * `createDatabase(url, name, template?)` makes a database (from a template: a file copy, fast).
 * `findPgBin()` is the binaries' folder or null when PostgreSQL is not installed.
 *
 * Run directly (`npm run pg:server`), it prints `DATABASE_URL=postgresql://…/ledger` (a database
 * `ledger` is created) and keeps the server until Ctrl-C / SIGTERM, then tears it down.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { findPgBin } from "../src/db/pg-tools.ts";

export { findPgBin };

export interface PgServer {
  /** `postgresql://ledger@127.0.0.1:PORT/postgres` (the maintenance database). */
  url: string;
  port: number;
  dir: string;
  /** The database URL for `name` on this server. */
  urlFor(name: string): string;
  stop(): void;
}

/** A port that was free on 127.0.0.1 a moment ago. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb and postgres refuse root). */
function runPg(bin: string, tool: string, args: string[]): void {
  const exe = path.join(bin, tool);
  const [cmd, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/**
 * Starts a new server; throws when PostgreSQL is not installed (message says how to install it).
 * `stop()` is also registered for process exit, so a crashed caller does not leave it running,
 * unless `opts.outliveProcess` (a server shared by a test run's workers: whoever ends the run
 * stops it with `stopPgServerIn(dir)`).
 */
export async function startPgServer(opts: { outliveProcess?: boolean } = {}): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error("PostgreSQL is not installed: apt-get install -y postgresql (or set PG_BIN to its bin folder)");
  const dir = mkdtempSync(path.join(os.tmpdir(), "ledger-pg-"));
  if (isRoot()) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off("exit", stop);
    try {
      runPg(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already down
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // fsync off: a throwaway server's data need not survive a power cut, and tests write a lot.
    runPg(bin, "initdb", ["-D", data, "-A", "trust", "-U", "ledger", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200`;
      try {
        runPg(bin, "pg_ctl", ["-D", data, "-o", opts, "-l", path.join(dir, "server.log"), "-w", "start"]);
        break;
      } catch (e) {
        if (attempt >= 2) throw e; // the port was taken between freePort() and the start
      }
    }
    if (!opts.outliveProcess) process.on("exit", stop);
    const urlFor = (name: string) => `postgresql://ledger@127.0.0.1:${port}/${name}`;
    return { url: urlFor("postgres"), port, dir, urlFor, stop };
  } catch (e) {
    stop();
    throw e;
  }
}

/** Stops the server whose folder is `dir` (a `PgServer.dir`) and removes the folder; nothing if already gone. */
export function stopPgServerIn(dir: string): void {
  const bin = findPgBin();
  try {
    if (bin) runPg(bin, "pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
  } catch {
    // already down
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Creates database `name` on the server at `url` (any database of it), optionally as a copy of `template`. */
export async function createDatabase(url: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;
    await client.query(`CREATE DATABASE ${ident(name)}${template ? ` TEMPLATE ${ident(template)}` : ""}`);
  } finally {
    await client.end();
  }
}

// Run as a script: a server for development until interrupted. The signal handlers come first: a
// Ctrl-C while initdb and pg_ctl run (seconds) then still stops the server once it is up.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let server: PgServer | undefined;
  let interrupted = false;
  const end = () => {
    interrupted = true;
    if (!server) return; // still starting: stopped as soon as it is up
    server.stop();
    process.exit(0);
  };
  process.on("SIGINT", end);
  process.on("SIGTERM", end);
  process.on("SIGHUP", end);
  server = await startPgServer();
  if (interrupted) end();
  await createDatabase(server.url, "ledger");
  console.log(`DATABASE_URL=${server.urlFor("ledger")}`);
  console.error(`PostgreSQL ${server.port} in ${server.dir}; Ctrl-C stops it and removes the folder.`);
  setInterval(() => undefined, 1 << 30);
}
