/**
 * "Their own quotas are unchanged" (issue 18 item 3): stationing a cadre in a village changes
 * nothing in the compliance report (same quotas, same branch, same figures), and the talks they
 * hold in the village count toward their own quota, as any talk of theirs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterEach(() => t.close());

const report = () => buildComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" });

describe("a stationed cadre's own quotas", () => {
  it("are the same with the stationing as without; a talk in the village counts toward them", async () => {
    const { a1, b1 } = c.branches;
    await t.db.talk.create({ data: { talkerId: a1.cadre, occurredOn: "2026-03-01", counterpartKind: "RESIDENT", counterpartName: "本村群众" } });
    const before = (await report());
    await t.db.stationing.create({ data: { memberId: a1.cadre, orgId: b1.id, fromOn: "2026-02-01", post: "SECRETARY_ASSISTANT", kind: "VILLAGE_CADRE" } });
    const after = (await report());
    expect(after).toEqual(before);
    const mine = (r: Awaited<ReturnType<typeof report>>) => r.members.find((m) => m.id === a1.cadre)!;
    expect(mine(after).yearTalks.required).toBeGreaterThan(0);

    const villager = await t.db.resident.create({ data: { zoneId: b1.zoneId, name: "驻村户" } });
    await t.db.talk.create({ data: { talkerId: a1.cadre, occurredOn: "2026-04-01", counterpartKind: "RESIDENT", counterpartName: "驻村户", counterpartResidentId: villager.id } });
    expect(mine((await report())).yearTalks.count).toBe(mine(after).yearTalks.count + 1);
    expect((await t.db.member.findUniqueOrThrow({ where: { id: a1.cadre } })).branchId).toBe(a1.id);
  });
});
