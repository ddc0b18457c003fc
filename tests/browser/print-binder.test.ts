/**
 * Issue 15 (minor): a member's A4 binder printed by Chromium is compact — dates on one line, the
 * table's header repeated on each sheet, many talks per page (a PDF of 60 talks fits on a few
 * sheets, not the 8 talks a page it used to). The page numbers (@page @bottom-center in print.css)
 * are drawn only into the PDF and are not read back here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let ganbu: number;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  ganbu = (await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "GENERAL" })).id;
  await t.member({ username: "shuji", name: "李书记", role: "SECRETARY" });
  for (let i = 0; i < 60; i++) {
    const day = `2026-${String(1 + (i % 10)).padStart(2, "0")}-${String(1 + Math.floor(i / 10) * 4).padStart(2, "0")}`;
    await t.db.talk.create({ data: { talkerId: ganbu, counterpartKind: "RESIDENT", counterpartName: `群众${i}`, occurredOn: day, content: "了解家庭近况，宣传政策。" } });
  }
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
});

describe("the printed binder", () => {
  it("keeps dates on one line, repeats headers, and fits 60 talks on a few A4 sheets", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logInAs(page, server.url, "shuji", PASSWORD);
    await page.goto(`${server.url}/years/2026/members/${ganbu}/print`);
    await page.emulateMedia({ media: "print" });
    const layout = await page.evaluate(() => {
      const table = document.querySelector("#talks table")!;
      const cell = table.querySelector("tbody td")!;
      const r = document.createRange();
      r.selectNodeContents(cell);
      return {
        dateLines: r.getClientRects().length,
        head: getComputedStyle(table.querySelector("thead")!).display,
        rowBreak: getComputedStyle(table.querySelector("tbody tr")!).breakInside,
        tableBreak: getComputedStyle(table).breakInside,
      };
    });
    expect(layout).toEqual({ dateLines: 1, head: "table-header-group", rowBreak: "avoid", tableBreak: "auto" });
    const pdf = (await page.pdf({ format: "A4", preferCSSPageSize: true })).toString("latin1");
    const sheets = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(sheets).toBeGreaterThan(0);
    expect(sheets).toBeLessThanOrEqual(4); // the quota page and 60 compact rows
    await page.close();
  });
});
