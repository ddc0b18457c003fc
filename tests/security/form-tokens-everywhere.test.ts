/**
 * Single-use form tokens on every create form (QA finding 1): each create form carries `_once`,
 * and the same form sent twice saves one row; the second answer goes back to the list with the
 * flash "该表单已提交过，未重复保存".
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { memberId, resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "GENERAL" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "dangyuan"])).id;
});
afterEach(() => t.close());

/** The `_csrf` and `_once` values of the form posting to `action` on `page`. */
async function formOf(a: Agent, page: string, action: string) {
  const html = (await a.get(page)).text;
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`${page} has no form posting to ${action}`);
  const form = html.slice(start, html.indexOf("</form>", start));
  const csrf = form.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const once = form.match(/name="_once" value="([^"]+)"/)?.[1];
  if (!csrf || !once) throw new Error(`the form posting to ${action} on ${page} has no _csrf or no _once field`);
  return { _csrf: csrf, _once: once };
}

/** Posts the form of `page` twice with the same tokens; returns both answers. */
async function twice(a: Agent, page: string, action: string, body: Record<string, unknown>) {
  const tokens = await formOf(a, page, action);
  const first = await a.post(action).type("form").send({ ...tokens, ...body });
  const again = await a.post(action).type("form").send({ ...tokens, ...body });
  return { first, again };
}

async function expectOnce(a: Agent, answers: Awaited<ReturnType<typeof twice>>, list: string, count: () => Promise<number>) {
  expect(answers.first.status).toBeLessThan(400);
  expect(answers.again.status).toBe(303);
  expect(answers.again.headers.location).toBe(list);
  expect((await a.get(list)).text).toContain("该表单已提交过，未重复保存");
  expect(await count()).toBe(1);
}

describe("a create form sent twice saves one record", () => {
  it("the same request (诉求) form sent twice is one request", async () => {
    const a = await t.loginAs("ganbu");
    const answers = await twice(a, "/requests/new", "/requests", { source: "WALK_IN", zoneId: String(zoneId), residentName: "刘大爷", raisedOn: "2026-11-10", content: "小区路灯坏了" });
    await expectOnce(a, answers, "/requests", () => t.db.request.count());
  });

  it("the same new-resident form sent twice is one resident", async () => {
    const a = await t.loginAs("dangyuan");
    const answers = await twice(a, "/residents/new", "/residents", { zoneId: String(zoneId), name: "张师傅", address: "幸福村一组" });
    await expectOnce(a, answers, "/residents", () => t.db.resident.count());
  });

  it("the same meeting form sent twice is one meeting with one set of requests", async () => {
    const a = await t.loginAs("ganbu");
    const ganbu = String(await memberId(t, "ganbu"));
    const answers = await twice(a, `/meetings/new?zone=${zoneId}`, "/meetings", {
      kind: "COURTYARD", zoneId: String(zoneId), heldOn: "2026-11-15", hostId: ganbu, place: "三组院坝", attendeeIds: [ganbu],
      residentCount: "12", topics: "冬季用电安全", minutes: "通报了近期工作", requestName: ["赵大爷"], requestContent: ["门前排水沟堵塞"],
    });
    await expectOnce(a, answers, "/meetings", () => t.db.meeting.count());
    expect(await t.db.request.count()).toBe(1);
  });

  it("the same assistance (帮扶) form sent twice is one assistance record", async () => {
    const r = await resident(t, zoneId, "困难户甲", { tags: "困难户" });
    const p = await t.db.pairing.create({ data: { cadreId: await memberId(t, "ganbu"), residentId: r.id, startedOn: "2026-03-01" } });
    const a = await t.loginAs("ganbu");
    const answers = await twice(a, `/pairings/${p.id}`, `/pairings/${p.id}/assistance`, { givenOn: "2026-11-10", kind: "MATERIALS", description: "米面油" });
    await expectOnce(a, answers, `/pairings/${p.id}`, () => t.db.assistanceRecord.count());
  });

  it("the same new-pairing form sent twice is one pairing", async () => {
    const r = await resident(t, zoneId, "困难户乙", { tags: "困难户" });
    const a = await t.loginAs("ganbu");
    const answers = await twice(a, "/pairings/new", "/pairings", { residentId: String(r.id), startedOn: "2026-11-01" });
    await expectOnce(a, answers, "/pairings", () => t.db.pairing.count());
  });

  it("the same situation report sent twice is one report", async () => {
    const a = await t.loginAs("ganbu");
    const answers = await twice(a, "/situation-reports", "/situation-reports", { kind: "SUGGESTION", content: "建议在三组增设公交站台" });
    await expectOnce(a, answers, "/situation-reports", () => t.db.situationReport.count());
  });

  it("the same new-activist form and the same cultivation note sent twice are one activist and one note", async () => {
    const a = await t.loginAs("dangyuan");
    const added = await twice(a, `/activists?zone=${zoneId}`, "/activists", { zoneId: String(zoneId), name: "青年甲", sinceOn: "2026-03-01" });
    await expectOnce(a, added, `/activists?zone=${zoneId}`, () => t.db.activist.count());
    const id = (await t.db.activist.findFirstOrThrow()).id;
    const noted = await twice(a, `/activists/${id}`, `/activists/${id}/notes`, { notedOn: "2026-11-01", content: "参加志愿服务" });
    await expectOnce(a, noted, `/activists/${id}`, () => t.db.activistNote.count());
  });

  it("the admin's create forms for an account, a zone, a line and a rule setting each save once", async () => {
    const a = await t.loginAs("guanli");
    const before = await t.db.member.count();
    const account = await twice(a, "/admin/accounts/new", "/admin/accounts", { username: "xinren", name: "新人", role: "MEMBER", registeredOn: "2026-11-01" });
    await expectOnce(a, account, "/admin/accounts", async () => (await t.db.member.count()) - before);
    const zones = await twice(a, "/admin/zones/new", "/admin/zones", { name: "第二责任区", establishedOn: "2026-01-01" });
    await expectOnce(a, zones, "/admin/zones", async () => t.db.zone.count({ where: { name: "第二责任区" } }));
    const line = await twice(a, "/admin/units", "/admin/units", { kind: "line", name: "2路" });
    await expectOnce(a, line, "/admin/units", () => t.db.line.count());
    const rule = await twice(a, "/admin/rules", "/admin/rules", { rule: "YEAR_TALKS", value: "30", effectiveFrom: "2027-01-01", cadreLevel: "" });
    await expectOnce(a, rule, "/admin/rules", () => t.db.ruleSetting.count({ where: { effectiveFrom: "2027-01-01" } }));
  });

  it("the same training session form sent twice is one session (a double tap on 登记培训)", async () => {
    const a = await t.loginAs("guanli");
    const branch = await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" }, select: { branchId: true } });
    const answers = await twice(a, "/training/new", "/training", { heldOn: "2026-11-10", level: "TOWNSHIP", topic: "党章学习", orgId: String(branch.branchId), attendees: "dangyuan" });
    await expectOnce(a, answers, "/training", () => t.db.trainingSession.count());
    expect(await t.db.trainingAttendance.count()).toBe(1);
  });
});
