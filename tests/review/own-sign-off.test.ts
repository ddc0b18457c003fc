/**
 * Nobody signs off their own year (issue 11, item 6): the secretary's sign-off of their own year
 * is refused with a Chinese message and the form is not offered on their own year page; the
 * admin signs off the secretary's year instead, and only that one.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld(); // today 2026-11-18: 2025 is over
});
afterEach(() => w.t.close());

async function signOff(as: string, memberId: number, decision = "REVIEWED") {
  const a = await w.t.loginAs(as);
  return a.post(`/review/2025/members/${memberId}`).type("form").send({ _csrf: await a.csrf(), decision, comment: "记录完整" });
}

describe("the secretary cannot sign off their own year", () => {
  it("refused with a message on the page (422), nothing recorded", async () => {
    const res = await signOff("shuji", w.shuji);
    expect(res.status).toBe(422);
    expect(res.text).toContain("不能查阅本人的年度记录");
    expect(await w.t.db.yearReview.count()).toBe(0);
    expect(await w.t.db.auditEntry.count({ where: { entity: "YearReview" } })).toBe(0);
  });

  it("their own year page offers no sign-off form; another member's does", async () => {
    const a = await w.t.loginAs("shuji");
    expect((await a.get(`/years/2025/members/${w.shuji}`)).text).not.toContain(`action="/review/2025/members/${w.shuji}"`);
    expect((await a.get(`/years/2025/members/${w.ganbu}`)).text).toContain(`action="/review/2025/members/${w.ganbu}"`);
  });
});

describe("the admin signs off the secretary's year instead", () => {
  it("the admin's sign-off of the secretary's year is recorded with the admin as reviewer", async () => {
    const res = await signOff("guanli", w.shuji);
    expect(res.status).toBe(303);
    const review = await w.t.db.yearReview.findUniqueOrThrow({ where: { memberId_year: { memberId: w.shuji, year: 2025 } } });
    expect(review).toMatchObject({ state: "REVIEWED", reviewerId: w.guanli });
  });

  it("the admin is offered the form on the secretary's year page only", async () => {
    const a = await w.t.loginAs("guanli");
    expect((await a.get(`/years/2025/members/${w.shuji}`)).text).toContain(`action="/review/2025/members/${w.shuji}"`);
    expect((await a.get(`/years/2025/members/${w.ganbu}`)).text).not.toContain(`action="/review/2025/members/${w.ganbu}"`);
  });

  it("the admin cannot sign off other members' years (403)", async () => {
    expect((await signOff("guanli", w.ganbu)).status).toBe(403);
    expect(await w.t.db.yearReview.count()).toBe(0);
  });
});
