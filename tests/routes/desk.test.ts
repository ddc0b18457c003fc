/**
 * The county dashboard over the web (issue 13 items 1 and 5) on tests/support/county.ts: the
 * county reviewer (zuzhibu) starts at the county and opens any township; a township's reviewer
 * starts at it and gets 404 for the other; members and secretaries get 403; rows sort by plain
 * links; a row opens one level down; the XLSX has Chinese headers and prints on A4 with page
 * numbers; the print page carries no links to sort and keeps the charts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { DESK_HEADER, DESK_TREND_HEADER } from "../../src/reports/desk-export.ts";

let t: TestApp;
let c: County;

const talk = (talkerId: number, occurredOn: string) => t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName: "群众" } });
const codes = (html: string) => [...html.matchAll(/<tr class="[^"]*" data-code="([^"]+)"/g)].map((m) => m[1]);

/** A parsed binary response (supertest buffers it). */
const binary = (agent: Awaited<ReturnType<TestApp["loginAs"]>>, path: string) =>
  agent.get(path).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on("data", (d: Buffer) => chunks.push(d));
    res.on("end", () => cb(null, Buffer.concat(chunks)));
  });

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  // Township B talks more than A: 3 against 1 (the default branch ZB01, under the county, none).
  await talk(c.branches.a1.member, "2026-03-01");
  for (const d of ["2026-03-02", "2026-04-02", "2026-05-02"]) await talk(c.branches.b1.member, d);
}, 60_000);
afterAll(() => t.close());

describe("who sees the dashboard", () => {
  it("the county reviewer starts at the county, sees every township, and opens any of them", async () => {
    const zuzhibu = await t.loginAs("zuzhibu");
    const page = await zuzhibu.get("/desk?year=2026");
    expect(page.status).toBe(200);
    expect(page.text).toContain("甲乡党委");
    expect(page.text).toContain("乙镇党委");
    expect(codes(page.text)).toEqual(["XZA", "XZB", "ZB01"]); // ZB01: the default branch, right under the county
    expect(page.text).toContain('href="/desk?org=XZB&year=2026&asOf=2026-11-18"'); // a row opens one level down
    expect(page.text).toContain('href="/desk"'); // the nav link
    const b = await zuzhibu.get("/desk?org=XZB");
    expect(b.status).toBe(200);
    expect(codes(b.text)).toEqual(["B1", "B2"]);
  });

  it("a township's reviewer starts at the township and gets 404 for the other one; a branch opens its zones", async () => {
    const shenhe = await t.loginAs("shenhe_a");
    const page = await shenhe.get("/desk");
    expect(page.status).toBe(200);
    expect(codes(page.text)).toEqual(["A1", "A2"]);
    expect((await shenhe.get("/desk?org=XZB")).status).toBe(404);
    expect((await shenhe.get("/desk?org=B1")).status).toBe(404);
    expect((await shenhe.get(`/desk?org=${encodeURIComponent(c.root.code)}`)).status).toBe(404);
    expect((await shenhe.get("/desk?org=NOPE")).status).toBe(404);
    const branch = await shenhe.get("/desk?org=A1");
    expect(branch.status).toBe(200);
    expect(branch.text).toContain(`href="/years/2026/zones/${c.branches.a1.zoneId}"`); // zone → its year page → members
    const crumbs = branch.text.match(/<nav class="crumbs"[\s\S]*?<\/nav>/)![0];
    expect(crumbs).toContain('href="/desk?org=XZA'); // back up to the township…
    expect(crumbs).not.toContain(`org=${encodeURIComponent(c.root.code)}`); // …but not to the county, out of reach
    const zonePage = await shenhe.get(`/years/2026/zones/${c.branches.a1.zoneId}`);
    expect(zonePage.status).toBe(200);
    expect(zonePage.text).toContain(`/years/2026/members/${c.branches.a1.member}`); // zone → member → the member's year page
    expect((await shenhe.get(`/years/2026/members/${c.branches.a1.member}`)).status).toBe(200);
    // The township admin sees the township too.
    expect((await (await t.loginAs("guanli_a")).get("/desk")).status).toBe(200);
  });

  it("members, cadres and secretaries get 403 and no nav link", async () => {
    for (const who of ["dy_a1", "gb_a1", "sj_a1"]) {
      const agent = await t.loginAs(who);
      expect((await agent.get("/desk")).status, who).toBe(403);
      expect((await agent.get("/desk/print")).status, who).toBe(403);
      expect((await agent.get("/")).text, who).not.toContain('href="/desk"');
    }
  });

  it("a bad sort, year or date answers 400 with a Chinese message", async () => {
    const zuzhibu = await t.loginAs("zuzhibu");
    const bad = await zuzhibu.get("/desk?sort=password");
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("排序列无效");
    expect((await zuzhibu.get("/desk?asOf=2026-02-30")).status).toBe(400);
    expect((await zuzhibu.get("/desk?year=abc")).status).toBe(400);
  });
});

describe("sorting, print and export", () => {
  it("sorts by a column through plain links, either way", async () => {
    const zuzhibu = await t.loginAs("zuzhibu");
    const desc = await zuzhibu.get("/desk?sort=talks&dir=desc");
    expect(codes(desc.text)).toEqual(["XZB", "XZA", "ZB01"]);
    expect(desc.text).toContain("sort=talks&amp;dir=asc"); // the header now offers the other way
    expect(desc.text).toContain('aria-sort="descending"');
    expect(codes((await zuzhibu.get("/desk?sort=talks&dir=asc")).text)).toEqual(["ZB01", "XZA", "XZB"]);
  });

  it("prints on A4: the table and charts, no sort links, the print stylesheet numbering pages", async () => {
    const zuzhibu = await t.loginAs("zuzhibu");
    const page = await zuzhibu.get("/desk/print?sort=talks&dir=desc");
    expect(page.status).toBe(200);
    expect(page.text).toContain("年工作概况");
    expect(page.text).toContain('<link rel="stylesheet" href="/css/print.css" media="print">');
    expect(page.text).not.toContain("sort=talks&amp;dir=asc");
    expect(page.text).toContain("<svg class=\"desk-svg\"");
    expect(codes(page.text)).toEqual(["XZB", "XZA", "ZB01"]);
    const css = await zuzhibu.get("/css/print.css");
    expect(css.text).toMatch(/@page\s*\{[^}]*size: A4/);
    expect(css.text).toContain("counter(page)");
  });

  it("exports XLSX with Chinese headers, the totals first, the months on a second sheet, A4 with page numbers", async () => {
    const zuzhibu = await t.loginAs("zuzhibu");
    const res = await binary(zuzhibu, "/desk?format=xlsx&sort=talks&dir=desc");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.getWorksheet("概况")!;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual(DESK_HEADER);
    expect(row(1).slice(0, 5)).toEqual(["单位代码", "单位", "类型", "院坝会", "院坝会参会人次"]);
    expect(row(1).at(-1)).toBe("未达标情况");
    expect(row(2).slice(2, 3)).toEqual(["合计"]);
    expect([row(3)[0], row(4)[0]]).toEqual(["XZB", "XZA"]);
    const talksCol = DESK_HEADER.indexOf("谈心次数");
    expect([row(2)[talksCol], row(3)[talksCol], row(4)[talksCol]]).toEqual([4, 3, 1]);
    expect(ws.pageSetup.paperSize).toBe(9); // A4
    expect(ws.headerFooter.oddFooter).toContain("&P");
    const months = wb.getWorksheet("逐月")!;
    expect((months.getRow(1).values as unknown[]).slice(1)).toEqual(DESK_TREND_HEADER);
    expect((months.getRow(4).values as unknown[]).slice(1, 2)).toEqual(["2026-03"]);
  });
});
