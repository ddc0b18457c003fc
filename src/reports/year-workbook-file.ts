/**
 * The year workbook written to a file by a worker thread (issue 16 item 4), as the web's export
 * jobs (export-jobs.ts) and `ledger export year` write it: `writeYearWorkbookFile(database, file, opts)`.
 *
 * Why threads of their own: the export allocates a lot (776,000 rows at county scale) and V8 grows
 * an isolate's heap by its own heuristics, so in the app's isolate a county export raised the
 * process's resident set to ~300 MB; in a worker the export's heap has its own, smaller limits
 * (`WORKBOOK_HEAP`), which makes V8 collect sooner (see the commit for the figures), and the app's
 * event loop and heap are not touched by it at all. The thread reads the database on a connection
 * of its own (year-workbook.ts opens one anyway) and writes the file itself; only progress and the
 * result cross threads.
 *
 * The threads are a piscina pool: a thread loads the writer's modules once (seconds on a busy
 * machine) and waits `IDLE_MS` for the next export before it ends; at most `MAX_THREADS` exports
 * run at once (export-jobs.ts allows two), more wait in its queue. Idle threads do not keep the
 * process alive.
 *
 * A thread that runs out of its heap ends with ERR_WORKER_OUT_OF_MEMORY: reported as an Error with
 * a Chinese message (the job page shows it); the pool replaces the thread and the app goes on.
 */
import { MessageChannel, type ResourceLimits } from "node:worker_threads";
import { Piscina } from "piscina";
// Types only: the writer's code (exceljs, the queries) is loaded by the threads, not by their parent.
import type { WorkbookOptions, WorkbookProgress, WorkbookResult } from "./year-workbook.ts";

/**
 * The export threads' heap limits, MB. A county's export keeps well under 64 MB alive (it ran to
 * the end with an old generation of 64 MB); V8 lets the old generation grow towards its limit
 * before it collects in earnest (with 256 MB a county export peaked at 342 MB of RSS in a quiet
 * bench run, 188 MB in another), so the limit is what bounds the process: 128 MB, twice what the
 * export needs. A young generation of 16 MB (V8's default for a worker is 48) keeps each batch's
 * short-lived rows from piling up.
 */
export const WORKBOOK_HEAP: ResourceLimits = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** Exports written at once (more wait); export-jobs.ts's default `maxRunning`. */
const MAX_THREADS = 2;
/** How long an idle thread waits for the next export before it ends, ms. */
const IDLE_MS = 60_000;

/** What a thread is given: everything of WorkbookOptions but the progress callback. */
export interface WorkbookJob {
  database: string;
  file: string;
  opts: Omit<WorkbookOptions, "onProgress">;
}

/** The thread's last message on the progress port (year-workbook-thread.ts). */
export const PROGRESS_END = "end";

const pools = new Map<string, Piscina>();
/** Why a pool was given up: a thread failed outside any task (while starting: out of heap, a module missing). */
const failures = new WeakMap<Piscina, Error>();

/** The pool for threads with `limits` (one per distinct limits; in practice one: WORKBOOK_HEAP). */
function poolOf(limits: ResourceLimits): Piscina {
  const key = JSON.stringify(limits);
  let pool = pools.get(key);
  if (!pool) {
    pool = new Piscina({
      filename: new URL("./year-workbook-thread.mjs", import.meta.url).href,
      minThreads: 0,
      maxThreads: MAX_THREADS,
      idleTimeout: IDLE_MS,
      resourceLimits: limits,
      // The task is asynchronous (streams, the database): a thread must keep its event loop between tasks.
      atomics: "disabled",
      execArgv: [],
    });
    // piscina reports such a failure as the pool's 'error' and starts no thread after it, so the
    // queued exports would wait for ever: the pool is given up (its queued exports fail with the
    // error) and the next export starts a new one.
    const failed = pool;
    failed.on("error", (err: Error) => {
      if (pools.get(key) === failed) pools.delete(key);
      failures.set(failed, err);
      void failed.destroy();
    });
    pools.set(key, pool);
  }
  return pool;
}

/**
 * Writes the year workbook of `database` (a DATABASE_URL, or a bare SQLite file path) to `file`
 * (created or truncated with mode 0600: files/private.ts) in a worker thread, calling
 * `opts.onProgress` as the rows are written. Resolves when the file is complete and closed. On
 * failure the file may be left partial: the caller removes it (callers write to `*.part`).
 * @throws what writeYearWorkbook throws (a RangeError stays a RangeError), or an Error with a
 * Chinese message when the thread runs out of its heap (`limits`, default WORKBOOK_HEAP).
 */
export async function writeYearWorkbookFile(database: string, file: string, opts: WorkbookOptions, limits: ResourceLimits = WORKBOOK_HEAP): Promise<WorkbookResult> {
  const { onProgress, ...rest } = opts;
  const job: WorkbookJob = { database, file, opts: rest };
  const { port1, port2 } = new MessageChannel();
  // Every progress message, up to the thread's end mark or the port's closing (a thread that died).
  const drained = new Promise<void>((resolve) => {
    port1.on("message", (p: WorkbookProgress | typeof PROGRESS_END) => (p === PROGRESS_END ? resolve() : onProgress?.(p)));
    port1.once("close", () => resolve());
  });
  const pool = poolOf(limits);
  try {
    const result = (await pool.run({ job, port: port2 }, { transferList: [port2] })) as WorkbookResult;
    await drained;
    return result;
  } catch (thrown) {
    const e = failures.get(pool) ?? thrown;
    if ((e as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY") {
      throw new Error(`导出所需内存超过上限（${limits.maxOldGenerationSizeMb ?? "?"} MB），请按组织分别导出`);
    }
    throw e;
  } finally {
    port1.close();
  }
}
