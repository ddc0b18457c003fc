/**
 * Issue 15's minor items that a route shows: no doubled characters in messages, the 退回原因
 * notice first on the dashboard, 诉求内容 marked required, a talk counterpart's 50-character limit
 * on the server, natural order of lines and zones (3路 before 12路, 第三 before 第十二), compressed
 * responses, and Chart.js only on pages that draw a chart.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { zone } from "../support/zones.ts";
import { chineseNumeral, naturalCompare } from "../../src/domain/natural-order.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "dangyuan"])).id;
});
afterEach(() => t.close());

describe("messages", () => {
  it.each([["RESOLVED", "诉求已办结"], ["ESCALATED", "诉求已上报"]])("closing a request as %s says %s, not 已已", async (status, message) => {
    const a = await t.loginAs("ganbu");
    await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "WALK_IN", residentName: "刘大爷", raisedOn: "2026-11-10", content: "小区路灯坏了" });
    const q = await t.db.request.findFirstOrThrow();
    const res = await a.post(`/requests/${q.id}/handle`).type("form").send({
      _csrf: await a.csrf(), status, handling: "已联系", escalatedTo: "街道办", feedbackOn: "2026-11-17", feedbackHow: "PHONE", feedbackContent: "电话告知",
    });
    expect(res.status).toBe(303);
    const page = await a.get(res.headers.location);
    expect(page.text).toContain(message);
    expect(page.text).not.toContain("已已");
  });

  it("the overview's status filter reads 任一项有风险, never 有有风险", async () => {
    const page = await (await t.loginAs("shuji")).get("/review");
    expect(page.text).toContain("任一项有风险");
    expect(page.text).not.toContain("有有风险");
  });

  it("a returned year's notice comes first on the member's dashboard", async () => {
    const dy = (await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" } })).id;
    const sj = (await t.db.member.findUniqueOrThrow({ where: { username: "shuji" } })).id;
    await t.db.yearReview.create({ data: { memberId: dy, year: 2025, state: "RETURNED", comment: "三月谈心记录过于简单", reviewerId: sj, reviewedAt: new Date() } });
    const page = await (await t.loginAs("dangyuan")).get("/");
    const notice = page.text.indexOf('data-returned-notice="2025"');
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(page.text.indexOf('id="standing-h"'));
    expect(page.text.slice(notice, notice + 400)).toContain("三月谈心记录过于简单");
  });
});

describe("forms", () => {
  it("/requests/new marks 诉求内容 required", async () => {
    const page = await (await t.loginAs("ganbu")).get("/requests/new");
    expect(page.text).toMatch(/<label for="f-content">诉求内容<span class="req"/);
  });

  it("a talk counterpart of 80 characters is refused by the server (422), nothing written", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "长".repeat(80), reason: "HARDSHIP", content: "x" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("谈心对象不能超过 50 个字");
    expect(await t.db.talk.count()).toBe(0);
  });
});

describe("natural order", () => {
  it("reads Chinese numerals and compares numbers as numbers", () => {
    expect(["十二", "一百零五", "二〇二六", "三", "十"].map(chineseNumeral)).toEqual([12, 105, 2026, 3, 10]);
    expect(["12路", "1路", "3路"].sort(naturalCompare)).toEqual(["1路", "3路", "12路"]);
    expect(["第一责任区", "第七责任区", "第三责任区", "第十二责任区", "第二责任区"].sort(naturalCompare)).toEqual(["第一责任区", "第二责任区", "第三责任区", "第七责任区", "第十二责任区"]);
  });

  it("lines and zones are listed in natural order on the admin's pages and the visit form", async () => {
    for (const name of ["12路", "1路", "3路"]) await t.db.line.create({ data: { name } });
    for (const name of ["第十二责任区", "第三责任区"]) await t.db.zone.create({ data: { branchId: t.branchId, name, establishedOn: "2020-01-01" } });
    const admin = await t.loginAs("guanli");
    const order = (text: string, names: string[]) => names.map((n) => text.indexOf(n));
    const units = (await admin.get("/admin/units")).text;
    const [one, three, twelve] = order(units, [">1路<", ">3路<", ">12路<"]);
    expect([one, three, twelve].every((i) => i > 0)).toBe(true);
    expect(one).toBeLessThan(three);
    expect(three).toBeLessThan(twelve);
    const zones = (await admin.get("/admin/zones")).text;
    const [z1, z3, z12] = order(zones, ["第一责任区", "第三责任区", "第十二责任区"]);
    expect(z1).toBeLessThan(z3);
    expect(z3).toBeLessThan(z12);
    const form = (await admin.get("/admin/accounts/new")).text;
    expect(form.indexOf(">3路<")).toBeLessThan(form.indexOf(">12路<"));
  });
});

describe("transfer", () => {
  it("compresses pages for a browser that accepts gzip", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.get("/").set("Accept-Encoding", "gzip");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    const css = await a.get("/css/app.css").set("Accept-Encoding", "gzip");
    expect(css.headers["content-encoding"]).toBe("gzip");
  });

  it("loads Chart.js on a year page that draws a chart, and not on one that draws none", async () => {
    const s = await t.loginAs("shuji");
    const ids = Object.fromEntries((await t.db.member.findMany()).map((m) => [m.username, m.id]));
    expect((await s.get(`/years/2026/members/${ids.ganbu}`)).text).toContain("/vendor/chart.umd.min.js"); // a cadre: monthly talks drawn
    const member = (await s.get(`/years/2026/members/${ids.dangyuan}`)).text; // a member: no monthly or weekly rule, no chart
    expect(member).not.toContain("<canvas");
    expect(member).not.toContain("/vendor/chart.umd.min.js");
    void zoneId;
  });
});
