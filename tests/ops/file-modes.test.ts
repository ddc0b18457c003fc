/**
 * Files the app writes hold residents' and members' data (issue 11, item 7): the year workbook
 * export jobs, the CLI's backup, export and report files, the import's pending uploads. Each is
 * 0600 in a folder 0700, even when the folder already existed with 0755 and whatever the umask.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExportJobs } from "../../src/reports/export-jobs.ts";
import { run as backup } from "../../src/cli/commands/backup.ts";
import { run as exportCmd } from "../../src/cli/commands/export.ts";
import { dropPending, savePending } from "../../src/import/pending.ts";
import { testApp, type TestApp } from "../support/app.ts";

const mode = (p: string) => statSync(p).mode & 0o777;

let t: TestApp;
let base: string;
let umask: number;
beforeEach(async () => {
  t = await testApp();
  await t.member({ username: "shuji", name: "书记甲", role: "SECRETARY" });
  base = mkdtempSync(path.join(os.tmpdir(), "ledger-modes-"));
  umask = process.umask(0o022); // the usual umask: files 0644, folders 0755 unless the app says otherwise
});
afterEach(async () => {
  process.umask(umask);
  rmSync(base, { recursive: true, force: true });
  await t.close();
});
const ctx = () => ({ databaseUrl: t.url, out: () => {}, err: () => {} });

describe("private files", () => {
  it("an export job's workbook is 0600 in a 0700 folder, also when the folder was 0755", async () => {
    const dir = path.join(base, "exports");
    mkdirSync(dir, { mode: 0o755 });
    const jobs = new ExportJobs({ dir });
    const shuji = (await t.db.member.findFirstOrThrow({ where: { username: "shuji" } })).id;
    const job = jobs.startYearWorkbook(t.url, shuji, 2026, "2026-11-18");
    await jobs.idle();
    expect(jobs.get(job.id, shuji).state).toBe("done");
    expect(mode(dir)).toBe(0o700);
    expect(mode(job.file)).toBe(0o600);
  });

  it("a backup is 0600, and a folder the backup creates is 0700", async () => {
    const target = path.join(base, "backups", "ledger-backup.db");
    expect(await backup([target], ctx())).toBe(0);
    expect(mode(target)).toBe(0o600);
    expect(mode(path.dirname(target))).toBe(0o700);
  });

  it("the CLI's year workbook is 0600", async () => {
    const out = path.join(base, "year.xlsx");
    expect(await exportCmd(["year", "--year", "2026", "--out", out], ctx())).toBe(0);
    expect(mode(out)).toBe(0o600);
  });

  it("an upload waiting for confirmation is 0600 in a 0700 folder", () => {
    const id = savePending(new TextEncoder().encode("a,b\n1,2\n"));
    const file = path.join(os.tmpdir(), "liaison-ledger-imports", id);
    try {
      expect(mode(file)).toBe(0o600);
      expect(mode(path.dirname(file))).toBe(0o700);
    } finally {
      dropPending(id);
    }
  });
});
