/**
 * The admin's import journey in a real Chromium: guanli uploads a CSV of talks, reads the preview
 * (rows to add, the first rows as written), confirms, and the talks are in the ledger.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let dir: string;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.member({ username: "ganbu", name: "王干部", role: "CADRE" });
  dir = mkdtempSync(path.join(tmpdir(), "ledger-browser-import-"));
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("an admin in the browser", () => {
  it("uploads a CSV of talks, sees the preview, confirms, and the talks are imported", async () => {
    const file = path.join(dir, "谈心记录.csv");
    writeFileSync(file, csv(["日期", "谈心人", "谈心对象", "谈心类型", "内容"], [
      ["2026-03-05", "ganbu", "李大娘", "生活困难", "了解取暖困难"],
      ["2026年3月6日", "ganbu", "张师傅", "", "交流线路意见"],
    ], "gb18030"));
    const page = await browser.newPage();
    await logInAs(page, server.url, "guanli", PASSWORD);
    await page.click("nav >> text=管理");
    await page.click(".admin-tabs >> text=数据导入");
    await page.selectOption("#f-kind", "talks");
    await page.setInputFiles("#f-file", file);
    await page.click("main button[type=submit] >> text=上传并预览");
    await page.waitForSelector("text=导入预览：谈心记录");
    expect(await page.locator(".summary").innerText()).toContain("将新增：2");
    expect(await page.locator("main").innerText()).toContain("李大娘");
    expect(await t.db.talk.count()).toBe(0);
    await page.click("main button[type=submit] >> text=确认导入 2 条");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("新增 2 条");
    expect((await t.db.talk.findMany({ orderBy: { occurredOn: "asc" } })).map((x) => x.counterpartName)).toEqual(["李大娘", "张师傅"]);
  });
});
