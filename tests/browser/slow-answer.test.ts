/**
 * A slow server on a phone the service worker controls (src/pwa/sw-template.js). The dashboard is
 * one of the pages kept for use with no network: opened normally, a copy is shown when the server
 * has not answered in 6 s. Right after a save it waits for the server instead, however slow: the
 * kept copy has no "谈心记录已保存" and the old counts, and the cadre would think the talk lost
 * (it showed 0 / 10 after a talk was saved). The server is held back here by a wrapper.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import type { Browser } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, controlledByWorker, heldBack, launchChromium, serve } from "../support/browser.ts";
import { buildServiceWorker } from "../../src/pwa/build.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let dashboardDelay = 0; // ms before the server sees a page request for the dashboard

beforeAll(async () => {
  const dir = mkdtempSync(path.join(process.env.LEDGER_TEST_DIR ?? ".tmp", "pwa-"));
  await buildServiceWorker(dir);
  t = await testApp({ now: "2026-11-18T10:00:00+08:00", env: { PWA_DIR: dir } });
  const g = await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: g.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  server = await serve(heldBack(t.app, (req) => (req.method === "GET" && req.path === "/" && !req.get("X-Ledger-Background") ? dashboardDelay : 0)));
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

const yearTalks = '[data-rule="YEAR_TALKS"] [data-count]';

describe("a slow server", { timeout: 90_000 }, () => {
  it("shows the saved talk's result after a save, and the kept dashboard only when opened normally", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.fill("#f-username", "ganbu");
    await page.fill("#f-password", PASSWORD);
    await page.click("main button[type=submit]");
    await page.waitForSelector("h1.page-title");
    await controlledByWorker(page);
    await page.goto(`${server.url}/`); // kept by the worker, as it is now in control
    expect(await page.locator(yearTalks).innerText()).toBe("0");

    await page.goto(`${server.url}/talks/new`);
    await page.fill("#f-counterpartName", "李大娘");
    await page.selectOption("#f-reason", "HARDSHIP");
    await page.fill("#f-content", "了解老人冬季取暖困难。");
    dashboardDelay = 8_000;
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success", { timeout: 30_000 });
    expect(await page.locator(".flash-success").innerText()).toContain("谈心记录已保存");
    expect(await page.locator(yearTalks).innerText()).toBe("1");
    expect(await page.locator("html").getAttribute("data-offline-copy")).toBeNull();

    // Opened normally on the same slow server: the kept copy after 6 s, marked as such.
    await page.goto(`${server.url}/talks/new`);
    await page.goto(`${server.url}/`, { timeout: 30_000 });
    expect(await page.locator("html").getAttribute("data-offline-copy")).not.toBeNull();
    dashboardDelay = 0;
    await context.close();
  });
});
