/**
 * Rule settings per subtree, dated, as the quota evaluation uses them (DOMAIN.md "Organizations":
 * "Rule settings are set at an org with the date from which they apply, and hold for its subtree
 * unless a descendant sets its own"; "Rules: settled edge cases": a period is judged by the
 * threshold in force on its first day). A small county built here:
 *   县委 (MONTH_TALKS 4) ─ default branch B0
 *                        └ township T (MONTH_TALKS 3, REQUEST_FEEDBACK_DAYS 7 inherited) ─ B1
 *                                                                                        └ B2 (MONTH_TALKS 2, feedback 3 days)
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { org, systemActor } from "../orgs/helpers.ts";
import { buildComplianceReport, type ComplianceReport } from "../../src/domain/compliance/report.ts";
import { cachedComplianceReport } from "../../src/domain/compliance/cache.ts";
import { orgComplianceReport } from "../../src/domain/compliance/org.ts";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { standingOf } from "../../src/domain/compliance/standing.ts";
import { transferMember } from "../../src/domain/orgs/transfers.ts";
import { feedbackSettings, withDeadline, openRequestsOfZone } from "../../src/domain/requests/queries.ts";
import { setRuleThreshold } from "../../src/domain/rules/settings.ts";
import { DomainError } from "../../src/core/errors.ts";
import { zonesAndBranch } from "../../src/domain/zones/page.ts";

let t: TestApp;
const ids: Record<string, number> = {};
let adminId: number;

const setting = (rule: string, value: number, orgId: number | null, effectiveFrom = "2026-01-01") =>
  t.db.ruleSetting.create({ data: { rule, value, effectiveFrom, orgId } });
const talks = (talkerId: number, days: string[]) =>
  Promise.all(days.map((occurredOn) => t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName: "群众" } })));
const cadre = (username: string, branch: string) => t.member({ username, role: "CADRE", cadreLevel: "GENERAL", registeredOn: "2025-01-01", branchId: ids[branch] });
const month = (r: ComplianceReport, username: string, period: string) => r.members.find((m) => m.username === username)!.monthlyTalks!.find((p) => p.period === period)!;

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  adminId = (await t.member({ username: "guanli", role: "ADMIN" })).id;
  const actor = systemActor(adminId);
  const county = await t.db.org.findUniqueOrThrow({ where: { id: t.countyId } });
  ids.COUNTY = county.id;
  ids.B0 = t.branchId;
  ids.T = (await org(t.db, actor, "T", "TOWNSHIP", county.code)).id;
  ids.B1 = (await org(t.db, actor, "B1", "BRANCH", "T")).id;
  ids.B2 = (await org(t.db, actor, "B2", "BRANCH", "T")).id;
  await setting("MONTH_TALKS", 4, ids.COUNTY);
  await setting("MONTH_TALKS", 3, ids.T);
  await setting("MONTH_TALKS", 2, ids.B2);
});
afterEach(() => t.close());

describe("the compliance report judges each member by their branch's settings", () => {
  it("inherits the county's value, a township overrides it, a branch overrides it again", async () => {
    await cadre("c0", "B0");
    await cadre("c1", "B1");
    await cadre("c2", "B2");
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-02-15" }));
    expect(["c0", "c1", "c2"].map((u) => month(r, u, "2026-01").required)).toEqual([4, 3, 2]);
  });

  it("two branches with different monthly thresholds give different statuses, in the report and the org report", async () => {
    const c1 = await cadre("c1", "B1");
    const c2 = await cadre("c2", "B2");
    await talks(c1.id, ["2026-01-05", "2026-01-06"]);
    await talks(c2.id, ["2026-01-05", "2026-01-06"]);
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-02-15" }));
    expect(month(r, "c1", "2026-01")).toEqual({ period: "2026-01", count: 2, required: 3, status: "missed" });
    expect(month(r, "c2", "2026-01")).toEqual({ period: "2026-01", count: 2, required: 2, status: "met" });

    const town = await t.db.org.findUniqueOrThrow({ where: { id: ids.T } });
    const byOrg = (await orgComplianceReport(t.kx, { year: 2026, asOf: "2026-02-15", org: town }));
    const statuses = Object.fromEntries(byOrg.members.map((m) => [m.username, [m.org, m.monthlyTalks![0].status]]));
    expect(statuses).toEqual({ c1: ["B1", "missed"], c2: ["B2", "met"] });
  });

  it("after a transfer on D the period begun before D keeps the old branch's value, the one begun on D the new one's", async () => {
    const mover = await cadre("mover", "B1");
    await transferMember(t.db, systemActor(adminId), { memberId: mover.id, orgId: ids.B2, on: "2026-06-01" }, "2026-11-18", null);
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" }));
    expect(["2026-05", "2026-06"].map((p) => month(r, "mover", p).required)).toEqual([3, 2]);

    // Mid-month: June begun in B1 is judged by B1 (3); July by B2 (2).
    const late = await cadre("late", "B1");
    await transferMember(t.db, systemActor(adminId), { memberId: late.id, orgId: ids.B2, on: "2026-06-15" }, "2026-11-18", null);
    const r2 = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" }));
    expect(["2026-06", "2026-07"].map((p) => month(r2, "late", p).required)).toEqual([3, 2]);
    // The org report of the new branch lists them with the same figures.
    const b2 = await t.db.org.findUniqueOrThrow({ where: { id: ids.B2 } });
    const byOrg = (await orgComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18", org: b2 }));
    const listed = byOrg.members.find((m) => m.username === "late")!;
    expect(listed.org).toBe("B2");
    expect(listed.monthlyTalks!.filter((p) => p.period >= "2026-06" && p.period <= "2026-07").map((p) => p.required)).toEqual([3, 2]);
  });

  it("the yearly talks and the pairings follow the branch too", async () => {
    await setting("YEAR_TALKS", 6, ids.B2);
    await setting("PAIRINGS", 1, ids.B2).then((s) => t.db.ruleSetting.update({ where: { id: s.id }, data: { cadreLevel: "GENERAL" } }));
    await cadre("c1", "B1");
    await cadre("c2", "B2");
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" }));
    const of = (u: string) => r.members.find((m) => m.username === u)!;
    expect([of("c1").yearTalks.required, of("c2").yearTalks.required]).toEqual([10, 6]);
    expect([of("c1").pairings!.required, of("c2").pairings!.required]).toEqual([2, 1]);
  });

  it("a zone's courtyard meetings are judged by its branch's value", async () => {
    await setting("MONTH_COURTYARD", 2, ids.B2);
    const z1 = await t.db.zone.create({ data: { branchId: ids.B1, name: "一区", establishedOn: "2025-01-01" } });
    const z2 = await t.db.zone.create({ data: { branchId: ids.B2, name: "二区", establishedOn: "2025-01-01" } });
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-02-15" }));
    const req = (id: number) => r.zones.find((z) => z.id === id)!.monthlyCourtyardMeetings[0].required;
    expect([req(z1.id), req(z2.id)]).toEqual([1, 2]);
    // The zones index reads the same figures.
    const index = (await zonesAndBranch(t.kx, "2026-02-15")).zones;
    expect(index.map((z) => z.monthlyCourtyardMeetings[0].required)).toEqual([1, 2]);
  });

  it("the cached report changes when an org setting or a membership changes", async () => {
    const c = await cadre("c1", "B1");
    const required = async () => month((await cachedComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" })), "c1", "2026-11").required;
    expect(await required()).toBe(3);
    await setting("MONTH_TALKS", 1, ids.B1);
    expect(await required()).toBe(1);
    await t.db.orgMembership.updateMany({ where: { memberId: c.id }, data: { orgId: ids.B2 } });
    expect(await required()).toBe(2);
  });
});

describe("the cadre's dashboard shows their branch's value", () => {
  it("the monthly-talk card of a cadre of B2 requires 2, of B1 3", async () => {
    await cadre("c1", "B1");
    await cadre("c2", "B2");
    const card = async (id: number) => (await standingOf(t.kx, id, "2026-11-18")).find((c) => c.rule === "MONTH_TALKS")!.required;
    const c1 = await t.db.member.findUniqueOrThrow({ where: { username: "c1" } });
    const c2 = await t.db.member.findUniqueOrThrow({ where: { username: "c2" } });
    expect([await card(c1.id), await card(c2.id)]).toEqual([3, 2]);
    const page = await (await t.loginAs("c2")).get("/");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-rule="MONTH_TALKS"[\s\S]*?<span class="required">2<\/span>/);
  });
});

describe("the request feedback days follow the request's zone's branch", () => {
  it("a request in a zone of B2 (3 days) is overdue on day 5; one in B1 (the system's 7) is not", async () => {
    await setting("REQUEST_FEEDBACK_DAYS", 3, ids.B2);
    const owner = await cadre("c1", "B1");
    const z1 = await t.db.zone.create({ data: { branchId: ids.B1, name: "一区", establishedOn: "2025-01-01" } });
    const z2 = await t.db.zone.create({ data: { branchId: ids.B2, name: "二区", establishedOn: "2025-01-01" } });
    for (const zoneId of [z1.id, z2.id]) {
      await t.db.request.create({ data: { source: "WALK_IN", zoneId, residentName: "群众甲", raisedOn: "2026-11-13", content: "修路", ownerId: owner.id, createdById: owner.id } });
    }
    const [in1] = await openRequestsOfZone(t.db, z1.id, "2026-11-18");
    const [in2] = await openRequestsOfZone(t.db, z2.id, "2026-11-18");
    expect([in1.feedbackDays, in1.overdue]).toEqual([7, false]);
    expect([in2.feedbackDays, in2.overdue]).toEqual([3, true]);
    const rows = await t.db.request.findMany({ orderBy: { id: "asc" }, include: { zone: { select: { id: true, name: true, branch: { select: { path: true } } } } } });
    expect(withDeadline(rows, await feedbackSettings(t.db), "2026-11-18").map((r) => r.overdue)).toEqual([false, true]);
  });

  it("the roll-up counts an answer in 5 days on time in B1 and late in B2", async () => {
    await setting("REQUEST_FEEDBACK_DAYS", 3, ids.B2);
    const c1 = await cadre("c1", "B1");
    const c2 = await cadre("c2", "B2");
    const z1 = await t.db.zone.create({ data: { branchId: ids.B1, name: "一区", establishedOn: "2025-01-01" } });
    const z2 = await t.db.zone.create({ data: { branchId: ids.B2, name: "二区", establishedOn: "2025-01-01" } });
    for (const [who, zoneId] of [[c1.id, z1.id], [c2.id, z2.id]]) {
      await t.db.request.create({
        data: { source: "WALK_IN", zoneId, residentName: "群众甲", raisedOn: "2026-11-01", feedbackOn: "2026-11-06", status: "RESOLVED", content: "修路", ownerId: who, createdById: who },
      });
    }
    const r = (await rollupOf(t.kx, ids.T, 2026, "2026-11-18"))!;
    const on = Object.fromEntries(r.children.map((c) => [c.code, [c.totals.requestsRaised, c.totals.requestsAnsweredOnTime]]));
    expect(on).toEqual({ B1: [1, 1], B2: [1, 0] });
  });
});

describe("a closed period keeps its values", () => {
  it("a setting at an org cannot be back-dated before today", async () => {
    const admin = systemActor(adminId);
    await expect(setRuleThreshold(t.db, admin, { rule: "MONTH_TALKS", cadreLevel: null, value: 1, effectiveFrom: "2026-11-01", orgId: ids.B1 }, "2026-11-18")).rejects.toBeInstanceOf(DomainError);
    await setRuleThreshold(t.db, admin, { rule: "MONTH_TALKS", cadreLevel: null, value: 1, effectiveFrom: "2026-12-01", orgId: ids.B1 }, "2026-11-18");
    await cadre("c1", "B1");
    const r = (await buildComplianceReport(t.kx, { year: 2026, asOf: "2026-12-05" }));
    expect(["2026-11", "2026-12"].map((p) => month(r, "c1", p).required)).toEqual([3, 1]);
  });
});
