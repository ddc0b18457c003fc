/**
 * A member's year page keeps its data at the ledger's versions (src/reports/member-year-page.ts;
 * issue 16 item 2): whatever is written after the page was served shows on the very next request —
 * a talk (version row 1), a request (row 2), a rename of the line visited (no version row: its
 * name is read per request), a sign-off (read per request).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
});
afterEach(() => w.t.close());

describe("a member's year page kept between requests", () => {
  it("shows a talk, a request, a renamed line and a sign-off written after it was served", async () => {
    await w.talk(w.ganbu, "2026-03-02", { name: "孙大娘" });
    await w.visit(w.ganbu, "2026-03-03");
    const a = await w.t.loginAs("shuji");
    const page = `/years/2026/members/${w.ganbu}`;
    const first = await a.get(page);
    expect(first.status).toBe(200);
    expect(first.text).toContain("谈心记录 <small>1 次</small>");
    expect(first.text).toContain("12路");
    expect((await a.get(page)).text).toBe(first.text); // served again, kept

    await w.talk(w.ganbu, "2026-03-05", { name: "周大爷" });
    const second = await a.get(page);
    expect(second.text).toContain("谈心记录 <small>2 次</small>");
    expect(second.text).toContain("周大爷");

    await w.t.db.request.create({ data: { owner: { connect: { id: w.ganbu } }, createdBy: { connect: { id: w.ganbu } }, zone: { connect: { id: w.zoneA } }, raisedOn: "2026-03-06", source: "TALK", residentName: "吴阿姨", content: "路灯坏了" } });
    expect((await a.get(page)).text).toContain("路灯坏了");

    await w.t.db.line.update({ where: { id: w.line }, data: { name: "15路" } });
    const renamed = (await a.get(page)).text;
    expect(renamed).toContain("15路");
    expect(renamed).not.toContain("12路");

    const signed = await a.post(`/review/2026/members/${w.ganbu}`).type("form").send({ decision: "REVIEWED", comment: "已阅", _csrf: await a.csrf(page) });
    expect(signed.status).toBe(303);
    expect((await a.get(page)).text).toContain("已阅");
  });
});
