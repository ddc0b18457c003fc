import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { memberId, resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "县管干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  await t.member({ username: "ganbu2", name: "一般干部", role: "CADRE", cadreLevel: "GENERAL" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "ganbu2", "dangyuan"])).id;
});
afterEach(() => t.close());

async function pair(username: string, residentIds: number[], startedOn = "2026-03-01") {
  const cadreId = await memberId(t, username);
  for (const residentId of residentIds) await t.db.pairing.create({ data: { cadreId, residentId, startedOn } });
}

async function households(n: number, tags = "困难户") {
  const ids: number[] = [];
  for (let i = 1; i <= n; i++) ids.push((await resident(t, zoneId, `困难户${i}`, { tags })).id);
  return ids;
}

describe("the pairing quota by cadre level", () => {
  it("a 县管领导干部 with 3 households is shown short of the 4 required, on the dashboard, the pairings page and in the compliance report", async () => {
    await pair("ganbu", await households(3));
    const a = await t.loginAs("ganbu");
    const home = await a.get("/");
    expect(home.text).toMatch(/data-rule="PAIRINGS">[\s\S]*?data-count>3<\/span> \/ <span class="required">4</);
    expect(home.text).toMatch(/data-rule="PAIRINGS">[\s\S]*?未达标/);
    const mine = await a.get("/pairings");
    expect(mine.text).toMatch(/data-rule="PAIRINGS">[\s\S]*?data-count>3<\/span> \/ <span class="required">4</);
    expect(mine.text).toContain("还需结对 1 户");
    const report = await (await t.loginAs("shuji")).get("/reports/compliance?year=2026&asOf=2026-11-18&format=json");
    const me = report.body.members.find((m: { username: string }) => m.username === "ganbu");
    expect(me.pairings).toEqual({ count: 3, required: 4, status: "missed" });
  });

  it("a fourth household meets the quota; an ended pairing no longer counts", async () => {
    const ids = await households(4);
    await pair("ganbu", ids);
    const a = await t.loginAs("ganbu");
    expect((await a.get("/pairings")).text).toMatch(/data-rule="PAIRINGS">[\s\S]*?data-count>4</);
    const p = await t.db.pairing.findFirstOrThrow({ where: { residentId: ids[0] } });
    const res = await a.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: await a.csrf(), endedOn: "2026-11-18", endReason: "已脱贫" });
    expect(res.status).toBe(303);
    expect(await t.db.pairing.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({ endedOn: "2026-11-18", endReason: "已脱贫" });
    expect((await a.get("/pairings")).text).toMatch(/data-rule="PAIRINGS">[\s\S]*?data-count>3</);
    expect(await t.db.auditEntry.count({ where: { action: "pairing.end" } })).toBe(1);
  });
});

describe("starting and ending pairings", () => {
  it("a cadre pairs with a household of their zone; households in hardship are offered first", async () => {
    await resident(t, zoneId, "阿普通");
    const [hard] = await households(1);
    const a = await t.loginAs("ganbu");
    const form = await a.get("/pairings/new");
    expect(form.text.indexOf("困难户1")).toBeLessThan(form.text.indexOf("阿普通"));
    const res = await a.post("/pairings").type("form").send({ _csrf: await a.csrf(), residentId: String(hard), startedOn: "2026-11-01" });
    expect(res.status).toBe(303);
    expect(await t.db.pairing.findFirstOrThrow()).toMatchObject({ cadreId: await memberId(t, "ganbu"), residentId: hard, startedOn: "2026-11-01", endedOn: null });
    const again = await a.post("/pairings").type("form").send({ _csrf: await a.csrf(), residentId: String(hard), startedOn: "2026-11-10" });
    expect(again.status).toBe(422);
    expect(again.text).toContain("您已与该户结对");
  });

  it("a cadre cannot pair with a resident of another zone, and a member without cadre role cannot pair at all", async () => {
    const other = await zone(t, "第二责任区");
    const far = await resident(t, other.id, "远方群众");
    const a = await t.loginAs("ganbu");
    const res = await a.post("/pairings").type("form").send({ _csrf: await a.csrf(), residentId: String(far.id), startedOn: "2026-11-01" });
    expect(res.status).toBe(422);
    const d = await t.loginAs("dangyuan");
    expect((await d.get("/pairings")).status).toBe(403);
    const [mine] = await households(1);
    expect((await d.post("/pairings").type("form").send({ _csrf: await d.csrf(), residentId: String(mine), startedOn: "2026-11-01" })).status).toBe(403);
    expect(await t.db.pairing.count()).toBe(0);
  });

  it("ending needs a reason; another cadre cannot see or end the pairing (404), the secretary cannot end an active cadre's (403)", async () => {
    await pair("ganbu", await households(1));
    const p = await t.db.pairing.findFirstOrThrow();
    const a = await t.loginAs("ganbu");
    const noReason = await a.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: await a.csrf(), endedOn: "2026-11-18", endReason: "" });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain("请填写结束原因");
    const b = await t.loginAs("ganbu2");
    expect((await b.get(`/pairings/${p.id}`)).status).toBe(404);
    expect((await b.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: await b.csrf(), endedOn: "2026-11-18", endReason: "x" })).status).toBe(404);
    const s = await t.loginAs("shuji");
    expect((await s.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: await s.csrf(), endedOn: "2026-11-18", endReason: "x" })).status).toBe(403);
    expect((await t.db.pairing.findUniqueOrThrow({ where: { id: p.id } })).endedOn).toBeNull();
  });
});

describe("assistance records", () => {
  it("money is typed in yuan and stored in fen; funds need an amount", async () => {
    await pair("ganbu", await households(1));
    const p = await t.db.pairing.findFirstOrThrow();
    const a = await t.loginAs("ganbu");
    const csrf = await a.csrf();
    const missing = await a.post(`/pairings/${p.id}/assistance`).type("form").send({ _csrf: csrf, givenOn: "2026-11-10", kind: "FUNDS", amount: "", description: "慰问金" });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain("资金帮扶请填写金额");
    const bad = await a.post(`/pairings/${p.id}/assistance`).type("form").send({ _csrf: csrf, givenOn: "2026-11-10", kind: "FUNDS", amount: "12.345" });
    expect(bad.status).toBe(422);
    const ok = await a.post(`/pairings/${p.id}/assistance`).type("form").send({ _csrf: csrf, givenOn: "2026-11-10", kind: "FUNDS", amount: "1,200.50", description: "冬季慰问金" });
    expect(ok.status).toBe(303);
    expect(await t.db.assistanceRecord.findFirstOrThrow()).toMatchObject({ kind: "FUNDS", amountFen: 120_050, givenOn: "2026-11-10", createdById: await memberId(t, "ganbu") });
    expect((await a.get(`/pairings/${p.id}`)).text).toContain("1,200.50");
  });

  it("assistance before the pairing started, after today or in a closed year is refused", async () => {
    await pair("ganbu", await households(1), "2025-06-01");
    const p = await t.db.pairing.findFirstOrThrow();
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const a = await t.loginAs("ganbu");
    const send = async (givenOn: string) => (await a.post(`/pairings/${p.id}/assistance`).type("form").send({ _csrf: await a.csrf(), givenOn, kind: "MATERIALS", description: "米面油" })).status;
    expect(await send("2025-05-01")).toBe(422);
    expect(await send("2026-11-19")).toBe(422);
    expect(await send("2025-12-01")).toBe(422);
    expect(await t.db.assistanceRecord.count()).toBe(0);
  });
});

describe("the secretary's coverage view", () => {
  it("lists hardship households without a cadre, households with two, cadres under quota and pairings left by a deactivated cadre", async () => {
    const [h1, h2] = await households(3); // 困难户3 stays without a cadre
    await pair("ganbu", [h1]);
    await pair("ganbu2", [h1]);
    await t.member({ username: "tiaozou", name: "调走干部", role: "CADRE", cadreLevel: "MIDDLE" });
    await pair("tiaozou", [h2]);
    await t.db.member.update({ where: { username: "tiaozou" }, data: { active: false, deactivatedOn: "2026-10-31" } });
    const s = await t.loginAs("shuji");
    const page = await s.get("/pairings/coverage");
    expect(page.status).toBe(200);
    const section = (name: string) => page.text.split(`data-section="${name}"`)[1].split("</section>")[0];
    expect(section("unpaired")).toContain("困难户3");
    expect(section("unpaired")).not.toContain("困难户1");
    expect(section("multi")).toContain("县管干部、一般干部");
    expect(section("under")).toContain("县管干部");
    expect(section("under")).toContain("1 / 4");
    expect(section("under")).toContain("1 / 2"); // 一般干部 needs 2
    expect(section("orphaned")).toContain("困难户2 · 调走干部");
    expect((await (await t.loginAs("ganbu")).get("/pairings/coverage")).status).toBe(403);
  });

  it("the secretary may end a pairing whose cadre was deactivated", async () => {
    const [h] = await households(1);
    await t.member({ username: "tiaozou", name: "调走干部", role: "CADRE", cadreLevel: "MIDDLE" });
    await pair("tiaozou", [h]);
    await t.db.member.update({ where: { username: "tiaozou" }, data: { active: false } });
    const p = await t.db.pairing.findFirstOrThrow();
    const s = await t.loginAs("shuji");
    const res = await s.post(`/pairings/${p.id}/end`).type("form").send({ _csrf: await s.csrf(), endedOn: "2026-11-18", endReason: "干部调离" });
    expect(res.status).toBe(303);
    expect((await t.db.pairing.findUniqueOrThrow({ where: { id: p.id } })).endReason).toBe("干部调离");
  });
});
