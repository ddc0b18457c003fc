/**
 * Hostile import files (issue 11 items 1, 2 and 10), read through the real readers: a sparse
 * workbook and zip bombs in a child process with a 256 MB heap (a reader that materializes them
 * dies there instead of taking the test runner down), wide rows, .xls/.ods by name and by content,
 * a 30 MB CSV of millions of short lines stopped at the row cap without holding the event loop,
 * encodings kept across stream chunks, and a read abandoned when its signal fires.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ImportAborted, MAX_ROWS, readSheet, ReadError } from "../../src/import/read.ts";
import { csv, xlsx } from "./files.ts";
import { bigCsv, deflated, odsFile, oleXls, workbookWith } from "./hostile.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const TOO_BIG = /^文件过大或格式异常/;
const UNSUPPORTED = "暂不支持 .xls/.ods 文件，请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx 后再上传";

async function readInSmallHeap(which: string): Promise<{ code: number | null; out: { bytes: number; message: string; heapMb: number } | null; err: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--max-old-space-size=256", "--import", "tsx", path.join(here, "read-child.ts"), which], {
      cwd: root,
      maxBuffer: 1 << 20,
    });
    return { code: 0, out: JSON.parse(stdout.trim().split("\n").pop()!), err: stderr };
  } catch (e) {
    const x = e as { code: number | null; stderr: string };
    return { code: x.code, out: null, err: x.stderr.slice(-500) };
  }
}

/** A sheet of `rows` rows whose only cell is in `column` (letters). */
function oneCellRows(column: string, rows: number): Buffer {
  const body = Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="${column}${i + 1}" t="inlineStr"><is><t>值${i + 1}</t></is></c></row>`).join("");
  return workbookWith(deflated("xl/worksheets/sheet1.xml", `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData></worksheet>`));
}

describe("hostile workbooks are refused before memory runs out", () => {
  it("a sparse workbook (60,000 rows, one cell each in column XFD, a few hundred KB) is refused in a 256 MB heap", async () => {
    const r = await readInSmallHeap("sparse");
    expect(r.err).not.toMatch(/heap out of memory/);
    expect(r.code).toBe(0);
    expect(r.out!.bytes).toBeLessThan(1024 * 1024);
    expect(r.out!.message).toMatch(TOO_BIG);
    expect(r.out!.message).toContain("XFD");
  }, 120_000);

  it("a zip bomb is stopped: a part declaring gigabytes is refused before inflating, a part lying about its size at its claim", async () => {
    for (const which of ["bomb-honest", "bomb-lying"]) {
      const r = await readInSmallHeap(which);
      expect(r.err).not.toMatch(/heap out of memory/);
      expect([which, r.code]).toEqual([which, 0]);
      expect(r.out!.bytes).toBeLessThan(4 * 1024 * 1024);
      expect(r.out!.message).toMatch(TOO_BIG);
    }
  }, 120_000);

  it("a row reaching past column 256 is refused; a row ending at column 256 is read", async () => {
    await expect(readSheet(oneCellRows("XFD", 10), "wide.xlsx")).rejects.toThrow(/^文件过大或格式异常：第 1 行用到了第 XFD 列/);
    const ok = await readSheet(oneCellRows("IV", 3), "ok.xlsx"); // IV = 256
    expect(ok.rows.map((r) => [r.number, r.cells.length, r.cells[255]])).toEqual([
      [1, 256, "值1"],
      [2, 256, "值2"],
      [3, 256, "值3"],
    ]);
  });

  it("an ordinary workbook still reads, and a signal that fired stops the read", async () => {
    const file = await xlsx(["日期", "内容"], [["2026-03-05", "了解困难"]]);
    expect((await readSheet(file, "a.xlsx")).rows.map((r) => r.cells)).toEqual([["日期", "内容"], ["2026-03-05", "了解困难"]]);
    expect(await readSheet(file, "a.xlsx", AbortSignal.abort()).catch((e: unknown) => e)).toBeInstanceOf(ImportAborted);
  });
});

describe(".xls and .ods are refused with a message to save as .xlsx", () => {
  it("by content (OLE2 header, OpenDocument mimetype) whatever the name, and by name", async () => {
    for (const [file, name] of [
      [oleXls(), "旧表.xls"],
      [oleXls(), "改了名.xlsx"],
      [oleXls(), "upload"],
      [odsFile(), "表.ods"],
      [odsFile(), "改了名.xlsx"],
      [odsFile(), ""],
      [csv(["日期"], [["2026-03-05"]]), "其实是文本.ods"],
    ] as const) {
      const err = await readSheet(file, name).catch((e: unknown) => e);
      expect([name, err instanceof ReadError && err.message]).toEqual([name, UNSUPPORTED]);
    }
  });
});

describe("a large CSV is parsed as a stream", () => {
  it("30 MB of millions of short lines stops at the row cap with a clear message, and timers run while it is read", async () => {
    const file = bigCsv("日期,内容");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let ticksWhenDone = -1;
    const err = await readSheet(file, "big.csv")
      .catch((e: unknown) => e)
      .finally(() => (ticksWhenDone = ticks));
    clearInterval(timer);
    expect(err).toBeInstanceOf(ReadError);
    expect((err as Error).message).toBe(`一次最多导入 ${MAX_ROWS} 行，请拆分文件`);
    // The event loop turned while the file was read (a synchronous parse lets no timer fire).
    expect(ticksWhenDone).toBeGreaterThan(0);
  });

  it("a signal fired mid-read stops it", async () => {
    const ctl = new AbortController();
    setImmediate(() => ctl.abort());
    const err = await readSheet(bigCsv("日期,内容", 4 * 1024 * 1024), "big.csv", ctl.signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImportAborted);
  });

  it("GB18030, UTF-8 with BOM and UTF-16 stay whole across stream chunks", async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => [`2026-03-${String((i % 28) + 1).padStart(2, "0")}`, `群众${i}反映“困难”，已了解`]);
    const text = ["日期,内容", ...rows.map((r) => r.join(","))].join("\r\n");
    const expected = rows.map((r) => r);
    for (const [bytes, encoding] of [
      [iconv.encode(text, "gb18030"), "gb18030"],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), "utf-8"],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, "utf-16le")]), "utf-16"],
    ] as const) {
      expect(bytes.length).toBeGreaterThan(3 * 64 * 1024); // several chunks, characters split between them
      const sheet = await readSheet(bytes, "x.csv");
      expect(sheet.encoding).toBe(encoding);
      expect(sheet.rows[0].cells).toEqual(["日期", "内容"]);
      expect(sheet.rows.slice(1).map((r) => r.cells)).toEqual(expected);
    }
  });

  it("a row wider than 256 columns is refused; trailing empty cells are not counted", async () => {
    await expect(readSheet(Buffer.from(`日期,内容\n${",".repeat(300)}x\n`), "w.csv")).rejects.toThrow(/^文件过大或格式异常：第 2 行有 301 列/);
    const ok = await readSheet(Buffer.from(`日期,内容\n2026-03-05,好${",".repeat(400)}\n`), "ok.csv");
    expect(ok.rows[1].cells.slice(0, 2)).toEqual(["2026-03-05", "好"]);
  });

  it("a file of more than a million rows, blank ones included, is refused without reading on", async () => {
    const err = await readSheet(Buffer.concat([Buffer.from("日期,内容\n"), Buffer.alloc(1_100_000, "\n")]), "blank.csv").catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^文件过大或格式异常：超过 100 万行（含空行）/);
  });
});
