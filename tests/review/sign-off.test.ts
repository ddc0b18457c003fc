/**
 * 年终备查 sign-off and the year lock: the secretary reviews or returns a member's year (the
 * member sees it), closes the year (then every record of it is read-only), reopens it with a
 * written reason; each step is audited with who, when and why.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld(); // today 2026-11-18: 2025 is over, 2026 is not
});
afterEach(() => w.t.close());

async function signOff(as: string, year: number, memberId: number, body: Record<string, string>) {
  const a = await w.t.loginAs(as);
  return a.post(`/review/${year}/members/${memberId}`).type("form").send({ _csrf: await a.csrf(), ...body });
}

describe("signing off a member's year", () => {
  it("an unknown decision value is refused with a message on the page, and nothing is recorded", async () => {
    const res = await signOff("shuji", 2025, w.ganbu, { decision: "APPROVE", comment: "" });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/role="alert">请选择有效的查阅结果</);
    expect(await w.t.db.yearReview.count()).toBe(0);
  });

  it("returned with a reason: the member reads the reason on their dashboard and their year page", async () => {
    const res = await signOff("shuji", 2025, w.ganbu, { decision: "RETURNED", comment: "三月谈心记录内容过于简单，请补充" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/years/2025/members/${w.ganbu}`);
    const review = await w.t.db.yearReview.findUniqueOrThrow({ where: { memberId_year: { memberId: w.ganbu, year: 2025 } } });
    expect(review).toMatchObject({ state: "RETURNED", comment: "三月谈心记录内容过于简单，请补充", reviewerId: w.shuji });
    const ganbu = await w.t.loginAs("ganbu");
    const dash = await ganbu.get("/");
    expect(dash.text).toContain('data-review-year="2025"');
    expect(dash.text).toContain("已退回");
    expect(dash.text).toContain("三月谈心记录内容过于简单，请补充");
    expect((await ganbu.get(`/years/2025/members/${w.ganbu}`)).text).toContain('data-review-state="RETURNED"');
    expect((await (await w.t.loginAs("dangyuan")).get("/")).text).not.toContain("三月谈心记录内容过于简单");
  });

  it("reviewed (查阅) with a comment, audited with the secretary and the comment", async () => {
    await signOff("shuji", 2025, w.ganbu, { decision: "RETURNED", comment: "请补充" });
    await signOff("shuji", 2025, w.ganbu, { decision: "REVIEWED", comment: "记录完整" });
    expect((await w.t.db.yearReview.findFirstOrThrow()).state).toBe("REVIEWED");
    const steps = await w.t.db.auditEntry.findMany({ where: { entity: "YearReview" }, orderBy: { id: "asc" } });
    expect(steps.map((s) => [s.action, s.actorId, s.entityId, s.reason])).toEqual([
      ["review.returned", w.shuji, `2025:${w.ganbu}`, "请补充"],
      ["review.reviewed", w.shuji, `2025:${w.ganbu}`, "记录完整"],
    ]);
    const page = await (await w.t.loginAs("shuji")).get(`/years/2025/members/${w.ganbu}`);
    expect(page.text).toContain("查阅通过：记录完整");
  });

  it("returning without a reason is refused and writes nothing", async () => {
    const res = await signOff("shuji", 2025, w.ganbu, { decision: "RETURNED", comment: "  " });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<textarea id="f-comment" name="comment"[^>]*aria-invalid="true"/);
    expect(res.text).toContain("退回时请写明原因");
    expect(await w.t.db.yearReview.count()).toBe(0);
    expect(await w.t.db.auditEntry.count({ where: { entity: "YearReview" } })).toBe(0);
  });

  it("a cadre cannot sign off anyone's year, not even their own", async () => {
    expect((await signOff("ganbu", 2025, w.ganbu, { decision: "REVIEWED" })).status).toBe(403);
    expect(await w.t.db.yearReview.count()).toBe(0);
  });
});

describe("closing and reopening a year", () => {
  it("closing a year already closed (a double click, two tabs) answers with the closure page saying so, not a bare 422; reopening an open year likewise", async () => {
    const a = await w.t.loginAs("shuji");
    expect((await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() })).status).toBe(303);
    const again = await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe("/review/2025/closure");
    expect((await a.get("/review/2025/closure")).text).toContain("2025 年度已经关闭");
    expect(await w.t.db.yearClosure.count()).toBe(1);
    const reason = "补充十二月的走访记录";
    expect((await a.post("/review/2025/closure/delete").type("form").send({ _csrf: await a.csrf(), reason })).status).toBe(303);
    const reopenAgain = await a.post("/review/2025/closure/delete").type("form").send({ _csrf: await a.csrf(), reason });
    expect(reopenAgain.status).toBe(303);
    expect((await a.get("/review/2025/closure")).text).toContain("2025 年度未关闭，无需重新开放");
  });

  it("refuses to close a year that is not over, or while a member's year is returned", async () => {
    const a = await w.t.loginAs("shuji");
    const notOver = await a.post("/review/2026/closure").type("form").send({ _csrf: await a.csrf() });
    expect(notOver.status).toBe(422);
    expect(notOver.text).toContain("2026 年度尚未结束");
    await signOff("shuji", 2025, w.dangyuan, { decision: "RETURNED", comment: "缺少谈心记录" });
    const returned = await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() });
    expect(returned.status).toBe(422);
    expect(returned.text).toContain("还有 1 人的年度记录被退回");
    expect(await w.t.db.yearClosure.count()).toBe(0);
  });

  it("makes every record of the closed year read-only: edits and deletes are refused with the reason, other years stay writable", async () => {
    const old = await w.talk(w.ganbu, "2025-06-01");
    const oldVisit = await w.visit(w.ganbu, "2025-06-02");
    const a = await w.t.loginAs("shuji");
    expect((await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() })).status).toBe(303);
    const closure = await w.t.db.yearClosure.findUniqueOrThrow({ where: { orgId_year: { orgId: w.t.branchId, year: 2025 } } });
    expect(closure.closedById).toBe(w.shuji);
    expect(await w.t.db.auditEntry.count({ where: { action: "year.close", entityId: "2025", actorId: w.shuji } })).toBe(1);

    const g = await w.t.loginAs("ganbu");
    const token = await g.csrf();
    const show = await g.get(`/talks/${old}`);
    expect(show.text).toContain("已完成年终备查并关闭，记录只读");
    expect(show.text).not.toContain(`/talks/${old}/edit`);
    const edit = await g.post(`/talks/${old}`).type("form").send({ _csrf: token, occurredOn: "2025-06-01", counterpartKind: "RESIDENT", counterpartName: "改名", reason: "ROUTINE", content: "" });
    expect(edit.status).toBe(422);
    expect(edit.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect((await g.post(`/talks/${old}/delete`).type("form").send({ _csrf: token })).status).toBe(303);
    expect((await g.post(`/visits/${oldVisit}/delete`).type("form").send({ _csrf: token })).status).toBe(303);
    const moved = await g.post("/talks").type("form").send({ _csrf: token, occurredOn: "2025-12-31", counterpartKind: "RESIDENT", counterpartName: "补记", reason: "ROUTINE", content: "" });
    expect(moved.status).toBe(422);
    const talk = await w.t.db.talk.findUniqueOrThrow({ where: { id: old } });
    expect(talk).toMatchObject({ counterpartName: "群众甲", deletedAt: null });
    expect((await w.t.db.lineVisit.findUniqueOrThrow({ where: { id: oldVisit } })).deletedAt).toBeNull();
    expect(await w.t.db.talk.count({ where: { counterpartName: "补记" } })).toBe(0);
    // 2026 is open
    expect((await g.post("/talks").type("form").send({ _csrf: token, occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "今年", reason: "ROUTINE", content: "" })).status).toBe(303);
  });

  it("freezes the sign-off of a closed year", async () => {
    const a = await w.t.loginAs("shuji");
    await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() });
    const res = await signOff("shuji", 2025, w.ganbu, { decision: "REVIEWED", comment: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已关闭，查阅结果不能再改");
    expect(await w.t.db.yearReview.count()).toBe(0);
    expect((await a.get(`/years/2025/members/${w.ganbu}`)).text).not.toContain('name="decision"');
  });

  it("reopens only with a written reason, audited with who and why, and the records are writable again", async () => {
    const old = await w.talk(w.ganbu, "2025-06-01");
    const a = await w.t.loginAs("shuji");
    await a.post("/review/2025/closure").type("form").send({ _csrf: await a.csrf() });
    const noReason = await a.post("/review/2025/closure/delete").type("form").send({ _csrf: await a.csrf(), reason: "" });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain("请写明重新开放的原因");
    expect(await w.t.db.yearClosure.count()).toBe(1);
    const ok = await a.post("/review/2025/closure/delete").type("form").send({ _csrf: await a.csrf(), reason: "县委督查组要求补充十二月走访记录" });
    expect(ok.status).toBe(303);
    expect(await w.t.db.yearClosure.count()).toBe(0);
    const entry = await w.t.db.auditEntry.findFirstOrThrow({ where: { action: "year.reopen" } });
    expect(entry).toMatchObject({ actorId: w.shuji, entityId: "2025", reason: "县委督查组要求补充十二月走访记录" });
    const page = await a.get("/review/2025/closure");
    expect(page.text).toContain("县委督查组要求补充十二月走访记录");
    expect(page.text).toContain("关闭年度");
    const g = await w.t.loginAs("ganbu");
    expect((await g.post(`/talks/${old}/delete`).type("form").send({ _csrf: await g.csrf() })).status).toBe(303);
    expect((await w.t.db.talk.findUniqueOrThrow({ where: { id: old } })).deletedAt).not.toBeNull();
  });
});
