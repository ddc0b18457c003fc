/**
 * Work with the masses in a real Chromium: ganbu records a 院坝会 with two requests raised, then
 * closes one of them with the feedback given back; the zone page and the dashboard reflect both
 * (this month's courtyard meetings, the open requests).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let zoneId: number;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const g = await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  const d = await t.member({ username: "dangyuan", name: "李党员" });
  zoneId = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  for (const m of [g, d]) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId, fromOn: "2020-01-01" } });
  await t.db.resident.create({ data: { zoneId, name: "赵大爷", tags: "孤寡老人" } });
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

const count = async (page: Page, selector: string) => Number(await page.locator(`${selector} [data-count]`).first().innerText());

describe("a cadre's courtyard meeting in the browser", () => {
  it("records a courtyard meeting with two requests, closes one with feedback, and the zone page and dashboard show it", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } }); // a phone
    await logInAs(page, server.url, "ganbu", PASSWORD);
    await page.waitForSelector("[data-liaison]");
    expect(await count(page, '[data-liaison] [data-rule="MONTH_COURTYARD"]')).toBe(0);
    expect(await count(page, "[data-liaison] [data-open-requests]")).toBe(0);

    await page.click("text=＋ 记录会议");
    await page.waitForSelector("[data-meeting-form]");
    expect(await page.inputValue("#f-kind")).toBe("COURTYARD");
    expect(await page.locator('input[name="attendeeIds"]:checked').count()).toBe(1); // only the organizer, pre-ticked
    await page.check('label.check:has-text("李党员") input');
    expect(await page.locator("[data-attendee-count] strong").innerText()).toBe("2");
    await page.fill("#f-place", "三组院坝");
    await page.fill("#f-residentCount", "18");
    await page.fill("#f-topics", "冬季用电安全");
    await page.fill("#f-minutes", "通报近期工作，听取群众意见。");
    const names = page.locator('input[name="requestName"]');
    const contents = page.locator('input[name="requestContent"]');
    await names.nth(0).fill("赵大爷");
    await contents.nth(0).fill("门前排水沟堵塞");
    await names.nth(1).fill("钱大妈");
    await contents.nth(1).fill("申请低保复核");
    await page.click("main form[data-meeting-form] button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("登记诉求 2 条");

    // Close the first request with the feedback given back to the resident.
    await page.click("text=赵大爷：门前排水沟堵塞");
    await page.waitForSelector("#f-status");
    await page.selectOption("#f-status", "RESOLVED");
    await page.fill("#f-handling", "联系村委会清理排水沟");
    await page.click("main form button[type=submit]");
    await page.waitForSelector(".error"); // no feedback yet: refused, explained
    expect(await page.locator("#f-feedbackOn-err").innerText()).toContain("反馈日期");
    expect(await page.inputValue("#f-handling")).toBe("联系村委会清理排水沟");
    await page.fill("#f-feedbackOn", "2026-11-18");
    await page.selectOption("#f-feedbackHow", "IN_PERSON");
    await page.fill("#f-feedbackContent", "已当面告知赵大爷排水沟已清理");
    await page.click("main form button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await page.locator("h1 .badge").first().innerText()).toBe("已办结");

    await page.goto(`${server.url}/zones/${zoneId}`);
    expect(await count(page, '[data-rule="MONTH_COURTYARD"]')).toBe(1);
    expect(await count(page, "[data-open-requests]")).toBe(1);
    expect(await page.locator("[data-open-requests]").innerText()).toContain("申请低保复核");
    expect(await page.locator("[data-open-requests]").innerText()).not.toContain("门前排水沟堵塞");

    await page.goto(`${server.url}/`);
    expect(await count(page, '[data-liaison] [data-rule="MONTH_COURTYARD"]')).toBe(1);
    expect(await count(page, "[data-liaison] [data-open-requests]")).toBe(1);
    expect(await page.locator("[data-my-requests]").innerText()).toContain("申请低保复核");

    const requests = await t.db.request.findMany({ orderBy: { id: "asc" } });
    expect(requests.map((q) => [q.residentName, q.status, q.source])).toEqual([
      ["赵大爷", "RESOLVED", "MEETING"],
      ["钱大妈", "ACCEPTED", "MEETING"],
    ]);
    expect(requests[0].residentId).not.toBeNull();
    await page.close();
  });
});
