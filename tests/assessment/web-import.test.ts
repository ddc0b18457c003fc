/**
 * The admin's web import (upload, preview, confirm) takes 民主测评票 and 民意调查 files like the
 * other kinds; a bad file lists its errors in Chinese and writes nothing; the survey headers
 * follow renamed indicators.
 */
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { buildAssessmentCounty } from "../support/assessment.ts";
import { csv, xlsx } from "../import/files.ts";
import { setIndicators } from "../../src/domain/assessment/indicators.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp();
  await buildAssessmentCounty(t);
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const count = async (table: string) => Number((await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(t.kx)).rows[0].n);
async function upload(kind: string, file: Buffer, name: string) {
  return admin.post("/admin/imports").field("_csrf", await admin.csrf("/admin/imports")).field("kind", kind).attach("file", file, name);
}
const pendingId = (html: string) => html.match(/name="id" value="([0-9a-f]{32})"/)?.[1];

describe("web import of ballots and survey answers", () => {
  it("previews and confirms a ballots workbook", async () => {
    const file = await xlsx(["年度", "被测评单位", "测评层面", "评价"], [["2026", "XZA", "上级", "优秀"], ["2026", "BM1", "平级", "基本称职"]]);
    const preview = await upload("ballots", file, "测评票.xlsx");
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("将新增：<strong>2</strong>");
    expect(await count("Ballot")).toBe(0);
    const done = await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: pendingId(preview.text)! });
    expect(done.status).toBe(303);
    expect(await count("Ballot")).toBe(2);
  });
  it("lists the errors of a bad ballots file and offers no confirm", async () => {
    const preview = await upload("ballots", csv(["年度", "被测评单位", "测评层面", "评价"], [["2026", "A1", "上级", "优秀"], ["2026", "XZA", "中级", "优秀"]], "utf8bom"), "bad.csv");
    expect(preview.text).toContain("不是被考核单位");
    expect(preview.text).toContain("应为以下之一：上级、下级、平级");
    expect(pendingId(preview.text)).toBeUndefined();
    expect(await count("Ballot")).toBe(0);
  });
  it("takes a unit only in the years it is not dissolved by 1 Jan, and refuses a finalized year", async () => {
    await t.kx.updateTable("Org").set({ dissolvedOn: "2025-06-01" }).where("code", "=", "BM2").execute();
    await t.kx.insertInto("AssessmentSnapshot").values({ year: 2024, json: "{}", finalizedAt: new Date().toISOString() }).execute();
    const rows = [["2025", "BM2", "上级", "优秀"], ["2026", "BM2", "上级", "优秀"], ["2024", "XZA", "上级", "优秀"]];
    const preview = await upload("ballots", csv(["年度", "被测评单位", "测评层面", "评价"], rows, "utf8bom"), "测评票.csv");
    expect(preview.text).toContain("「县交通局党支部」不是被考核单位");
    expect(preview.text).toContain("2024 年度的三维考核已定稿");
    expect(preview.text.match(/不是被考核单位/g)).toHaveLength(1); // 2025: BM2 still a unit on 1 Jan
    expect(pendingId(preview.text)).toBeUndefined();
    expect(await count("Ballot")).toBe(0);
  });
  it("reads survey headers renamed in the settings", async () => {
    await setIndicators(t.kx, { orgId: null, fromYear: 2026, names: ["收入水平", "看病就医"] }, null, new Date());
    const preview = await upload("survey", csv(["年度", "单位", "调查方式", "受访编号", "收入水平", "看病就医"], [["2026", "XZA", "入户访谈", "1", "满意", "不满意"]], "utf8bom"), "调查.csv");
    expect(preview.text).toContain("将新增：<strong>1</strong>");
    await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: pendingId(preview.text)! });
    expect(await t.kx.selectFrom("SurveyAnswer").select(["answers", "method"]).executeTakeFirst()).toEqual({ answers: JSON.stringify(["SATISFIED", "UNSATISFIED"]), method: "VISIT" });
  });
});
