/**
 * Logging out and in again on a phone while the service worker is still keeping copies of pages
 * in the background (src/pwa/sw-template.js, warmPages). Its requests are held back here (1.5 s,
 * as a slow network or a busy server does): one sent before the logout, with the old cookie, used
 * to be answered with a new session whose cookie replaced the login page's; the login form's
 * token then belonged to no session and the login was refused (无权访问 · 表单已过期). CI saw it
 * as a dashboard that never came (offline-outbox, PostgreSQL). src/http/locals.ts and
 * src/auth/guards.ts: such requests write no session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, controlledByWorker, heldBack, launchChromium, serve } from "../support/browser.ts";
import { buildServiceWorker } from "../../src/pwa/build.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let held = 0;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(process.env.LEDGER_TEST_DIR ?? ".tmp", "pwa-"));
  await buildServiceWorker(dir);
  t = await testApp({ now: "2026-11-18T10:00:00+08:00", env: { PWA_DIR: dir } });
  await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  server = await serve(
    heldBack(t.app, (req) => {
      if (!req.get("X-Ledger-Background")) return 0;
      held += 1;
      return 1500;
    }),
  );
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

async function logIn(page: Page) {
  await page.goto(`${server.url}/login`);
  await page.fill("#f-username", "ganbu");
  await page.fill("#f-password", PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForSelector("main h1");
  return page.locator("main h1").innerText();
}

describe("logging out while pages are kept in the background", { timeout: 60_000 }, () => {
  it("lets the same phone log in again at once", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    expect(await logIn(page)).toContain("我的工作台");
    await controlledByWorker(page);
    await page.goto(`${server.url}/`); // the worker, now in control, starts keeping the capture pages
    await expect.poll(() => held).toBeGreaterThan(0);
    await page.click("text=退出");
    await page.waitForURL(/\/login$/);
    await page.waitForTimeout(1_000); // the request held at the logout is answered meanwhile
    expect(await logIn(page)).toContain("我的工作台");
    await context.close();
  });
});
