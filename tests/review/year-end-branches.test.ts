/**
 * 年终备查 per branch (issue 12 item 6; DOMAIN.md "Organizations"): a branch's secretary closes
 * the branch's year, which locks the records of the branch's members (by the branch they belonged
 * to on the record's date) and of its zones, and nobody else's; reviewers of a subtree see which
 * branches signed off and return a sign-off with a written reason; imports are refused per row by
 * the row's branch on its date. Today is 2026-11-18 (2025 is over).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { transferMember } from "../../src/domain/orgs/transfers.ts";
import { assertYearOpen, isLocked } from "../../src/domain/reviews/lock.ts";
import { LockedError } from "../../src/core/errors.ts";
import { commitImport } from "../../src/import/engine.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp();
  c = await buildCounty(t);
});
afterEach(() => t.close());

const talkForm = (occurredOn: string, name = "群众甲") => ({ occurredOn, counterpartKind: "RESIDENT", counterpartName: name, reason: "ROUTINE", content: "" });

async function logTalk(as: string, occurredOn: string) {
  const a = await t.loginAs(as);
  return a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talkForm(occurredOn) });
}

async function close(as: string, year: number, orgId?: number) {
  const a = await t.loginAs(as);
  return a.post(`/review/${year}/closure`).type("form").send({ _csrf: await a.csrf(), ...(orgId === undefined ? {} : { orgId: String(orgId) }) });
}

const closeDirect = (orgId: number, year = 2025) => t.db.yearClosure.create({ data: { orgId, year, closedAt: new Date(), closedById: c.people.rootAdmin } });

describe("closing a branch's year locks that branch only", () => {
  it("the secretary of A1 closes 2025: A1's cadre cannot log a 2025 talk, B1's cadre can; 2026 stays open for both", async () => {
    const res = await close("sj_a1", 2025);
    expect(res.status).toBe(303);
    expect(await t.db.yearClosure.findMany({ select: { orgId: true, year: true } })).toEqual([{ orgId: c.branches.a1.id, year: 2025 }]);
    expect(await t.db.auditEntry.count({ where: { action: "year.close", entityId: "2025" } })).toBe(1);

    const refused = await logTalk("gb_a1", "2025-06-01");
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect((await logTalk("gb_b1", "2025-06-01")).status).toBe(303);
    expect((await logTalk("gb_a2", "2025-06-01")).status).toBe(303);
    expect((await logTalk("gb_a1", "2026-06-01")).status).toBe(303);
    expect(await t.db.talk.count({ where: { talkerId: c.branches.a1.cadre } })).toBe(1);
  });

  it("zone-owned records follow the zone's branch; a subtree-wide setting is refused when any branch under it closed", async () => {
    await closeDirect(c.branches.a1.id);
    await expect(assertYearOpen(t.db, { zoneId: c.branches.a1.zoneId }, "2025-03-01")).rejects.toBeInstanceOf(LockedError);
    await expect(assertYearOpen(t.db, { zoneId: c.branches.b1.zoneId }, "2025-03-01")).resolves.toBeUndefined();
    await expect(assertYearOpen(t.db, { branchId: c.branches.a1.id }, "2025-03-01")).rejects.toBeInstanceOf(LockedError);
    await expect(assertYearOpen(t.db, { orgId: c.townships.A.id }, "2025-03-01")).rejects.toBeInstanceOf(LockedError);
    await expect(assertYearOpen(t.db, { orgId: c.townships.B.id }, "2025-03-01")).resolves.toBeUndefined();
    await expect(assertYearOpen(t.db, { orgId: null }, "2025-03-01")).rejects.toBeInstanceOf(LockedError);
  });

  it("the list of own records marks A1's cadre's 2025 talk read-only and not B1's", async () => {
    await t.db.talk.create({ data: { talkerId: c.branches.a1.cadre, occurredOn: "2025-05-05", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "" } });
    await t.db.talk.create({ data: { talkerId: c.branches.b1.cadre, occurredOn: "2025-05-05", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "" } });
    await closeDirect(c.branches.a1.id);
    expect((await (await t.loginAs("gb_a1")).get("/records?from=2025-01-01&to=2025-12-31")).text).toContain("已备查（只读）");
    expect((await (await t.loginAs("gb_b1")).get("/records?from=2025-01-01&to=2025-12-31")).text).not.toContain("已备查（只读）");
  });
});

describe("a member transferred mid-year (D = 2025-07-01, A1 → B1)", () => {
  beforeEach(async () => {
    await transferMember(t.db, { id: c.people.rootAdmin, role: "ADMIN" } as never, { memberId: c.branches.a1.cadre, orgId: c.branches.b1.id, on: "2025-07-01" }, "2026-11-18", null);
  });

  it("the old branch's closure locks D − 1 and not D", async () => {
    await closeDirect(c.branches.a1.id);
    expect(await isLocked(t.db, { memberId: c.branches.a1.cadre }, "2025-06-30")).toBe(true);
    expect(await isLocked(t.db, { memberId: c.branches.a1.cadre }, "2025-07-01")).toBe(false);
    expect((await logTalk("gb_a1", "2025-06-30")).status).toBe(422);
    expect((await logTalk("gb_a1", "2025-07-01")).status).toBe(303);
  });

  it("the new branch's closure locks D and not D − 1", async () => {
    await closeDirect(c.branches.b1.id);
    expect(await isLocked(t.db, { memberId: c.branches.a1.cadre }, "2025-06-30")).toBe(false);
    expect(await isLocked(t.db, { memberId: c.branches.a1.cadre }, "2025-07-01")).toBe(true);
    expect((await logTalk("gb_a1", "2025-06-30")).status).toBe(303);
    expect((await logTalk("gb_a1", "2025-07-01")).status).toBe(422);
  });

  it("imports refuse each row by the row's branch on its date", async () => {
    await closeDirect(c.branches.a1.id);
    const file = csv(["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"], [
      ["2025-06-30", "gb_a1", "群众甲", "群众", "", "转出前"],
      ["2025-07-01", "gb_a1", "群众乙", "群众", "", "转入后"],
      ["2025-06-30", "gb_b1", "群众丙", "群众", "", "乙镇"],
      ["2025-06-30", "gb_a2", "群众丁", "群众", "", "甲乡另一支部"],
    ]);
    const out = await commitImport(t.kx, "talks", file, "talks.csv", { today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: c.people.rootAdmin });
    expect(out.committed).toBe(false);
    expect(out.plan.errors.map((e) => [e.row, e.column])).toEqual([[2, "日期"]]);
    expect(out.plan.errors[0].reason).toContain("2025 年度已完成年终备查并关闭（该记录所属党支部）");
    expect(await t.db.talk.count()).toBe(0);
    const ok = await commitImport(t.kx, "talks", csv(["日期", "谈心人", "谈心对象"], [["2025-07-01", "gb_a1", "群众乙"], ["2025-06-30", "gb_b1", "群众丙"]]), "ok.csv", {
      today: "2026-11-18",
      now: new Date("2026-11-18T10:00:00+08:00"),
      actorId: c.people.rootAdmin,
    });
    expect(ok).toMatchObject({ committed: true, added: 2 });
  });

  it("meeting imports are refused by the zone's branch", async () => {
    await closeDirect(c.branches.a1.id);
    const file = csv(["日期", "类型", "责任区", "主持人"], [
      ["2025-05-01", "院坝会", "a1责任区", "sj_a1"],
      ["2025-05-01", "院坝会", "b1责任区", "sj_b1"],
    ]);
    const out = await commitImport(t.kx, "meetings", file, "m.csv", { today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: c.people.rootAdmin });
    expect(out.plan.errors.map((e) => [e.row, e.column])).toEqual([[2, "日期"]]);
    expect(await t.db.meeting.count()).toBe(0);
  });
});

describe("who closes which branch, and bad input", () => {
  it("a secretary cannot close another branch (404) nor a township (404 out of reach); nothing is written", async () => {
    expect((await close("sj_a1", 2025, c.branches.b1.id)).status).toBe(404);
    expect((await close("sj_a1", 2025, c.townships.A.id)).status).toBe(404);
    expect(await t.db.yearClosure.count()).toBe(0);
  });

  it("an ADMIN over the township closes a branch by naming it; naming the township itself is refused with a message; naming none is refused", async () => {
    const notBranch = await close("guanli_a", 2025, c.townships.A.id);
    expect(notBranch.status).toBe(422);
    expect(notBranch.text).toContain("「甲乡党委」不是党支部");
    expect((await close("guanli_a", 2025)).status).toBe(403);
    expect(await t.db.yearClosure.count()).toBe(0);
    expect((await close("guanli_a", 2025, c.branches.a2.id)).status).toBe(303);
    expect(await t.db.yearClosure.findMany({ select: { orgId: true } })).toEqual([{ orgId: c.branches.a2.id }]);
    const a = await t.loginAs("guanli_a");
    const again = await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf(), orgId: String(c.branches.a2.id) });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/review/2025/closure?org=${c.branches.a2.id}`);
    expect((await a.get(again.headers.location)).text).toContain("A2村党支部 2025 年度已经关闭");
    expect(await t.db.yearClosure.count()).toBe(1);
    // A reviewer reads but does not close.
    expect((await close("shenhe_a", 2025, c.branches.a1.id)).status).toBe(403);
    expect(await t.db.yearClosure.count()).toBe(1);
  });

  it("a secretary reopening with a reason reopens their branch only", async () => {
    await closeDirect(c.branches.a1.id);
    await closeDirect(c.branches.b1.id);
    const a = await t.loginAs("sj_a1");
    expect((await a.post("/review/2025/closure/delete").type("form").send({ _csrf: await a.csrf(), reason: "补充六月谈心记录" })).status).toBe(303);
    expect(await t.db.yearClosure.findMany({ select: { orgId: true } })).toEqual([{ orgId: c.branches.b1.id }]);
  });
});

describe("reviewers see which branches signed off and return a sign-off with a reason", () => {
  const returnPost = async (as: string, orgId: number, reason: string) => {
    const a = await t.loginAs(as);
    return a.post(`/review/2025/branches/${orgId}/return`).type("form").send({ _csrf: await a.csrf(), reason });
  };

  it("the township reviewer lists the township's branches with their state, not the other township's", async () => {
    expect((await close("sj_a1", 2025)).status).toBe(303);
    const page = await (await t.loginAs("shenhe_a")).get("/review/2025/branches");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-branch="${c.branches.a1.id}" data-state="CLOSED"`);
    expect(page.text).toContain(`data-branch="${c.branches.a2.id}" data-state="OPEN"`);
    expect(page.text).not.toContain(`data-branch="${c.branches.b1.id}"`);
    expect(page.text).toContain("sja1"); // closed by A1's secretary
    const county = await (await t.loginAs("zuzhibu")).get("/review/2025/branches");
    expect(county.text).toContain(`data-branch="${c.branches.b2.id}" data-state="OPEN"`);
    expect((await (await t.loginAs("zuzhibu")).get(`/review/2025/branches?org=${c.townships.B.id}`)).text).not.toContain(`data-branch="${c.branches.a1.id}"`);
    expect((await (await t.loginAs("shenhe_a")).get(`/review/2025/branches?org=${c.townships.B.id}`)).status).toBe(404);
    expect((await (await t.loginAs("sj_a1")).get("/review/2025/branches")).status).toBe(403);
  });

  it("a return needs a written reason; with one, the branch's year reopens, is audited, and its secretary reads the reason", async () => {
    await close("sj_a1", 2025);
    const none = await returnPost("shenhe_a", c.branches.a1.id, "");
    expect(none.status).toBe(422);
    expect(none.text).toContain("请写明退回的原因");
    expect(await t.db.yearClosure.count()).toBe(1);

    const ok = await returnPost("shenhe_a", c.branches.a1.id, "六月谈心记录缺少内容，请补充后重新备查");
    expect(ok.status).toBe(303);
    expect(await t.db.yearClosure.count()).toBe(0);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "year.return" } });
    expect(entry).toMatchObject({ actorId: c.people.reviewerA, entityId: "2025", reason: "六月谈心记录缺少内容，请补充后重新备查" });
    expect(JSON.parse(entry.before!)).toMatchObject({ orgId: c.branches.a1.id, year: 2025 });
    const list = await (await t.loginAs("shenhe_a")).get("/review/2025/branches");
    expect(list.text).toContain(`data-branch="${c.branches.a1.id}" data-state="RETURNED"`);
    const mine = await (await t.loginAs("sj_a1")).get("/review/2025/closure");
    expect(mine.text).toContain("上级党委已退回本支部 2025 年度的年终备查");
    expect(mine.text).toContain("六月谈心记录缺少内容，请补充后重新备查");
    expect((await logTalk("gb_a1", "2025-06-01")).status).toBe(303);
    // B1's secretary sees nothing of it.
    expect((await (await t.loginAs("sj_b1")).get("/review/2025/closure")).text).not.toContain("六月谈心记录缺少内容");
  });

  it("returning a branch out of reach answers 404, a branch not closed or a township gets a message; nothing is written", async () => {
    await closeDirect(c.branches.b1.id);
    expect((await returnPost("shenhe_a", c.branches.b1.id, "理由充分的退回")).status).toBe(404);
    expect((await returnPost("shenhe_a", 999999, "理由充分的退回")).status).toBe(404);
    const open = await returnPost("shenhe_a", c.branches.a2.id, "理由充分的退回");
    expect(open.status).toBe(422);
    expect(open.text).toContain("2025 年度尚未关闭");
    const township = await returnPost("shenhe_a", c.townships.A.id, "理由充分的退回");
    expect(township.status).toBe(422);
    expect(township.text).toContain("「甲乡党委」不是党支部");
    expect((await returnPost("sj_b1", c.branches.b1.id, "自己退回自己")).status).toBe(403);
    expect(await t.db.yearClosure.count()).toBe(1);
    expect(await t.db.auditEntry.count({ where: { action: "year.return" } })).toBe(0);
  });
});
