import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { memberId, resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "waiqu", name: "外区党员" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "dangyuan"])).id;
  await zone(t, "第二责任区", ["waiqu"]);
});
afterEach(() => t.close());

async function meeting(username: string, over: Record<string, unknown> = {}) {
  const a = await t.loginAs(username);
  const res = await a
    .post("/meetings")
    .type("form")
    .send({
      _csrf: await a.csrf(),
      kind: "COURTYARD",
      zoneId: String(zoneId),
      heldOn: "2026-11-15",
      hostId: String(await memberId(t, "ganbu")),
      place: "三组院坝",
      attendeeIds: [String(await memberId(t, "ganbu")), String(await memberId(t, "dangyuan"))],
      residentCount: "23",
      topics: "冬季用电安全",
      minutes: "通报了近期工作",
      requestName: ["赵大爷", "钱大妈", ""],
      requestContent: ["门前排水沟堵塞", "申请低保复核", ""],
      ...over,
    });
  return { a, res };
}

describe("recording a meeting", () => {
  it("the form lists the zone's roster on the day with only the organizer ticked", async () => {
    const a = await t.loginAs("ganbu");
    const page = await a.get("/meetings/new");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/name="attendeeIds" value="\d+"> 党员甲/);
    expect(page.text).toMatch(/name="attendeeIds" value="\d+" checked> 干部甲/);
    expect(page.text).toContain("已勾选 <strong>1</strong> 名党员");
    expect(page.text).not.toContain("外区党员");
  });

  it("a meeting with no member ticked and no resident present is refused (422, nothing written); either one alone is enough", async () => {
    const empty = await meeting("ganbu", { attendeeIds: [], residentCount: "0" });
    expect(empty.res.status).toBe(422);
    expect(empty.res.text).toContain("会议至少要有一名参会人员");
    expect(empty.res.text).toContain('href="#f-attendeeIds"'); // listed in the error summary, linked to the field
    expect(await t.db.meeting.count()).toBe(0);
    expect(await t.db.request.count()).toBe(0);
    expect((await meeting("ganbu", { attendeeIds: [], residentCount: "5", requestName: [], requestContent: [] })).res.status).toBe(303);
    expect((await meeting("ganbu", { attendeeIds: [String(await memberId(t, "ganbu"))], residentCount: "0", requestName: [], requestContent: [] })).res.status).toBe(303);
    expect(await t.db.meeting.count()).toBe(2);
  });

  it("a courtyard meeting with two requests raised creates the meeting, its attendance and two MEETING requests in one go", async () => {
    const r = await resident(t, zoneId, "赵大爷");
    const { res } = await meeting("ganbu");
    expect(res.status).toBe(303);
    const m = await t.db.meeting.findFirstOrThrow({ include: { attendances: true, requests: true } });
    expect(m).toMatchObject({ kind: "COURTYARD", zoneId, heldOn: "2026-11-15", residentCount: 23, place: "三组院坝" });
    expect(m.attendances).toHaveLength(2);
    expect(m.requests.map((q) => [q.source, q.residentName, q.content, q.raisedOn, q.status])).toEqual([
      ["MEETING", "赵大爷", "门前排水沟堵塞", "2026-11-15", "ACCEPTED"],
      ["MEETING", "钱大妈", "申请低保复核", "2026-11-15", "ACCEPTED"],
    ]);
    expect(m.requests[0].residentId).toBe(r.id);
    expect(m.requests[1].residentId).toBeNull();
    expect(await t.db.auditEntry.count({ where: { action: "meeting.create" } })).toBe(1);
    expect(await t.db.auditEntry.count({ where: { action: "request.create" } })).toBe(2);
  });

  it("a request row with a name but no content is explained under the row and nothing is written", async () => {
    const { res } = await meeting("ganbu", { requestName: ["赵大爷", "钱大妈"], requestContent: ["门前排水沟堵塞", ""] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("请填写诉求内容");
    expect(res.text).toContain("门前排水沟堵塞");
    expect(await t.db.meeting.count()).toBe(0);
    expect(await t.db.request.count()).toBe(0);
  });

  it("a member present who is not on the zone's roster that day is refused and nothing is written", async () => {
    const { res } = await meeting("ganbu", { attendeeIds: [String(await memberId(t, "waiqu"))] });
    expect(res.status).toBe(422);
    expect(res.text).toContain("参会党员须是会议当日该责任区的党员");
    expect(await t.db.meeting.count()).toBe(0);
    expect(await t.db.request.count()).toBe(0);
  });

  it("a member cannot record a meeting for another zone, nor one dated after today", async () => {
    expect((await meeting("waiqu", { attendeeIds: [] })).res.status).toBe(422);
    expect((await meeting("ganbu", { heldOn: "2026-11-19" })).res.status).toBe(422);
    expect(await t.db.meeting.count()).toBe(0);
  });

  it("a meeting in a closed year is refused", async () => {
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const { res } = await meeting("ganbu", { heldOn: "2025-12-20" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("年度已由支部书记完成年终备查");
    expect(await t.db.meeting.count()).toBe(0);
  });

  it("a meeting is readable within its zone and a 404 outside it; only its recorder deletes it", async () => {
    await meeting("ganbu");
    const m = await t.db.meeting.findFirstOrThrow();
    const outsider = await t.loginAs("waiqu");
    expect((await outsider.get(`/meetings/${m.id}`)).status).toBe(404);
    const colleague = await t.loginAs("dangyuan");
    expect((await colleague.get(`/meetings/${m.id}`)).status).toBe(200);
    expect((await colleague.post(`/meetings/${m.id}/delete`).type("form").send({ _csrf: await colleague.csrf() })).status).toBe(404);
    expect((await t.db.meeting.findUniqueOrThrow({ where: { id: m.id } })).deletedAt).toBeNull();
  });
});

describe("the zone page and the branch's meeting rule", () => {
  it("the zone page shows this month's courtyard meetings against the quota and the open requests", async () => {
    const a = await t.loginAs("ganbu");
    const before = await a.get(`/zones/${zoneId}`);
    expect(before.text).toMatch(/data-rule="MONTH_COURTYARD">[\s\S]*?data-count>0</);
    await meeting("ganbu");
    const after = await a.get(`/zones/${zoneId}`);
    expect(after.text).toMatch(/data-rule="MONTH_COURTYARD">[\s\S]*?data-count>1</);
    expect(after.text).toMatch(/data-open-requests>[\s\S]*?data-count>2</);
    expect(after.text).toContain("门前排水沟堵塞");
  });

  it("a zone page is a 404 to a member of another zone, and readable by the secretary", async () => {
    expect((await (await t.loginAs("waiqu")).get(`/zones/${zoneId}`)).status).toBe(404);
    expect((await (await t.loginAs("shuji")).get(`/zones/${zoneId}`)).status).toBe(200);
  });

  it("the zones page shows the branch's half-year meeting-record rule, counting a 座谈会 and not a 院坝会", async () => {
    const shuji = await t.loginAs("shuji");
    await meeting("ganbu");
    const h2 = /data-period="2026-H2">[\s\S]*?data-count>(\d+)</;
    expect((await shuji.get("/zones")).text.match(h2)?.[1]).toBe("0");
    await meeting("ganbu", { kind: "FORUM", requestName: [], requestContent: [] });
    expect((await shuji.get("/zones")).text.match(h2)?.[1]).toBe("1");
  });
});
