/**
 * Editing a 三进三同 stay (issue 18 item 1, session 4) through the app: the cadre opens the edit
 * page from the stay's page, gets the form filled with the stay, and saves; the same rules as
 * recording (end before start, overlap with another of their stays but not with itself, a closed
 * year on the old or the new dates, the household's reach) refuse with 422, the Chinese message,
 * the values typed and nothing written; only the cadre edits (another cadre changing the id, the
 * secretary, a reviewer of another township: 404); the edit is audited.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
let household: number;
let otherHousehold: number;
let stayId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  household = (await t.db.resident.create({ data: { zoneId: c.branches.a1.zoneId, name: "李大伯", householdSize: 3 } })).id;
  otherHousehold = (await t.db.resident.create({ data: { zoneId: c.branches.b1.zoneId, name: "王大妈" } })).id;
  stayId = (await t.db.stay.create({ data: { cadreId: c.branches.a1.cadre, residentId: household, fromOn: "2026-11-02", toOn: "2026-11-04", eat: true, live: true, diary: "原来的日记", problems: "村道破损" } })).id;
});
afterEach(() => t.close());

const body = (over: Record<string, string> = {}) => ({
  residentId: String(household),
  fromOn: "2026-11-02",
  toOn: "2026-11-05",
  eat: "1",
  work: "1",
  diary: "修改后的民情日记",
  problems: "村道破损，路灯不亮",
  ...over,
});

async function edit(username: string, over: Record<string, string> = {}, id = stayId) {
  const a = await t.loginAs(username);
  return a.post(`/stays/${id}`).type("form").send({ _csrf: await a.csrf(), ...body(over) });
}

const snapshot = async () => JSON.stringify([await t.db.stay.findMany({ orderBy: { id: "asc" } }), await t.db.auditEntry.count()]);

describe("editing a stay", () => {
  it("the stay's page links to the edit form, filled with the stay; saving changes it and writes an audit entry", async () => {
    const a = await t.loginAs("gb_a1");
    const page = await a.get(`/stays/${stayId}`);
    expect(page.text).toContain(`href="/stays/${stayId}/edit"`);
    const form = await a.get(`/stays/${stayId}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(`action="/stays/${stayId}"`);
    expect(form.text).toContain('value="2026-11-04"');
    expect(form.text).toContain("原来的日记");
    expect(form.text).toMatch(new RegExp(`<option value="${household}" selected>李大伯`));
    expect(form.text).toMatch(/name="eat" value="1" checked/);
    expect(form.text).not.toMatch(/name="work" value="1" checked/);

    const res = await edit("gb_a1");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/stays/${stayId}`);
    expect(await t.db.stay.findUniqueOrThrow({ where: { id: stayId } })).toMatchObject({ toOn: "2026-11-05", eat: true, live: false, work: true, diary: "修改后的民情日记", problems: "村道破损，路灯不亮" });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "stay.update" } });
    expect(entry).toMatchObject({ entity: "Stay", entityId: String(stayId), actorId: c.branches.a1.cadre });
    expect(entry.before).toContain("原来的日记");
    expect(entry.after).toContain("修改后的民情日记");
  });

  it("an end before the start: 422 on the edit form with the values typed; nothing written", async () => {
    const before = await snapshot();
    const res = await edit("gb_a1", { fromOn: "2026-11-06", toOn: "2026-11-03" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("结束日期不能早于开始日期");
    expect(res.text).toContain("修改后的民情日记");
    expect(res.text).toContain('value="2026-11-06"');
    expect(res.text).toContain(`action="/stays/${stayId}"`);
    expect(await snapshot()).toBe(before);
  });

  it("no way ticked, an end after today: 422, nothing written", async () => {
    const before = await snapshot();
    const none = await edit("gb_a1", { eat: "", work: "" });
    expect(none.status).toBe(422);
    expect(none.text).toContain("请至少选择同吃、同住、同劳动中的一项");
    const future = await edit("gb_a1", { toOn: "2026-11-20" });
    expect(future.status).toBe(422);
    expect(future.text).toContain("结束日期不能晚于今天");
    expect(await snapshot()).toBe(before);
  });

  it("overlap: moved onto another of the cadre's stays is refused; overlapping only its own old dates is not", async () => {
    await t.db.stay.create({ data: { cadreId: c.branches.a1.cadre, residentId: household, fromOn: "2026-11-10", toOn: "2026-11-12", work: true } });
    const before = await snapshot();
    const clash = await edit("gb_a1", { fromOn: "2026-11-08", toOn: "2026-11-10" });
    expect(clash.status).toBe(422);
    expect(clash.text).toContain("与您 2026-11-10 至 2026-11-12 的三进三同记录时间重叠");
    expect(clash.text).toContain("修改后的民情日记");
    expect(await snapshot()).toBe(before);
    // Its own old days (11-02..11-04) do not count against it.
    expect((await edit("gb_a1", { fromOn: "2026-11-03", toOn: "2026-11-09" })).status).toBe(303);
    expect(await t.db.stay.findUniqueOrThrow({ where: { id: stayId } })).toMatchObject({ fromOn: "2026-11-03", toOn: "2026-11-09" });
  });

  it("a closed year: moving a stay into it, or editing one lying in it, is refused; its edit page sends back to the stay", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: c.branches.a1.secretary } });
    let before = await snapshot();
    const into = await edit("gb_a1", { fromOn: "2025-12-30", toOn: "2026-01-02" });
    expect(into.status).toBe(422);
    expect(into.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(into.text).toContain('value="2025-12-30"');
    expect(await snapshot()).toBe(before);

    const old = (await t.db.stay.create({ data: { cadreId: c.branches.a1.cadre, residentId: household, fromOn: "2025-12-01", toOn: "2025-12-02", eat: true } })).id;
    before = await snapshot();
    const out = await edit("gb_a1", { fromOn: "2026-10-01", toOn: "2026-10-02" }, old);
    expect(out.status).toBe(422);
    expect(out.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(await snapshot()).toBe(before);
    const a = await t.loginAs("gb_a1");
    const page = await a.get(`/stays/${old}/edit`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/stays/${old}`);
    expect((await a.get(`/stays/${old}`)).text).not.toContain(`href="/stays/${old}/edit"`);
  });

  it("a household out of the cadre's reach is refused; the stay's own household stays allowed after the cadre's zone changes", async () => {
    const before = await snapshot();
    const res = await edit("gb_a1", { residentId: String(otherHousehold) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("只能选择本责任区的群众或本人的结穷亲户");
    expect(await snapshot()).toBe(before);
    // The cadre leaves every zone: the stay's household is still theirs to keep on edit.
    await t.db.zoneAssignment.updateMany({ where: { memberId: c.branches.a1.cadre }, data: { toOn: "2026-11-15" } });
    const a = await t.loginAs("gb_a1");
    expect((await a.get(`/stays/${stayId}/edit`)).text).toMatch(new RegExp(`<option value="${household}" selected>李大伯`));
    expect((await edit("gb_a1")).status).toBe(303);
  });
});

describe("who edits", () => {
  it("only the cadre: another cadre changing the id, the branch's secretary, reviewers and the other township get 404; nothing written", async () => {
    const before = await snapshot();
    for (const u of ["gb_a2", "sj_a1", "shenhe_a", "zuzhibu", "sj_b1", "gb_b1", "guanli_a", "dy_a1"]) {
      const a = await t.loginAs(u);
      expect((await a.get(`/stays/${stayId}/edit`)).status, `${u} GET`).toBe(404);
      expect((await edit(u)).status, `${u} POST`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    // The page does not offer the edit to those who may only read it.
    expect((await (await t.loginAs("sj_a1")).get(`/stays/${stayId}`)).text).not.toContain(`/stays/${stayId}/edit`);
    // A deleted stay cannot be edited.
    await t.db.stay.update({ where: { id: stayId }, data: { deletedAt: new Date() } });
    expect((await edit("gb_a1")).status).toBe(404);
  });
});
