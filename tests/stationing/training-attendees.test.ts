/**
 * Attendees of an existing 三项教育 session (issue 18 item 4, session 4) through the app: the
 * session's page links its organizer to the attendees page, which lists the members of the
 * session's org on its date (those attending marked so); adding by ticking or by login name, an
 * already-attending member is a no-op (no duplicate), someone outside the org is refused with the
 * Chinese message (422, values kept, nothing written), a closed year refuses adding and removing;
 * removing one; who may (the organizing branch's secretary, admins over it; 404 out of reach, 403
 * to those who organize nothing); /training/coverage follows every change.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
let sessionId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  sessionId = (await t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: "群众路线教育", orgId: c.branches.a1.id, attendees: { create: [{ memberId: c.branches.a1.cadre }] } } })).id;
});
afterEach(() => t.close());

const writes = async () => JSON.stringify([await t.db.trainingAttendance.findMany({ orderBy: [{ sessionId: "asc" }, { memberId: "asc" }] }), await t.db.auditEntry.count()]);
const attendees = async () => (await t.db.trainingAttendance.findMany({ where: { sessionId }, select: { memberId: true }, orderBy: { memberId: "asc" } })).map((a) => a.memberId);

async function add(username: string, body: Record<string, string | string[]>, id = sessionId) {
  const a = await t.loginAs(username);
  return a.post(`/training/${id}/attendees`).type("form").send({ _csrf: await a.csrf(), ...body });
}
async function remove(username: string, memberId: number, id = sessionId) {
  const a = await t.loginAs(username);
  return a.post(`/training/${id}/attendees/${memberId}/delete`).type("form").send({ _csrf: await a.csrf() });
}
const untrained = async (username = "sj_a1") => (await (await t.loginAs(username)).get("/training/coverage?year=2026")).text.match(/尚未参训（(\d+) 人）/)?.[1];

describe("the attendees page", () => {
  it("the session's page links it for the organizer; it lists the org's members, the attending one marked", async () => {
    const sec = await t.loginAs("sj_a1");
    expect((await sec.get(`/training/${sessionId}`)).text).toContain(`href="/training/${sessionId}/attendees"`);
    const page = await sec.get(`/training/${sessionId}/attendees`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(new RegExp(`data-candidate="${c.branches.a1.cadre}" data-attending="1"`));
    expect(page.text).toContain(`name="memberIds" value="${c.branches.a1.member}"`);
    expect(page.text).toContain(`name="memberIds" value="${c.branches.a1.secretary}"`);
    expect(page.text).not.toContain(`value="${c.branches.a2.member}"`); // another branch's member is not offered
    expect(page.text).toContain(`data-attendee="${c.branches.a1.cadre}"`);
    // An attendee who does not organize sees the session but no link.
    expect((await (await t.loginAs("gb_a1")).get(`/training/${sessionId}`)).text).not.toContain("/attendees");
  });

  it("ticking and typing add them once; an already-attending member is a no-op; coverage follows", async () => {
    expect(await untrained()).toBe("3"); // dy_a1, sj_a1, shenhe_a of A1's four
    const sec = await t.loginAs("sj_a1");
    const res = await sec.post(`/training/${sessionId}/attendees`).type("form").send({ _csrf: await sec.csrf(), memberIds: [String(c.branches.a1.member), String(c.branches.a1.cadre)], attendees: "sj_a1 dy_a1" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/training/${sessionId}`);
    expect(await attendees()).toEqual([c.branches.a1.member, c.branches.a1.cadre, c.branches.a1.secretary].sort((x, y) => x - y));
    const shown = await sec.get(`/training/${sessionId}`);
    expect(shown.text).toContain("已添加 2 人；1 人已在参训名单中");
    expect(await untrained()).toBe("1");
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "training.attendees.add" } });
    expect(entry).toMatchObject({ entity: "TrainingSession", entityId: String(sessionId) });

    // Everyone given already attends: nothing written, no error.
    const before = await writes();
    const again = await sec.post(`/training/${sessionId}/attendees`).type("form").send({ _csrf: await sec.csrf(), attendees: "gb_a1, dy_a1" });
    expect(again.status).toBe(303);
    expect(await writes()).toBe(before);
    expect((await sec.get(`/training/${sessionId}`)).text).toContain("已添加 0 人；2 人已在参训名单中");
  });

  it("someone outside the session's org (typed or ticked), an unknown name, nobody: 422 with the values kept, nothing written", async () => {
    const before = await writes();
    const typed = await add("sj_a1", { memberIds: [String(c.branches.a1.member)], attendees: "dy_a2" });
    expect(typed.status).toBe(422);
    expect(typed.text).toContain("「dya2（dy_a2）」2026-06-01 不在「A1村党支部」范围内");
    expect(typed.text).toMatch(new RegExp(`name="memberIds" value="${c.branches.a1.member}" checked`));
    expect(typed.text).toContain(">dy_a2</textarea>");
    const ticked = await add("sj_a1", { memberIds: String(c.branches.b1.member) });
    expect(ticked.status).toBe(422);
    expect(ticked.text).toContain("所选党员不在「A1村党支部」范围内");
    expect(ticked.text).not.toContain("dyb1"); // someone out of reach is not named
    const unknown = await add("sj_a1", { attendees: "nobody_here" });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain("没有登录名为「nobody_here」的党员");
    const none = await add("sj_a1", { attendees: "" });
    expect(none.status).toBe(422);
    expect(none.text).toContain("请勾选或填写要添加的参训人员");
    expect(await writes()).toBe(before);
  });

  it("membership on the session's date decides: one in the org then (moved away since) is added, one who joined after it is refused", async () => {
    const moved = await t.member({ username: "zhuanchu", name: "转出者", branchId: c.branches.a2.id });
    await t.db.orgMembership.updateMany({ where: { memberId: moved.id }, data: { fromOn: "2026-07-01" } });
    await t.db.orgMembership.create({ data: { memberId: moved.id, orgId: c.branches.a1.id, fromOn: "2020-01-01", toOn: "2026-06-30" } });
    expect((await add("sj_a1", { attendees: "zhuanchu" })).status).toBe(303); // in A1 on 2026-06-01
    const late = await t.member({ username: "xinlai", name: "新来者", branchId: c.branches.a1.id });
    await t.db.orgMembership.updateMany({ where: { memberId: late.id }, data: { fromOn: "2026-09-01" } });
    const res = await add("sj_a1", { attendees: "xinlai" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("「新来者（xinlai）」2026-06-01 不在「A1村党支部」范围内");
  });

  it("removing an attendee takes them off the list and out of coverage; one not attending is 404", async () => {
    await add("sj_a1", { attendees: "dy_a1" });
    expect(await untrained()).toBe("2");
    const res = await remove("sj_a1", c.branches.a1.member);
    expect(res.status).toBe(303);
    expect(await attendees()).toEqual([c.branches.a1.cadre]);
    expect(await untrained()).toBe("3");
    expect(await t.db.auditEntry.count({ where: { action: "training.attendee.remove" } })).toBe(1);
    expect((await remove("sj_a1", c.branches.a1.member)).status).toBe(404);
  });

  it("a closed year: adding and removing are refused with the Chinese message, nothing written; the page is read-only", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2026, closedAt: new Date(), closedById: c.branches.a1.secretary } });
    const before = await writes();
    const added = await add("sj_a1", { attendees: "dy_a1" });
    expect(added.status).toBe(422);
    expect(added.text).toContain("2026 年度已关闭（年终备查）");
    expect(added.text).not.toContain('action="/training/' + sessionId + '/attendees"'); // read-only: no form to fill again
    const sec = await t.loginAs("sj_a1");
    const removed = await sec.post(`/training/${sessionId}/attendees/${c.branches.a1.cadre}/delete`).type("form").send({ _csrf: await sec.csrf() });
    expect(removed.status).toBe(303);
    const page = await sec.get(removed.headers.location);
    expect(page.text).toContain("「A1村党支部」的 2026 年度已关闭（年终备查），不能再修改该年度培训的参训人员");
    expect(page.text).not.toContain(`/attendees/${c.branches.a1.cadre}/delete`);
    expect(await writes()).toBe(before);
  });

  it("a township session: an attendee whose branch closed the year is refused, one of an open branch is added", async () => {
    const town = (await t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: "乡镇党校培训", orgId: c.townships.A.id } })).id;
    await t.db.yearClosure.create({ data: { orgId: c.branches.a2.id, year: 2026, closedAt: new Date(), closedById: c.branches.a2.secretary } });
    const before = await writes();
    const res = await add("guanli_a", { attendees: "dy_a2" }, town);
    expect(res.status).toBe(422);
    expect(res.text).toContain("「dya2」所在支部的 2026 年度已关闭（年终备查）");
    expect(await writes()).toBe(before);
    expect((await add("guanli_a", { attendees: "dy_a1" }, town)).status).toBe(303);
  });
});

describe("who manages attendees", () => {
  it("the branch's secretary and admins over it; another branch's secretary and the other township's admin 404; reviewers, cadres, members 403", async () => {
    const status = async (u: string) => (await (await t.loginAs(u)).get(`/training/${sessionId}/attendees`)).status;
    expect(await status("sj_a1")).toBe(200);
    expect(await status("guanli_a")).toBe(200);
    expect(await status("guanli")).toBe(200);
    expect(await status("sj_a2")).toBe(404);
    expect(await status("sj_b1")).toBe(404);
    expect(await status("shenhe_a")).toBe(403);
    expect(await status("zuzhibu")).toBe(403);
    expect(await status("gb_a1")).toBe(403);
    expect(await status("dy_a1")).toBe(403);
    const before = await writes();
    for (const u of ["sj_a2", "sj_b1"]) {
      expect((await add(u, { attendees: "dy_a1" })).status).toBe(404);
      expect((await remove(u, c.branches.a1.cadre)).status).toBe(404);
    }
    for (const u of ["gb_a1", "shenhe_a"]) {
      expect((await add(u, { attendees: "dy_a1" })).status).toBe(403);
      expect((await remove(u, c.branches.a1.cadre)).status).toBe(403);
    }
    expect(await writes()).toBe(before);
    expect((await add("guanli_a", { attendees: "dy_a1" })).status).toBe(303);
  });
});
