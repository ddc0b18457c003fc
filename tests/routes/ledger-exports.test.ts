/**
 * Export and print of the ledger lists (QA finding 19): 我的记录, 群众台账, 诉求台账 and 会议记录 as
 * CSV with a BOM, the page's filters, formula guard, personal data masked exactly as the list
 * shows it, and never a record the page would not show (another person's records, another
 * zone's requests and meetings); each page links its CSV and has a 打印 button.
 */
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
let zoneA: number;
let zoneB: number;
let ganbu: number;
let qita: number;

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  ganbu = (await t.member({ username: "ganbu", name: "王干部", role: "CADRE" })).id;
  qita = (await t.member({ username: "qita", name: "李干部", role: "CADRE" })).id;
  await t.member({ username: "shuji", name: "赵书记", role: "SECRETARY" });
  zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } })).id;
  await t.db.zoneAssignment.create({ data: { memberId: ganbu, zoneId: zoneA, fromOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: qita, zoneId: zoneB, fromOn: "2020-01-01" } });
});
afterEach(() => t.close());

async function csvOf(a: Agent, url: string) {
  const res = await a.get(url).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on("data", (c: Buffer) => chunks.push(c));
    r.on("end", () => cb(null, Buffer.concat(chunks)));
  });
  expect(res.status).toBe(200);
  expect(res.headers["content-type"]).toContain("text/csv");
  expect(res.headers["content-disposition"]).toContain("attachment");
  const bytes = res.body as Buffer;
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString("utf8");
  expect(text).not.toMatch(/(^|,)"?[=@+]/m); // nothing a spreadsheet would run
  return parse(text) as string[][];
}

describe("我的记录 as CSV", () => {
  it("has my talks and visits only, with the page's filters and formulas made inert", async () => {
    await t.db.talk.create({ data: { talkerId: ganbu, occurredOn: "2026-11-02", counterpartKind: "RESIDENT", counterpartName: "=1+1", reason: "ROUTINE" } });
    await t.db.talk.create({ data: { talkerId: ganbu, occurredOn: "2026-03-02", counterpartKind: "RESIDENT", counterpartName: "老张" } });
    await t.db.talk.create({ data: { talkerId: qita, occurredOn: "2026-11-03", counterpartKind: "RESIDENT", counterpartName: "别人的谈心对象" } });
    const a = await t.loginAs("ganbu");
    const all = await csvOf(a, "/records/export.csv");
    expect(all[0]).toEqual(["类型", "日期", "时间", "谈心对象 / 走访线路", "事由 / 目的", "状态"]);
    expect(all.slice(1).map((r) => r[3])).toEqual(["'=1+1", "老张"]);
    expect(all.flat()).not.toContain("别人的谈心对象");
    const november = await csvOf(a, "/records/export.csv?kind=talk&from=2026-11-01&to=2026-11-30");
    expect(november.slice(1).map((r) => [r[0], r[1], r[3]])).toEqual([["谈心", "2026-11-02", "'=1+1"]]);
    const visits = await csvOf(a, "/records/export.csv?kind=visit");
    expect(visits).toHaveLength(1);
  });

  it("the page links its CSV with the filters chosen and has a print button", async () => {
    const a = await t.loginAs("ganbu");
    const page = await a.get("/records?kind=talk&from=2026-11-01&to=2026-11-30");
    expect(page.text).toContain('href="/records/export.csv?kind=talk&amp;period=&amp;from=2026-11-01&amp;to=2026-11-30"');
    expect(page.text).toContain("data-print");
    expect(page.text).toContain('<script src="/js/print.js" defer></script>');
  });
});

describe("群众台账 as CSV", () => {
  beforeEach(async () => {
    await t.db.resident.create({ data: { zoneId: zoneA, name: "@张三", phone: "13812341234", idNumber: "510104199001011234", address: "成华区建设路街道12号", householdSize: 3, tags: "低保户" } });
    await t.db.resident.create({ data: { zoneId: zoneA, name: "李四", phone: "13900001111", tags: "" } });
    await t.db.resident.create({ data: { zoneId: zoneB, name: "王五", phone: "13700002222" } });
    await t.db.resident.create({ data: { zoneId: zoneA, name: "已删除", deletedAt: new Date() } });
  });

  it("is masked exactly as the list shows it, even for the zone's own cadre", async () => {
    const a = await t.loginAs("ganbu");
    const rows = await csvOf(a, "/residents/export.csv");
    expect(rows[0]).toEqual(["姓名", "责任区", "手机号", "身份证号", "住址", "人口", "标签"]);
    expect(rows.slice(1)).toEqual([
      ["'@张三", "第一责任区", "138****1234", "5101**********1234", "成华区****", "3", "低保户"],
      ["李四", "第一责任区", "139****1111", "", "", "", ""],
    ]);
    const page = await a.get("/residents");
    for (const shown of ["138****1234", "5101**********1234", "成华区****"]) expect(page.text).toContain(shown);
    const everything = JSON.stringify(rows);
    for (const full of ["13812341234", "510104199001011234", "建设路街道12号", "已删除"]) expect(everything).not.toContain(full);
  });

  it("takes the page's zone, name and tag filters", async () => {
    const a = await t.loginAs("shuji");
    expect((await csvOf(a, "/residents/export.csv?zone=all")).slice(1).map((r) => r[0]).sort()).toEqual(["'@张三", "李四", "王五"].sort());
    expect((await csvOf(a, `/residents/export.csv?zone=${zoneB}`)).slice(1).map((r) => r[0])).toEqual(["王五"]);
    expect((await csvOf(a, "/residents/export.csv?zone=all&tag=低保户")).slice(1).map((r) => r[0])).toEqual(["'@张三"]);
    expect((await csvOf(a, "/residents/export.csv?zone=all&q=1111")).slice(1).map((r) => r[0])).toEqual(["李四"]);
    const page = await (await t.loginAs("shuji")).get(`/residents?zone=${zoneB}&tag=低保户`);
    expect(page.text).toContain(`href="/residents/export.csv?zone=${zoneB}&amp;q=&amp;tag=${encodeURIComponent("低保户")}"`);
  });
});

describe("诉求台账 and 会议记录 as CSV", () => {
  beforeEach(async () => {
    const raise = (zoneId: number, ownerId: number, residentName: string, content: string, status = "ACCEPTED") =>
      t.db.request.create({ data: { source: "WALK_IN", zoneId, residentName, raisedOn: "2026-11-10", content, ownerId, createdById: ownerId, status } });
    await raise(zoneA, ganbu, "住户甲", "-路灯坏了");
    await raise(zoneA, ganbu, "住户乙", "已修好", "RESOLVED");
    await raise(zoneB, qita, "住户丙", "第二责任区的诉求");
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zoneA, heldOn: "2026-11-05", hostId: ganbu, residentCount: 12, topics: "议题", createdById: ganbu } });
    await t.db.meeting.create({ data: { kind: "FORUM", zoneId: zoneA, heldOn: "2026-10-05", createdById: ganbu } });
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zoneB, heldOn: "2026-11-06", hostId: qita, createdById: qita } });
  });

  it("requests: within reach only, the page's status filter, text guarded", async () => {
    const a = await t.loginAs("ganbu");
    const open = await csvOf(a, "/requests/export.csv");
    expect(open[0]).toEqual(["提出日期", "群众", "诉求内容", "来源", "责任区", "责任人", "状态", "反馈"]);
    expect(open.slice(1).map((r) => r.slice(0, 7))).toEqual([["2026-11-10", "住户甲", "'-路灯坏了", "接访", "第一责任区", "王干部", "受理"]]);
    const all = await csvOf(a, "/requests/export.csv?status=all");
    expect(all.slice(1).map((r) => r[1]).sort()).toEqual(["住户乙", "住户甲"].sort());
    // another zone's request is never exported, even when its zone is asked for
    expect(JSON.stringify(await csvOf(a, `/requests/export.csv?status=all&zone=${zoneB}`))).not.toContain("住户丙");
    expect((await csvOf(await t.loginAs("shuji"), "/requests/export.csv?status=all")).length).toBe(4);
  });

  it("meetings: within reach only, the page's zone and kind filters", async () => {
    const a = await t.loginAs("ganbu");
    const mine = await csvOf(a, "/meetings/export.csv");
    expect(mine[0]).toEqual(["日期", "类型", "责任区", "主持人", "党员", "群众", "诉求"]);
    expect(mine.slice(1)).toEqual([
      ["2026-11-05", "院坝会", "第一责任区", "王干部", "0", "12", "0"],
      ["2026-10-05", "座谈会", "第一责任区", "", "0", "0", "0"],
    ]);
    expect((await csvOf(a, "/meetings/export.csv?kind=COURTYARD")).slice(1).map((r) => r[0])).toEqual(["2026-11-05"]);
    expect(await csvOf(a, `/meetings/export.csv?zone=${zoneB}`)).toHaveLength(1); // the header only
    const s = await t.loginAs("shuji");
    expect((await csvOf(s, `/meetings/export.csv?zone=${zoneB}`)).slice(1).map((r) => r[3])).toEqual(["李干部"]);
    const page = await s.get(`/meetings?zone=${zoneB}&kind=COURTYARD`);
    expect(page.text).toContain(`href="/meetings/export.csv?zone=${zoneB}&amp;kind=COURTYARD"`);
    expect((await s.get("/requests?status=all")).text).toContain('href="/requests/export.csv?status=all&amp;zone="');
  });

  it("needs a session", async () => {
    const { default: request } = await import("supertest");
    for (const u of ["/records/export.csv", "/residents/export.csv", "/requests/export.csv", "/meetings/export.csv"]) {
      expect((await request(t.app).get(u)).status).toBe(303);
    }
  });
});
