/**
 * A phone (390×844) in a real Chromium: ledger tables keep names, zones and dates on one line and
 * scroll sideways inside their .table-wrap instead of widening the page (QA 10), and a dashboard
 * card's <meter> bar takes the card's status colour — red beside 未达标, never green (QA 15).
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
  const g = await t.member({ username: "ganbu", name: "欧阳春花", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第十二责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: g.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  for (let i = 0; i < 6; i++) {
    await t.db.resident.create({
      data: {
        zoneId: zone.id,
        name: `司马春${i}`,
        phone: `1380000000${i}`,
        idNumber: `99010119800101000${i}`,
        address: "青山村十二组长江路一百二十八号院",
        tags: "困难户,低保户",
      },
    });
  }
  const r = await t.db.resident.findFirstOrThrow({ where: { zoneId: zone.id } });
  // one household of the several a county-managed cadre owes: the 结穷亲 card is 未达标 with a bar drawn
  await t.db.pairing.create({ data: { cadreId: g.id, residentId: r.id, startedOn: "2026-01-10" } });
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

/** The average colour of an element's screenshot, read back through a canvas in the page. */
async function colourOf(page: Page, selector: string): Promise<{ r: number; g: number; b: number }> {
  const png = (await page.locator(selector).first().screenshot()).toString("base64");
  return page.evaluate(async (data) => {
    const img = new Image();
    img.src = `data:image/png;base64,${data}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext("2d")!;
    ctx.drawImage(img, 0, 0);
    // the left part of the bar: filled whenever the count is above zero
    const px = ctx.getImageData(2, Math.floor(img.height / 2), Math.max(1, Math.floor(img.width / 8)), 1).data;
    let r = 0, g = 0, b = 0;
    for (let i = 0; i < px.length; i += 4) { r += px[i]; g += px[i + 1]; b += px[i + 2]; }
    const n = px.length / 4;
    return { r: r / n, g: g / n, b: b / n };
  }, png);
}

describe("the app on a phone", () => {
  it("keeps the residents table's names, zones and phones on one line and scrolls the table, not the page", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logInAs(page, server.url, "ganbu", PASSWORD);
    await page.goto(`${server.url}/residents`);
    const layout = await page.evaluate(() => {
      const row = document.querySelector("main table tbody tr")!;
      const lineHeight = (td: Element) => parseFloat(getComputedStyle(td).lineHeight);
      const oneLine = [...row.querySelectorAll("td")].slice(0, 4).map((td) => {
        const text = document.createRange(); // the cell's text, not the row's height
        text.selectNodeContents(td);
        return text.getBoundingClientRect().height < 1.5 * lineHeight(td);
      });
      const wrap = document.querySelector("main .table-wrap")!;
      return {
        oneLine,
        pageWidth: document.documentElement.scrollWidth,
        tableScrolls: wrap.scrollWidth > wrap.clientWidth,
      };
    });
    expect(layout.oneLine).toEqual([true, true, true, true]);
    expect(layout.pageWidth).toBeLessThanOrEqual(390);
    expect(layout.tableScrolls).toBe(true);
    await page.close();
  });

  it("draws a missed card's meter in red, not green", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logInAs(page, server.url, "ganbu", PASSWORD);
    const card = page.locator('[data-rule="PAIRINGS"]');
    expect(await card.getAttribute("class")).toContain("status-missed");
    const bar = await colourOf(page, '[data-rule="PAIRINGS"] meter');
    expect(bar.r).toBeGreaterThan(150);
    expect(bar.g).toBeLessThan(100);
    await page.close();
  });
});
