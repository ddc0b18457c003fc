/**
 * Background export jobs for the web (a county-scale year workbook takes tens of seconds: the
 * browser gets a progress page instead of a spinning tab). A job writes the year workbook
 * (year-workbook.ts) to a temporary file under `dir`, publishes its progress (rows written of the
 * total), and keeps the file for `ttlMs` for its owner to download; then the file is removed.
 * Jobs live in this process's memory: a restart forgets them (the owner simply exports again);
 * files left by an earlier run are removed once older than the time to live.
 * Limits: one running job per person, `maxRunning` at once (DomainError otherwise).
 * The workbook is written by a worker thread of its own (year-workbook-file.ts).
 * A job covers one org's subtree (year-workbook.ts `org`) and records it (`org`): the route answers
 * 404 for a job whose org its owner no longer reaches.
 */
import { readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { privateDir } from "../files/private.ts";
import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { DomainError, NotFoundError } from "../core/errors.ts";
import { writeYearWorkbookFile } from "./year-workbook-file.ts";
import { isRoot } from "./org-scope.ts";

/** The org a job covers: its id, code, name and materialized path. */
export interface JobOrg {
  id: number;
  code: string;
  name: string;
  path: string;
}

export interface ExportJob {
  id: string;
  ownerId: number;
  year: number;
  asOf: string;
  /** The org whose subtree the workbook holds (null: the whole ledger, for callers without one). */
  org: JobOrg | null;
  /** `org`'s id, or null. */
  orgId: number | null;
  state: "running" | "done" | "failed";
  sheet: string;
  rows: number;
  total: number;
  /** The finished file (while state is done). */
  file: string;
  /** The name offered to the browser. */
  filename: string;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
}

export interface ExportJobsOptions {
  dir?: string;
  ttlMs?: number;
  maxRunning?: number;
  now?: () => number;
}

export class ExportJobs {
  private readonly jobs = new Map<string, ExportJob>();
  private readonly dir: string;
  private readonly ttlMs: number;
  private readonly maxRunning: number;
  private readonly now: () => number;

  constructor(opts: ExportJobsOptions = {}) {
    this.dir = opts.dir ?? path.join(os.tmpdir(), "liaison-ledger-exports");
    this.ttlMs = opts.ttlMs ?? 60 * 60_000;
    this.maxRunning = opts.maxRunning ?? 2;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Starts exporting the year workbook of the database `database` (a DATABASE_URL, or a bare
   * SQLite file path: year-workbook.ts) for `ownerId`, of `org`'s subtree
   * (the caller has checked reach; null: the whole ledger); returns at once.
   * @throws DomainError when the owner already has a running export or too many are running.
   */
  startYearWorkbook(database: string, ownerId: number, year: number, asOf: string, org: JobOrg | null = null): ExportJob {
    this.sweep();
    const running = [...this.jobs.values()].filter((j) => j.state === "running");
    if (running.some((j) => j.ownerId === ownerId)) throw new DomainError("", "您已有一个导出正在进行，请等它完成");
    if (running.length >= this.maxRunning) throw new DomainError("", "导出任务较多，请稍后再试");
    privateDir(this.dir); // 0700: the workbooks hold residents' data (files 0600)
    this.removeStaleFiles();
    const id = randomUUID();
    const job: ExportJob = {
      id,
      ownerId,
      year,
      asOf,
      org,
      orgId: org?.id ?? null,
      state: "running",
      sheet: "",
      rows: 0,
      total: 0,
      file: path.join(this.dir, `${id}.xlsx`),
      filename: org && !isRoot(org) ? `年度台账-${org.name}-${year}-截至${asOf}.xlsx` : `年度台账-${year}-截至${asOf}.xlsx`,
      startedAt: this.now(),
      finishedAt: null,
      error: null,
    };
    this.jobs.set(id, job);
    void this.run(job, database);
    return job;
  }

  private async run(job: ExportJob, database: string) {
    const tmp = `${job.file}.part`;
    try {
      // In a worker thread with its own heap limits (year-workbook-file.ts): the app's event loop
      // and heap stay the app's while a county-scale workbook is written.
      await writeYearWorkbookFile(database, tmp, {
        year: job.year,
        asOf: job.asOf,
        ...(job.org ? { org: job.org } : {}),
        onProgress: (p) => Object.assign(job, { sheet: p.sheet, rows: p.rows, total: p.total }),
      });
      renameSync(tmp, job.file);
      Object.assign(job, { state: "done", finishedAt: this.now() });
    } catch (e) {
      rmSync(tmp, { force: true });
      Object.assign(job, { state: "failed", finishedAt: this.now(), error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The job `id` of `ownerId`. @throws NotFoundError for an unknown, expired or other person's job. */
  get(id: string, ownerId: number): ExportJob {
    this.sweep();
    const job = this.jobs.get(id);
    if (!job || job.ownerId !== ownerId) throw new NotFoundError("导出任务不存在或已过期");
    return job;
  }

  /** Forgets finished jobs older than the time to live and removes their files. */
  sweep(): void {
    const now = this.now();
    for (const [id, job] of this.jobs) {
      if (job.finishedAt !== null && now - job.finishedAt > this.ttlMs) {
        rmSync(job.file, { force: true });
        this.jobs.delete(id);
      }
    }
  }

  /** Removes files of jobs this process no longer knows (an earlier run) once older than the time to live. */
  private removeStaleFiles(): void {
    const known = new Set([...this.jobs.values()].flatMap((j) => [j.file, `${j.file}.part`]));
    for (const name of readdirSync(this.dir)) {
      const file = path.join(this.dir, name);
      if (known.has(file) || !/\.xlsx(\.part)?$/.test(name)) continue;
      try {
        if (this.now() - statSync(file).mtimeMs > this.ttlMs) rmSync(file, { force: true });
      } catch {
        // removed meanwhile by another process: nothing to do
      }
    }
  }

  /** Waits for every running job (tests, shutdown). */
  async idle(): Promise<void> {
    while ([...this.jobs.values()].some((j) => j.state === "running")) await new Promise((r) => setTimeout(r, 20));
  }
}
