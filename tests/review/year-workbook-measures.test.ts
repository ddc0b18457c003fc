/**
 * The year workbook's 三进三同记录 and 调研报告等材料 sheets (issue 18 items 1, 2): the year's stays (begun
 * in the year) and writings, soft-deleted and other years' left out, Chinese headers as the imports,
 * text guarded against formulas, 补录 marked; an org's workbook holds only its subtree's members'
 * rows (another branch's rows absent), the root's everyone's. Read back with exceljs.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { instantOf } from "../../src/rules/index.ts";
import { writeYearWorkbook } from "../../src/reports/year-workbook.ts";

let t: TestApp;
let c: County;
let dir: string;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  dir = mkdtempSync(path.join(os.tmpdir(), "ledger-workbook-measures-"));
  const { a1, a2, b1 } = c.branches;
  const ha = (await t.db.resident.create({ data: { zoneId: a1.zoneId, name: "甲户" } })).id;
  const hb = (await t.db.resident.create({ data: { zoneId: b1.zoneId, name: "乙户" } })).id;
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: ha, fromOn: "2026-03-02", toOn: "2026-03-04", eat: true, work: true, diary: "=HYPERLINK(\"http://x\")", problems: "饮水困难", createdAt: instantOf("2026-03-05", "09:00") } });
  await t.db.stay.create({ data: { cadreId: a2.secretary, residentId: ha, fromOn: "2026-05-10", toOn: "2026-05-10", live: true, createdAt: instantOf("2026-05-30", "09:00") } }); // entered 20 days later: 补录
  await t.db.stay.create({ data: { cadreId: b1.cadre, residentId: hb, fromOn: "2026-04-01", toOn: "2026-04-02", live: true, diary: "乙支部的日记" } });
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: ha, fromOn: "2026-06-01", toOn: "2026-06-01", eat: true, diary: "已删除", deletedAt: new Date() } });
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: ha, fromOn: "2025-12-30", toOn: "2026-01-02", eat: true, diary: "去年开始" } });
  const writing = (authorId: number, writtenOn: string, title: string, extra: object = {}) =>
    t.db.writing.create({ data: { authorId, writtenOn, kind: "SURVEY_REPORT", title, content: `${title}正文`, createdAt: instantOf(writtenOn, "20:00"), ...extra } });
  await writing(a1.member, "2026-02-03", "甲村调研报告", { attachmentName: "报告.pdf", attachmentType: "application/pdf", attachmentSize: 4, attachment: Buffer.from("%PDF") });
  await writing(a2.cadre, "2026-07-01", "党性分析", { kind: "PARTY_ANALYSIS" });
  await writing(b1.member, "2026-02-04", "乙村调研报告");
  await writing(a1.member, "2026-08-01", "已删除的", { deletedAt: new Date() });
  await writing(a1.member, "2025-12-31", "去年的");
});
afterEach(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function workbook(org?: { path: string; name: string }) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.xlsx`);
  const out = createWriteStream(file);
  const result = await writeYearWorkbook(t.url, out, { year: 2026, asOf: "2026-11-18", ...(org ? { org } : {}) });
  await finished(out);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows = (name: string) => {
    const list: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((row) => list.push(Array.from((row.values as unknown[]).slice(1), (x) => x ?? "")));
    return list;
  };
  return { result, rows };
}

describe("the year workbook's stays and writings", () => {
  it("lists the year's stays and writings with Chinese headers, guarded text and 补录 marks", async () => {
    const { result, rows } = await workbook();
    expect(result.sheets).toMatchObject({ 三进三同记录: 3, 调研报告等材料: 3 });
    const stays = rows("三进三同记录");
    expect(stays[0]).toEqual(["开始日期", "结束日期", "干部", "姓名", "住户", "责任区", "所属组织", "方式", "民情日记", "发现问题", "录入时间", "补录"]);
    expect(stays[1].slice(0, 11)).toEqual(["2026-03-02", "2026-03-04", "gb_a1", "gba1", "甲户", "a1责任区", "A1", "同吃、同劳动", `'=HYPERLINK("http://x")`, "饮水困难", "2026-03-05 09:00"]);
    expect(stays[1][11] ?? "").toBe(""); // entered the next day: not 补录
    expect(stays[2].slice(0, 3)).toEqual(["2026-04-01", "2026-04-02", "gb_b1"]);
    expect(stays[3].slice(0, 3)).toEqual(["2026-05-10", "2026-05-10", "sj_a2"]);
    expect(stays[3].slice(7, 8)).toEqual(["同住"]);
    expect(stays[3].at(-1)).toBe("补录");
    expect(stays.flat()).not.toContain("已删除");
    expect(stays.flat()).not.toContain("去年开始");

    const writings = rows("调研报告等材料");
    expect(writings[0]).toEqual(["日期", "作者", "姓名", "类型", "标题", "正文", "附件", "录入时间", "补录"]);
    expect(writings[1].slice(0, 8)).toEqual(["2026-02-03", "dy_a1", "dya1", "调研报告", "甲村调研报告", "甲村调研报告正文", "报告.pdf", "2026-02-03 20:00"]);
    expect(writings[3].slice(0, 5)).toEqual(["2026-07-01", "gb_a2", "gba2", "党性分析", "党性分析"]);
    expect(writings.flat()).not.toContain("已删除的");
    expect(writings.flat()).not.toContain("去年的");
  });

  it("an org's workbook holds its subtree's rows only: another branch's are absent", async () => {
    const { a1, b1 } = c.branches;
    const townA = await workbook(c.townships.A);
    expect(townA.rows("三进三同记录").slice(1).map((r) => r[2])).toEqual(["gb_a1", "sj_a2"]);
    expect(townA.rows("调研报告等材料").slice(1).map((r) => r[4])).toEqual(["甲村调研报告", "党性分析"]);
    const branchA1 = await workbook(a1);
    expect(branchA1.rows("三进三同记录").slice(1).map((r) => r[2])).toEqual(["gb_a1"]);
    expect(branchA1.rows("调研报告等材料").slice(1).map((r) => r[4])).toEqual(["甲村调研报告"]);
    const branchB1 = await workbook(b1);
    expect(branchB1.rows("三进三同记录").slice(1).map((r) => r[8])).toEqual(["乙支部的日记"]);
    expect(branchB1.rows("调研报告等材料").slice(1).map((r) => r[4])).toEqual(["乙村调研报告"]);
    expect(branchB1.result.sheets).toMatchObject({ 三进三同记录: 1, 调研报告等材料: 1 });
  });

  it("a secretary's web export holds their branch's stays and writings, not the other branches'", async () => {
    const sec = await t.loginAs("sj_b1");
    const start = await sec.post("/exports").type("form").send({ _csrf: await sec.csrf(), year: "2026", asOf: "2026-11-18" });
    expect(start.status).toBe(303);
    let status = (await sec.get(`${start.headers.location}/status`)).body;
    for (let i = 0; i < 200 && status.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await sec.get(`${start.headers.location}/status`)).body;
    }
    expect(status.state).toBe("done");
    const file = await sec.get(status.download).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (x: Buffer) => chunks.push(x));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const cells = (name: string) => {
      const list: unknown[] = [];
      wb.getWorksheet(name)!.eachRow((row) => list.push(...(row.values as unknown[]).slice(1)));
      return list;
    };
    expect(cells("三进三同记录")).toContain("乙支部的日记");
    expect(cells("三进三同记录")).not.toContain("gb_a1");
    expect(cells("调研报告等材料")).toContain("乙村调研报告");
    expect(cells("调研报告等材料")).not.toContain("甲村调研报告");
  });
});
