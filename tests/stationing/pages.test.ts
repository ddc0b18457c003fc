/**
 * The stationing and training forms through the real app (issue 18 "Bad input"): a stationing
 * into a non-village org or over another, an attendee outside the session's org, a date in a
 * closed year → 422, the same form with a Chinese message and the user's values, nothing written;
 * good input → 303 and the village page lists the cadre with their records in the village.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterAll(() => t.close());

const counts = async () => [await t.db.stationing.count(), await t.db.trainingSession.count(), await t.db.trainingAttendance.count(), await t.db.auditEntry.count()];

describe("the stationing form", () => {
  it("refuses a non-village org and an overlap on the same form with the values kept; a good one is listed on the village's page", async () => {
    const admin = await t.loginAs("guanli");
    const token = await admin.csrf("/admin/stationings/new");
    const body = { _csrf: token, username: "gb_a1", orgId: String(c.townships.B.id), fromOn: "2026-03-01", toOn: "", post: "CLERK", kind: "VILLAGE_CADRE", note: "备注甲" };
    const before = await counts();
    const bad = await admin.post("/admin/stationings").type("form").send(body);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("不是村（社区）党支部");
    expect(bad.text).toContain('value="备注甲"');
    expect(bad.text).toContain('value="gb_a1"');
    expect(await counts()).toEqual(before);

    const ok = await admin.post("/admin/stationings").type("form").send({ ...body, orgId: String(c.branches.b1.id) });
    expect(ok.status).toBe(303);
    const clash = await admin.post("/admin/stationings").type("form").send({ ...body, orgId: String(c.branches.b2.id), fromOn: "2026-10-01" });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain("不能重叠");
    expect(clash.text).toContain('value="2026-10-01"');

    await t.db.talk.create({ data: { talkerId: c.branches.a1.cadre, occurredOn: "2026-05-01", counterpartKind: "RESIDENT", counterpartName: "村民丁", counterpartResidentId: (await t.db.resident.create({ data: { zoneId: c.branches.b1.zoneId, name: "村民丁" } })).id } });
    const page = await admin.get(`/villages/${c.branches.b1.id}?year=2026`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("gba1");
    expect(page.text).toContain("村文书");
    expect(page.text).toContain("村民丁");
    const list = await admin.get("/admin/stationings");
    expect(list.text).toContain("B1村党支部");
  });

  it("a date in a closed year: 422 with the Chinese message, nothing written", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.b2.id, year: 2025, closedAt: new Date(), closedById: c.people.rootAdmin } });
    const admin = await t.loginAs("guanli");
    const token = await admin.csrf("/admin/stationings/new");
    const before = await counts();
    const res = await admin.post("/admin/stationings").type("form").send({ _csrf: token, username: "dy_a2", orgId: String(c.branches.b2.id), fromOn: "2025-06-01", toOn: "", post: "OTHER", kind: "THREE_SUPPORTS", note: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(res.text).toContain('value="2025-06-01"');
    expect(await counts()).toEqual(before);
  });
});

describe("the training form", () => {
  it("an attendee outside the organizing org: 422, values kept; a good session: 303 and coverage counts it", async () => {
    const sec = await t.loginAs("sj_a1");
    const token = await sec.csrf("/training/new");
    const body = { _csrf: token, heldOn: "2026-06-01", level: "TOWNSHIP", topic: "群众路线教育", orgId: String(c.branches.a1.id), attendees: "gb_a1, dy_a2" };
    const before = await counts();
    const bad = await sec.post("/training").type("form").send(body);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("不在「A1村党支部」范围内");
    expect(bad.text).toContain("群众路线教育");
    expect(await counts()).toEqual(before);
    const ok = await sec.post("/training").type("form").send({ ...body, attendees: "gb_a1 dy_a1" });
    expect(ok.status).toBe(303);
    const cov = await sec.get("/training/coverage?year=2026");
    expect(cov.status).toBe(200);
    expect(cov.text.match(/尚未参训（\d+ 人）/)?.[0], cov.text.slice(cov.text.indexOf("<table"), cov.text.indexOf("<table") + 1500)).toBe("尚未参训（2 人）"); // sj_a1 and shenhe_a (a member of A1) of four
    expect((await sec.get(`/training/coverage?year=2026&org=XZB`)).status).toBe(404);
    const member = await t.loginAs("dy_a1");
    const mine = await member.get("/training");
    expect(mine.text).toContain("群众路线教育");
    expect((await member.get("/training/new")).status).toBe(403);
  });
});
