import { afterEach, beforeEach, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { csv, excelDate, xlsx } from "../import/files.ts";
import { verifyPassword } from "../../src/auth/password.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" });
  await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const talkHeaders = ["日期", "谈心人", "谈心对象", "谈心类型", "内容"];

async function upload(a: Agent, kind: string, file: Buffer, name: string) {
  return a.post("/admin/imports").field("_csrf", await a.csrf("/admin/imports")).field("kind", kind).attach("file", file, name);
}
const pendingId = (html: string) => html.match(/name="id" value="([0-9a-f]{32})"/)?.[1];

describe("importing through the admin's page", () => {
  it("upload shows a preview; nothing is written until confirmed; confirm writes every row once; a second upload only reports duplicates", async () => {
    const file = csv(talkHeaders, [["2026-03-05", "ganbu", "群众甲", "生活困难", "了解困难"], ["2026/3/6", "ganbu", "群众乙", "", ""]], "utf8bom");
    const preview = await upload(admin, "talks", file, "谈心.csv");
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("将新增：<strong>2</strong>");
    expect(preview.text).toContain("群众甲");
    expect(await t.db.talk.count()).toBe(0);
    const id = pendingId(preview.text)!;
    const done = await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id });
    expect([done.status, done.headers.location]).toEqual([303, "/admin/imports"]);
    expect(await t.db.talk.count()).toBe(2);
    expect((await admin.get("/admin/imports")).text).toContain("谈心记录导入完成：新增 2 条");

    const again = await upload(admin, "talks", file, "谈心.csv");
    expect(again.text).toContain("重复（不再新增）：<strong>2</strong>");
    expect(again.text).toContain("没有需要新增的记录");
    expect(pendingId(again.text)).toBeUndefined();
    expect(await t.db.talk.count()).toBe(2);
  });

  it("a bad file lists every bad row with its column, value and reason, offers no confirm, and writes nothing", async () => {
    const file = await xlsx(talkHeaders, [
      [excelDate("2026-03-05"), "ganbu", "群众甲", "", ""],
      ["2026-02-30", "ganbu", "群众甲", "", ""],
      [excelDate("2026-03-07"), "nobody", "群众甲", "", ""],
      [excelDate("2026-03-08"), "ganbu", "", "闲聊", ""],
    ]);
    const res = await upload(admin, "talks", file, "bad.xlsx");
    expect(res.status).toBe(422);
    const rows = [...res.text.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ["3", "日期", "2026-02-30"],
      ["4", "谈心人", "nobody"],
      ["5", "谈心对象", ""],
      ["5", "谈心类型", "闲聊"],
    ]);
    expect(res.text).toContain("本次不会写入任何数据");
    expect(pendingId(res.text)).toBeUndefined();
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a members import shows each one-time password once after confirm and stores only hashes", async () => {
    const file = csv(["姓名", "登录名", "手机号", "责任区"], [["王示例", "wangsl", "１３９００００００01", "第一责任区"]], "gb18030");
    const preview = await upload(admin, "members", file, "名册.csv");
    expect(preview.status).toBe(200);
    expect(preview.text).toContain("GB18030");
    const done = await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: pendingId(preview.text) });
    expect(done.status).toBe(200);
    const password = done.text.match(/<code class="otp">([^<]+)<\/code>/)![1];
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "wangsl" } });
    expect(m).toMatchObject({ phone: "13900000001", mustChangePassword: true });
    expect(await verifyPassword(m.passwordHash, password)).toBe(true);
    const sessions = await t.db.session.findMany();
    expect(sessions.some((s) => s.data.includes(password))).toBe(false);
    expect((await admin.get("/admin/imports")).text).not.toContain(password);
  });

  it("a confirm without the pending id of this session, or a second confirm, writes nothing", async () => {
    const preview = await upload(admin, "talks", csv(talkHeaders, [["2026-03-05", "ganbu", "群众甲", "", ""]]), "t.csv");
    const id = pendingId(preview.text)!;
    const wrong = await admin.post("/admin/imports/confirm").type("form").send({ _csrf: await admin.csrf(), id: "0".repeat(32) });
    expect(wrong.status).toBe(303);
    expect(await t.db.talk.count()).toBe(0);
    const other = await t.loginAs("guanli");
    await other.post("/admin/imports/confirm").type("form").send({ _csrf: await other.csrf(), id });
    expect(await t.db.talk.count()).toBe(0); // another session cannot confirm this upload
    const csrf = await admin.csrf();
    await admin.post("/admin/imports/confirm").type("form").send({ _csrf: csrf, id });
    await admin.post("/admin/imports/confirm").type("form").send({ _csrf: csrf, id });
    expect(await t.db.talk.count()).toBe(1);
  });

  it("a member, cadre or secretary cannot upload: 403 and nothing written", async () => {
    await t.member({ username: "shuji", name: "书记甲", role: "SECRETARY" });
    const a = await t.loginAs("shuji");
    const res = await a.post("/admin/imports").field("_csrf", await a.csrf()).field("kind", "talks").attach("file", csv(talkHeaders, [["2026-03-05", "ganbu", "某", "", ""]]), "t.csv");
    expect(res.status).toBe(403);
    expect(await t.db.talk.count()).toBe(0);
  });

  it("each kind's templates download, and a template's headers import as a file with no rows to add", async () => {
    for (const kind of ["zones", "units", "members", "residents", "talks", "visits", "meetings"]) {
      const c = await admin.get(`/admin/imports/templates/${kind}?format=csv`).buffer(true);
      expect(c.status).toBe(200);
      expect(c.headers["content-disposition"]).toContain("attachment");
      const x = await admin.get(`/admin/imports/templates/${kind}?format=xlsx`).buffer(true).parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => cb(null, Buffer.concat(chunks)));
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.body as never);
      expect(wb.worksheets.map((w) => w.name)[1]).toBe("填写说明");
      const res = await upload(admin, kind, x.body as Buffer, `${kind}.xlsx`);
      expect([kind, res.status]).toEqual([kind, 422]);
      expect(res.text).toContain("文件中只有表头");
      expect(res.text).not.toContain("缺少必填列");
    }
  });
});
