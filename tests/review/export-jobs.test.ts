/** Background export jobs: one running per person, private to their starter, forgotten (file removed) after the time to live. */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, NotFoundError } from "../../src/core/errors.ts";
import { ExportJobs } from "../../src/reports/export-jobs.ts";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
let dir: string;
let now: number;
beforeEach(async () => {
  w = await reviewWorld();
  dir = mkdtempSync(path.join(os.tmpdir(), "ledger-jobs-test-"));
  now = Date.parse("2026-11-18T02:00:00Z");
});
afterEach(async () => {
  await w.t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("export jobs", () => {
  it("allow one running export per person and refuse a second until it is done", async () => {
    const jobs = new ExportJobs({ dir, now: () => now });
    const first = jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18");
    expect(() => jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18")).toThrow(DomainError);
    await jobs.idle();
    expect(jobs.get(first.id, w.shuji).state).toBe("done");
    expect(jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18").state).toBe("running");
    await jobs.idle();
  });

  it("show a job only to the person who started it", async () => {
    const jobs = new ExportJobs({ dir, now: () => now });
    const job = jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18");
    expect(() => jobs.get(job.id, w.guanli)).toThrow(NotFoundError);
    await jobs.idle();
  });

  it("record the org whose subtree the workbook holds, and name the file after it (the root's keeps the plain name)", async () => {
    const jobs = new ExportJobs({ dir, now: () => now });
    const county = await w.t.db.org.findUniqueOrThrow({ where: { id: w.t.countyId } });
    const whole = jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18", county);
    expect(whole).toMatchObject({ orgId: county.id, filename: "年度台账-2026-截至2026-11-18.xlsx" });
    await jobs.idle();
    const branch = await w.t.db.org.findUniqueOrThrow({ where: { id: w.t.branchId } });
    const one = jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18", branch);
    expect(one).toMatchObject({ orgId: branch.id, org: { code: branch.code }, filename: `年度台账-${branch.name}-2026-截至2026-11-18.xlsx` });
    await jobs.idle();
    expect(jobs.get(one.id, w.shuji).state).toBe("done");
  });

  it("forget a finished job after the time to live and remove its file, and files an earlier run left", async () => {
    const stale = path.join(dir, "left-by-an-earlier-run.xlsx");
    writeFileSync(stale, "x");
    utimesSync(stale, new Date(now - 2 * 3600_000), new Date(now - 2 * 3600_000));
    const jobs = new ExportJobs({ dir, now: () => now, ttlMs: 3600_000 });
    const job = jobs.startYearWorkbook(w.t.url, w.shuji, 2026, "2026-11-18");
    expect(existsSync(stale)).toBe(false);
    await jobs.idle();
    expect(existsSync(job.file)).toBe(true);
    now += 3600_000 + 1;
    expect(() => jobs.get(job.id, w.shuji)).toThrow(NotFoundError);
    expect(existsSync(job.file)).toBe(false);
  });

  it("mark a job failed, without a file, when the export fails", async () => {
    const jobs = new ExportJobs({ dir, now: () => now });
    const job = jobs.startYearWorkbook(path.join(dir, "no-such.db"), w.shuji, 2026, "2026-11-18");
    await jobs.idle();
    expect(jobs.get(job.id, w.shuji)).toMatchObject({ state: "failed" });
    expect(existsSync(job.file)).toBe(false);
    expect(existsSync(`${job.file}.part`)).toBe(false);
  });
});
