/**
 * The real server as a child process (`node --import tsx src/server.ts`) on a random loopback
 * port and a given database, for the tests that kill it, restart it or stop it with SIGTERM.
 * `prepareDatabase()` makes a migrated database on the run's engine (a SQLite file, or with
 * LEDGER_TEST_PG=1 a database on the run's PostgreSQL server) with a baseline and one member
 * (PASSWORD) in it, and returns its URL for `startServer`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { hashPassword } from "../../src/auth/password.ts";
import { randomUUID } from "node:crypto";
import { createDatabase } from "../../scripts/pg-server.ts";
import { openDb } from "../../src/db/client.ts";
import { freshDb, TEST_ENGINE } from "./db.ts";
import { PG_TEMPLATE, pgServer, withDatabase } from "./pg.ts";
import { PASSWORD } from "./app.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A migrated database on the run's engine with the baseline and member `username` (password
 * PASSWORD); returns its DATABASE_URL (`file:…` on SQLite, `postgresql://…` with LEDGER_TEST_PG=1).
 * It outlives this call: the SQLite file stays in the run's folder, the PostgreSQL database on
 * the run's server (both removed when the run ends).
 */
export async function prepareDatabase(username = "dangyuan"): Promise<string> {
  let url: string;
  if (TEST_ENGINE === "postgres") {
    // Not freshDb(): its close() drops the database, and the child server needs it afterwards.
    const server = await pgServer();
    const name = `t_${randomUUID().replaceAll("-", "")}`;
    await createDatabase(server, name, PG_TEMPLATE);
    url = withDatabase(server, name);
  } else {
    const t = await freshDb();
    await t.close();
    url = t.url;
  }
  const db = openDb(url);
  try {
    const { branchId } = await ensureBaseline(db);
    await db.member.create({ data: { branchId, username, name: "党员甲", role: "MEMBER", registeredOn: "2020-01-01", passwordHash: await hashPassword(PASSWORD), memberships: { create: { orgId: branchId, fromOn: "2020-01-01" } } } });
  } finally {
    await db.$disconnect();
  }
  return url;
}

export interface Running {
  proc: ChildProcess;
  url: string;
  /** Everything the process printed on stdout so far. */
  output(): string;
  /** Resolves when stdout has printed a line matching `re`. */
  waitFor(re: RegExp, ms?: number): Promise<void>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server on `file` (a SQLite file's path, or a database URL); resolves once it listens
 * (within `startupMs`, default 60 s: a loaded 2-core machine; more when it migrates and seeds a new database).
 */
export async function startServer(file: string, env: Record<string, string> = {}, startupMs = 60_000): Promise<Running> {
  const port = await freePort();
  const proc = spawn(process.execPath, ["--import", "tsx", "src/server.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      DATABASE_URL: /^(file:|postgres(ql)?:\/\/)/.test(file) ? file : `file:${file}`,
      SEED_SCALE: "none",
      HOST: "127.0.0.1",
      PORT: String(port),
      SESSION_SECRET: "spawned-server-secret-0123456789",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  proc.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    out += chunk;
    for (const w of waiters.splice(0)) (w.re.test(out) ? w.resolve : () => waiters.push(w))();
  });
  proc.stderr!.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on("exit", (code, signal) => resolve({ code, signal })));
  const waitFor = (re: RegExp, ms = 30_000) =>
    new Promise<void>((resolve, reject) => {
      if (re.test(out)) return resolve();
      const timer = setTimeout(() => reject(new Error(`server did not print ${re} within ${ms} ms.\nstdout:\n${out}\nstderr:\n${err}`)), ms);
      waiters.push({ re, resolve: () => (clearTimeout(timer), resolve()) });
      void exited.then(() => reject(new Error(`server exited before printing ${re}.\nstdout:\n${out}\nstderr:\n${err}`)));
    });
  await waitFor(/已启动/, startupMs);
  return { proc, url: `http://127.0.0.1:${port}`, output: () => out, waitFor, exited };
}
