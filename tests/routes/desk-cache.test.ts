/**
 * The county dashboard keeps its report and its stationed-cadres table while the ledger is
 * unchanged (src/reports/desk-cache.ts): a stationing recorded after a view shows on the next.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterEach(() => t.close());

const stationedTotal = (html: string) => Number(html.match(/<tr class="total"><th scope="row">合计<\/th>(?:<td>\d+<\/td>)*?<td>(\d+)<\/td><\/tr>\s*<\/tbody>\s*<\/table>\s*<\/div>\s*<p class="actions"><a href="\/reports\/rollup\/records\?figure=stationed/)?.[1]);

describe("the county dashboard's kept tables stay honest", () => {
  it("a stationing recorded after a view counts on the next view", async () => {
    const admin = await t.loginAs("guanli");
    const url = `/desk?year=2026&org=${encodeURIComponent(c.root.code)}`;
    const before = await admin.get(url);
    expect(before.status).toBe(200);
    expect(stationedTotal(before.text)).toBe(0);
    expect(stationedTotal((await admin.get(url)).text)).toBe(0);
    await t.db.stationing.create({ data: { memberId: c.branches.a1.cadre, orgId: c.branches.b1.id, fromOn: "2026-02-01", post: "DEPUTY_SECRETARY", kind: "GRADUATE_OFFICIAL" } });
    expect(stationedTotal((await admin.get(url)).text)).toBe(1);
  });
});
