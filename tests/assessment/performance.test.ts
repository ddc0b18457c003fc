/**
 * 工作实绩 from the ledger (DOMAIN.md "三维考核"): a member's tenth talk, a request answered in
 * time and a courtyard meeting count in the unit holding the author's branch, and nowhere else.
 * Today is 2026-11-18 (testApp's clock); the shares are read as of that day.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildAssessmentCounty, type AssessmentCounty } from "../support/assessment.ts";
import { assessedUnits } from "../../src/domain/assessment/units.ts";
import { performanceShares } from "../../src/reports/assessment-performance.ts";
import { computeAssessment } from "../../src/reports/assessment.ts";
import { transferMember } from "../../src/domain/orgs/transfers.ts";

let t: TestApp;
let c: AssessmentCounty;
beforeEach(async () => {
  t = await testApp();
  c = await buildAssessmentCounty(t);
});
afterEach(() => t.close());

const shares = async () => {
  const units = await assessedUnits(t.kx, 2026);
  const s = await performanceShares(t.kx, units, 2026, "2026-11-18");
  return Object.fromEntries(units.map((u) => [u.code, s.get(u.id)!]));
};

describe("工作实绩 shares", () => {
  it("count each record in the unit of its author's branch", async () => {
    const before = (await shares());
    expect(before.XZA.requests).toEqual({ done: 0, of: 0 });
    for (let i = 1; i <= 10; i++) {
      await t.db.talk.create({ data: { talkerId: c.branches.a1.member, occurredOn: `2026-0${(i % 9) + 1}-10`, counterpartKind: "RESIDENT", counterpartName: `群众${i}`, content: "谈心" } });
    }
    await t.db.request.create({ data: { source: "WALK_IN", zoneId: c.branches.a1.zoneId, residentName: "住户甲", raisedOn: "2026-11-02", content: "修路", ownerId: c.branches.a1.cadre, createdById: c.branches.a1.cadre, feedbackOn: "2026-11-05" } });
    await t.db.request.create({ data: { source: "WALK_IN", zoneId: c.branches.a1.zoneId, residentName: "住户乙", raisedOn: "2026-10-01", content: "路灯", ownerId: c.branches.a1.cadre, createdById: c.branches.a1.cadre } });
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: c.branches.a2.zoneId, heldOn: "2026-11-10", hostId: c.branches.a2.cadre, createdById: c.branches.a2.cadre, topics: "院坝会" } });
    const after = (await shares());
    expect(after.XZA.yearTalks.done).toBe(before.XZA.yearTalks.done + 1);
    expect(after.XZA.yearTalks.of).toBe(before.XZA.yearTalks.of);
    expect(after.XZA.requests).toEqual({ done: 1, of: 2 });
    expect(after.XZA.zoneMonths.done).toBe(before.XZA.zoneMonths.done + 1);
    expect(after.XZB).toEqual(before.XZB);
    expect(after.BM1).toEqual(before.BM1);
    const d = await computeAssessment(t.kx, 2026, "2026-11-18");
    const xza = d.units.find((u) => u.code === "XZA")!;
    expect(xza.shares.requests.percent).toBe(50);
  });

  it("judge requests on time by the feedback days in force on the day raised, in the author's branch on that day", async () => {
    const cadre = c.branches.a1.cadre;
    const req = (raisedOn: string, feedbackOn: string | null, createdById = cadre) =>
      t.db.request.create({ data: { source: "WALK_IN", zoneId: c.branches.a1.zoneId, residentName: "住户", raisedOn, content: "诉求", ownerId: createdById, createdById, feedbackOn } });
    // 7 days until 2026-06-01, then 3 (a dated system setting); a mid-year transfer to XZB on 2026-07-01.
    await t.db.ruleSetting.create({ data: { rule: "REQUEST_FEEDBACK_DAYS", value: 3, effectiveFrom: "2026-06-01" } });
    await transferMember(t.db, { id: c.people.rootAdmin, role: "ADMIN" } as never, { memberId: cadre, orgId: c.branches.b1.id, on: "2026-07-01" }, "2026-11-18", null);
    await req("2026-03-02", "2026-03-08"); // 6 days ≤ 7: on time, XZA
    await req("2026-06-02", "2026-06-08"); // 6 days > 3: late, XZA
    await req("2026-06-10", "2026-06-13"); // 3 days: on time, XZA
    await req("2026-08-03", "2026-08-05"); // on time, after the transfer: XZB
    await req("2026-11-10", "2026-11-20"); // answered after the report's last day: not on time, XZB
    await req("2025-12-30", "2025-12-31"); // last year: not counted
    expect((await shares()).XZA.requests).toEqual({ done: 2, of: 3 });
    expect((await shares()).XZB.requests).toEqual({ done: 1, of: 2 });
    // A township's own setting (30 days for XZA's subtree, by the request's zone's branch): judged per request.
    await t.db.ruleSetting.create({ data: { rule: "REQUEST_FEEDBACK_DAYS", value: 30, effectiveFrom: "2026-01-01", orgId: c.townships.A.id } });
    expect((await shares()).XZA.requests).toEqual({ done: 3, of: 3 });
    expect((await shares()).XZB.requests).toEqual({ done: 1, of: 2 });
  });
});
