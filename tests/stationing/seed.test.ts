/**
 * The demo county's stationings and training (src/seed/measures.ts): a plausible share of the
 * members stationed, each in a village branch other than their own with no overlap, every session
 * attended only from its org's subtree, and the county's trainedShare well inside (0, 1).
 */
import { sql, type RawBuilder } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { seedDatabase } from "../../src/seed/seed.ts";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { rootOrg as root } from "../../src/domain/rollup/queries.ts";

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
  await seedDatabase(t.url, { scale: "demo", year: 2026, today: "2026-11-18", demoPassword: "demo-pass-1" });
});
afterAll(() => t.close());

describe("the demo county's 三万计划 and 三项教育", () => {
  it("stations a few percent of the members in village branches, none overlapping, and trains most members", async () => {
    const one = async (q: RawBuilder<{ n: number }>) => Number((await q.execute(t.kx)).rows[0].n);
    const members = await one(sql<{ n: number }>`SELECT COUNT(*) AS n FROM "Member" WHERE "role" <> 'ADMIN'`);
    const { rows } = await sql<{ memberId: number; orgId: number; fromOn: string; toOn: string | null; path: string; branchId: number }>`SELECT s."memberId", s."orgId", s."fromOn", s."toOn", o."path", m."branchId" FROM "Stationing" s JOIN "Org" o ON o."id" = s."orgId" JOIN "Member" m ON m."id" = s."memberId"`.execute(t.kx);
    expect(rows.length).toBeGreaterThanOrEqual(Math.floor(members * 0.015));
    expect(rows.length).toBeLessThanOrEqual(Math.ceil(members * 0.07));
    const townships = (await t.kx.selectFrom("Org").select("path").where("kind", "=", "TOWNSHIP").execute()).map((o) => o.path);
    for (const r of rows) {
      expect(townships.some((p) => r.path.startsWith(p))).toBe(true);
      expect(r.orgId).not.toBe(r.branchId);
      expect(r.toOn === null || r.toOn >= r.fromOn).toBe(true);
      expect(r.fromOn <= "2026-11-18").toBe(true);
    }
    expect(new Set(rows.map((r) => r.memberId)).size).toBe(rows.length);
    const outside = await one(
      sql<{ n: number }>`SELECT COUNT(*) AS n FROM "TrainingAttendance" ta JOIN "TrainingSession" s ON s."id" = ta."sessionId" JOIN "Org" so ON so."id" = s."orgId"
         JOIN "OrgMembership" om ON om."memberId" = ta."memberId" AND om."fromOn" <= s."heldOn" AND (om."toOn" IS NULL OR om."toOn" >= s."heldOn")
         JOIN "Org" mo ON mo."id" = om."orgId" WHERE mo."path" NOT LIKE so."path" || '%'`,
    );
    expect(outside).toBe(0);
    const county = (await rollupOf(t.kx, (await root(t.kx))!.id, 2026, "2026-11-18"))!;
    expect(county.totals.stationed).toBeGreaterThan(0);
    expect(county.totals.trainedShare).toBeGreaterThan(0.5);
    expect(county.totals.trainedShare).toBeLessThan(0.98);
    expect(county.totals.projects).toBeGreaterThan(0);
    expect(county.totals.problemsSolved).toBeGreaterThan(0);
  });
});
