/**
 * Issue 18's measures clicked through in a real Chromium, as a new user would: a cadre's 三进三同
 * stay and writing (with an attachment) at phone size, the bad input on those forms, the admin's
 * 驻村 and training, the county desk's new figures opened down to their records, and the four
 * imports through the admin import page. On testApp's county plus tests/support/county.ts
 * (township XZA with village branches A1, A2; XZB with B1, B2; the default branch sits directly
 * under the county, so it is not a village branch). The tests run in order and build on each
 * other's records (the desk journey counts the stay and writings left by the cadre's journeys).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Browser, Page } from "playwright-core";
import { PASSWORD, testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { closeAll, launchChromium, logInAs, serve } from "../support/browser.ts";
import { csv } from "../import/files.ts";

// Each journey logs in and walks several pages; on a loaded 2-core machine that can pass 30 s.
vi.setConfig({ testTimeout: 90_000 });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let t: TestApp;
let c: County;
let browser: Browser;
let server: Awaited<ReturnType<typeof serve>>;
let dir: string;

beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  for (const name of ["李大娘", "张大爷", "王二嫂"]) await t.db.resident.create({ data: { zoneId: c.branches.a1.zoneId, name } });
  await t.db.resident.create({ data: { zoneId: c.branches.b1.zoneId, name: "赵老汉" } });
  // A1 signed off 2025: its records dated in 2025 are read-only.
  await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date("2026-01-10T02:00:00Z"), closedById: c.branches.a1.secretary } });
  dir = mkdtempSync(path.join(tmpdir(), "ledger-browser-measures-"));
  server = await serve(t.app);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await closeAll(browser, server, t);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A new page of `size` logged in as `username`, accepting the delete buttons' confirm(). */
async function pageAs(username: string, size = DESKTOP): Promise<Page> {
  const page = await browser.newPage({ viewport: size });
  page.on("dialog", (d) => void d.accept());
  await logInAs(page, server.url, username, PASSWORD);
  return page;
}

const mainText = (page: Page) => page.locator("main").innerText();
const summary = (page: Page) => page.locator(".error-summary").innerText();

async function fillStay(page: Page, resident: string, fromOn: string, toOn: string, diary: string) {
  await page.goto(`${server.url}/stays/new`);
  await page.selectOption("#f-residentId", { label: `${resident}（a1责任区）` });
  await page.fill("#f-fromOn", fromOn);
  await page.fill("#f-toOn", toOn);
  await page.check("input[name=eat]");
  await page.check("input[name=work]");
  await page.fill("#f-diary", diary);
  await page.click("main button[type=submit]");
  await page.waitForLoadState();
}

async function fillWriting(page: Page, title: string, file?: string) {
  await page.goto(`${server.url}/writings/new`);
  await page.selectOption("#f-kind", { label: "民情日记" });
  await page.fill("#f-writtenOn", "2026-11-16");
  await page.fill("#f-title", title);
  await page.fill("#f-content", "走访中了解到的村情民意。");
  if (file) await page.setInputFiles("#f-attachment", file);
  await page.click("main button[type=submit]");
  await page.waitForLoadState();
}

describe("a cadre on a phone: 三进三同 and writings", () => {
  it("records a stay, sees it on the dashboard and the year page, and deletes it", async () => {
    const page = await pageAs("gb_a1", PHONE);
    await page.click("main a[href='/stays/new']"); // the dashboard's 三进三同 card: 记录
    await page.waitForSelector("#f-residentId");
    expect(page.url()).toContain("/stays/new");
    await fillStay(page, "李大娘", "2026-11-10", "2026-11-12", "帮老人收玉米，了解到灌溉水渠堵塞。");
    expect(await page.locator(".flash-success").innerText()).toContain("三进三同记录已保存");
    expect(await mainText(page)).toContain("2026-11-10 至 2026-11-12");
    const stay = await t.db.stay.findFirstOrThrow({ where: { cadreId: c.branches.a1.cadre } });
    expect({ eat: stay.eat, live: stay.live, work: stay.work }).toEqual({ eat: true, live: false, work: true });

    await page.goto(`${server.url}/`);
    const dash = await mainText(page);
    expect(dash).toContain("三进三同 1 次（1 户）");
    expect(dash).toContain("2026-11-10 至 2026-11-12 · 李大娘");
    await page.click("text=我的年度台账");
    await page.waitForSelector("h1");
    const year = await mainText(page);
    expect(year).toContain("三进三同 1 次");
    expect(year).toContain("帮老人收玉米");

    // A problem found becomes a 群众诉求 from the stay's page, prefilled with the household and the stay's last day.
    await page.goto(`${server.url}/`);
    await page.click("text=2026-11-10 至 2026-11-12 · 李大娘");
    await page.click("text=将发现的问题登记为群众诉求");
    await page.waitForSelector("#f-content");
    expect(await page.inputValue("#f-residentName")).toBe("李大娘");
    expect(await page.inputValue("#f-raisedOn")).toBe("2026-11-12");
    await page.fill("#f-content", "灌溉水渠堵塞，需清淤");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await mainText(page)).toContain("三进三同");
    const raised = await t.db.request.findFirstOrThrow({ where: { content: "灌溉水渠堵塞，需清淤" } });
    expect(raised.stayId).toBe(stay.id);
    await page.goto(`${server.url}/stays/${stay.id}`);
    expect(await mainText(page)).toContain("2026-11-12 灌溉水渠堵塞，需清淤");

    await page.click("main button >> text=删除");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("三进三同记录已删除");
    expect(await t.db.stay.count({ where: { deletedAt: null } })).toBe(0);
    await page.goto(`${server.url}/`);
    expect(await mainText(page)).toContain("三进三同 0 次");
    await page.close();
  });

  it("sees an end before the start, an overlap and a closed year explained, the values kept, nothing written", async () => {
    const page = await pageAs("gb_a1", PHONE);
    await fillStay(page, "张大爷", "2026-11-03", "2026-11-05", "第一次");
    expect(await page.locator(".flash-success").innerText()).toContain("已保存");
    const cases: [string, string, string][] = [
      ["2026-11-08", "2026-11-07", "结束日期不能早于开始日期"],
      ["2026-11-05", "2026-11-06", "与您 2026-11-03 至 2026-11-05 的三进三同记录时间重叠"],
      ["2025-06-01", "2025-06-02", "2025 年度已由支部书记完成年终备查并关闭"],
    ];
    for (const [fromOn, toOn, message] of cases) {
      await fillStay(page, "王二嫂", fromOn, toOn, `这段民情日记不应丢失 ${fromOn}`);
      expect(await summary(page)).toContain("保存未成功");
      expect(await summary(page)).toContain(message);
      expect(await page.inputValue("#f-diary")).toBe(`这段民情日记不应丢失 ${fromOn}`);
      expect(await page.inputValue("#f-fromOn")).toBe(fromOn);
      expect(await page.locator("#f-residentId option:checked").innerText()).toBe("王二嫂（a1责任区）");
      expect(await page.isChecked("input[name=work]")).toBe(true);
    }
    expect(await t.db.stay.count({ where: { cadreId: c.branches.a1.cadre, deletedAt: null } })).toBe(1);
    await page.close();
  });

  it("saves a writing with a PDF attachment that downloads again, and refuses a wrong type or a file over 5 MB", async () => {
    const pdf = path.join(dir, "民情日记.pdf");
    writeFileSync(pdf, "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    const exe = path.join(dir, "伪装.pdf");
    writeFileSync(exe, Buffer.concat([Buffer.from("MZ"), Buffer.alloc(512, 0x90)]));
    const big = path.join(dir, "太大.pdf");
    writeFileSync(big, Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(5 * 1024 * 1024 + 1, 0x20)]));
    const page = await pageAs("gb_a1", PHONE);

    for (const [file, message] of [[exe, "附件只能是文档"], [big, "附件不能超过 5 MB"]] as const) {
      await fillWriting(page, `退回的材料 ${path.basename(file)}`, file);
      expect(await summary(page)).toContain(message);
      expect(await page.inputValue("#f-title")).toBe(`退回的材料 ${path.basename(file)}`);
      expect(await page.inputValue("#f-content")).toBe("走访中了解到的村情民意。");
    }
    expect(await t.db.writing.count()).toBe(0);

    await fillWriting(page, "青山组民情日记", pdf);
    expect(await page.locator(".flash-success").innerText()).toContain("材料已保存");
    const link = page.locator("a[href$='/attachment']");
    expect(await link.innerText()).toContain("民情日记.pdf");
    const res = await page.request.get(`${server.url}${await link.getAttribute("href")}`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/pdf");
    expect((await res.body()).subarray(0, 8).toString()).toBe("%PDF-1.4");

    await page.goto(`${server.url}/`);
    expect(await mainText(page)).toMatch(/调研报告、党性分析、民情日记、发展规划 1 篇/);
    await page.click("text=我的年度台账");
    await page.waitForSelector("h1");
    expect(await mainText(page)).toContain("青山组民情日记");
    await page.close();
  });

  it("a plain member finds the writings in the menu and records a 党性分析 there", async () => {
    const page = await pageAs("dy_a1", PHONE);
    await page.click("nav >> text=调研材料");
    await page.click("main >> text=记录材料");
    await page.selectOption("#f-kind", { label: "党性分析" });
    await page.fill("#f-writtenOn", "2026-11-17");
    await page.fill("#f-title", "个人党性分析");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    await page.click("nav >> text=调研材料");
    expect(await mainText(page)).toContain("个人党性分析");
    await page.close();
  });
});

describe("the admin at a desk: 驻村 and training", () => {
  it("stations a cadre in a village branch, which the village's page lists; a non-village org is refused", async () => {
    const page = await pageAs("guanli");
    await page.click("nav >> text=管理");
    await page.click(".admin-tabs >> text=驻村");
    await page.click("main >> text=登记驻村");
    await page.fill("#f-username", "gb_b1");
    await page.selectOption("#f-orgId", { label: "A1村党支部（A1）" });
    await page.fill("#f-fromOn", "2026-03-01");
    await page.selectOption("#f-post", { label: "书记助理" });
    await page.selectOption("#f-kind", { label: "大学生村官" });
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("驻村");
    const row = page.locator("main tr", { hasText: "gb_b1" });
    expect(await row.innerText()).toContain("大学生村官");

    await page.click("main a[href^='/villages/']");
    await page.waitForSelector("h1");
    const village = await mainText(page);
    expect(village).toContain("A1村党支部");
    expect(village).toContain("gbb1");
    expect(village).toContain("书记助理");

    // The picker offers village branches only; a crafted choice of the county's own branch is refused.
    await page.goto(`${server.url}/admin/stationings/new`);
    const offered = await page.locator("#f-orgId option").allInnerTexts();
    expect(offered.some((o) => o.includes("A2村党支部"))).toBe(true);
    expect(offered.some((o) => o.includes("甲乡党委"))).toBe(false);
    await page.fill("#f-username", "gb_a2");
    await page.evaluate((id) => {
      const s = document.querySelector<HTMLSelectElement>("#f-orgId")!;
      s.add(new Option("crafted", String(id)));
      s.value = String(id);
    }, t.branchId);
    await page.fill("#f-fromOn", "2026-04-01");
    await page.click("main button[type=submit]");
    await page.waitForLoadState();
    expect(await mainText(page)).toContain("不是村（社区）党支部");
    expect(await page.inputValue("#f-username")).toBe("gb_a2");
    expect(await t.db.stationing.count()).toBe(1);
    await page.close();
  });

  it("records a training session with attendees, refuses one outside the org, and the coverage lists who is untrained", async () => {
    const page = await pageAs("guanli");
    await page.click("nav >> text=培训");
    await page.click("main >> text=登记培训");
    await page.fill("#f-heldOn", "2026-10-20");
    await page.selectOption("#f-level", { label: "乡镇党校" });
    await page.fill("#f-topic", "群众工作方法");
    await page.selectOption("#f-orgId", { label: "甲乡党委（XZA）" });
    await page.fill("#f-attendees", "gb_a1、dy_a1\ngb_b1");
    await page.click("main button[type=submit]");
    await page.waitForLoadState();
    expect(await mainText(page)).toContain("gb_b1");
    expect(await page.inputValue("#f-topic")).toBe("群众工作方法");
    expect(await t.db.trainingSession.count()).toBe(0);

    await page.fill("#f-attendees", "gb_a1、dy_a1");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".flash-success");
    expect(await page.locator(".flash-success").innerText()).toContain("参训 2 人");

    await page.goto(`${server.url}/training/coverage?org=XZA`);
    const cov = await mainText(page);
    const untrained = cov.slice(cov.indexOf("尚未参训"));
    expect(untrained).toContain("sj_a1");
    expect(untrained).toContain("dy_a2");
    expect(untrained).not.toContain("gb_a1");
    expect(untrained).not.toContain("dy_a1");
    await page.close();
  });
});

describe("the county desk opens the new figures down to their records", () => {
  it("zuzhibu and the township reviewer see 三进三同 and writings on /desk and open the records behind them", async () => {
    // gb_a1's stay of 2026-11-03 and the two writings from the journeys above (this file's tests run in order).
    for (const [username, org] of [["zuzhibu", c.root.name], ["shenhe_a", "甲乡党委"]] as const) {
      const page = await pageAs(username);
      await page.click("nav >> text=工作概况");
      await page.waitForSelector("table.desk-table");
      expect(await page.locator("h1").first().innerText()).toContain(org);
      const headers = await page.locator("table.desk-table thead th").allInnerTexts();
      for (const h of ["三进三同人次", "三进三同户数", "调研报告等材料", "驻村干部", "参训率"]) expect(headers.join("|")).toContain(h);
      const col = (h: string) => headers.findIndex((x) => x.includes(h));
      const total = page.locator("table.desk-table tr.total td");
      expect(await total.nth(col("三进三同人次") - 1).innerText()).toBe("1");
      expect(await total.nth(col("调研报告等材料") - 1).innerText()).toBe("2"); // gb_a1's and dy_a1's
      // A share reads as a percentage, as on /training/coverage (was the bare fraction 0.0952).
      expect(await total.nth(col("参训率") - 1).innerText()).toMatch(/^\d{1,3}\.\d%$/);

      // The admin's stationing of gb_b1 (大学生村官, 书记助理) into A1, by kind and post, opening the list:
      // counted toward the cadre's own branch (B1, FORMATS-stationing-training.md), so the county
      // sees it and township A, whose village it is, does not.
      const graduates = await page.locator(".desk-stationed tr", { hasText: "大学生村官" }).locator("td").allInnerTexts();
      expect(graduates).toEqual(username === "zuzhibu" ? ["0", "1", "0", "0", "0", "1"] : ["0", "0", "0", "0", "0", "0"]);
      if (username === "zuzhibu") {
        await page.click(".desk-stationed >> text=查看驻村干部名单");
        await page.waitForLoadState();
        expect(await mainText(page)).toContain("gbb1");
        await page.goBack();
      }

      await page.click("main >> text=汇总报表");
      await page.waitForSelector("a[href*='figure=stays']");
      expect(await page.locator("tr.total a[href*='figure=trainedShare']").innerText()).toMatch(/^\d{1,3}\.\d%$/);
      await page.click("tr.total a[href*='figure=stays'], a[href*='figure=stays'] >> nth=0");
      await page.waitForLoadState();
      expect(await mainText(page)).toContain("张大爷");
      await page.goBack();
      await page.click("a[href*='figure=writings'] >> nth=0");
      await page.waitForLoadState();
      expect(await mainText(page)).toContain("青山组民情日记");
      await page.close();
    }
  });
});

describe("the admin imports the four new kinds through the import page", () => {
  const COUNTY = "{county code}"; // filled in once the county exists
  const files: [kind: string, label: string, headers: string[], rows: string[][]][] = [
    ["stays", "三进三同记录", ["开始日期", "结束日期", "干部", "住户", "方式", "民情日记"], [["2026-09-01", "2026-09-02", "gb_a1", "王二嫂", "同吃、同住", "导入的民情日记"]]],
    ["writings", "调研报告等材料", ["日期", "作者", "类型", "标题", "正文"], [["2026-09-05", "dy_a1", "调研报告", "导入的调研报告", "正文"]]],
    ["stationing", "驻村干部", ["登录名", "驻村组织", "开始日期", "类别", "职务"], [["gb_a2", "B2", "2026-05-01", "驻村干部", "村文书"]]],
    ["training", "培训参训记录", ["日期", "层级", "主题", "组织单位", "参训人"], [["2026-08-08", "县委党校", "党性教育", COUNTY, "sj_a1"], ["2026-08-08", "县委党校", "党性教育", COUNTY, "sj_b1"]]],
  ];

  it("uploads each file, reads the preview and confirms; the records are in the ledger", async () => {
    const page = await pageAs("guanli");
    for (const [kind, label, headers, rows] of files) {
      const file = path.join(dir, `${label}.csv`);
      writeFileSync(file, csv(headers, rows.map((r) => r.map((v) => (v === COUNTY ? c.root.code : v)))));
      await page.goto(`${server.url}/admin/imports`);
      await page.selectOption("#f-kind", kind);
      await page.setInputFiles("#f-file", file);
      await page.click("main button[type=submit] >> text=上传并预览");
      await page.waitForSelector(`text=导入预览：${label}`);
      expect(await page.locator(".summary").innerText()).toContain(`将新增：${rows.length}`);
      await page.click(`main button[type=submit] >> text=确认导入 ${rows.length} 条`);
      await page.waitForSelector(".flash-success");
      expect(await page.locator(".flash-success").innerText()).toContain(`新增 ${rows.length} 条`);
    }
    expect(await t.db.stay.count({ where: { diary: "导入的民情日记" } })).toBe(1);
    expect(await t.db.writing.count({ where: { title: "导入的调研报告" } })).toBe(1);
    expect(await t.db.stationing.count({ where: { memberId: c.branches.a2.cadre, orgId: c.branches.b2.id } })).toBe(1);
    // All or nothing: a file with a row into the county's own (non-village) branch writes nothing.
    const bad = path.join(dir, "驻村干部-错误.csv");
    writeFileSync(bad, csv(["登录名", "驻村组织", "开始日期", "类别"], [["gb_b2", "A2", "2026-06-01", "三支人员"], ["sj_b2", (await t.db.org.findUniqueOrThrow({ where: { id: t.branchId } })).code, "2026-06-01", "驻村干部"]]));
    await page.goto(`${server.url}/admin/imports`);
    await page.selectOption("#f-kind", "stationing");
    await page.setInputFiles("#f-file", bad);
    await page.click("main button[type=submit] >> text=上传并预览");
    await page.waitForSelector("table.import-errors");
    expect(await page.locator("main [role=alert]").first().innerText()).toContain("本次不会写入任何数据");
    expect(await page.locator("table.import-errors").innerText()).toContain("不是村（社区）党支部");
    expect(await page.locator("main button[type=submit] >> text=确认导入").count()).toBe(0);
    expect(await t.db.stationing.count({ where: { memberId: { in: [c.branches.b2.cadre, c.branches.b2.secretary] } } })).toBe(0);

    const session = await t.db.trainingSession.findFirstOrThrow({ where: { topic: "党性教育" }, include: { attendees: true } });
    expect(session.attendees.map((a) => a.memberId).sort((x, y) => x - y)).toEqual([c.branches.a1.secretary, c.branches.b1.secretary].sort((x, y) => x - y));
    await page.close();
  });
});
