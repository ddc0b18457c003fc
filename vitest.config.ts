import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Test files run in parallel worker processes. Vitest's default is one worker per core less one,
 * which on a 2-core machine (CI's) is a single worker: the run is serial while each file mostly
 * waits on other processes (Chromium, the PostgreSQL server, the child servers of tests/ops).
 * Two workers there at least; LEDGER_TEST_WORKERS (or --maxWorkers) overrides.
 */
const workers = Number(process.env.LEDGER_TEST_WORKERS) || Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/bench/**", "node_modules/**"],
    globalSetup: ["tests/support/global-setup.ts"],
    maxWorkers: workers,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
