/** A member's year (一人一年的台账): every record, 补录 marks, scoping, and the printable binders. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { instantOf } from "../../src/rules/index.ts";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
});
afterEach(() => w.t.close());

describe("a member's year", () => {
  it("lists talks with their must-talk reason, visits by ISO week with the week's dates, meetings, pairings, assistance and requests", async () => {
    const { t } = w;
    await w.talk(w.ganbu, "2026-03-05", { reason: "HARDSHIP", name: "孙大娘" });
    await w.talk(w.ganbu, "2025-12-20", { name: "去年的人" });
    await w.visit(w.ganbu, "2025-12-30", { time: "07:40" }); // ISO week 2026-W01
    await w.visit(w.ganbu, "2026-03-03");
    const m = await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-04-02", place: "村口院坝", topics: "修路", createdById: w.shuji } });
    await t.db.meetingAttendance.create({ data: { meetingId: m.id, memberId: w.ganbu } });
    const r = await t.db.resident.create({ data: { zoneId: w.zoneA, name: "困难户甲" } });
    const p = await t.db.pairing.create({ data: { cadreId: w.ganbu, residentId: r.id, startedOn: "2025-06-01" } });
    await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-05-01", kind: "FUNDS", amountFen: 50000, description: "慰问金", createdById: w.ganbu } });
    await t.db.request.create({ data: { source: "WALK_IN", zoneId: w.zoneA, residentName: "住户乙", raisedOn: "2026-06-01", content: "路灯不亮", ownerId: w.ganbu, createdById: w.ganbu } });
    await t.db.talk.create({ data: { talkerId: w.ganbu, occurredOn: "2026-03-06", counterpartKind: "RESIDENT", counterpartName: "已删除的", deletedAt: new Date() } });

    const res = await (await t.loginAs("shuji")).get(`/years/2026/members/${w.ganbu}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("孙大娘");
    expect(res.text).toContain("生活困难");
    expect(res.text).not.toContain("去年的人");
    expect(res.text).not.toContain("已删除的");
    expect(res.text).toContain("2026-W01（2025-12-29 至 2026-01-04）· 1 次");
    expect(res.text).toContain("2025-12-30 07:40");
    expect(res.text).toContain("2026-W10（2026-03-02 至 2026-03-08）· 1 次");
    expect(res.text).toContain("村口院坝");
    expect(res.text).toContain("困难户甲");
    expect(res.text).toContain("500.00");
    expect(res.text).toContain("路灯不亮");
    expect(res.text).toMatch(/年度谈心[\s\S]*?>1<\/a> \/ 10/);
  });

  it("marks a record entered more than 7 days after its date 补录, with both dates, and not one entered after 7", async () => {
    await w.talk(w.ganbu, "2026-03-01", { name: "补录对象", createdAt: instantOf("2026-03-09", "09:15") });
    await w.talk(w.ganbu, "2026-03-02", { name: "准时对象", createdAt: instantOf("2026-03-09", "23:00") });
    const res = await (await w.t.loginAs("ganbu")).get(`/years/2026/members/${w.ganbu}`);
    const row = (name: string) => res.text.slice(res.text.lastIndexOf("<tr", res.text.indexOf(name)), res.text.indexOf("</tr>", res.text.indexOf(name)));
    expect(row("补录对象")).toContain('<span class="late"');
    expect(row("补录对象")).toContain("录入 2026-03-09 09:15（记录日期 2026-03-01）");
    expect(row("准时对象")).not.toContain('class="late"');
    expect(res.text).toContain("1 条补录");
  });

  it("narrows to the period a count links to", async () => {
    await w.talk(w.ganbu, "2026-03-05", { name: "三月的人" });
    await w.talk(w.ganbu, "2026-04-05", { name: "四月的人" });
    const res = await (await w.t.loginAs("shuji")).get(`/years/2026/members/${w.ganbu}?period=2026-03`);
    expect(res.text).toContain("三月的人");
    expect(res.text).not.toContain("四月的人");
    expect(res.text).toContain("仅显示 2026-03");
  });

  it("is readable by the member themself and by the secretary, but another member's year is not found", async () => {
    expect((await (await w.t.loginAs("dangyuan")).get(`/years/2026/members/${w.dangyuan}`)).status).toBe(200);
    expect((await (await w.t.loginAs("dangyuan")).get(`/years/2026/members/${w.ganbu}`)).status).toBe(404);
    expect((await (await w.t.loginAs("ganbu")).get(`/years/2026/members/${w.dangyuan}/print`)).status).toBe(404);
    expect((await (await w.t.loginAs("guanli")).get(`/years/2026/members/${w.dangyuan}`)).status).toBe(200);
    expect((await (await w.t.loginAs("shuji")).get(`/years/1999/members/${w.dangyuan}`)).status).toBe(404);
    expect((await (await w.t.loginAs("shuji")).get(`/years/2026/members/99999`)).status).toBe(404);
  });

  it("shows no sign-off form to the member, only their state", async () => {
    const res = await (await w.t.loginAs("ganbu")).get(`/years/2026/members/${w.ganbu}`);
    expect(res.text).toContain('data-review-state="PENDING"');
    expect(res.text).not.toContain('name="decision"');
  });
});

describe("the printable binders", () => {
  it("print one member's year with the header, the quota table, the records and a signature box, for A4", async () => {
    await w.talk(w.ganbu, "2026-03-05", { name: "孙大娘" });
    const res = await (await w.t.loginAs("shuji")).get(`/years/2026/members/${w.ganbu}/print`);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/<th>姓名<\/th><td>王干部<\/td>/);
    expect(res.text).toMatch(/<th>责任区<\/th><td>第一责任区<\/td>/);
    expect(res.text).toMatch(/<th>年度<\/th><td>2026<\/td>/);
    expect(res.text).toContain("考核完成情况");
    expect(res.text).toContain("孙大娘");
    expect(res.text).toContain('class="signature-box"');
    expect(res.text).not.toMatch(/href="\/talks\/\d/); // paper: no links to records
    expect(res.text).toContain('href="/css/print.css" media="print"');
  });

  it("print a zone's year: a cover with its meetings, then one section per member of the zone", async () => {
    await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-02-10", place: "活动室", createdById: w.ganbu } });
    const a = await w.t.loginAs("shuji");
    const res = await a.get(`/years/2026/zones/${w.zoneA}/print`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("第一责任区 · 2026 年度工作台账");
    expect(res.text).toContain("活动室");
    expect(res.text).toContain('data-member="ganbu"');
    expect(res.text).toContain('data-member="shuji"');
    expect(res.text).not.toContain('data-member="dangyuan"');
    expect((await (await w.t.loginAs("ganbu")).get(`/years/2026/zones/${w.zoneA}/print`)).status).toBe(403);
  });
});
