/**
 * The year workbook (年度台账工作簿), written by streaming: its sheets, their rows, the formula
 * guard, yuan amounts and 补录 marks; 达标情况 equal to the compliance report's rows whatever the
 * batch size; the web export as a background job with a progress status and a download; and
 * `ledger export year`.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { instantOf } from "../../src/rules/index.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { complianceRows, COMPLIANCE_HEADER, guardCell } from "../../src/reports/compliance-export.ts";
import { WORKBOOK_SHEETS, writeYearWorkbook } from "../../src/reports/year-workbook.ts";
import { main } from "../../src/cli/ledger.ts";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
let dir: string;
beforeEach(async () => {
  w = await reviewWorld();
  dir = mkdtempSync(path.join(os.tmpdir(), "ledger-workbook-test-"));
  const { t } = w;
  await w.talk(w.ganbu, "2026-03-05", { reason: "HARDSHIP", name: '=HYPERLINK("http://x","点我")', content: "-5 度，取暖困难" });
  await w.talk(w.ganbu, "2026-03-06", { name: "补录对象", createdAt: instantOf("2026-03-20", "10:00") });
  await w.talk(w.ganbu, "2025-12-31", { name: "去年的人" });
  await t.db.talk.create({ data: { talkerId: w.ganbu, occurredOn: "2026-03-07", counterpartKind: "RESIDENT", counterpartName: "已删除", deletedAt: new Date() } });
  await w.visit(w.ganbu, "2026-03-03", { time: "07:45" });
  const m = await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-04-02", place: "村口院坝", hostId: w.shuji, createdById: w.shuji } });
  await t.db.meetingAttendance.createMany({ data: [{ meetingId: m.id, memberId: w.ganbu }, { meetingId: m.id, memberId: w.shuji }] });
  const r = await t.db.resident.create({ data: { zoneId: w.zoneA, name: "困难户甲" } });
  const p = await t.db.pairing.create({ data: { cadreId: w.ganbu, residentId: r.id, startedOn: "2025-06-01" } });
  await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-05-01", kind: "FUNDS", amountFen: 50050, description: "慰问金", createdById: w.ganbu } });
  await t.db.request.create({ data: { source: "WALK_IN", zoneId: w.zoneA, residentName: "住户乙", raisedOn: "2026-06-01", content: "路灯不亮", ownerId: w.ganbu, createdById: w.ganbu, status: "RESOLVED", feedbackOn: "2026-06-03", feedbackHow: "PHONE" } });
});
afterEach(async () => {
  await w.t.close();
  rmSync(dir, { recursive: true, force: true });
});

async function exportTo(file: string, batchSize?: number) {
  const out = createWriteStream(file);
  const progress: number[] = [];
  const result = await writeYearWorkbook(w.t.url, out, { year: 2026, asOf: "2026-11-18", batchSize, onProgress: (p) => progress.push(p.rows) });
  await finished(out);
  return { result, progress };
}

async function read(file: string) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows = (name: string) => {
    const out: unknown[][] = [];
    wb.getWorksheet(name)!.eachRow((row) => out.push(Array.from((row.values as unknown[]).slice(1), (c) => c ?? "")));
    return out;
  };
  return { wb, rows };
}

describe("the year workbook", () => {
  it("has the sheets (达标情况 and the record sheets) with the year's records, text guarded against formulas, yuan as numbers and 补录 marked", async () => {
    const file = path.join(dir, "y.xlsx");
    const { result } = await exportTo(file);
    const { wb, rows } = await read(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual([...WORKBOOK_SHEETS]);
    expect(result.sheets).toMatchObject({ 谈心记录: 2, 走访记录: 1, 会议记录: 1, 结穷亲: 1, 帮扶记录: 1, 群众诉求: 1 });

    const talks = rows("谈心记录");
    expect(talks[0]).toEqual(["日期", "谈心人", "姓名", "谈心对象", "对象类型", "谈心类型", "内容", "录入时间", "补录"]);
    expect(talks[1].slice(0, 7)).toEqual(["2026-03-05", "ganbu", "王干部", `'=HYPERLINK("http://x","点我")`, "群众", "生活困难", "'-5 度，取暖困难"]);
    expect(talks[2][3]).toBe("补录对象");
    expect(talks[2].slice(7)).toEqual(["2026-03-20 10:00", "补录"]);
    expect(talks.flat()).not.toContain("去年的人");
    expect(talks.flat()).not.toContain("已删除");

    expect(rows("走访记录")[1].slice(0, 6)).toEqual(["2026-03-03", "07:45", "2026-W10", "ganbu", "王干部", "12路"]);
    const meeting = rows("会议记录")[1];
    expect(meeting.slice(0, 8)).toEqual(["2026-04-02", "院坝会", "第一责任区", "shuji", "李书记", "村口院坝", "shuji、ganbu", 2]);
    expect(rows("结穷亲")[1]).toEqual(["ganbu", "王干部", "县管领导干部", "困难户甲", "第一责任区", "2025-06-01", "", "", 1, 500.5]);
    expect(rows("帮扶记录")[1].slice(0, 7)).toEqual(["2026-05-01", "ganbu", "王干部", "困难户甲", "资金", 500.5, "慰问金"]);
    const request = rows("群众诉求")[1];
    expect(request.slice(0, 8)).toEqual(["2026-06-01", "接访", "住户乙", "第一责任区", "路灯不亮", "ganbu", "王干部", "已办结"]);
  });

  it("writes 达标情况 exactly as the compliance report's rows, whatever the batch of members per report", async () => {
    const expected = [[...COMPLIANCE_HEADER], ...complianceRows(await buildComplianceReport(w.t.kx, { year: 2026, asOf: "2026-11-18" })).map((r) => r.map(guardCell))];
    for (const batch of [1, 2, 2000]) {
      const file = path.join(dir, `b${batch}.xlsx`);
      await exportTo(file, batch);
      expect((await read(file)).rows("达标情况")).toEqual(expected);
    }
  });

  it("reports progress as it goes, ending with every row written", async () => {
    const { result, progress } = await exportTo(path.join(dir, "p.xlsx"));
    expect(progress.at(-1)).toBe(result.rows);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it("announces the total it will write: once the members are read, the total is the rows written (issue 15: no overshoot)", async () => {
    const totals: { sheet: string; rows: number; total: number }[] = [];
    const out = createWriteStream(path.join(dir, "t.xlsx"));
    const result = await writeYearWorkbook(w.t.url, out, { year: 2026, asOf: "2026-11-18", onProgress: (p) => totals.push({ ...p }) });
    await finished(out);
    const afterMembers = totals.filter((p) => p.sheet !== "达标情况");
    expect(afterMembers.length).toBeGreaterThan(0);
    for (const p of afterMembers) expect(p.total).toBe(result.rows);
    // while 达标情况 is written (one batch of members here) the announced total never runs past what is written
    expect(Math.max(...totals.map((p) => p.total))).toBe(result.rows);
  });
});

describe("the year workbook on the web", () => {
  it("runs as a background job: a progress page, a JSON status, then the download; another person cannot see it", async () => {
    const a = await w.t.loginAs("shuji");
    const start = await a.post("/exports").type("form").send({ _csrf: await a.csrf(), year: "2026", asOf: "2026-11-18" });
    expect(start.status).toBe(303);
    const page = await a.get(start.headers.location);
    expect(page.text).toContain("<progress");
    expect(page.text).toContain(`data-export-status="${start.headers.location}/status"`);
    let status = (await a.get(`${start.headers.location}/status`)).body;
    for (let i = 0; i < 200 && status.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await a.get(`${start.headers.location}/status`)).body;
    }
    expect(status).toMatchObject({ state: "done", download: `${start.headers.location}/download` });
    expect(status.rows).toBe(status.total);
    const file = await a.get(status.download).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(file.status).toBe(200);
    expect(file.headers["content-disposition"]).toContain(".xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    expect(wb.worksheets.map((s) => s.name)).toEqual([...WORKBOOK_SHEETS]);
    const admin = await w.t.loginAs("guanli");
    expect((await admin.get(`${start.headers.location}/status`)).status).toBe(404);
    expect((await admin.get(`${start.headers.location}/download`)).status).toBe(404);
  });
});

describe("ledger export year", () => {
  it("streams the workbook to --out and prints progress and the row counts on standard error", async () => {
    const out = path.join(dir, "cli.xlsx");
    const err: string[] = [];
    const code = await main(["export", "year", "--year", "2026", "--as-of", "2026-11-18", "--out", out], { databaseUrl: w.t.url, out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(0);
    expect(err.join("\n")).toMatch(/100% .* 完成/);
    expect(err.join("\n")).toContain("谈心记录 2 行");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as never);
    expect(wb.getWorksheet("谈心记录")!.rowCount).toBe(3);
  });

  it("rejects bad flags with a Chinese message and exit code 2, and writes nothing", async () => {
    const err: string[] = [];
    const ctx = { databaseUrl: w.t.url, out: () => {}, err: (l: string) => err.push(l) };
    expect(await main(["export", "year", "--year", "26", "--out", path.join(dir, "x.xlsx")], ctx)).toBe(2);
    expect(await main(["export", "year", "--year", "2026"], ctx)).toBe(2);
    expect(await main(["export", "nothing"], ctx)).toBe(2);
    expect(err.join("\n")).toContain("年份应为四位数字");
    expect(err.join("\n")).toContain("--out");
  });
});
