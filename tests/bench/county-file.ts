/**
 * A county-scale demo database (DOMAIN.md "Scale to design for") for benchmarks, built once with
 * the real seed generator (`seedDatabase(url, { scale: "county", ... })`) into
 * `.tmp/bench/workbook-county-<year>.db` and reused while present (migrations applied on reuse). Built under a temporary name and
 * renamed when complete, so an interrupted build never leaves a half-filled file behind.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { applyMigrations } from "../../src/db/migrate.ts";
import { seedDatabase } from "../../src/seed/seed.ts";

export const BENCH_DIR = path.resolve(".tmp/bench");

/** Path of the county file of `year` (a full year: records up to 31 December), building it if absent. */
export async function countyFile(year: number, log: (line: string) => void = () => {}): Promise<string> {
  const file = path.join(BENCH_DIR, `workbook-county-${year}.db`);
  if (existsSync(file)) {
    await applyMigrations(`file:${file}`); // a file kept from an earlier schema gets the newer migrations
    return file;
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const tmp = `${file}.building`;
  for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  await applyMigrations(`file:${tmp}`);
  const started = Date.now();
  log(`seeding a county-scale year ${year} into ${tmp} (once; reused afterwards)…`);
  const summary = await seedDatabase(`file:${tmp}`, {
    scale: "county",
    year,
    years: 1,
    today: `${year}-12-31`,
    demoPassword: "bench-pass-123",
    onProgress: (p) => log(`  … ${p.rows.toLocaleString("en")} rows, ${p.date}`),
  });
  log(`seeded ${summary.totalRows.toLocaleString("en")} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  renameSync(tmp, file);
  for (const s of ["-wal", "-shm"]) if (existsSync(tmp + s)) renameSync(tmp + s, file + s);
  return file;
}

if (process.argv[1]?.endsWith("county-file.ts")) {
  countyFile(Number(process.argv[2] ?? 2026), (l) => process.stderr.write(l + "\n")).then((f) => console.log(f));
}
