import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { memberId, zone } from "../support/zones.ts";

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
  await t.db.member.update({ where: { username: "ganbu" }, data: { phone: "13700001111" } });
  await t.db.member.update({ where: { username: "shuji" }, data: { phone: "13600002222" } });
});
afterEach(() => t.close());

describe("activists under cultivation", () => {
  it("the zone's members add an activist and keep dated cultivation notes, audited", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/activists").type("form").send({ _csrf: await a.csrf(), zoneId: String(zoneId), name: "青年甲", sinceOn: "2026-03-01" });
    expect(res.status).toBe(303);
    const act = await t.db.activist.findFirstOrThrow();
    const g = await t.loginAs("ganbu");
    const note = await g.post(`/activists/${act.id}/notes`).type("form").send({ _csrf: await g.csrf(), notedOn: "2026-11-10", content: "参加院坝会并协助记录" });
    expect(note.status).toBe(303);
    expect(await t.db.activistNote.findFirstOrThrow()).toMatchObject({ activistId: act.id, authorId: await memberId(t, "ganbu"), notedOn: "2026-11-10" });
    expect((await a.get(`/activists/${act.id}`)).text).toContain("参加院坝会并协助记录");
    expect(await t.db.auditEntry.count({ where: { action: { in: ["activist.create", "activist_note.create"] } } })).toBe(2);
  });

  it("a note needs content and a date not after today; someone else's note cannot be deleted", async () => {
    const act = await t.db.activist.create({ data: { zoneId, name: "青年乙", sinceOn: "2026-01-01" } });
    const g = await t.loginAs("ganbu");
    expect((await g.post(`/activists/${act.id}/notes`).type("form").send({ _csrf: await g.csrf(), notedOn: "2026-11-19", content: "x" })).status).toBe(422);
    expect((await g.post(`/activists/${act.id}/notes`).type("form").send({ _csrf: await g.csrf(), notedOn: "2026-11-10", content: "" })).status).toBe(422);
    const n = await t.db.activistNote.create({ data: { activistId: act.id, authorId: await memberId(t, "dangyuan"), notedOn: "2026-11-01", content: "他人的记录" } });
    expect((await g.post(`/activists/${act.id}/notes/${n.id}/delete`).type("form").send({ _csrf: await g.csrf() })).status).toBe(404);
    expect((await t.db.activistNote.findUniqueOrThrow({ where: { id: n.id } })).deletedAt).toBeNull();
  });

  it("ending a cultivation on a date in a closed year is refused and changes nothing", async () => {
    const act = await t.db.activist.create({ data: { zoneId, name: "青年丙", sinceOn: "2025-01-01" } });
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const g = await t.loginAs("ganbu");
    const res = await g.post(`/activists/${act.id}/end`).type("form").send({ _csrf: await g.csrf(), endedOn: "2025-12-31" });
    expect(res.status).toBeLessThan(500);
    expect(res.status).not.toBe(200);
    expect((await t.db.activist.findUniqueOrThrow({ where: { id: act.id } })).endedOn).toBeNull();
    const ok = await g.post(`/activists/${act.id}/end`).type("form").send({ _csrf: await g.csrf(), endedOn: "2026-01-05" });
    expect(ok.status).toBe(303);
    expect((await t.db.activist.findUniqueOrThrow({ where: { id: act.id } })).endedOn).toBe("2026-01-05");
  });

  it("listing an activist from a date in a closed year is refused and writes nothing", async () => {
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/activists").type("form").send({ _csrf: await a.csrf(), zoneId: String(zoneId), name: "青年丁", sinceOn: "2025-06-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(res.text).toContain("青年丁");
    expect(await t.db.activist.count()).toBe(0);
    expect((await a.post("/activists").type("form").send({ _csrf: await a.csrf(), zoneId: String(zoneId), name: "青年丁", sinceOn: "2026-01-02" })).status).toBe(303);
  });

  it("a member of another zone gets 404 for the zone's activists and cannot add notes", async () => {
    const act = await t.db.activist.create({ data: { zoneId, name: "青年丙", sinceOn: "2026-01-01" } });
    const w = await t.loginAs("waiqu");
    expect((await w.get(`/activists/${act.id}`)).status).toBe(404);
    expect((await w.get(`/activists?zone=${zoneId}`)).status).toBe(404);
    expect((await w.post(`/activists/${act.id}/notes`).type("form").send({ _csrf: await w.csrf(), notedOn: "2026-11-10", content: "x" })).status).toBe(404);
    expect((await w.post("/activists").type("form").send({ _csrf: await w.csrf(), zoneId: String(zoneId), name: "x", sinceOn: "2026-01-01" })).status).toBe(404);
    expect(await t.db.activistNote.count()).toBe(0);
    expect(await t.db.activist.count()).toBe(1);
  });
});

describe("situation reports (情况反映)", () => {
  it("a cadre reports; the secretary sees every report in one list and marks it read, then acted on with a note", async () => {
    const g = await t.loginAs("ganbu");
    const res = await g.post("/situation-reports").type("form").send({ _csrf: await g.csrf(), kind: "SUGGESTION", content: "建议在三组增设公交站台" });
    expect(res.status).toBe(303);
    const r = await t.db.situationReport.findFirstOrThrow();
    expect(r).toMatchObject({ kind: "SUGGESTION", reportedOn: "2026-11-18", status: "NEW", authorId: await memberId(t, "ganbu") });
    const s = await t.loginAs("shuji");
    expect((await s.get("/situation-reports?status=NEW")).text).toContain("建议在三组增设公交站台");
    expect((await s.post(`/situation-reports/${r.id}/handle`).type("form").send({ _csrf: await s.csrf(), status: "READ", handlingNote: "" })).status).toBe(303);
    const noNote = await s.post(`/situation-reports/${r.id}/handle`).type("form").send({ _csrf: await s.csrf(), status: "ACTED", handlingNote: "" });
    expect(noNote.status).toBe(422);
    expect(noNote.text).toContain("采纳办理请写明处理意见");
    expect((await s.post(`/situation-reports/${r.id}/handle`).type("form").send({ _csrf: await s.csrf(), status: "ACTED", handlingNote: "已报交通局" })).status).toBe(303);
    expect(await t.db.situationReport.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ status: "ACTED", handlingNote: "已报交通局", handledById: await memberId(t, "shuji") });
    expect(await t.db.auditEntry.count({ where: { action: "situation.handle" } })).toBe(2);
  });

  it("a report dated in a closed year cannot be handled", async () => {
    const old = await t.db.situationReport.create({ data: { authorId: await memberId(t, "ganbu"), reportedOn: "2025-12-20", kind: "NEW_SITUATION", content: "去年的反映" } });
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: await memberId(t, "shuji") } });
    const s = await t.loginAs("shuji");
    const res = await s.post(`/situation-reports/${old.id}/handle`).type("form").send({ _csrf: await s.csrf(), status: "ACTED", handlingNote: "补记处理" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(await t.db.situationReport.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({ status: "NEW", handlingNote: "", handledById: null });
    expect(await t.db.auditEntry.count({ where: { action: "situation.handle" } })).toBe(0);
  });

  it("a cadre sees only their own reports and cannot mark any; a plain member cannot report", async () => {
    const other = await t.member({ username: "ganbu2", role: "CADRE", cadreLevel: "GENERAL" });
    const theirs = await t.db.situationReport.create({ data: { authorId: other.id, reportedOn: "2026-11-01", kind: "NEW_THINKING", content: "别人的反映" } });
    const g = await t.loginAs("ganbu");
    expect((await g.get("/situation-reports")).text).not.toContain("别人的反映");
    expect((await g.get(`/situation-reports/${theirs.id}`)).status).toBe(404);
    expect((await g.post(`/situation-reports/${theirs.id}/handle`).type("form").send({ _csrf: await g.csrf(), status: "READ" })).status).toBe(403);
    const d = await t.loginAs("dangyuan");
    expect((await d.get("/situation-reports")).status).toBe(403);
    expect((await d.post("/situation-reports").type("form").send({ _csrf: await d.csrf(), kind: "SUGGESTION", content: "x" })).status).toBe(403);
    expect((await t.db.situationReport.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("NEW");
  });
});

describe("the contact card (党群连心卡)", () => {
  it("prints the zone's cadres and the branch secretary with their phone numbers, for the zone's members only", async () => {
    const d = await t.loginAs("dangyuan");
    const card = await d.get(`/zones/${zoneId}/card`);
    expect(card.status).toBe(200);
    expect(card.text).toContain("党群连心卡");
    expect(card.text).toContain("干部甲");
    expect(card.text).toContain("13700001111");
    expect(card.text).toContain("书记");
    expect(card.text).toContain("13600002222");
    expect(card.text).not.toContain("<th>党员甲</th>"); // plain members are not on the card
    expect((await (await t.loginAs("waiqu")).get(`/zones/${zoneId}/card`)).status).toBe(404);
  });
});
