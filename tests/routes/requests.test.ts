import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { memberId, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "ganbu2", name: "干部乙", role: "CADRE", cadreLevel: "GENERAL" });
  await t.member({ username: "waiqu", name: "外区党员" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "ganbu2"])).id;
  await zone(t, "第二责任区", ["waiqu"]);
});
afterEach(() => t.close());

async function raise(over: Record<string, string> = {}) {
  const a = await t.loginAs("ganbu");
  const res = await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "WALK_IN", residentName: "刘大爷", raisedOn: "2026-11-10", content: "小区路灯坏了", ...over });
  return { a, res };
}

const close = (over: Record<string, string> = {}) => ({
  status: "RESOLVED",
  handling: "已联系物业更换",
  feedbackOn: "2026-11-17",
  feedbackHow: "PHONE",
  feedbackContent: "电话告知已修好",
  ...over,
});

describe("raising a request", () => {
  it("a cadre registers a walk-in request in their zone, owned by them, accepted, with an audit entry", async () => {
    const { res } = await raise();
    expect(res.status).toBe(303);
    const q = await t.db.request.findFirstOrThrow();
    expect(q).toMatchObject({ source: "WALK_IN", zoneId, status: "ACCEPTED", ownerId: await memberId(t, "ganbu"), residentName: "刘大爷" });
    expect(await t.db.auditEntry.count({ where: { action: "request.create" } })).toBe(1);
  });

  it("a member cannot register a request in a zone they are not in", async () => {
    const a = await t.loginAs("waiqu");
    const res = await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "WALK_IN", zoneId: String(zoneId), residentName: "某人", raisedOn: "2026-11-10", content: "内容" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("只能在自己所在的责任区登记诉求");
    expect(await t.db.request.count()).toBe(0);
  });
});

describe("requests raised at a talk", () => {
  it("a request raised from one's own talk is linked to it, with the talk's resident and date filled in", async () => {
    const g = await memberId(t, "ganbu");
    const talk = await t.db.talk.create({ data: { talkerId: g, occurredOn: "2026-11-12", counterpartKind: "RESIDENT", counterpartName: "孙师傅" } });
    const a = await t.loginAs("ganbu");
    const form = await a.get(`/requests/new?source=TALK&link=${talk.id}`);
    expect(form.text).toContain('value="孙师傅"');
    expect(form.text).toContain('value="2026-11-12"');
    const res = await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "TALK", linkId: String(talk.id), residentName: "孙师傅", raisedOn: "2026-11-12", content: "希望增开早班车" });
    expect(res.status).toBe(303);
    expect(await t.db.request.findFirstOrThrow()).toMatchObject({ source: "TALK", talkId: talk.id, residentName: "孙师傅" });
  });

  it("another person's talk cannot be linked", async () => {
    const other = await t.db.talk.create({ data: { talkerId: await memberId(t, "ganbu2"), occurredOn: "2026-11-12", counterpartKind: "RESIDENT", counterpartName: "周师傅" } });
    const { res } = await raise({ source: "TALK", linkId: String(other.id) });
    expect(res.status).toBe(422);
    expect(await t.db.request.count()).toBe(0);
  });

  it("a request dated in a closed year is refused", async () => {
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const { res } = await raise({ raisedOn: "2025-12-30" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("年度已由支部书记完成年终备查");
    expect(await t.db.request.count()).toBe(0);
  });
});

describe("closing a request", () => {
  it("a request cannot be closed without feedback: the form says so and nothing is written", async () => {
    const { a } = await raise();
    const q = await t.db.request.findFirstOrThrow();
    const audits = await t.db.auditEntry.count();
    const res = await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close({ feedbackOn: "", feedbackHow: "", feedbackContent: "" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("办结或上报前必须填写反馈日期");
    expect(res.text).toContain("已联系物业更换"); // the typed values are kept
    expect(await t.db.request.findUniqueOrThrow({ where: { id: q.id } })).toEqual(q);
    expect(await t.db.auditEntry.count()).toBe(audits);
  });

  it("escalating needs feedback and the body it went to", async () => {
    const { a } = await raise();
    const q = await t.db.request.findFirstOrThrow();
    const res = await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close({ status: "ESCALATED" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("请填写上报的单位或部门");
    expect((await t.db.request.findUniqueOrThrow({ where: { id: q.id } })).status).toBe("ACCEPTED");
  });

  it("the owner closes a request with feedback; it is final and audited", async () => {
    const { a } = await raise();
    const q = await t.db.request.findFirstOrThrow();
    const res = await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close() });
    expect(res.status).toBe(303);
    const after = await t.db.request.findUniqueOrThrow({ where: { id: q.id } });
    expect(after).toMatchObject({ status: "RESOLVED", feedbackOn: "2026-11-17", feedbackHow: "PHONE", feedbackContent: "电话告知已修好" });
    expect(after.closedAt).not.toBeNull();
    expect(await t.db.auditEntry.count({ where: { action: "request.close", entityId: String(q.id) } })).toBe(1);
    const again = await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close({ status: "IN_PROGRESS" }) });
    expect(again.status).toBe(422);
    expect((await t.db.request.findUniqueOrThrow({ where: { id: q.id } })).status).toBe("RESOLVED");
  });

  it("feedback dated before the request was raised is refused", async () => {
    const { a } = await raise();
    const q = await t.db.request.findFirstOrThrow();
    const res = await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close({ feedbackOn: "2026-11-09" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("反馈日期不能早于诉求提出日期");
  });

  it("another member of the zone can read the request but not handle it (403); outside the zone it is 404", async () => {
    await raise();
    const q = await t.db.request.findFirstOrThrow();
    const colleague = await t.loginAs("ganbu2");
    expect((await colleague.get(`/requests/${q.id}`)).status).toBe(200);
    const res = await colleague.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await colleague.csrf(), ...close() });
    expect(res.status).toBe(403);
    const outsider = await t.loginAs("waiqu");
    expect((await outsider.get(`/requests/${q.id}`)).status).toBe(404);
    expect((await outsider.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await outsider.csrf(), ...close() })).status).toBe(404);
    expect((await outsider.get("/requests?status=all")).text).not.toContain("小区路灯坏了");
    expect((await t.db.request.findUniqueOrThrow({ where: { id: q.id } })).status).toBe("ACCEPTED");
  });
});

describe("overdue requests", () => {
  it("flips to overdue at exactly the configured number of days, in Beijing calendar days", async () => {
    await raise({ raisedOn: "2026-11-10" });
    const q = await t.db.request.findFirstOrThrow();
    const shuji = await t.loginAs("shuji");
    // Deadline 2026-11-17 (7 days). 23:59 Beijing on the 17th is still on time; 00:00 on the 18th is not.
    t.clock.set("2026-11-17T23:59:00+08:00");
    expect((await shuji.get("/requests/overdue")).text).not.toContain(`data-request="${q.id}"`);
    t.clock.set("2026-11-17T16:00:00Z"); // = 2026-11-18 00:00 in Beijing
    const page = await shuji.get("/requests/overdue");
    expect(page.text).toContain(`data-request="${q.id}"`);
    expect(page.text).toContain("逾期 1 天");
  });

  it("follows the admin's setting of the number of days", async () => {
    await t.db.ruleSetting.create({ data: { rule: "REQUEST_FEEDBACK_DAYS", value: 3, effectiveFrom: "2026-01-01" } });
    await raise({ raisedOn: "2026-11-14" });
    const q = await t.db.request.findFirstOrThrow();
    const shuji = await t.loginAs("shuji");
    t.clock.set("2026-11-17T12:00:00+08:00");
    expect((await shuji.get("/requests/overdue")).text).not.toContain(`data-request="${q.id}"`);
    t.clock.set("2026-11-18T00:00:00+08:00");
    expect((await shuji.get("/requests/overdue")).text).toContain(`data-request="${q.id}"`);
  });

  it("a request with feedback is not on the overdue list; only the secretary and admin open the list", async () => {
    const { a } = await raise({ raisedOn: "2026-11-01" });
    const q = await t.db.request.findFirstOrThrow();
    expect((await a.get("/requests/overdue")).status).toBe(403);
    await a.post(`/requests/${q.id}/handle`).type("form").send({ _csrf: await a.csrf(), ...close({ status: "IN_PROGRESS" }) });
    const shuji = await t.loginAs("shuji");
    expect((await shuji.get("/requests/overdue")).text).not.toContain(`data-request="${q.id}"`);
  });

  it("my open requests appear on the dashboard with the overdue ones marked", async () => {
    const { a } = await raise({ raisedOn: "2026-11-01", content: "逾期的诉求" });
    await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "WALK_IN", residentName: "王大妈", raisedOn: "2026-11-17", content: "新的诉求" });
    const home = await a.get("/");
    expect(home.text).toContain("逾期的诉求");
    expect(home.text).toContain("新的诉求");
    expect(home.text).toMatch(/data-open-requests>[\s\S]*?data-count>2</);
    expect(home.text).toContain("其中 1 条逾期未反馈");
  });
});
