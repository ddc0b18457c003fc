/**
 * The cadre's journey in a real Chromium: ganbu logs in, logs a talk and a line visit, and the
 * dashboard's counts go up by one each.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const g = await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: g.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  await t.db.resident.create({ data: { zoneId: zone.id, name: "李大娘" } });
  const line = await t.db.line.create({ data: { name: "12路" } });
  await t.db.lineAssignment.create({ data: { memberId: g.id, lineId: line.id, fromOn: "2026-01-01" } });
  await t.db.talk.create({ data: { talkerId: g.id, occurredOn: "2026-11-03", counterpartKind: "RESIDENT", counterpartName: "张师傅" } });
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

async function count(page: Page, rule: string): Promise<number> {
  return Number(await page.locator(`[data-rule="${rule}"] [data-count]`).innerText());
}

// A journey of several pages: time for a loaded machine, and a stuck step still names its selector (30 s).
describe("a cadre in the browser", { timeout: 60_000 }, () => {
  it("logs in, logs a talk and a line visit, and sees the dashboard counts go up by one each", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.url()).toContain("/login");
    await page.fill("#f-username", "ganbu");
    await page.fill("#f-password", PASSWORD);
    await page.click("main button[type=submit]");
    await page.waitForSelector('[data-rule="MONTH_TALKS"]');

    const talksBefore = await count(page, "MONTH_TALKS");
    const yearBefore = await count(page, "YEAR_TALKS");
    const visitsBefore = await count(page, "WEEK_VISITS");
    expect(talksBefore).toBe(1);

    await page.click("text=＋ 记录谈心");
    await page.waitForSelector("#f-counterpartName");
    await page.fill("#f-counterpartName", "李大娘");
    await page.selectOption("#f-reason", "HARDSHIP");
    await page.fill("#f-content", "了解老人冬季取暖困难，联系社区送去棉被。");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("谈心记录已保存");
    expect(await count(page, "MONTH_TALKS")).toBe(talksBefore + 1);
    expect(await count(page, "YEAR_TALKS")).toBe(yearBefore + 1);

    await page.click("text=＋ 记录走访");
    await page.waitForSelector("#f-target");
    expect(await page.inputValue("#f-target")).toMatch(/^line:/);
    await page.fill("#f-visitedTime", "08:15");
    await page.fill("#f-purpose", "早高峰跟车");
    await page.fill("#f-problemsFound", "3 号站台雨棚漏水");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await count(page, "WEEK_VISITS")).toBe(visitsBefore + 1);

    const talk = await t.db.talk.findFirstOrThrow({ where: { counterpartName: "李大娘" } });
    expect(talk.counterpartResidentId).not.toBeNull();
    await page.close();
  });

  it("sees a bad date explained on the same form with the typed content kept", async () => {
    const page = await browser.newPage();
    await logInAs(page, server.url, "ganbu", PASSWORD);
    await page.goto(`${server.url}/talks/new`);
    await page.fill("#f-occurredOn", "2026-12-01");
    await page.fill("#f-counterpartName", "赵师傅");
    await page.fill("#f-content", "这段内容不应丢失");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".error");
    expect(await page.locator("#f-occurredOn-err").innerText()).toContain("不能晚于今天");
    expect(await page.inputValue("#f-content")).toBe("这段内容不应丢失");
    await page.close();
  });
});
