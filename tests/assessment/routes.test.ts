/**
 * The 三维考核 pages through the real app: who may run them (county reviewer and admin; a
 * township reviewer 403; a unit out of reach 404), ballots entered with counts and listed per
 * unit and level, bad ballots refused with the form kept, the draw and the call list with masked
 * phones for the reviewer and full ones for the admin, answers and a respondent counted twice,
 * weights not summing to 1, the report as JSON and XLSX and the 定稿 snapshot.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { buildAssessmentCounty, type AssessmentCounty } from "../support/assessment.ts";

let t: TestApp;
let c: AssessmentCounty;
beforeEach(async () => {
  t = await testApp();
  c = await buildAssessmentCounty(t);
});
afterEach(() => t.close());

const count = async (table: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(t.kx)).rows[0].n);
const onceOf = (html: string) => html.match(/name="_once" value="([^"]+)"/)?.[1] ?? "";
async function post(a: Agent, page: string, action: string, body: Record<string, string>) {
  const html = (await a.get(page)).text;
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)![1];
  return a.post(action).type("form").send({ _csrf: csrf, _once: onceOf(html), ...body });
}

describe("who runs the assessment", () => {
  it("the county reviewer and admin; a township reviewer or a secretary gets 403", async () => {
    for (const u of ["zuzhibu", "guanli"]) {
      const a = await t.loginAs(u);
      for (const p of ["/reports/assessment", "/assessment/ballots", "/assessment/survey", "/assessment/settings"]) expect((await a.get(p)).status, `${u} ${p}`).toBe(200);
    }
    for (const u of ["shenhe_a", "sj_a1", "dy_a1"]) {
      const a = await t.loginAs(u);
      expect((await a.get("/reports/assessment")).status).toBe(403);
      expect((await a.get("/assessment/ballots")).status).toBe(403);
    }
  });
  it("a 机关工委 reviewer runs it for the departments only; a township is 404", async () => {
    const m = await t.member({ username: "jggw", name: "机关工委组织委员", branchId: c.depts.d1.id });
    await t.db.grant.create({ data: { memberId: m.id, orgId: c.wc.id, role: "REVIEWER" } });
    const a = await t.loginAs("jggw");
    const json = (await a.get("/reports/assessment?year=2026&format=json")).body;
    expect(json.units.map((u: { code: string }) => u.code).sort()).toEqual(["BM1", "BM2"]);
    expect((await a.get("/assessment/survey/XZA?year=2026")).status).toBe(404);
    const res = await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", org: "XZA", level: "UPPER", grade: "EXCELLENT", count: "1" });
    expect(res.status).toBe(404);
    expect(await count("Ballot")).toBe(0);
  });
});

describe("民主测评 page", () => {
  it("enters ballots with a count and lists the rating per unit and level", async () => {
    const a = await t.loginAs("zuzhibu");
    const res = await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", org: "XZA", level: "UPPER", grade: "EXCELLENT", count: "3" });
    expect(res.status).toBe(303);
    await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", org: "XZA", level: "PEER", grade: "BASIC", count: "1" });
    expect(await count("Ballot")).toBe(4);
    const page = (await a.get("/assessment/ballots?year=2026")).text;
    const row = page.slice(page.indexOf('data-code="XZA"'), page.indexOf("</tr>", page.indexOf('data-code="XZA"')));
    expect(row).toContain("3 票 / 100");
    expect(row).toContain("0 票 / —");
    expect(row).toContain("1 票 / 60");
    expect(row).toContain(String(Math.round(((0.4 * 100 + 0.3 * 60) / 0.7) * 10) / 10));
  });
  it("the same form sent twice is saved once", async () => {
    const a = await t.loginAs("zuzhibu");
    const html = (await a.get("/assessment/ballots")).text;
    const body = { _csrf: html.match(/name="_csrf" value="([^"]+)"/)![1], _once: onceOf(html), year: "2026", org: "XZB", level: "LOWER", grade: "COMPETENT", count: "2" };
    expect((await a.post("/assessment/ballots").type("form").send(body)).status).toBe(303);
    expect((await a.post("/assessment/ballots").type("form").send(body)).status).toBe(303);
    expect(await count("Ballot")).toBe(2);
  });
  it("refuses an org outside the assessed units, an unknown level or grade, with the form kept; nothing written", async () => {
    const a = await t.loginAs("zuzhibu");
    const cases: [Record<string, string>, string][] = [
      [{ org: "A1", level: "UPPER", grade: "EXCELLENT" }, "不是被考核单位"],
      [{ org: "JGGW", level: "UPPER", grade: "EXCELLENT" }, "不是被考核单位"],
      [{ org: "XZA", level: "LEFT", grade: "EXCELLENT" }, "测评层面只能是"],
      [{ org: "XZA", level: "UPPER", grade: "SUPER" }, "评价只能是"],
      [{ org: "XZA", level: "UPPER", grade: "EXCELLENT", count: "0" }, "票数应为"],
    ];
    for (const [body, message] of cases) {
      const res = await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", count: "1", rater: "留下的测评人", ...body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.text).toContain(message);
      expect(res.text).toContain('value="留下的测评人"');
    }
    expect(await count("Ballot")).toBe(0);
  });
});

describe("民意调查 pages", () => {
  it("draws a sample, prints the call list masked for the reviewer and full for the admin", async () => {
    const a = await t.loginAs("zuzhibu");
    const res = await post(a, "/assessment/survey", "/assessment/survey/draw", { year: "2026", org: "XZB", seed: "77" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/assessment/survey/XZB?year=2026");
    const list = (await a.get("/assessment/survey/XZB?year=2026")).text;
    expect(list).toContain("抽取 12 人");
    expect(list).toMatch(/139\*\*\*\*\d{4}/);
    const admin = (await (await t.loginAs("guanli")).get("/assessment/survey/XZB?year=2026")).text;
    expect(admin).toMatch(/139\d{8}/);
    expect(admin).not.toMatch(/139\*\*\*\*/);
  });
  it("refuses a draw for a unit without 常住人口 and a bad seed; nothing written", async () => {
    const a = await t.loginAs("zuzhibu");
    const res = await post(a, "/assessment/survey", "/assessment/survey/draw", { year: "2026", org: "BM2", seed: "1" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("未设置常住人口");
    expect((await post(a, "/assessment/survey", "/assessment/survey/draw", { year: "2026", org: "XZA", seed: "abc" })).status).toBe(422);
    expect((await post(a, "/assessment/survey", "/assessment/survey/draw", { year: "2026", org: "A1", seed: "1" })).status).toBe(422);
    expect(await count("SurveyDraw")).toBe(0);
  });
  it("records answers and refuses a respondent counted twice or an answer outside the three", async () => {
    const a = await t.loginAs("zuzhibu");
    const page = "/assessment/survey/XZA?year=2026";
    const action = "/assessment/survey/XZA/answers";
    expect((await post(a, page, action, { year: "2026", respondentNo: "1", method: "PHONE", q1: "SATISFIED", q2: "BASIC" })).status).toBe(303);
    const twice = await post(a, page, action, { year: "2026", respondentNo: "1", method: "VISIT", q1: "UNSATISFIED" });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain("不能计入两次");
    const bad = await post(a, page, action, { year: "2026", respondentNo: "2", method: "PHONE", q3: "GREAT" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("只能是 满意、基本满意 或 不满意");
    expect(await count("SurveyAnswer")).toBe(1);
    const survey = (await a.get("/assessment/survey?year=2026")).text;
    expect(survey.slice(survey.indexOf('data-code="XZA"'))).toContain("80");
  });
});

describe("settings", () => {
  it("sets 常住人口 and refuses weights not summing to 1; a reviewer may not change them", async () => {
    const a = await t.loginAs("guanli");
    expect((await post(a, "/assessment/settings", "/assessment/settings/population", { year: "2026", org: "BM2", population: "4000" })).status).toBe(303);
    expect((await t.kx.selectFrom("Org").select("population").where("code", "=", "BM2").executeTakeFirstOrThrow()).population).toBe(4000);
    const bad = await post(a, "/assessment/settings", "/assessment/settings/weights", { year: "2026", effectiveFrom: "2026-01-01", performance: "0.6", rating: "0.3", survey: "0.3" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("之和应为 1");
    expect(bad.text).toContain('value="0.6"');
    expect(await count("AssessmentWeight")).toBe(0);
    expect((await post(a, "/assessment/settings", "/assessment/settings/weights", { year: "2026", effectiveFrom: "2026-01-01", performance: "0.5", rating: "0.25", survey: "0.25" })).status).toBe(303);
    const r = await t.loginAs("zuzhibu");
    const csrf = (await r.get("/assessment/settings")).text.match(/name="_csrf" value="([^"]+)"/)![1];
    expect((await r.post("/assessment/settings/population").type("form").send({ _csrf: csrf, year: "2026", org: "BM2", population: "1" })).status).toBe(403); // a unit they read: refused, not hidden
    expect((await r.post("/assessment/settings/weights").type("form").send({ _csrf: csrf, effectiveFrom: "2026-01-01", performance: "1", rating: "0", survey: "0" })).status).toBe(403);
    expect((await r.get("/reports/assessment?year=2026&format=json")).body.weights).toEqual({ performance: 0.5, rating: 0.25, survey: 0.25 });
  });
});

describe("the report", () => {
  it("answers JSON and XLSX, and a finalized year stays as computed", async () => {
    const a = await t.loginAs("zuzhibu");
    await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", org: "XZA", level: "UPPER", grade: "EXCELLENT", count: "2" });
    const json = (await a.get("/reports/assessment?year=2026&format=json")).body;
    expect(Object.keys(json)).toEqual(["year", "weights", "units"]);
    expect(json.units.find((u: { code: string }) => u.code === "XZA").rating).toBe(100);
    const x = await a.get("/reports/assessment?year=2026&format=xlsx").buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body as never);
    expect(wb.worksheets[0].getCell("A1").value).toBe("名次");
    expect((await a.get("/reports/assessment?year=abc")).status).toBe(400);
    const page = (await a.get("/reports/assessment?year=2026")).text;
    expect(page).toContain("/reports/compliance?org=XZA");
    const fin = await post(a, "/reports/assessment?year=2026", "/reports/assessment/finalize", { year: "2026" });
    expect(fin.status).toBe(303);
    const late = await post(a, "/assessment/ballots", "/assessment/ballots", { year: "2026", org: "XZB", level: "UPPER", grade: "EXCELLENT", count: "5" });
    expect(late.status).toBe(422);
    expect(late.text).toContain("已定稿");
    expect((await a.get("/reports/assessment?year=2026&format=json")).body).toEqual(json);
    expect((await a.get("/reports/assessment?year=2026")).text).toContain("已定稿");
  });
});
