/**
 * The secretary's year-end review (年终备查) in a real Chromium: shuji opens the overview, filters to
 * a zone, opens a member's year, signs it off and closes the year; then ganbu cannot edit or delete
 * a record of that year (the page says why) and the command-line import refuses records dated in it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { PASSWORD } from "../support/app.ts";
import { launchChromium, logInAs, serve } from "../support/browser.ts";
import { main } from "../../src/cli/ledger.ts";
import { reviewWorld, type ReviewWorld } from "../review/world.ts";

let w: ReviewWorld;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let talkId: number;
let visitId: number;
let dir: string;

beforeAll(async () => {
  w = await reviewWorld("2026-11-18T10:00:00+08:00");
  talkId = await w.talk(w.ganbu, "2025-06-01", { name: "孙大娘", reason: "HARDSHIP" });
  visitId = await w.visit(w.ganbu, "2025-06-02");
  for (const d of ["03", "04", "05", "06", "09"]) await w.talk(w.ganbu, `2025-06-${d}`);
  await w.talk(w.dangyuan, "2025-05-01", { name: "二区的人" });
  dir = mkdtempSync(path.join(os.tmpdir(), "ledger-year-review-"));
  server = await serve(w.t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await w?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

const login = (page: Page, username: string) => logInAs(page, server.url, username, PASSWORD);

describe("year-end review in the browser", () => {
  it("shuji signs off ganbu's 2025 and closes the year; ganbu can no longer change it and the import refuses it", async () => {
    const page = await browser.newPage();
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") cspErrors.push(m.text());
    });
    page.on("dialog", (d) => void d.accept());
    await login(page, "shuji");

    // the overview, filtered to a zone (the select submits the form by itself)
    await page.click("nav >> text=年终备查");
    await page.waitForSelector("table.overview");
    await page.fill("input[name=year]", "2025");
    await Promise.all([page.waitForURL(/zone=/), page.selectOption("select[name=zone]", { label: "第一责任区" })]);
    expect(page.url()).toContain("year=2025");
    await page.waitForSelector('tr[data-member="ganbu"]');
    expect(await page.locator('tr[data-member="dangyuan"]').count()).toBe(0);
    // the charts are drawn by Chart.js from /vendor without breaking the CSP
    await page.waitForFunction(() => {
      const c = document.querySelector("canvas[data-chart]") as HTMLCanvasElement | null;
      const chart = (window as unknown as { Chart?: { getChart(c: HTMLCanvasElement): unknown } }).Chart;
      return !!c && !!chart && chart.getChart(c) !== undefined;
    });
    // June's month cell shows ganbu's 6 talks and links to them
    const june = page.locator('tr[data-member="ganbu"] a[href*="period=2025-06"]');
    expect(await june.innerText()).toBe("6");

    // a member's year, then the sign-off
    await page.click('tr[data-member="ganbu"] td:first-child a');
    await page.waitForSelector("#sign-off");
    expect(await page.locator("#talks").innerText()).toContain("孙大娘");
    expect(await page.locator("#talks").innerText()).toContain("生活困难");
    await page.fill("#f-comment", "记录齐全，准予备查");
    await page.click('button[name=decision][value=REVIEWED]');
    await page.waitForSelector(".flash-success");
    expect(await page.getAttribute("[data-review-state]", "data-review-state")).toBe("REVIEWED");

    // close the year (a confirm dialog is accepted)
    await page.goto(`${server.url}/review/2025/closure`);
    await page.click("main button[type=submit].primary");
    await page.waitForSelector('[data-year-state="closed"]');
    expect(await page.locator(".flash-success").innerText()).toContain("2025 年度已关闭");
    expect(cspErrors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
    await page.close();

    // ganbu: the record of the closed year is read-only, and the page says why
    const g = await browser.newPage();
    await login(g, "ganbu");
    expect(await g.locator('[data-review-year="2025"]').innerText()).toContain("已查阅");
    await g.goto(`${server.url}/talks/${talkId}`);
    expect(await g.locator("main").innerText()).toContain("已完成年终备查并关闭，记录只读");
    expect(await g.locator('a[href$="/edit"]').count()).toBe(0);
    expect(await g.locator("form[action$='/delete']").count()).toBe(0);
    await g.goto(`${server.url}/talks/${talkId}/edit`);
    await g.waitForSelector(".flash-error");
    expect(await g.locator(".flash-error").innerText()).toContain("2025 年度已关闭");
    expect(g.url()).toMatch(new RegExp(`/talks/${talkId}$`));
    await g.goto(`${server.url}/visits/${visitId}`);
    expect(await g.locator("main").innerText()).toMatch(/年终备查|只读/);
    expect(await g.locator("form[action$='/delete']").count()).toBe(0);
    await g.close();
    const talk = await w.t.db.talk.findUniqueOrThrow({ where: { id: talkId } });
    expect(talk.deletedAt).toBeNull();

    // the command-line import refuses a talk dated in the closed year, and writes nothing
    const csv = path.join(dir, "talks.csv");
    writeFileSync(csv, "\uFEFF日期,谈心人,谈心对象,谈心类型,内容\r\n2025-06-20,ganbu,周师傅,日常谈心,补录的谈心\r\n");
    const err: string[] = [];
    const before = await w.t.db.talk.count();
    const code = await main(["import", "talks", csv], { databaseUrl: w.t.url, out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(1);
    expect(err.join("\n")).toContain("2025 年度已完成年终备查并关闭");
    expect(await w.t.db.talk.count()).toBe(before);
  }, 60_000); // about 30 s of page loads on a loaded 2-core machine: the 30 s default was at its edge
});
