/**
 * 三进三同 stays (issue 18 item 1) through the app: a cadre records a stay with a household of
 * their zone; bad input (end before start, overlap with another of theirs, a closed year, no way
 * ticked) is refused on the same form with a Chinese message, the values kept and nothing written;
 * reach per role (own; the secretary's branch; a reviewer's subtree; 404 outside); a problem found
 * becomes a request linked to the stay; the year page and the zone page show and count them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
let household: number;
let otherHousehold: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  household = (await t.db.resident.create({ data: { zoneId: c.branches.a1.zoneId, name: "李大伯", householdSize: 3 } })).id;
  otherHousehold = (await t.db.resident.create({ data: { zoneId: c.branches.b1.zoneId, name: "王大妈" } })).id;
});
afterEach(() => t.close());

const stay = (over: Record<string, string> = {}) => ({
  residentId: String(household),
  fromOn: "2026-11-02",
  toOn: "2026-11-04",
  eat: "1",
  live: "1",
  diary: "了解到今年烤烟收成好，但运输难",
  problems: "村道破损",
  ...over,
});

async function post(username: string, body: Record<string, string>) {
  const a = await t.loginAs(username);
  return a.post("/stays").type("form").send({ _csrf: await a.csrf(), ...body });
}

describe("recording a stay", () => {
  it("a cadre records a stay with a household of their zone; it shows on the stay's page and the year page", async () => {
    const res = await post("gb_a1", stay());
    expect(res.status).toBe(303);
    const s = await t.db.stay.findFirstOrThrow();
    expect(s).toMatchObject({ cadreId: c.branches.a1.cadre, residentId: household, fromOn: "2026-11-02", toOn: "2026-11-04", eat: true, live: true, work: false });
    const a = await t.loginAs("gb_a1");
    const page = await a.get(`/stays/${s.id}`);
    expect(page.text).toContain("李大伯");
    expect(page.text).toContain("同吃、同住");
    const year = await a.get(`/years/2026/members/${c.branches.a1.cadre}`);
    expect(year.text).toContain(`data-stay="${s.id}"`);
    const dash = await a.get("/");
    expect(dash.text).toContain('data-stays="1"');
  });

  it("an end before the start is refused on the same form with the values kept; nothing written", async () => {
    const res = await post("gb_a1", stay({ fromOn: "2026-11-05", toOn: "2026-11-03" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("结束日期不能早于开始日期");
    expect(res.text).toContain("了解到今年烤烟收成好，但运输难");
    expect(await t.db.stay.count()).toBe(0);
  });

  it("no way ticked is refused", async () => {
    const res = await post("gb_a1", stay({ eat: "", live: "" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("请至少选择同吃、同住、同劳动中的一项");
    expect(await t.db.stay.count()).toBe(0);
  });

  it("a stay overlapping another of the same cadre is refused, a touching-free one and another cadre's are not", async () => {
    expect((await post("gb_a1", stay())).status).toBe(303);
    const overlap = await post("gb_a1", stay({ fromOn: "2026-11-04", toOn: "2026-11-06" }));
    expect(overlap.status).toBe(422);
    expect(overlap.text).toContain("与您 2026-11-02 至 2026-11-04 的三进三同记录时间重叠");
    expect(overlap.text).toContain("村道破损");
    expect(await t.db.stay.count()).toBe(1);
    expect((await post("gb_a1", stay({ fromOn: "2026-11-05", toOn: "2026-11-06" }))).status).toBe(303);
    expect((await post("sj_a1", stay())).status).toBe(303); // the secretary, same household, same days
    expect(await t.db.stay.count()).toBe(3);
  });

  it("a stay in a year closed for the cadre's branch is refused, nothing written", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: c.branches.a1.secretary } });
    const res = await post("gb_a1", stay({ fromOn: "2025-12-30", toOn: "2026-01-02" }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(res.text).toContain("村道破损");
    expect(await t.db.stay.count()).toBe(0);
  });

  it("a household outside the cadre's zone (and not their pairing) is refused; after pairing it is allowed", async () => {
    const res = await post("gb_a1", stay({ residentId: String(otherHousehold) }));
    expect(res.status).toBe(422);
    expect(res.text).toContain("只能选择本责任区的群众或本人的结穷亲户");
    await t.db.pairing.create({ data: { cadreId: c.branches.a1.cadre, residentId: otherHousehold, startedOn: "2026-01-01" } });
    expect((await post("gb_a1", stay({ residentId: String(otherHousehold) }))).status).toBe(303);
  });

  it("a plain member cannot record stays (403), nothing written", async () => {
    const a = await t.loginAs("dy_a1");
    expect((await a.get("/stays/new")).status).toBe(403);
    expect((await post("dy_a1", stay())).status).toBe(403);
    expect(await t.db.stay.count()).toBe(0);
  });
});

describe("reach", () => {
  it("own, the branch's secretary, the township's and the county's reviewers read it; the other branch's secretary and a fellow member get 404", async () => {
    await post("gb_a1", stay());
    const s = await t.db.stay.findFirstOrThrow();
    const status = async (u: string) => (await (await t.loginAs(u)).get(`/stays/${s.id}`)).status;
    expect(await status("gb_a1")).toBe(200);
    expect(await status("sj_a1")).toBe(200);
    expect(await status("shenhe_a")).toBe(200);
    expect(await status("zuzhibu")).toBe(200);
    expect(await status("sj_b1")).toBe(404);
    expect(await status("sj_a2")).toBe(404);
    expect(await status("dy_a1")).toBe(404);
    const list = async (u: string) => (await (await t.loginAs(u)).get(`/stays?member=${c.branches.a1.cadre}`)).status;
    expect(await list("sj_a1")).toBe(200);
    expect(await list("sj_b1")).toBe(404);
    // Only the cadre deletes it.
    const sec = await t.loginAs("sj_a1");
    expect((await sec.post(`/stays/${s.id}/delete`).type("form").send({ _csrf: await sec.csrf() })).status).toBe(404);
    expect((await t.db.stay.findFirstOrThrow()).deletedAt).toBeNull();
  });
});

describe("a problem found becomes a request", () => {
  it("the request form from a stay takes its household and date; the request is linked to the stay", async () => {
    await post("gb_a1", stay());
    const s = await t.db.stay.findFirstOrThrow();
    const a = await t.loginAs("gb_a1");
    const form = await a.get(`/requests/new?source=STAY&link=${s.id}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="李大伯"');
    expect(form.text).toContain('value="2026-11-04"');
    const res = await a.post("/requests").type("form").send({ _csrf: await a.csrf(), source: "STAY", linkId: String(s.id), residentName: "李大伯", raisedOn: "2026-11-04", content: "村道破损，请求修缮" });
    expect(res.status).toBe(303);
    const q = await t.db.request.findFirstOrThrow();
    expect(q).toMatchObject({ source: "STAY", stayId: s.id, residentId: household, zoneId: c.branches.a1.zoneId });
    expect((await a.get(`/stays/${s.id}`)).text).toContain("村道破损，请求修缮");
    // Someone else's stay cannot be linked.
    const other = await t.loginAs("sj_a1");
    expect((await other.get(`/requests/new?source=STAY&link=${s.id}`)).status).toBe(404);
  });
});

describe("the zone page counts them", () => {
  it("the zone's year page shows the stays and households of its members", async () => {
    await post("gb_a1", stay());
    await post("sj_a1", stay());
    const page = await (await t.loginAs("sj_a1")).get(`/years/2026/zones/${c.branches.a1.zoneId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-stays="2"');
    expect(page.text).toContain("1 户");
  });
});
