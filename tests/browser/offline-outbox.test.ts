/**
 * Offline capture in a real Chromium on a phone viewport (issue 14): the service worker (built by
 * src/pwa/build.ts, as at `npm start`) keeps the talk form; a talk saved with no network waits in
 * the outbox (IndexedDB), survives a reload, and is saved exactly once when the network is back;
 * a talk dated in a closed year is refused with the server's message and stays to be corrected.
 * Offline for real (ENVIRONMENT.md): the context goes offline AND the server stops (the service
 * worker's own fetches ignore setOffline); it starts again on the same port and database.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, controlledByWorker, launchChromium, serve } from "../support/browser.ts";
import { buildServiceWorker } from "../../src/pwa/build.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let ganbuId: number;
let dangyuanId: number;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(process.env.LEDGER_TEST_DIR ?? ".tmp", "pwa-"));
  await buildServiceWorker(dir);
  t = await testApp({ now: "2026-11-18T10:00:00+08:00", env: { PWA_DIR: dir } });
  const g = await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  ganbuId = g.id;
  dangyuanId = (await t.member({ username: "dangyuan", name: "李党员", role: "MEMBER" })).id;
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: g.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  await t.db.resident.create({ data: { zoneId: zone.id, name: "李大娘" } });
  await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date("2026-01-20T02:00:00Z"), closedById: g.id } });
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

/** Network gone for the page and for its service worker. */
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await server.close();
}

async function comeBack(context: BrowserContext) {
  server = await serve(t.app, server.port);
  await context.setOffline(false);
}

async function logIn(page: Page, username: string) {
  await page.goto(`${server.url}/login`);
  await page.fill("#f-username", username);
  await page.fill("#f-password", PASSWORD);
  await page.click("main button[type=submit]");
  await page.waitForSelector("h1.page-title");
  // The service worker controls the page before the forms are opened (they are cached as they load).
  await controlledByWorker(page);
}

/** Opens the talk form online (the service worker keeps it), then loses the network and reloads it. */
async function talkFormOffline(page: Page, context: BrowserContext) {
  await page.goto(`${server.url}/talks/new`);
  await page.waitForSelector("#f-counterpartName");
  await goOffline(context);
  await page.reload();
  await page.waitForSelector("#f-counterpartName");
}

async function fillTalk(page: Page, date: string, content: string) {
  await page.fill("#f-occurredOn", date);
  await page.fill("#f-counterpartName", "李大娘");
  await page.selectOption("#f-reason", "HARDSHIP");
  await page.fill("#f-content", content);
  await page.click("main button[type=submit]");
  await page.waitForURL(/\/outbox$/);
}

const entries = (page: Page) => page.locator("[data-outbox-entry]");

/** public/js/outbox-store.js, as the page has it. */
type OutboxWindow = { LedgerOutbox: { currentUser(): Promise<number | null>; setCurrentUser(id: number | null): Promise<number | null> } };

/** Waits until the page has stored its user as the phone's current user (outbox.js, on load). */
async function storedUserIs(page: Page, id: number | null) {
  await expect.poll(() => page.evaluate(() => (window as unknown as OutboxWindow).LedgerOutbox.currentUser())).toBe(id);
}

/** Stores another current user: what the phone keeps when a page is left before its own write commits. */
async function setStoredUser(page: Page, id: number | null) {
  await page.evaluate((v) => (window as unknown as OutboxWindow).LedgerOutbox.setCurrentUser(v), id);
}

/**
 * Waits until /outbox, drawn from IndexedDB, lists nothing left to send. Not a count of entries:
 * a page just loaded lists none until its first read of IndexedDB, so a count of 0 proves nothing
 * (CI once read the database before the entry had been sent).
 */
async function outboxEmptied(page: Page, timeout = 20_000) {
  await expect.poll(() => page.locator("[data-outbox-state]").innerText(), { timeout }).toContain("没有待同步的记录");
  expect(await entries(page).count()).toBe(0);
}

// Each journey logs in and stops and starts the server: generous time under a loaded machine.
describe("offline capture on a phone", { timeout: 90_000 }, () => {
  it("keeps a talk saved with no network, across a reload, and saves it once when the network is back", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await talkFormOffline(page, context);
    expect(await page.locator("html").getAttribute("data-offline-copy")).not.toBeNull();

    await fillTalk(page, "2026-11-17", "离线记录：村里没有信号，了解老人取暖困难。");
    await expect.poll(() => entries(page).count()).toBe(1);
    expect(await entries(page).first().innerText()).toContain("等待联网后自动发送");
    await expect.poll(() => page.locator("[data-outbox-badge]").innerText()).toContain("待同步 1 条");
    expect(await t.db.talk.count({ where: { content: { contains: "离线记录" } } })).toBe(0);

    // A reload with no network keeps the outbox.
    await page.reload();
    await expect.poll(() => entries(page).count()).toBe(1);
    expect(await entries(page).first().innerText()).toContain("李大娘");

    await comeBack(context);
    await outboxEmptied(page);
    await page.waitForSelector("[data-outbox-badge]", { state: "hidden" });
    const saved = await t.db.talk.findMany({ where: { content: { contains: "离线记录" } } });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({ talkerId: ganbuId, occurredOn: "2026-11-17", reason: "HARDSHIP" });
    expect(saved[0].counterpartResidentId).not.toBeNull();
    await expect.poll(() => page.locator("[data-outbox-log]").innerText()).toContain("已保存");

    // The page loads again online: nothing is sent a second time.
    await page.goto(`${server.url}/`);
    await page.waitForSelector("h1.page-title");
    expect(await t.db.talk.count({ where: { content: { contains: "离线记录" } } })).toBe(1);
    await context.close();
  });

  it("keeps a date typed on the offline copy before the phone's storage answers, and starts an untouched one at today", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await talkFormOffline(page, context);
    // The offline copy's date starts at the phone's today (Asia/Shanghai), not the day it was kept.
    const today = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const before = today();
    await expect.poll(() => page.inputValue("#f-occurredOn")).toBeOneOf([before, today()]); // midnight may pass

    // A cheap phone's IndexedDB answers late: the user has typed the date by then.
    await context.addInitScript(() => {
      let real: { setCurrentUser(id: number | null): Promise<unknown> } | undefined;
      Object.defineProperty(window, "LedgerOutbox", {
        configurable: true,
        get: () => real,
        set(v) {
          const store = v.setCurrentUser;
          v.setCurrentUser = (id: number | null) => new Promise((r) => setTimeout(r, 2500)).then(() => store(id));
          real = v;
        },
      });
    });
    await page.reload();
    await page.waitForSelector("#f-counterpartName");
    await page.fill("#f-occurredOn", "2026-11-16");
    await page.evaluate(() => (window as unknown as { LedgerOutbox: { pageUser: Promise<unknown> } }).LedgerOutbox.pageUser);
    expect(await page.inputValue("#f-occurredOn")).toBe("2026-11-16");
    await comeBack(context);
    await context.close();
  });

  it("shows a refused entry (a date in a closed year) with the server's message and keeps it to correct", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await talkFormOffline(page, context);
    await fillTalk(page, "2025-06-10", "补记去年的谈心：年度已关闭。");
    await expect.poll(() => entries(page).count()).toBe(1);

    await comeBack(context);
    await expect.poll(() => page.locator(".is-refused").count(), { timeout: 20_000 }).toBe(1);
    const text = await entries(page).first().innerText();
    expect(text).toContain("被退回");
    expect(text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    await expect.poll(() => page.locator("[data-outbox-badge]").innerText()).toContain("待同步 1 条");
    expect(await t.db.talk.count({ where: { content: { contains: "年度已关闭" } } })).toBe(0);

    // Logging out with an entry waiting asks first; saying no stays logged in.
    await page.goto(`${server.url}/`);
    let asked = "";
    page.once("dialog", (d) => {
      asked = d.message();
      void d.dismiss();
    });
    await page.click("text=退出");
    await expect.poll(() => asked).toContain("1 条记录待同步");
    expect(new URL(page.url()).pathname).toBe("/");

    // Still there; 修改 reopens the form with the values kept, and a corrected date is saved once.
    await page.goto(`${server.url}/outbox`);
    await expect.poll(() => entries(page).count()).toBe(1);
    await page.click("[data-outbox-entry] [data-outbox-edit]");
    await page.waitForSelector("[data-outbox-note]");
    expect(await page.inputValue("#f-occurredOn")).toBe("2025-06-10");
    expect(await page.inputValue("#f-content")).toBe("补记去年的谈心：年度已关闭。");
    await page.fill("#f-occurredOn", "2026-11-16");
    await page.click("main button[type=submit]");
    await page.waitForURL(/\/outbox$/);
    await outboxEmptied(page);
    const saved = await t.db.talk.findMany({ where: { content: { contains: "年度已关闭" } } });
    expect(saved.map((s) => s.occurredOn)).toEqual(["2026-11-16"]);
    await context.close();
  });

  it("keeps the entry through an expired session, never shows or sends it to another user, and sends it after its owner logs in again", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await talkFormOffline(page, context);
    await fillTalk(page, "2026-11-17", "换人测试：本人的待同步记录。");
    await t.db.session.deleteMany(); // the session expires while the phone is offline
    await comeBack(context);
    await expect.poll(() => page.locator(".is-expired").count(), { timeout: 20_000 }).toBe(1);
    expect(await entries(page).first().innerText()).toContain("登录已过期");

    // Someone else logs in on the same phone: nothing of ganbu's is shown or sent, also when the
    // dashboard was left before its write of the phone's user was committed (the write made lost here).
    await logIn(page, "dangyuan");
    await page.waitForSelector("[data-outbox-badge]", { state: "hidden" });
    await storedUserIs(page, dangyuanId);
    await setStoredUser(page, ganbuId);
    await page.goto(`${server.url}/outbox`);
    await expect.poll(() => page.locator("[data-outbox-state]").innerText()).toContain("没有待同步的记录");
    expect(await entries(page).count()).toBe(0);
    expect(await t.db.talk.count({ where: { content: { contains: "换人测试" } } })).toBe(0);
    await page.goto(`${server.url}/`);
    await page.click("text=退出"); // nothing waiting for dangyuan: no question asked
    await page.waitForURL(/\/login$/);

    // Its owner logs in again: the entry is sent, once, as ganbu, also when the write of the
    // phone's user was lost (the phone still says nobody, as after the logout).
    await logIn(page, "ganbu");
    await storedUserIs(page, ganbuId);
    await setStoredUser(page, null);
    await page.goto(`${server.url}/outbox`);
    await outboxEmptied(page);
    const saved = await t.db.talk.findMany({ where: { content: { contains: "换人测试" } } });
    expect(saved.map((x) => x.talkerId)).toEqual([ganbuId]);
    await context.close();
  });

  it("opens offline a capture form never opened online, kept in the background after login, and shows the offline page elsewhere", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await expect
      .poll(() => page.evaluate(async () => Boolean(await (await caches.open("ledger-pages")).match("/requests/new"))), { timeout: 20_000 })
      .toBe(true);
    await goOffline(context);
    await page.goto(`${server.url}/requests/new`);
    await page.waitForSelector("#f-residentName");
    await page.goto(`${server.url}/records`);
    expect(await page.locator("h1").innerText()).toContain("当前无网络");
    await comeBack(context);
    await context.close();
  });

  it("keeps a talk saved while the phone says it is online but no answer comes, and sends it when the server answers again", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await logIn(page, "ganbu");
    await page.goto(`${server.url}/talks/new`);
    await page.waitForSelector("#f-counterpartName");
    await server.close(); // navigator.onLine stays true
    await fillTalk(page, "2026-11-17", "信号弱：页面显示在线但服务器无应答。");
    await expect.poll(() => entries(page).count()).toBe(1);
    server = await serve(t.app, server.port);
    await outboxEmptied(page, 30_000);
    expect(await t.db.talk.count({ where: { content: { contains: "信号弱" } } })).toBe(1);
    await context.close();
  });
});
