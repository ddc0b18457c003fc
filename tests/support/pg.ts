/**
 * A throwaway PostgreSQL server for the tests of the PostgreSQL dialect (ENVIRONMENT.md,
 * "PostgreSQL"): initdb in a temporary folder, a free port on 127.0.0.1, trust auth for user
 * `ledger`, torn down by `stop()`. With LEDGER_PG_URL set (a server started elsewhere, e.g. by
 * the repo's test script), that server is used and nothing is started. `freshDatabase()` makes an
 * empty database on it and returns its URL. Kept small on purpose: the engine's test script
 * (issue 17 item 4) may replace it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

const BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface TestPg {
  /** postgres://ledger@127.0.0.1:PORT/postgres — the maintenance database. */
  adminUrl: string;
  freshDatabase(): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as the `postgres` user when we are root (initdb refuses root). */
function run(cmd: string, args: string[]): void {
  const bin = path.join(BIN, cmd);
  if (process.getuid?.() === 0) execFileSync("runuser", ["-u", "postgres", "--", bin, ...args], { stdio: "pipe" });
  else execFileSync(bin, args, { stdio: "pipe" });
}

let counter = 0;

/** Starts (or connects to) the test server. @throws Error when PostgreSQL is not installed. */
export async function startPg(): Promise<TestPg> {
  const given = process.env.LEDGER_PG_URL;
  let dir: string | undefined;
  let adminUrl: string;
  if (given) {
    adminUrl = given;
  } else {
    if (!existsSync(path.join(BIN, "initdb"))) {
      throw new Error(`PostgreSQL not found in ${BIN} (apt-get install postgresql, or set LEDGER_PG_URL / PG_BIN)`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), "ledger-pg-"));
    if (process.getuid?.() === 0) execFileSync("chown", ["postgres:postgres", dir]);
    const data = path.join(dir, "data");
    run("initdb", ["-D", data, "-A", "trust", "-U", "ledger", "-E", "UTF8", "--locale=C.UTF-8"]);
    const port = await freePort();
    run("pg_ctl", ["-D", data, "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "-l", path.join(dir, "log"), "start"]);
    adminUrl = `postgres://ledger@127.0.0.1:${port}/postgres`;
  }
  const base = new URL(adminUrl);
  return {
    adminUrl,
    async freshDatabase() {
      const name = `t_${process.pid}_${Date.now().toString(36)}_${++counter}`;
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name}"`);
      } finally {
        await client.end();
      }
      const url = new URL(base);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (!dir) return;
      try {
        run("pg_ctl", ["-D", path.join(dir, "data"), "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
