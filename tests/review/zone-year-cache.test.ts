/**
 * A zone's year reads its compliance report from the report cache (domain/compliance/cache.ts,
 * kept at the ledger's version; issue 16 item 2) and keeps its page at the ledger's versions
 * (reports/zone-year-page.ts): a record written after the page was served shows on the very next
 * request (this fails if a cache ignores the ledger's versions): a talk (row 1), a meeting (row 1)
 * and its attendance (row 2).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
});
afterEach(() => w.t.close());

/** The talks count in the member's row of the zone's year page ("N" of "N/required"). */
const talksOf = (html: string, memberId: number): number => {
  const m = html.match(new RegExp(`<a href="/years/2026/members/${memberId}#talks">(\\d+)</a>/`));
  if (!m) throw new Error(`no talks cell for member ${memberId}`);
  return Number(m[1]);
};

describe("a zone's year page and the report cache", () => {
  it("shows a talk written after the page was served on the next request", async () => {
    const a = await w.t.loginAs("shuji");
    const page = `/years/2026/zones/${w.zoneA}`;
    const first = await a.get(page);
    expect(first.status).toBe(200);
    const before = talksOf(first.text, w.ganbu);
    expect(talksOf((await a.get(page)).text, w.ganbu)).toBe(before); // served again, from the cache
    await w.talk(w.ganbu, "2026-03-05", { name: "孙大娘" });
    const after = await a.get(page);
    expect(talksOf(after.text, w.ganbu)).toBe(before + 1);
  });

  it("shows a meeting held and its attendance written after the page was served on the next request", async () => {
    const a = await w.t.loginAs("shuji");
    const page = `/years/2026/zones/${w.zoneA}`;
    const first = (await a.get(page)).text;
    expect(first).not.toContain("修路议事");
    expect((await a.get(page)).text).toBe(first); // served again, kept
    const meeting = await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: w.zoneA, heldOn: "2026-03-08", place: "村口", topics: "修路议事", residentCount: 12, createdById: w.shuji } });
    const held = (await a.get(page)).text;
    expect(held).toContain("修路议事");
    const row = (html: string) => html.slice(html.indexOf("修路议事")).split("</tr>")[0];
    expect(row(held)).toContain("<td>0</td><td>12</td>");
    await w.t.db.meetingAttendance.create({ data: { meetingId: meeting.id, memberId: w.ganbu } });
    expect(row((await a.get(page)).text)).toContain("<td>1</td><td>12</td>");
  });
});
