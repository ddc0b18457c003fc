/**
 * loadReachKx (src/auth/reach.ts; issue 16/17: the per-request reach on Kysely, either engine) gives
 * the very Reach of loadReach for every account of the county of tests/support/county.ts, also
 * after a transfer (a dated OrgMembership) and a grant given on the day; and the app uses it
 * (a grant counts from the next request on).
 */
import { afterAll, describe, expect, it } from "vitest";
import { testApp } from "../support/app.ts";
import { buildCounty, grant } from "../support/county.ts";
import { loadReach, loadReachKx } from "../../src/auth/reach.ts";
import type { Actor } from "../../src/core/actor.ts";

const t = await testApp();
const c = await buildCounty(t);
afterAll(() => t.close());
const today = "2026-11-18";

async function same() {
  const people = await t.db.member.findMany({ orderBy: { id: "asc" } });
  expect(people.length).toBeGreaterThan(10);
  for (const m of people) {
    const actor = { id: m.id, username: m.username, name: m.name, role: m.role } as Actor;
    expect(await loadReachKx(t.kx, actor, today)).toEqual(await loadReach(t.db, actor, today));
  }
}

describe("the reach on Kysely", () => {
  it("is loadReach's for every account, before and after a transfer and a new grant", async () => {
    await same();
    await t.db.orgMembership.create({ data: { memberId: c.branches.a1.secretary, orgId: c.branches.b2.id, fromOn: "2026-10-01" } });
    await t.db.orgMembership.create({ data: { memberId: c.branches.a2.cadre, orgId: c.branches.b1.id, fromOn: "2026-12-01" } }); // not yet
    await grant(t, c.branches.b1.member, c.townships.B.id, "REVIEWER");
    await same();
    const r = await loadReachKx(t.kx, { id: c.branches.a1.secretary, username: "sj_a1", name: "", role: "SECRETARY" } as Actor, today);
    expect(r.branchId).toBe(c.branches.b2.id);
  });

  it("is what the app checks: a grant opens the overview from the next request on", async () => {
    const a = await t.loginAs("dy_b2");
    expect((await a.get("/review")).status).toBe(403);
    await grant(t, c.branches.b2.member, c.townships.A.id, "REVIEWER");
    expect((await a.get("/review?org=XZA")).status).toBe(200);
    expect((await a.get("/review?org=XZB")).status).toBe(404);
  });
});
