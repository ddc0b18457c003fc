/**
 * Date gaps (QA finding 14): a 入党日期 after today is refused when an account is created or
 * edited; 我的记录 says so when the typed period runs backwards or a date is not a date, instead
 * of silently showing nothing or ignoring it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
  const me = await t.member({ username: "ganbu", role: "CADRE" });
  await t.db.talk.create({ data: { talkerId: me.id, occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "本周的谈心" } });
});
afterEach(() => t.close());

describe("入党日期 in the future", () => {
  it("is refused when creating an account, with the message under the field, and no account is made", async () => {
    const a = await t.loginAs("guanli");
    const res = await a.post("/admin/accounts").type("form").send({ _csrf: await a.csrf(), username: "xinren", name: "新人", role: "MEMBER", registeredOn: "2026-11-01", joinedPartyOn: "2027-05-01" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-joinedPartyOn-err">入党日期不能晚于今天</);
    expect(await t.db.member.count({ where: { username: "xinren" } })).toBe(0);
  });

  it("is refused when editing an account; today is accepted", async () => {
    const a = await t.loginAs("guanli");
    const ganbu = await t.db.member.findUniqueOrThrow({ where: { username: "ganbu" } });
    const send = async (joinedPartyOn: string) =>
      a.post(`/admin/accounts/${ganbu.id}`).type("form").send({ _csrf: await a.csrf(), name: ganbu.name, phone: "", registeredOn: ganbu.registeredOn, joinedPartyOn });
    const res = await send("2026-11-19");
    expect(res.status).toBe(422);
    expect(res.text).toContain("入党日期不能晚于今天");
    expect((await send("2026-11-18")).status).toBe(303);
    expect((await t.db.member.findUniqueOrThrow({ where: { id: ganbu.id } })).joinedPartyOn).toBe("2026-11-18");
  });
});

describe("我的记录 with a period that cannot be", () => {
  it("a start after the end says 起始日期晚于结束日期", async () => {
    const a = await t.loginAs("ganbu");
    const page = (await a.get("/records?from=2026-12-01&to=2026-01-01")).text;
    expect(page).toContain("起始日期 2026-12-01 晚于结束日期 2026-01-01，请检查时段");
  });

  it("a date that is not a date is named as ignored, and the list shows all records", async () => {
    const a = await t.loginAs("ganbu");
    const page = (await a.get("/records?from=2026-02-30&to=abc")).text;
    expect(page).toContain("起始日期和结束日期不是有效日期（格式如 2026-03-05），已忽略");
    expect(page).toContain("本周的谈心");
  });

  it("a sound period shows no notice", async () => {
    const a = await t.loginAs("ganbu");
    const page = (await a.get("/records?from=2026-11-01&to=2026-11-30")).text;
    expect(page).not.toContain("data-range-notice");
    expect(page).toContain("本周的谈心");
  });
});
