import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { cleanCellText, isBad, parseDate, parseDateTime, parseIdNumber, parseMobile, splitList } from "../../src/domain/values.ts";
import { decodeText, readSheet, ReadError } from "../../src/import/read.ts";
import { normaliseHeader } from "../../src/import/engine.ts";
import { xlsx } from "./files.ts";

describe("import values (FORMATS.md Values)", () => {
  it("reads every written date form and refuses dates that do not exist", () => {
    for (const s of ["2026-03-05", "2026/3/5", "2026年3月5日", "2026.03.05", "２０２６-０３-０５", "20260305"]) expect(parseDate(s)).toBe("2026-03-05");
    expect(parseDate(new Date(Date.UTC(2026, 2, 5)))).toBe("2026-03-05");
    expect(parseDate(46086)).toBe("2026-03-05"); // an Excel day serial
    for (const s of ["2026-02-30", "2026-13-01", "2025-02-29", "3/5/2026", "昨天", "2026-03"]) expect(isBad(parseDate(s))).toBe(true);
    expect(parseDate("2024-02-29")).toBe("2024-02-29");
  });

  it("reads date-times as Shanghai wall-clock time", () => {
    expect(parseDateTime("2026-03-05 14:30")).toEqual({ date: "2026-03-05", time: "14:30" });
    expect(parseDateTime("2026年3月5日 9:05")).toEqual({ date: "2026-03-05", time: "09:05" });
    expect(parseDateTime("2026-03-05")).toEqual({ date: "2026-03-05", time: "00:00" });
    expect(parseDateTime(new Date(Date.UTC(2026, 2, 5, 14, 30)))).toEqual({ date: "2026-03-05", time: "14:30" });
    expect(isBad(parseDateTime("2026-03-05 25:00"))).toBe(true);
  });

  it("folds full-width digits and letters, keeps Chinese punctuation, applies NFC and trims", () => {
    expect(cleanCellText("　ＡＢｃ１２３，好。 ")).toBe("ABc123，好。");
    expect(cleanCellText("e\u0301")).toBe("é");
  });

  it("normalises mainland mobile numbers and refuses others", () => {
    expect(parseMobile("＋86 １３９-００００-０００１")).toBe("13900000001");
    expect(parseMobile("0086 13900000001")).toBe("13900000001");
    expect(parseMobile(13900000001)).toBe("13900000001");
    for (const s of ["1390000000", "23900000001", "139000000011", "010-12345678"]) expect(isBad(parseMobile(s))).toBe(true);
  });

  it("checks the ID number's check character and refuses one mangled into a number by Excel", () => {
    expect(parseIdNumber("990000198001010012")).toBe("990000198001010012");
    expect(isBad(parseIdNumber("990000198001010013"))).toBe(true);
    expect(isBad(parseIdNumber(990000198001010000))).toBe(true);
  });

  it("splits lists on 、 and commas of both widths", () => {
    expect(splitList("甲、乙,丙，丁；；")).toEqual(["甲", "乙", "丙", "丁"]);
  });

  it("strips hints and marks from headers", () => {
    expect(normaliseHeader(" 谈心人（登录名）* ")).toBe("谈心人");
    expect(normaliseHeader("日期(必填)")).toBe("日期");
  });
});

describe("reading files", () => {
  it("detects UTF-8 with and without BOM, and GB18030", () => {
    const text = "姓名,登录名\n张示例,zhang\n";
    expect(decodeText(Buffer.from(text))).toEqual({ text, encoding: "utf-8" });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: "utf-8" });
    expect(decodeText(iconv.encode(text, "gb18030"))).toEqual({ text, encoding: "gb18030" });
  });

  it("reads the first worksheet of an xlsx and skips blank rows but keeps row numbers", async () => {
    const file = await xlsx(["名称"], [["甲"], [""], ["乙"]]);
    const sheet = await readSheet(file, "x.xlsx");
    expect(sheet.rows.map((r) => [r.number, r.cells[0]])).toEqual([[1, "名称"], [2, "甲"], [4, "乙"]]);
  });

  it("refuses an old .xls and a broken .xlsx with a Chinese message", async () => {
    await expect(readSheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2]), "a.xls")).rejects.toThrow(ReadError);
    await expect(readSheet(Buffer.from("PK\u0003\u0004garbage"), "a.xlsx")).rejects.toThrow(/无法读取/);
  });
});
