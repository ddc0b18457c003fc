/**
 * 驻村 and 三项教育 (issue 18 items 3, 4) through the real commands on a real SQLite file: a
 * stationing into a non-village org, over another of the same cadre, or in a closed year is
 * refused with a Chinese message and writes nothing; a good one is audited and leaves the cadre's
 * membership alone. A training attendee outside the session's org on its date is refused; the
 * coverage counts members where they belong on the last day and lists who is untrained.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { loadReach } from "../../src/auth/reach.ts";
import { createStationing, endStationing } from "../../src/domain/stationing/commands.ts";
import { createSession } from "../../src/domain/training/commands.ts";
import { coverage } from "../../src/domain/training/queries.ts";
import { DomainError, LockedError, NotFoundError } from "../../src/core/errors.ts";
import type { Actor } from "../../src/core/actor.ts";

let t: TestApp;
let c: County;
let root: Actor;
const today = "2026-11-18";
const actorOf = async (id: number): Promise<Actor> => {
  const m = await t.db.member.findUniqueOrThrow({ where: { id } });
  return { id: m.id, username: m.username, name: m.name, role: m.role as Actor["role"] };
};
const station = (over: Partial<Parameters<typeof createStationing>[2]> = {}) =>
  createStationing(t.db, root, { memberId: c.branches.a1.cadre, orgId: c.branches.b1.id, fromOn: "2026-03-01", toOn: null, post: "SECRETARY_ASSISTANT", kind: "VILLAGE_CADRE", note: "", ...over }, null);
const writes = async () => [await t.db.stationing.count(), await t.db.auditEntry.count(), await t.db.trainingSession.count(), await t.db.trainingAttendance.count()];

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  root = await actorOf(c.people.rootAdmin);
});
afterEach(() => t.close());

describe("stationing a cadre in a village", () => {
  it("a good stationing is written with its audit entry; the cadre's branch is unchanged", async () => {
    const { id } = await station();
    expect(await t.db.stationing.findUniqueOrThrow({ where: { id } })).toMatchObject({ memberId: c.branches.a1.cadre, orgId: c.branches.b1.id, post: "SECRETARY_ASSISTANT" });
    expect(await t.db.auditEntry.count({ where: { action: "stationing.create", entityId: String(id) } })).toBe(1);
    expect((await t.db.member.findUniqueOrThrow({ where: { id: c.branches.a1.cadre } })).branchId).toBe(c.branches.a1.id);
    await endStationing(t.db, root, id, "2026-10-31", null);
    expect((await t.db.stationing.findUniqueOrThrow({ where: { id } })).toOn).toBe("2026-10-31");
    expect(await t.db.auditEntry.count({ where: { action: "stationing.end" } })).toBe(1);
  });

  it("a township, the county or a 机关 branch is not a village: refused, nothing written", async () => {
    const before = await writes();
    for (const orgId of [c.townships.B.id, c.root.id, t.branchId]) {
      const e = await station({ orgId }).catch((x) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect(e.message).toContain("不是村（社区）党支部");
    }
    expect(await writes()).toEqual(before);
  });

  it("an overlap with another stationing of the same cadre is refused; an adjacent one is not", async () => {
    await station({ toOn: "2026-06-30" });
    const before = await writes();
    const e = await station({ orgId: c.branches.b2.id, fromOn: "2026-06-30" }).catch((x) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.message).toContain("不能重叠");
    expect(await writes()).toEqual(before);
    await station({ orgId: c.branches.b2.id, fromOn: "2026-07-01" });
    expect(await t.db.stationing.count()).toBe(2);
  });

  it("a date in a year closed for the cadre's branch or the village is refused (LockedError), nothing written", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.b1.id, year: 2025, closedAt: new Date(), closedById: root.id } });
    const before = await writes();
    expect(await station({ fromOn: "2025-12-01" }).catch((x) => x)).toBeInstanceOf(LockedError);
    expect(await writes()).toEqual(before);
  });

  it("an admin of another township neither stations into nor ends a stationing out of reach (404)", async () => {
    const { id } = await station({ memberId: c.branches.b2.cadre }); // township B's cadre in B1: nothing of A's
    const adminA = await actorOf(c.people.adminA);
    const reach = await loadReach(t.db, adminA, today);
    expect(await endStationing(t.db, adminA, id, "2026-10-31", reach).catch((x) => x)).toBeInstanceOf(NotFoundError);
    // township A's admin may station A1's cadre (their subtree) even into B1: the cadre's side
    const other = await createStationing(t.db, adminA, { memberId: c.branches.a1.member, orgId: c.branches.b1.id, fromOn: "2026-03-01", toOn: null, post: "OTHER", kind: "THREE_SUPPORTS", note: "" }, reach);
    expect(other.id).toBeGreaterThan(0);
    expect(await createStationing(t.db, adminA, { memberId: c.branches.b2.member, orgId: c.branches.b1.id, fromOn: "2026-03-01", toOn: null, post: "OTHER", kind: "THREE_SUPPORTS", note: "" }, reach).catch((x) => x)).toBeInstanceOf(NotFoundError);
  });
});

describe("training sessions and coverage", () => {
  const session = async (orgId: number, attendees: string, heldOn = "2026-05-20") =>
    createSession(t.db, root, { heldOn, level: "TOWNSHIP", topic: "群众工作方法", orgId, attendees }, await loadReach(t.db, root, today), today);

  it("an attendee outside the session's org on its date is refused, nothing written; inside, written and audited", async () => {
    const before = await writes();
    const e = await session(c.townships.A.id, "gb_a1 gb_b1").catch((x) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.message).toContain("不在「甲乡党委」范围内");
    expect(await writes()).toEqual(before);
    const ok = await session(c.townships.A.id, "gb_a1、dy_a2");
    expect(ok.attendees).toBe(2);
    expect(await t.db.auditEntry.count({ where: { action: "training.create" } })).toBe(1);
  });

  it("a date in a year closed for an attendee's branch is refused with a Chinese message", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: root.id } });
    const e = await session(c.townships.A.id, "gb_a1", "2025-06-01").catch((x) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect(e.message).toContain("2025 年度已关闭");
    expect(await t.db.trainingSession.count()).toBe(0);
  });

  it("coverage: the share of members trained in the year, children from counts, the untrained listed", async () => {
    await session(c.townships.A.id, "gb_a1 sj_a1 dy_a2");
    await session(c.root.id, "gb_b1", "2025-05-20"); // last year: does not count in 2026
    const county = await t.db.org.findUniqueOrThrow({ where: { id: c.root.id } });
    const cov = await coverage(t.kx, county, 2026, today);
    expect(cov.trained).toBe(3);
    expect(cov.members).toBeGreaterThanOrEqual(cov.children.reduce((s, x) => s + x.members, 0)); // plus the county's own branch
    const a = cov.children.find((x) => x.code === "XZA")!;
    expect(a.trained).toBe(3);
    expect(a.share).toBe(Math.round((3 / a.members) * 10000) / 10000);
    expect(cov.share).toBe(Math.round((3 / cov.members) * 10000) / 10000);
    expect(cov.untrained.map((p) => p.username)).toContain("gb_b1");
    expect(cov.untrained.map((p) => p.username)).not.toContain("gb_a1");
  });
});
