/**
 * Issue 15, item 4: the year-end without 300 round trips — a name search on the overview,
 * "通过并查看下一位" on a member's year, and a batch 查阅 of the ticked members who met every rule
 * (members with a rule not met stay one by one, noted on the overview; the secretary's own year
 * is skipped).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
let zhou: number;
beforeEach(async () => {
  w = await reviewWorld(); // today 2026-11-18: 2025 is over
  zhou = (await w.t.member({ username: "zhou", name: "周党员", registeredOn: "2024-01-01" })).id;
  await w.t.db.zoneAssignment.create({ data: { memberId: zhou, zoneId: w.zoneB, fromOn: "2024-01-01" } });
  // 张党员 and 周党员 met 2025's only rule of a member (≥10 talks); 王干部 (cadre) missed his
  for (const id of [w.dangyuan, zhou, w.shuji]) for (let m = 1; m <= 12; m++) await w.talk(id, `2025-${String(m).padStart(2, "0")}-10`);
});
afterEach(() => w.t.close());

async function secretary() {
  return w.t.loginAs("shuji");
}

describe("year-end sign-off in bulk", () => {
  it("the overview offers a box only to members who met every rule, and notes the others to do one by one", async () => {
    const page = await (await secretary()).get("/review?year=2025");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="memberIds" value="${w.dangyuan}"`);
    expect(page.text).toContain(`name="memberIds" value="${zhou}"`);
    expect(page.text).not.toContain(`name="memberIds" value="${w.ganbu}"`);
    expect(page.text).not.toContain(`name="memberIds" value="${w.shuji}"`); // not one's own year
    const ganbuRow = page.text.slice(page.text.indexOf('data-member="ganbu"'), page.text.indexOf("</tr>", page.text.indexOf('data-member="ganbu"')));
    expect(ganbuRow).toContain("未全部达标，逐一查阅");
  });

  it("signs off the ticked members who met every rule, one audit entry each, and skips the rest with a note", async () => {
    const a = await secretary();
    const res = await a.post("/review/2025/batch").type("form").send({
      _csrf: await a.csrf(), memberIds: [String(w.dangyuan), String(zhou), String(w.ganbu), String(w.shuji)], back: "year=2025&zone=" + w.zoneB,
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/review?year=2025&zone=${w.zoneB}`);
    const reviews = await w.t.db.yearReview.findMany({ where: { year: 2025 }, orderBy: { memberId: "asc" } });
    expect(reviews.map((r) => [r.memberId, r.state, r.reviewerId])).toEqual([[w.dangyuan, "REVIEWED", w.shuji], [zhou, "REVIEWED", w.shuji]].sort((x, y) => Number(x[0]) - Number(y[0])));
    const audit = await w.t.db.auditEntry.findMany({ where: { action: "review.reviewed" } });
    expect(audit.map((e) => e.reason)).toEqual(["批量查阅（各项均达标）", "批量查阅（各项均达标）"]);
    const next = await a.get(res.headers.location);
    expect(next.text).toContain("已批量查阅 2 人");
    expect(next.text).toContain("1 人未全部达标，须逐一查阅");
    expect(next.text).toContain("本人的年度记录不能自己批量查阅");
  });

  it("a member already returned is not changed by the batch; a closed year refuses it", async () => {
    await w.t.db.yearReview.create({ data: { memberId: zhou, year: 2025, state: "RETURNED", comment: "请补充", reviewerId: w.shuji, reviewedAt: new Date() } });
    const a = await secretary();
    await a.post("/review/2025/batch").type("form").send({ _csrf: await a.csrf(), memberIds: [String(zhou)] });
    expect((await w.t.db.yearReview.findFirstOrThrow({ where: { memberId: zhou } })).state).toBe("RETURNED");
    await w.t.db.yearClosure.create({ data: { orgId: w.t.branchId, year: 2025, closedAt: new Date(), closedById: w.shuji } });
    await a.post("/review/2025/batch").type("form").send({ _csrf: await a.csrf(), memberIds: [String(w.dangyuan)] });
    expect(await w.t.db.yearReview.count({ where: { memberId: w.dangyuan } })).toBe(0);
  });

  it("the overview's name search keeps the members whose name or login name contains it", async () => {
    const a = await secretary();
    const page = await a.get("/review?year=2025&name=" + encodeURIComponent("党员"));
    expect(page.text).toContain('data-member="dangyuan"');
    expect(page.text).toContain('data-member="zhou"');
    expect(page.text).not.toContain('data-member="ganbu"');
    expect((await a.get("/review?year=2025&name=ganbu")).text).toContain('data-member="ganbu"');
  });

  it("通过并查看下一位 signs off and opens the next member still 待查阅 in name order, never one's own year", async () => {
    const a = await secretary();
    const year = await a.get(`/years/2025/members/${w.ganbu}`);
    expect(year.text).toContain("通过并查看下一位");
    // 王干部 → 张党员 (zhang) → 周党员 (zhou) → wrap past 李书记 (oneself): none left
    const first = await a.post(`/review/2025/members/${w.ganbu}?then=next`).type("form").send({ _csrf: await a.csrf(), decision: "REVIEWED", comment: "" });
    expect(first.headers.location).toBe(`/years/2025/members/${w.dangyuan}#sign-off`);
    const second = await a.post(`/review/2025/members/${w.dangyuan}?then=next`).type("form").send({ _csrf: await a.csrf(), decision: "REVIEWED", comment: "" });
    expect(second.headers.location).toBe(`/years/2025/members/${zhou}#sign-off`);
    const last = await a.post(`/review/2025/members/${zhou}?then=next`).type("form").send({ _csrf: await a.csrf(), decision: "REVIEWED", comment: "" });
    expect(last.headers.location).toBe("/review?year=2025");
    expect((await a.get("/review?year=2025")).text).toContain("2025 年度已没有待查阅的党员");
    expect(await w.t.db.yearReview.count({ where: { year: 2025, state: "REVIEWED" } })).toBe(3);
  });
});
