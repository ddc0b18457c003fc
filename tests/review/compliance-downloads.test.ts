/**
 * The compliance report's downloads over the web (FORMATS.md "Compliance report"): the CSV opens
 * in a spreadsheet with Chinese intact (UTF-8 BOM) and a name starting with `=` inert; the XLSX
 * carries the same figures as the JSON for the same asOf (checked figure by figure, independently
 * of the export code).
 */
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
  for (const d of ["05", "06", "07", "08", "09", "12"]) await w.talk(w.ganbu, `2026-01-${d}`);
  for (const d of ["2026-01-05", "2026-01-06", "2026-01-12"]) await w.visit(w.ganbu, d);
  const evil = await w.t.member({ username: "evil", name: '=HYPERLINK("http://evil.example","点我")', registeredOn: "2024-01-01" });
  await w.talk(evil.id, "2026-02-03");
  await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-02-10", createdById: w.ganbu } });
});
afterEach(() => w.t.close());

const binary = (res: { on(e: string, f: (c?: Buffer) => void): void }, cb: (e: Error | null, b: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on("data", (c) => chunks.push(c!));
  res.on("end", () => cb(null, Buffer.concat(chunks)));
};

describe("compliance downloads", () => {
  it("CSV begins with a UTF-8 BOM, keeps Chinese intact and exports a formula-like name inert", async () => {
    const a = await w.t.loginAs("shuji");
    const res = await a.get("/reports/compliance?year=2026&asOf=2026-11-18&format=csv").buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.split("\r\n")[0]).toBe("登录名,姓名,角色,责任区,规则,周期,完成数,要求数,状态");
    expect(text).toContain("王干部,党员干部,第一责任区,月度谈心,2026-01,6,5,已达标");
    const evilLine = text.split("\r\n").find((l) => l.startsWith("evil,"))!;
    expect(evilLine).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("XLSX has the same figures as the JSON report for the same asOf", async () => {
    const a = await w.t.loginAs("shuji");
    const q = "year=2026&asOf=2026-03-15";
    const json = (await a.get(`/reports/compliance?${q}&format=json`)).body;
    const res = await a.get(`/reports/compliance?${q}&format=xlsx`).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const sheet = wb.getWorksheet("达标情况")!;
    const STATUS: Record<string, string> = { met: "已达标", missed: "未达标", in_progress: "进行中", at_risk: "有风险", not_applicable: "不适用" };

    const fromXlsx = new Map<string, [number, number, string]>();
    sheet.eachRow((row, i) => {
      if (i === 1) return;
      const v = Array.from((row.values as unknown[]).slice(1), (c) => c ?? "") as (string | number)[];
      fromXlsx.set(`${v[0] || v[3]}|${v[4]}|${v[5]}`, [v[6] as number, v[7] as number, v[8] as string]);
    });
    const fromJson = new Map<string, [number, number, string]>();
    const put = (who: string, rule: string, period: string, r: { count: number; required: number; status: string }) =>
      fromJson.set(`${who}|${rule}|${period}`, [r.count, r.required, STATUS[r.status]]);
    for (const m of json.members) {
      put(m.username, "年度谈心", "2026", m.yearTalks);
      for (const r of m.monthlyTalks ?? []) put(m.username, "月度谈心", r.period, r);
      for (const r of m.weeklyVisits ?? []) put(m.username, "每周走访", r.period, r);
      if (m.pairings) put(m.username, "结穷亲", json.asOf, m.pairings);
    }
    for (const z of json.zones) for (const r of z.monthlyCourtyardMeetings) put(z.name, "院坝会", r.period, r);
    expect(json.asOf).toBe("2026-03-15");
    expect(fromJson.get("ganbu|月度谈心|2026-01")).toEqual([6, 5, "已达标"]);
    expect(fromJson.get(`第一责任区|院坝会|2026-02`)).toEqual([1, 1, "已达标"]);
    for (const [key, figures] of fromJson) expect([key, fromXlsx.get(key)]).toEqual([key, figures]);
    // and nothing in the XLSX that the JSON does not have (but the branch's half-years)
    const extra = [...fromXlsx.keys()].filter((k) => !fromJson.has(k) && !k.includes("|会议记录|"));
    expect(extra).toEqual([]);
  });
});
