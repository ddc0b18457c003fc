/**
 * The county dashboard keeps its report and its stationed-cadres table while the ledger is
 * unchanged (src/reports/desk-cache.ts), and a zone's year page its stays and writings: a
 * stationing or a stay recorded after a view shows on the next.
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

  it("a stay recorded after a view of the zone's year page counts on the next view", async () => {
    const household = (await t.db.resident.create({ data: { zoneId: c.branches.a1.zoneId, name: "李大伯", householdSize: 3 } })).id;
    const sj = await t.loginAs("sj_a1");
    const url = `/years/2026/zones/${c.branches.a1.zoneId}`;
    expect((await sj.get(url)).text).toContain('data-stays="0"');
    expect((await sj.get(url)).text).toContain('data-stays="0"');
    const gb = await t.loginAs("gb_a1");
    const res = await gb.post("/stays").type("form").send({ _csrf: await gb.csrf(), residentId: String(household), fromOn: "2026-11-02", toOn: "2026-11-04", eat: "1", diary: "了解村情", problems: "" });
    expect(res.status).toBe(303);
    expect((await sj.get(url)).text).toContain('data-stays="1"');
  });
});
