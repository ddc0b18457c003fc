/**
 * A zone's year reads its compliance report from the report cache (domain/compliance/cache.ts,
 * kept at the ledger's version; issue 16 item 2): a record written after the page was served
 * shows on the very next request (this fails if the cache ignores the ledger's version).
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
});
