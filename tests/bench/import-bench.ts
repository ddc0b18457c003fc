/**
 * Importing a 100,000-row talk ledger (issue 7) through the import engine with every check on
 * (`commitImport(kx, "talks", …)`, src/import/engine.ts — the path of `ledger import talks FILE`
 * and of the admin's upload): the file is a UTF-8 CSV (FORMATS.md 谈心记录 headers) of talks dated
 * in BENCH_YEAR by existing county members, with residents and members as counterparts, generated
 * deterministically. Each run imports into a fresh copy of the county file; the first run then
 * imports the same file again and checks that it adds nothing (every row a duplicate).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { stringify } from "csv-stringify/sync";
import { openRaw } from "../../src/db/client.ts";
import type { Kysely } from "kysely";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import { commitImport } from "../../src/import/engine.ts";
import { COUNTERPART_KIND_LABELS, TALK_REASON_LABELS } from "../../src/core/labels.ts";
import { addDays, toDayNumber } from "../../src/rules/index.ts";
import { BENCH_DIR, copyCounty, removeDb } from "./county.ts";
import { cpuMs, median } from "./stats.ts";

/** mulberry32: a small deterministic PRNG in [0, 1). */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** The CSV bytes of `rows` talks dated from 1 January of `year` to `today`. */
export function talksCsv(raw: Database.Database, rows: number, year: number, today: string): Buffer {
  const from = `${year}-01-01`;
  const talkers = raw
    .prepare(`SELECT username FROM Member WHERE role <> 'ADMIN' AND active = 1 AND registeredOn <= ? AND deactivatedOn IS NULL ORDER BY id`)
    .pluck()
    .all(from) as string[];
  const members = raw.prepare(`SELECT name FROM Member WHERE role <> 'ADMIN' ORDER BY id`).pluck().all() as string[];
  const residents = raw.prepare(`SELECT name FROM Resident WHERE deletedAt IS NULL ORDER BY id`).pluck().all() as string[];
  const reasons = Object.values(TALK_REASON_LABELS);
  const days = toDayNumber(today) - toDayNumber(from) + 1;
  const rand = rng(7_2026);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const out: string[][] = [["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"]];
  for (let i = 1; i <= rows; i++) {
    const resident = rand() < 0.7;
    out.push([
      addDays(from, Math.floor(rand() * days)),
      pick(talkers),
      resident ? pick(residents) : pick(members),
      resident ? COUNTERPART_KIND_LABELS.RESIDENT : COUNTERPART_KIND_LABELS.MEMBER,
      pick(reasons),
      `补录台账第${i}条：了解家庭生产生活情况，宣传惠民政策，听取意见建议`,
    ]);
  }
  return Buffer.from("\uFEFF" + stringify(out), "utf8");
}

export interface ImportFigures {
  rows: number;
  fileMB: number;
  seconds: number; // median wall
  cpuSeconds: number; // median CPU
  rowsPerSecond: number;
  repeatSeconds: number;
  repeatAdded: number;
  repeatDuplicates: number;
}

const count = (raw: Database.Database) => (raw.prepare(`SELECT count(*) FROM Talk`).pluck().get() as number);

/** A fresh copy of the county to import into: Kysely on it, its number of talks, and its removal. */
export interface Scratch {
  kx: Kysely<DB>;
  talks(): Promise<number>;
  close(): Promise<void>;
}

/** A copy of the SQLite county file (the default). */
function sqliteScratch(countyFile: string, scratch: string): Scratch {
  copyCounty(countyFile, scratch);
  const raw = openRaw(`file:${scratch}`);
  const kx = openKysely(`file:${scratch}`, { sqlite: raw });
  return {
    kx,
    talks: async () => count(raw),
    close: async () => {
      await kx.destroy();
      raw.close();
    },
  };
}

/**
 * `countyFile`: the SQLite county, which the ledger file is made from. `opts.scratch` gives each
 * run's fresh copy of the county on another engine (PostgreSQL: a database made from the
 * county's as a template); by default a copy of `countyFile`.
 */
export async function benchImport(
  countyFile: string,
  opts: { rows: number; year: number; today: string; runs: number; log: (l: string) => void; scratch?: () => Promise<Scratch> },
): Promise<ImportFigures> {
  const source = openRaw(`file:${countyFile}`);
  const file = talksCsv(source, opts.rows, opts.year, opts.today);
  const adminId = source.prepare(`SELECT id FROM Member WHERE role = 'ADMIN' ORDER BY id LIMIT 1`).pluck().get() as number;
  source.close();
  const scratch = path.join(BENCH_DIR, "import-scratch.db");
  const lookups = { today: opts.today, now: new Date(`${opts.today}T10:00:00+08:00`), actorId: adminId, source: "bench" };
  const wall: number[] = [];
  const cpu: number[] = [];
  let repeat = { seconds: Number.NaN, added: Number.NaN, duplicates: Number.NaN };
  for (let run = 0; run < opts.runs; run++) {
    const copy = opts.scratch ? await opts.scratch() : sqliteScratch(countyFile, scratch);
    const kx = copy.kx;
    try {
      const before = await copy.talks();
      const c0 = cpuMs();
      const t0 = performance.now();
      const out = await commitImport(kx, "talks", file, "talks-100k.csv", lookups);
      wall.push((performance.now() - t0) / 1000);
      cpu.push((cpuMs() - c0) / 1000);
      if (!out.committed || out.plan.errors.length) throw new Error(`import refused: ${JSON.stringify(out.plan.errors.slice(0, 5))}`);
      const after = await copy.talks();
      if (out.added !== opts.rows || after !== before + opts.rows) throw new Error(`import added ${out.added}, table grew by ${after - before}, expected ${opts.rows}`);
      opts.log(`  run ${run + 1}: ${opts.rows.toLocaleString("en")} rows in ${wall[run].toFixed(1)} s (CPU ${cpu[run].toFixed(1)} s)`);
      if (run === 0) {
        const t1 = performance.now();
        const again = await commitImport(kx, "talks", file, "talks-100k.csv", lookups);
        repeat = { seconds: (performance.now() - t1) / 1000, added: again.added, duplicates: again.plan.duplicates.length };
        if (again.added !== 0 || (await copy.talks()) !== before + opts.rows) throw new Error(`the same file imported twice added ${again.added} rows`);
        opts.log(`  same file again: added ${again.added}, ${again.plan.duplicates.length.toLocaleString("en")} duplicates, ${repeat.seconds.toFixed(1)} s`);
      }
    } finally {
      await copy.close();
    }
  }
  removeDb(scratch);
  rmSync(scratch, { force: true });
  const seconds = median(wall);
  return {
    rows: opts.rows,
    fileMB: file.length / 1024 / 1024,
    seconds,
    cpuSeconds: median(cpu),
    rowsPerSecond: opts.rows / seconds,
    repeatSeconds: repeat.seconds,
    repeatAdded: repeat.added,
    repeatDuplicates: repeat.duplicates,
  };
}
