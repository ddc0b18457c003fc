/**
 * A zone's page (/zones/:id) counts the year's 三进三同 stays, households and writings of the zone
 * (issue 18 item 1: "the zone and branch pages count them"), as the roll-up counts them for the
 * zone: each toward the author's zone on the record's date, so a cadre who moved zones leaves the
 * earlier records behind. Overseers open the records behind each count; a member sees the numbers.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  const { a1 } = c.branches;
  const h = (await t.db.resident.create({ data: { zoneId: a1.zoneId, name: "甲户" } })).id;
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: h, fromOn: "2026-03-02", toOn: "2026-03-03", eat: true } });
  await t.db.stay.create({ data: { cadreId: a1.secretary, residentId: h, fromOn: "2026-04-02", toOn: "2026-04-02", work: true } });
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: h, fromOn: "2025-04-02", toOn: "2025-04-02", work: true } }); // last year
  await t.db.writing.create({ data: { authorId: a1.member, writtenOn: "2026-05-01", kind: "DIARY", title: "民情日记" } });
  // a1's cadre moves to a second zone of the branch on 1 September: their later stay counts there
  const z2 = (await t.db.zone.create({ data: { branchId: a1.id, name: "a1第二责任区", establishedOn: "2020-01-01" } })).id;
  await t.db.zoneAssignment.updateMany({ where: { memberId: a1.cadre, toOn: null }, data: { toOn: "2026-08-31" } });
  await t.db.zoneAssignment.create({ data: { memberId: a1.cadre, zoneId: z2, fromOn: "2026-09-01" } });
  await t.db.stay.create({ data: { cadreId: a1.cadre, residentId: h, fromOn: "2026-09-05", toOn: "2026-09-05", live: true } });
});
afterEach(() => t.close());

describe("a zone's page counts its stays and writings", () => {
  it("counts the year's records toward the author's zone on their date; overseers open them, members see the numbers", async () => {
    const { a1 } = c.branches;
    const sec = await t.loginAs("sj_a1");
    const page = await sec.get(`/zones/${a1.zoneId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-stays="2" data-writings="1"`);
    expect(page.text).toMatch(/2 人次<\/a>（<a [^>]*>1 户<\/a>）/);
    const link = `/reports/rollup/records?figure=stays&zone=${a1.zoneId}&year=2026&asOf=2026-11-18`;
    expect(page.text).toContain(`href="${link.replaceAll("&", "&amp;")}"`);
    expect((await sec.get(link)).status).toBe(200);

    const member = await t.loginAs("dy_a1");
    const seen = await member.get(`/zones/${a1.zoneId}`);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain(`data-stays="2" data-writings="1"`);
    expect(seen.text).not.toContain("/reports/rollup/records");

    const second = (await t.db.zone.findFirstOrThrow({ where: { name: "a1第二责任区" } })).id;
    expect((await sec.get(`/zones/${second}`)).text).toContain(`data-stays="1" data-writings="0"`);
    expect((await t.loginAs("sj_b1").then((b) => b.get(`/zones/${c.branches.b1.zoneId}`))).text).toContain(`data-stays="0" data-writings="0"`);
  });
});
