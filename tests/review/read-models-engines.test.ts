/**
 * The review pages' read models on Kysely (issue 17) give the same answers on SQLite and on
 * PostgreSQL (LEDGER_TEST_PG=1 runs this file on a fresh PostgreSQL database): a member's year
 * (lists, months, 补录 counted in SQL across Shanghai's midnight, hosted meetings), a zone's
 * year, the org scope's cuts and the zones' record totals. Fixtures through Prisma only.
 */
import { afterAll, describe, expect, it } from "vitest";
import { freshDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { loadMemberYear } from "../../src/reports/member-year.ts";
import { loadZoneYear } from "../../src/reports/zone-year.ts";
import { memberInOrg, orgOfCode, subtreeMemberIds, subtreeZoneIds, zoneInOrg } from "../../src/reports/org-scope.ts";
import { childOrgs, memberChildren } from "../../src/reports/overview-orgs.ts";
import { zoneRecordTotals } from "../../src/domain/zones/totals.ts";
import type { ComplianceReport } from "../../src/domain/compliance/report.ts";

const t = await freshDb();
afterAll(() => t.close());
const { branchId, countyId } = await ensureBaseline(t.db);
const mk = async (username: string, role = "CADRE") => {
  const m = await t.db.member.create({ data: { branchId, username, name: `${username}名`, role, passwordHash: "x", registeredOn: "2020-01-01" } });
  await t.db.orgMembership.create({ data: { memberId: m.id, orgId: branchId, fromOn: "2020-01-01" } });
  return m.id;
};
const cadre = await mk("gb_engines");
const other = await mk("dy_engines", "MEMBER");
const zone = (await t.db.zone.create({ data: { branchId, name: "两引擎区", establishedOn: "2020-01-01", leaderId: cadre } })).id;
await t.db.zoneAssignment.create({ data: { memberId: cadre, zoneId: zone, fromOn: "2026-03-01" } });
// every record entered on its day (createdAt), but one talk: the 补录 count is exact
const talk = (occurredOn: string, createdAt: string) =>
  t.db.talk.create({ data: { talkerId: cadre, occurredOn, counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "谈心", createdAt: new Date(createdAt) } });
await talk("2026-02-10", "2026-02-10T02:00:00Z"); // before the zone: no zone
await talk("2026-03-01", "2026-03-08T15:59:00Z"); // entered 2026-03-08 in Shanghai: 7 days, not late
await talk("2026-03-01", "2026-03-08T16:00:00Z"); // entered 2026-03-09 in Shanghai: 8 days, late
const line = (await t.db.line.create({ data: { name: "两引擎1路" } })).id;
await t.db.lineVisit.create({ data: { cadreId: cadre, lineId: line, visitedAt: new Date("2026-03-03T01:30:00Z"), visitedOn: "2026-03-03", purpose: "走访", createdAt: new Date("2026-03-03T02:00:00Z") } });
const hosted = await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zone, heldOn: "2026-04-02", place: "院坝", hostId: cadre, createdById: cadre, createdAt: new Date("2026-04-02T02:00:00Z") } });
const attended = await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zone, heldOn: "2026-05-02", place: "祠堂", createdById: other, createdAt: new Date("2026-05-02T02:00:00Z") } });
await t.db.meetingAttendance.createMany({ data: [{ meetingId: attended.id, memberId: cadre }, { meetingId: attended.id, memberId: other }] });
const resident = await t.db.resident.create({ data: { zoneId: zone, name: "困难户甲" } });
const pairing = await t.db.pairing.create({ data: { cadreId: cadre, residentId: resident.id, startedOn: "2025-06-01", createdAt: new Date("2025-06-01T02:00:00Z") } });
await t.db.assistanceRecord.create({ data: { pairingId: pairing.id, givenOn: "2026-06-01", kind: "FUNDS", amountFen: 1250, description: "慰问金", createdById: cadre, createdAt: new Date("2026-06-01T02:00:00Z") } });
await t.db.request.create({ data: { source: "VISIT", residentName: "群众乙", raisedOn: "2026-06-05", content: "修路", ownerId: cadre, createdById: cadre, zoneId: zone, createdAt: new Date("2026-06-05T02:00:00Z") } });

describe("a member's year on either engine", () => {
  it("lists the year, counts the months and the 补录 in SQL", async () => {
    const y = (await loadMemberYear(t.kx, cadre, 2026))!;
    expect(y.member).toMatchObject({ id: cadre, username: "gb_engines", role: "CADRE" });
    expect(y.talks.map((x) => [x.date, x.late])).toEqual([["2026-02-10", false], ["2026-03-01", false], ["2026-03-01", true]]);
    expect(y.lateCount).toBe(1);
    expect(y.visitWeeks.map((w) => [w.label, w.visits.map((v) => [v.target, v.targetKind, v.time])])).toEqual([["2026-W10", [["两引擎1路", "line", "09:30"]]]]);
    expect(y.meetings.map((m) => [m.place, m.hosted])).toEqual([["院坝", true], ["祠堂", false]]);
    expect(y.pairings.map((p) => [p.resident, p.zone])).toEqual([["困难户甲", "两引擎区"]]);
    expect(y.assistance.map((a) => [a.resident, a.amountFen, a.amountYuan])).toEqual([["困难户甲", 1250, "12.50"]]);
    expect(y.requests.map((q) => [q.residentName, q.zone])).toEqual([["群众乙", "两引擎区"]]);
    expect(y.months).toEqual([
      { month: "2026-02", talks: 1, visits: 0, meetings: 0, assistance: 0, requests: 0 },
      { month: "2026-03", talks: 2, visits: 1, meetings: 0, assistance: 0, requests: 0 },
      { month: "2026-04", talks: 0, visits: 0, meetings: 1, assistance: 0, requests: 0 },
      { month: "2026-05", talks: 0, visits: 0, meetings: 1, assistance: 0, requests: 0 },
      { month: "2026-06", talks: 0, visits: 0, meetings: 0, assistance: 1, requests: 1 },
    ]);
    expect(y.lists.talks.total).toBe(3);
    expect(await loadMemberYear(t.kx, 999_999, 2026)).toBeNull();
  });

  it("pages each list on its own", async () => {
    const y = (await loadMemberYear(t.kx, cadre, 2026, null, { size: 2, pages: { talks: 2 } }))!;
    expect(y.talks.map((x) => x.late)).toEqual([true]);
    expect(y.lists.talks).toMatchObject({ page: 2, total: 3 });
  });
});

describe("a zone's year and the org scope on either engine", () => {
  it("lists the zone's meetings with host and attendance", async () => {
    const z = (await loadZoneYear(t.kx, zone, 2026))!;
    expect(z.zone).toMatchObject({ name: "两引擎区", leader: "gb_engines名" });
    expect(z.meetings.map((m) => [m.place, m.host, m.members])).toEqual([["院坝", "gb_engines名", 0], ["祠堂", null, 2]]);
    expect(z.list.total).toBe(2);
  });

  it("cuts members and zones by the subtree", async () => {
    const county = (await t.db.org.findUniqueOrThrow({ where: { id: countyId } }));
    const branch = (await orgOfCode(t.kx, (await t.db.org.findUniqueOrThrow({ where: { id: branchId } })).code))!;
    expect(branch.id).toBe(branchId);
    expect(await orgOfCode(t.kx, "no-such-org")).toBeNull();
    expect(await subtreeMemberIds(t.kx, branch.path, "2026-11-18")).toEqual(expect.arrayContaining([cadre, other]));
    expect(await subtreeZoneIds(t.kx, branch.path)).toContain(zone);
    expect(await zoneInOrg(t.kx, zone, branch)).toBe(true);
    expect(await zoneInOrg(t.kx, zone, { path: "/999999/" })).toBe(false);
    expect(await memberInOrg(t.kx, cadre, { path: `${branch.path}999/` }, "2026-11-18")).toBe(false);
    expect(await memberInOrg(t.kx, cadre, branch, "2026-11-18")).toBe(true);
    expect((await childOrgs(t.kx, county)).map((c) => c.id)).toContain(branchId);
    const placed = await memberChildren(t.kx, {} as ComplianceReport, county, "2026-11-18");
    expect(placed.get(cadre)).toBe(branch.path);
  });

  it("attributes the year's talks and visits to the zone of their date", async () => {
    const totals = await zoneRecordTotals(t.kx, 2026);
    expect(totals.talks.get(zone)).toBe(2);
    expect(totals.talks.get(null)).toBe(1);
    expect(totals.visits.get(zone)).toBe(1);
  });
});
