/**
 * The county dashboard in Chromium (issue 13 items 1 and 5): on screen the charts are inline SVG
 * (no script, no CDN) and a column header sorts by a plain link; printed, the page is A4 with the
 * table's header repeated, the charts kept (two to a row, none split), and fits a few sheets.
 * The page numbers (@page @bottom-center in print.css) are drawn only into the PDF and are not
 * read back here (tests/routes/desk.test.ts checks the rule is there).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { buildCounty } from "../support/county.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const c = await buildCounty(t);
  for (const [who, n] of [[c.branches.a1.member, 2], [c.branches.b1.cadre, 5]] as const) {
    for (let i = 0; i < n; i++) await t.db.talk.create({ data: { talkerId: who, occurredOn: `2026-0${1 + i}-15`, counterpartKind: "RESIDENT", counterpartName: "群众" } });
  }
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

describe("the county dashboard in a browser", () => {
  it("sorts by a header link with JavaScript off, draws SVG charts, and prints on a few A4 sheets", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await logInAs(page, server.url, "zuzhibu", PASSWORD);
    await page.goto(`${server.url}/desk`);
    await page.click("th >> text=谈心次数");
    const codes = await page.$$eval("tr[data-code]", (rows) => rows.map((r) => r.getAttribute("data-code")));
    expect(codes).toEqual(["XZB", "XZA", "ZB01"]);
    expect(await page.locator("svg.desk-svg").count()).toBeGreaterThanOrEqual(10);
    if (process.env.DESK_SHOT) await page.screenshot({ path: process.env.DESK_SHOT, fullPage: true });
    await page.goto(`${server.url}/desk/print?sort=talks&dir=desc`);
    await page.emulateMedia({ media: "print" });
    const layout = await page.evaluate(() => ({
      head: getComputedStyle(document.querySelector(".desk-table thead")!).display,
      charts: getComputedStyle(document.querySelector(".desk-charts")!).display,
      chartBreak: getComputedStyle(document.querySelector(".desk-chart")!).breakInside,
      nav: getComputedStyle(document.querySelector(".topbar")!).display,
    }));
    expect(layout).toEqual({ head: "table-header-group", charts: "grid", chartBreak: "avoid", nav: "none" });
    const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
    const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(sheets).toBeGreaterThan(0);
    expect(sheets).toBeLessThanOrEqual(4);
    await context.close();
  });
});
