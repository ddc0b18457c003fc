/**
 * Messages that say what is wrong (QA finding 13): an empty field asks to fill it instead of
 * describing a format; an empty upload says the file is empty; a login name repeated in a members
 * file with another case is reported under 登录名.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  const g = await t.member({ username: "ganbu", role: "CADRE", cadreLevel: "MIDDLE" });
  const line = await t.db.line.create({ data: { name: "12路" } });
  await t.db.lineAssignment.create({ data: { memberId: g.id, lineId: line.id, fromOn: "2026-01-01" } });
});
afterEach(() => t.close());

async function upload(a: Agent, kind: string, file: Buffer, name: string) {
  return a.post("/admin/imports").field("_csrf", await a.csrf("/admin/imports")).field("kind", kind).attach("file", file, name);
}

describe("messages that name the real problem", () => {
  it("a visit with an empty time asks to fill in the time; a malformed time still shows the format", async () => {
    const a = await t.loginAs("ganbu");
    const line = await t.db.line.findFirstOrThrow();
    const visit = { visitedOn: "2026-11-18", target: `line:${line.id}`, purpose: "了解早班运营" };
    const empty = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit, visitedTime: "" });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain("请填写走访时间");
    expect(empty.text).not.toContain("格式应为 14:30");
    const bad = await a.post("/visits").type("form").send({ _csrf: await a.csrf(), ...visit, visitedTime: "25:99" });
    expect(bad.text).toContain("走访时间格式应为 14:30");
    expect(await t.db.lineVisit.count()).toBe(0);
  });

  it("a new account with an empty 登录名 asks to fill it in", async () => {
    const a = await t.loginAs("guanli");
    const res = await a.post("/admin/accounts").type("form").send({ _csrf: await a.csrf(), username: "  ", name: "新人", role: "MEMBER", registeredOn: "2026-11-01" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-username-err">请填写登录名</);
  });

  it("an empty file (0 bytes) is reported as empty, not as no file chosen", async () => {
    const a = await t.loginAs("guanli");
    const res = await upload(a, "talks", Buffer.alloc(0), "谈心.csv");
    expect(res.status).toBe(422);
    expect(res.text).toContain("所选文件「谈心.csv」是空的");
    expect(res.text).not.toContain("请选择要上传的");
  });

  it("a members file with one login name in two cases reports the repeat under 登录名, not 姓名", async () => {
    const a = await t.loginAs("guanli");
    const file = csv(["姓名", "登录名"], [["导入甲", "imp_a"], ["导入乙", "IMP_A"]]);
    const res = await upload(a, "members", file, "名册.csv");
    expect(res.status).toBe(422);
    const rows = [...res.text.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2], m[4]]);
    expect(rows).toEqual([["3", "登录名", "与第 2 行重复"]]);
    expect(await t.db.member.count({ where: { username: "imp_a" } })).toBe(0);
  });
});
