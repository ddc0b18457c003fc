/**
 * The web import of stays and writings (issue 18, docs/FORMATS-stays-writings.md): preview, then
 * confirm writes every row once; a bad file shows each error (row, column, reason) and writes
 * nothing; both kinds' templates download.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" });
  const z = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.resident.create({ data: { zoneId: z.id, name: "赵大伯" } });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

async function upload(kind: string, file: Buffer, name: string) {
  return admin.post("/admin/imports").field("_csrf", await admin.csrf("/admin/imports")).field("kind", kind).attach("file", file, name);
}
const pendingId = (html: string) => html.match(/name="id" value="([0-9a-f]{32})"/)?.[1];

describe("stays and writings through the admin's import page", () => {
  it("previews, then confirm writes the rows once", async () => {
    const stays = csv(["开始日期", "结束日期", "干部", "住户", "方式", "民情日记"], [["2026-03-05", "2026-03-06", "ganbu", "赵大伯", "同吃、同劳动", "收成好"]], "utf8bom");
    const preview = await upload("stays", stays, "三进三同.csv");
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("将新增：<strong>1</strong>");
    expect(await t.db.stay.count()).toBe(0);
    await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: pendingId(preview.text)! });
    expect(await t.db.stay.findFirstOrThrow()).toMatchObject({ fromOn: "2026-03-05", toOn: "2026-03-06", eat: true, live: false, work: true });

    const writings = csv(["日期", "作者", "类型", "标题", "正文"], [["2026-04-01", "ganbu", "党性分析", "党性分析材料", "……"]], "utf8bom");
    const p2 = await upload("writings", writings, "材料.csv");
    await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: pendingId(p2.text)! });
    expect(await t.db.writing.findFirstOrThrow()).toMatchObject({ kind: "PARTY_ANALYSIS", title: "党性分析材料" });
  });

  it("a bad row: its error on the page, nothing written", async () => {
    const bad = csv(["开始日期", "结束日期", "干部", "住户", "方式"], [["2026-03-07", "2026-03-05", "ganbu", "赵大伯", "同住"]], "utf8bom");
    const res = await upload("stays", bad, "三进三同.csv");
    expect(res.status).toBe(422);
    expect(res.text).toContain("结束日期不能早于开始日期");
    expect(await t.db.stay.count()).toBe(0);
  });

  it("both templates download with the Chinese headers", async () => {
    const s = await admin.get("/admin/imports/templates/stays?format=csv").buffer(true);
    expect(s.status).toBe(200);
    expect(s.text).toContain("开始日期,结束日期,干部,住户,责任区,所属组织,方式,民情日记,发现问题");
    const w = await admin.get("/admin/imports/templates/writings?format=csv").buffer(true);
    expect(w.text).toContain("日期,作者,类型,标题,正文");
  });
});
