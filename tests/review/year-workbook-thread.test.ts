/**
 * The year workbook written by a worker thread (src/reports/year-workbook-file.ts, issue 16 item 4),
 * as the web's export jobs and `ledger export year` write it: the same sheets, byte for byte, as
 * the in-process writer; progress reaches the caller; a bad date keeps its RangeError; a thread that
 * runs out of its heap limit fails the export with a Chinese message and leaves the process running.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { writeYearWorkbook, WORKBOOK_SHEETS, type WorkbookProgress } from "../../src/reports/year-workbook.ts";
import { writeYearWorkbookFile } from "../../src/reports/year-workbook-file.ts";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
let dir: string;
beforeEach(async () => {
  w = await reviewWorld();
  dir = mkdtempSync(path.join(os.tmpdir(), "ledger-workbook-thread-"));
  await w.talk(w.ganbu, "2026-03-05", { reason: "HARDSHIP", name: '=HYPERLINK("http://x","点我")', content: "取暖困难" });
  await w.talk(w.shuji, "2026-04-01", { name: "住户丙" });
  await w.visit(w.ganbu, "2026-03-03", { time: "07:45" });
});
afterEach(async () => {
  await w.t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Each sheet's cell values, by sheet name. */
async function sheetsOf(file: string): Promise<Record<string, unknown[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, unknown[][]> = {};
  wb.eachSheet((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (c) => c ?? "")));
    out[ws.name] = rows;
  });
  return out;
}

describe("the year workbook written by a worker thread", () => {
  it("holds what the in-process writer writes, reports progress, and makes the file 0600", async () => {
    const inProcess = path.join(dir, "in.xlsx");
    const out = createWriteStream(inProcess);
    const expected = await writeYearWorkbook(w.t.url, out, { year: 2026, asOf: "2026-11-18" });
    await finished(out);

    const threaded = path.join(dir, "thread.xlsx");
    const progress: WorkbookProgress[] = [];
    const result = await writeYearWorkbookFile(w.t.url, threaded, { year: 2026, asOf: "2026-11-18", onProgress: (p) => progress.push(p) });
    expect(result).toEqual(expected);
    expect(result.sheets["谈心记录"]).toBe(2);
    const sheets = await sheetsOf(threaded);
    expect(Object.keys(sheets)).toEqual([...WORKBOOK_SHEETS]);
    expect(sheets).toEqual(await sheetsOf(inProcess));
    expect(progress.at(-1)).toMatchObject({ sheet: "完成", rows: result.rows });
    expect(statSync(threaded).mode & 0o777).toBe(0o600);
    expect(readFileSync(threaded).subarray(0, 2).toString()).toBe("PK");
  });

  it("keeps a bad date's RangeError", async () => {
    const err = await writeYearWorkbookFile(w.t.url, path.join(dir, "bad.xlsx"), { year: 2026, asOf: "2026-13-40" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeError);
    expect((err as Error).message).toMatch(/2026-13-40/);
  });

  it("fails with a Chinese message when the thread runs out of its heap, and the process goes on", async () => {
    const err = await writeYearWorkbookFile(w.t.url, path.join(dir, "oom.xlsx"), { year: 2026, asOf: "2026-11-18" }, { maxOldGenerationSizeMb: 2, maxYoungGenerationSizeMb: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe("导出所需内存超过上限（2 MB），请按组织分别导出");
    // the app's own thread is unharmed: another export works
    const again = await writeYearWorkbookFile(w.t.url, path.join(dir, "again.xlsx"), { year: 2026, asOf: "2026-11-18" });
    expect(again.sheets["谈心记录"]).toBe(2);
  });
});
