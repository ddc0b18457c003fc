import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files run in parallel worker processes. Vitest's default is one worker per core less one,
 * which on a 2-core machine (CI's) is a single worker: the run is serial while each file mostly
 * waits on other processes (Chromium, the PostgreSQL server, the child servers of tests/ops).
 * Two workers there at least; LEDGER_TEST_WORKERS (or --maxWorkers) overrides.
 *
 * Files share a worker's modules (`isolate: false`): each file used to import the app anew, and
 * that was a third of the run (the SQLite run 838 s -> 325 s with it). It is safe because nothing
 * in src/ keeps state per module that a test could see (the report and statement caches are
 * WeakMaps keyed on each test's own Kysely instance), no test uses vi.mock or vi.stubEnv, and the
 * two that change process.env put it back. A new test that needs its own module graph (vi.mock)
 * would not get it: give the code a parameter instead.
 */
const workers = Number(process.env.LEDGER_TEST_WORKERS) || Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/bench/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    maxWorkers: workers,
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
