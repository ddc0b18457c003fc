/**
 * Issue 15 on a phone (390×844) in a real Chromium: a refused save opens with the error summary in
 * view and focused, its links reach the field (item 1); a meeting with nobody present is refused and
 * the ticked count follows the boxes (item 2); /requests, /records and /pairings/:id show each row as
 * a card with its status first, nothing beyond the screen's right edge (item 5).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";

const PHONE = { width: 390, height: 844 };
let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let pairingId: number;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const g = await t.member({ username: "ganbu", name: "欧阳春花", role: "CADRE", cadreLevel: "MIDDLE" });
  const d = await t.member({ username: "dangyuan", name: "李党员" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第十二责任区", establishedOn: "2020-01-01" } });
  for (const m of [g, d]) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  const r = await t.db.resident.create({ data: { zoneId: zone.id, name: "司马大爷", tags: "困难户" } });
  for (let i = 0; i < 4; i++) {
    await t.db.request.create({
      data: {
        source: "WALK_IN", zoneId: zone.id, residentId: r.id, residentName: "司马大爷", raisedOn: `2026-10-0${i + 1}`,
        content: "村口路灯不亮，晚上出行不便，希望尽快维修。".repeat(2), ownerId: g.id, createdById: g.id,
      },
    });
  }
  for (let i = 0; i < 3; i++) {
    await t.db.talk.create({ data: { talkerId: g.id, counterpartKind: "RESIDENT", counterpartName: "司马大爷".repeat(i + 1), occurredOn: `2026-11-1${i}`, content: "谈心" } });
  }
  const p = await t.db.pairing.create({ data: { cadreId: g.id, residentId: r.id, startedOn: "2026-01-10" } });
  pairingId = p.id;
  await t.db.assistanceRecord.create({ data: { pairingId, givenOn: "2026-03-01", kind: "MATERIALS", description: "送去米面油各一份，并了解冬季取暖情况。", createdById: g.id } });
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

async function phone(): Promise<Page> {
  const page = await browser.newPage({ viewport: PHONE });
  await logInAs(page, server.url, "ganbu", PASSWORD);
  return page;
}

/** Where the error summary is against the viewport, and whether it has the focus. */
function summaryState(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector("[data-error-summary]");
    if (!box) return null;
    const r = box.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, focused: document.activeElement === box, text: (box as HTMLElement).innerText };
  });
}

describe("errors in view on a phone (item 1)", () => {
  it("a meeting with a raised request lacking a name opens on the summary, focused, and its link reaches the row", async () => {
    const page = await phone();
    await page.goto(`${server.url}/meetings/new`);
    await page.fill("#f-residentCount", "12");
    await page.locator('input[name="requestContent"]').first().fill("门前排水沟堵塞");
    await page.click("main form[data-meeting-form] button[type=submit]");
    await page.waitForSelector("[data-error-summary]");
    const s = (await summaryState(page))!;
    expect(s.text).toContain("请填写提出诉求的群众姓名");
    expect(s.focused).toBe(true);
    expect(s.top).toBeGreaterThan(-1); // sub-pixel rounding of the scroll
    expect(s.bottom).toBeLessThanOrEqual(PHONE.height);
    await page.click('[data-error-summary] a[href="#f-request-0"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-request-0");
    expect(await page.inputValue('input[name="requestContent"] >> nth=0')).toBe("门前排水沟堵塞"); // the values are kept
    expect(await t.db.meeting.count()).toBe(0);
    await page.close();
  });

  it("assistance in funds without an amount, at the bottom of /pairings/:id, opens on the summary", async () => {
    const page = await phone();
    await page.goto(`${server.url}/pairings/${pairingId}`);
    await page.selectOption("#f-kind", "FUNDS");
    await page.fill("#f-description", "慰问金");
    await page.click('form[action$="/assistance"] button[type=submit]');
    await page.waitForSelector("[data-error-summary]");
    const s = (await summaryState(page))!;
    expect(s.text).toContain("金额");
    expect(s.focused).toBe(true);
    expect(s.top).toBeGreaterThan(-1); // sub-pixel rounding of the scroll
    expect(s.bottom).toBeLessThanOrEqual(PHONE.height);
    await page.click('[data-error-summary] a[href="#f-amount"]');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-amount");
    await page.close();
  });
});

describe("no empty meeting (item 2)", () => {
  it("starts with only the organizer ticked, counts the boxes as they change, and refuses nobody present", async () => {
    const page = await phone();
    await page.goto(`${server.url}/meetings/new`);
    const count = page.locator("[data-attendee-count] strong");
    expect(await page.locator('input[name="attendeeIds"]:checked').count()).toBe(1);
    expect(await count.innerText()).toBe("1");
    await page.check('label.check:has-text("李党员") input');
    expect(await count.innerText()).toBe("2");
    await page.uncheck('label.check:has-text("李党员") input');
    await page.uncheck('label.check:has-text("欧阳春花") input');
    expect(await count.innerText()).toBe("0");
    await page.fill("#f-residentCount", "0");
    await page.click("main form[data-meeting-form] button[type=submit]");
    await page.waitForSelector("[data-error-summary]");
    const s = (await summaryState(page))!;
    expect(s.text).toContain("会议至少要有一名参会人员");
    expect(s.top).toBeGreaterThan(-1); // sub-pixel rounding of the scroll
    expect(s.bottom).toBeLessThanOrEqual(PHONE.height);
    expect(await t.db.meeting.count()).toBe(0);
    // tick one member and it saves
    await page.check('label.check:has-text("欧阳春花") input');
    await page.click("main form[data-meeting-form] button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await t.db.meeting.count()).toBe(1);
    await page.close();
  });
});

/** For each card: is the status cell wholly on screen, and does it come before the first other cell? */
function cardsState(page: Page, rowSelector: string) {
  return page.evaluate((sel) => {
    const rows = [...document.querySelectorAll(sel)];
    return {
      pageWidth: document.documentElement.scrollWidth,
      rows: rows.map((tr) => {
        const cells = [...tr.querySelectorAll("td")].filter((td) => td.getBoundingClientRect().height > 0);
        const lead = tr.querySelector("td.lead")!.getBoundingClientRect();
        const others = cells.filter((td) => !td.classList.contains("lead")).map((td) => td.getBoundingClientRect());
        return {
          leadOnScreen: lead.left >= 0 && lead.right <= window.innerWidth && lead.width > 0,
          leadFirst: others.every((r) => r.top >= lead.bottom - 1),
          allOnScreen: cells.every((td) => td.getBoundingClientRect().right <= window.innerWidth),
        };
      }),
    };
  }, rowSelector);
}

describe("lists as cards on a phone (item 5)", () => {
  it.each([
    ["/requests", "tr[data-request]", "状态"],
    ["/records", "main table tbody tr", "类型"],
    ["/pairings/:id", "main table tbody tr", "日期"],
  ])("%s: every row is a card, its status first and every cell on screen, the page no wider than the phone", async (path, rows, lead) => {
    const page = await phone();
    await page.goto(`${server.url}${path.replace(":id", String(pairingId))}`);
    const state = await cardsState(page, rows);
    expect(state.rows.length).toBeGreaterThan(0);
    expect(state.pageWidth).toBeLessThanOrEqual(PHONE.width);
    for (const r of state.rows) expect(r).toEqual({ leadOnScreen: true, leadFirst: true, allOnScreen: true });
    expect(await page.locator(`${rows} td.lead`).first().evaluate((td) => getComputedStyle(td, "::before").content)).toContain(lead);
    await page.close();
  });

  it("/pairings/:id shows the assistance's 内容 and its 删除 button on screen", async () => {
    const page = await phone();
    await page.goto(`${server.url}/pairings/${pairingId}`);
    for (const sel of ['main table td[data-label="内容"]', "main table button:has-text('删除')"]) {
      const box = (await page.locator(sel).first().boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await page.close();
  });
});
