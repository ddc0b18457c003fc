/**
 * The roll-up (FORMATS.md "Organization reports", DOMAIN.md "Roll-up counting") on a small
 * county built here: 县委 → two townships → a branch or two each; one member transferred between
 * townships on 2026-06-15 (D): the talk of D − 1 counts toward the old branch, the talk of D toward
 * the new one, and every parent's total is the sum of its children.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { childPath } from "../../src/core/org-tree.ts";
import { rollupOf, ROLLUP_FIGURES, type RollupReport } from "../../src/domain/rollup/report.ts";

let t: TestApp;
const ids: Record<string, number> = {};

async function org(code: string, kind: string, parent: string | null) {
  const p = parent ? await t.db.org.findUniqueOrThrow({ where: { code: parent } }) : null;
  const o = await t.db.org.create({ data: { code, name: `${code}名`, kind, parentId: p?.id ?? null, path: "/", depth: p ? p.depth + 1 : 0 } });
  await t.db.org.update({ where: { id: o.id }, data: { path: childPath(p?.path ?? null, o.id) } });
  ids[code] = o.id;
}

/** Moves `memberId` to branch `code` on `day`: the old membership ends the day before. */
async function transfer(memberId: number, code: string, day: string, before: string) {
  await t.db.orgMembership.updateMany({ where: { memberId, toOn: null }, data: { toOn: before } });
  await t.db.orgMembership.create({ data: { memberId, orgId: ids[code], fromOn: day } });
  await t.db.member.update({ where: { id: memberId }, data: { branchId: ids[code] } });
}

const talk = (talkerId: number, occurredOn: string) =>
  t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName: "群众" } });

function expectChildrenSum(r: RollupReport) {
  for (const f of ROLLUP_FIGURES) {
    const sum = r.children.reduce((s, c) => s + c.totals[f], 0);
    expect(Math.round(sum * 100) / 100, f).toBe(r.totals[f]);
  }
}

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const root = await t.db.org.findFirstOrThrow({ where: { parentId: null } });
  ids.COUNTY = root.id;
  ids.A1 = t.branchId; // the default branch: moved under township A
  await org("A", "TOWNSHIP", "COUNTY");
  const a = await t.db.org.findUniqueOrThrow({ where: { code: "A" } });
  await t.db.org.update({ where: { id: t.branchId }, data: { code: "A1", parentId: a.id, path: childPath(a.path, t.branchId), depth: 2 } });
  await org("A2", "BRANCH", "A");
  await org("B", "TOWNSHIP", "COUNTY");
  await org("B1", "BRANCH", "B");
});
afterEach(() => t.close());

describe("the roll-up counts each record once, toward the author's branch on its date", () => {
  it("a transfer on D puts the talk of D − 1 in the old branch and the talk of D in the new one; parents sum their children", async () => {
    const mover = await t.member({ username: "mover", registeredOn: "2025-01-01" });
    const stay = await t.member({ username: "stay", registeredOn: "2025-01-01" });
    await t.db.orgMembership.updateMany({ where: { memberId: stay.id }, data: { orgId: ids.A2 } });
    await t.db.member.update({ where: { id: stay.id }, data: { branchId: ids.A2 } });
    await talk(mover.id, "2026-06-14");
    await talk(mover.id, "2026-06-15");
    await talk(mover.id, "2026-06-16");
    await talk(stay.id, "2026-03-01");
    await transfer(mover.id, "B1", "2026-06-15", "2026-06-14");

    const county = (await rollupOf(t.kx, ids.COUNTY, 2026, "2026-11-18"))!;
    expect(county.totals.talks).toBe(4);
    expect(county.totals.members).toBe(2);
    expectChildrenSum(county);
    const byCode = Object.fromEntries(county.children.map((c) => [c.code, c.totals]));
    expect(byCode.A.talks).toBe(2); // mover's 06-14 and stay's
    expect(byCode.B.talks).toBe(2); // mover's 06-15 and 06-16
    expect(byCode.A.members).toBe(1);
    expect(byCode.B.members).toBe(1);

    const a = (await rollupOf(t.kx, ids.A, 2026, "2026-11-18"))!;
    expectChildrenSum(a);
    expect(Object.fromEntries(a.children.map((c) => [c.code, c.totals.talks]))).toEqual({ A1: 1, A2: 1 });

    // As it stood before the transfer: everything in township A.
    const before = (await rollupOf(t.kx, ids.COUNTY, 2026, "2026-06-14"))!;
    expect(Object.fromEntries(before.children.map((c) => [c.code, c.totals.talks]))).toEqual({ A: 2, B: 0 });
    expect(Object.fromEntries(before.children.map((c) => [c.code, c.totals.members]))).toEqual({ A: 2, B: 0 });
  });

  it("a branch's children are its zones plus the records made outside any zone, and they sum to the branch", async () => {
    const m = await t.member({ username: "zoned", registeredOn: "2025-01-01" });
    const n = await t.member({ username: "nozone", registeredOn: "2025-01-01" });
    const zone = await t.db.zone.create({ data: { branchId: ids.A1, name: "第一责任区", establishedOn: "2020-01-01" } });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zone.id, fromOn: "2025-01-01" } });
    await talk(m.id, "2026-02-02");
    await talk(n.id, "2026-02-03");
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zone.id, heldOn: "2026-02-10", residentCount: 12, createdById: m.id, attendances: { create: [{ memberId: m.id }] } } });
    const r = (await rollupOf(t.kx, ids.A1, 2026, "2026-11-18"))!;
    expectChildrenSum(r);
    expect(r.children.map((c) => [c.name, c.totals.talks, c.totals.courtyardMeetings, c.totals.courtyardAttendees])).toEqual([
      ["第一责任区", 1, 1, 13],
      ["未分配责任区", 1, 0, 0],
    ]);
  });

  it("assistance is summed in yuan and requests answered within the feedback days count as on time", async () => {
    const c = await t.member({ username: "cadre", role: "CADRE", cadreLevel: "GENERAL", registeredOn: "2025-01-01" });
    const zone = await t.db.zone.create({ data: { branchId: ids.A1, name: "第一责任区", establishedOn: "2020-01-01" } });
    const res = await t.db.resident.create({ data: { zoneId: zone.id, name: "困难户" } });
    const p = await t.db.pairing.create({ data: { cadreId: c.id, residentId: res.id, startedOn: "2026-01-05" } });
    await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-03-01", kind: "FUNDS", amountFen: 50_050, createdById: c.id } });
    const base = { source: "WALK_IN", residentName: "群众", content: "修路", ownerId: c.id, createdById: c.id };
    await t.db.request.create({ data: { ...base, raisedOn: "2026-04-01", feedbackOn: "2026-04-08", status: "RESOLVED" } });
    await t.db.request.create({ data: { ...base, raisedOn: "2026-04-01", feedbackOn: "2026-04-09", status: "RESOLVED" } });
    await t.db.request.create({ data: { ...base, raisedOn: "2026-04-01" } });
    const r = (await rollupOf(t.kx, ids.COUNTY, 2026, "2026-11-18"))!;
    expect(r.totals).toMatchObject({ pairings: 1, assistanceYuan: 500.5, requestsRaised: 3, requestsAnsweredOnTime: 1 });
    expectChildrenSum(r);
  });

  it("an org's roll-up, read from its own subtree only, equals its row one level up, figure by figure", async () => {
    const mover = await t.member({ username: "mover", role: "CADRE", cadreLevel: "GENERAL", registeredOn: "2025-01-01" });
    const stay = await t.member({ username: "stay", registeredOn: "2025-01-01" });
    await t.db.orgMembership.updateMany({ where: { memberId: stay.id }, data: { orgId: ids.A2 } });
    await t.db.member.update({ where: { id: stay.id }, data: { branchId: ids.A2 } });
    const zoneB = await t.db.zone.create({ data: { branchId: ids.B1, name: "乙责任区", establishedOn: "2020-01-01" } });
    const res = await t.db.resident.create({ data: { zoneId: zoneB.id, name: "困难户" } });
    const p = await t.db.pairing.create({ data: { cadreId: mover.id, residentId: res.id, startedOn: "2026-01-05" } });
    for (const givenOn of ["2026-03-01", "2026-07-01"]) await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn, kind: "FUNDS", amountFen: 10_000, createdById: mover.id } });
    const base = { source: "WALK_IN", residentName: "群众", content: "修路", ownerId: mover.id, createdById: mover.id };
    for (const raisedOn of ["2026-04-01", "2026-08-01"]) await t.db.request.create({ data: { ...base, raisedOn } });
    await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zoneB.id, heldOn: "2026-09-10", residentCount: 7, createdById: mover.id } });
    for (const day of ["2026-06-14", "2026-06-15"]) await talk(mover.id, day);
    await talk(stay.id, "2026-03-01");
    await transfer(mover.id, "B1", "2026-06-15", "2026-06-14");

    const county = (await rollupOf(t.kx, ids.COUNTY, 2026, "2026-11-18"))!;
    expect(county.totals).toMatchObject({ talks: 3, members: 2, pairings: 1, assistanceYuan: 200, requestsRaised: 2, courtyardMeetings: 1 });
    for (const [code, parent] of [["A", county], ["B", county]] as const) {
      const own = (await rollupOf(t.kx, ids[code], 2026, "2026-11-18"))!;
      expect(own.totals, code).toEqual(parent.children.find((c) => c.code === code)!.totals);
      for (const child of own.children) expect((await rollupOf(t.kx, ids[child.code], 2026, "2026-11-18"))!.totals, child.code).toEqual(child.totals);
    }
    const b = (await rollupOf(t.kx, ids.B, 2026, "2026-11-18"))!;
    expect(b.totals).toMatchObject({ talks: 1, members: 1, pairings: 1, assistanceYuan: 100, requestsRaised: 1, courtyardMeetings: 1 });
  });
});

describe("the roll-up over the web", () => {
  it("the admin gets the county as JSON; a secretary gets their own branch and 404 for another; a member 403", async () => {
    await t.member({ username: "admin", role: "ADMIN" });
    await t.member({ username: "shuji", role: "SECRETARY" });
    await t.member({ username: "dangyuan" });
    const admin = await t.loginAs("admin");
    const county = await admin.get("/reports/rollup?year=2026&format=json");
    expect(county.status).toBe(200);
    expect(county.body.org.kind).toBe("COUNTY");
    expect(county.body.children.map((c: { code: string }) => c.code)).toEqual(["A", "B"]);
    const csv = await admin.get("/reports/rollup?year=2026&org=A&format=csv");
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    expect(csv.text).toContain("单位代码,单位,类型,党员人数");
    expect((await admin.get("/reports/rollup?org=A")).text).toContain("示范党支部");

    const shuji = await t.loginAs("shuji");
    const own = await shuji.get("/reports/rollup?year=2026&format=json");
    expect(own.status).toBe(200);
    expect(own.body.org.code).toBe("A1");
    expect((await shuji.get("/reports/rollup?year=2026&org=B1&format=json")).status).toBe(404);
    expect((await shuji.get("/reports/rollup?year=2026&org=COUNTY&format=json")).status).toBe(404);
    expect((await (await t.loginAs("dangyuan")).get("/reports/rollup?format=json")).status).toBe(403);
  });

  it("the compliance report takes org=: the members of its subtree on the last day, each with their branch", async () => {
    await t.member({ username: "admin", role: "ADMIN" });
    const mover = await t.member({ username: "mover", registeredOn: "2025-01-01" });
    await t.member({ username: "stay", registeredOn: "2025-01-01" });
    await transfer(mover.id, "B1", "2026-06-15", "2026-06-14");
    const admin = await t.loginAs("admin");
    const b = (await admin.get("/reports/compliance?year=2026&org=B&format=json")).body;
    expect(b.org).toEqual({ code: "B", name: "B名", kind: "TOWNSHIP" });
    expect(b.members.map((m: { username: string; org: string }) => [m.username, m.org])).toEqual([["mover", "B1"]]);
    const asBefore = (await admin.get("/reports/compliance?year=2026&asOf=2026-06-14&org=A&format=json")).body;
    expect(asBefore.members.map((m: { username: string; org: string }) => [m.username, m.org]).sort()).toEqual([["mover", "A1"], ["stay", "A1"]]);
    expect((await admin.get("/reports/compliance?year=2026&org=NOPE&format=json")).status).toBe(404);
  });
});
