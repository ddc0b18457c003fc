/**
 * The dialect helpers added for the roll-up's move to Kysely (src/db/dialect.ts `shanghaiDateOf`),
 * on the product's schema: SQLite by default, PostgreSQL with LEDGER_TEST_PG=1 (tests/support/db.ts).
 * An instant written by Prisma (UTC) reads back as its Asia/Shanghai calendar day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shanghaiDateOf } from "../../src/db/dialect.ts";
import { freshDb, type TestDb } from "../support/db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => {
  await t?.close();
});

describe("shanghaiDateOf", () => {
  it("gives the Asia/Shanghai day of a stored instant (+8 hours across midnight), NULL for NULL", async () => {
    const branch = await t.db.org.create({ data: { code: "DIALECT-B", name: "支部", kind: "BRANCH", path: "/", depth: 1 } });
    const zone = await t.db.zone.create({ data: { branchId: branch.id, name: "责任区", establishedOn: "2020-01-01" } });
    const at = async (deletedAt: Date | null) => (await t.db.resident.create({ data: { zoneId: zone.id, name: "住户", deletedAt } })).id;
    const before = await at(new Date("2026-03-05T15:59:59.999Z")); // 23:59:59 in Shanghai
    const after = await at(new Date("2026-03-05T16:00:00.000Z")); // 00:00 on the 6th in Shanghai
    const newYear = await at(new Date("2026-12-31T17:30:00.000Z"));
    const none = await at(null);
    const rows = await t.kx
      .selectFrom("Resident")
      .select((eb) => ["id", shanghaiDateOf(t.kx, eb.ref("deletedAt")).as("day")])
      .where("zoneId", "=", zone.id)
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: before, day: "2026-03-05" },
      { id: after, day: "2026-03-06" },
      { id: newYear, day: "2027-01-01" },
      { id: none, day: null },
    ]);
    // Compared with a day parameter, as the roll-up's running pairings do.
    const later = await t.kx.selectFrom("Resident").select("id").where("zoneId", "=", zone.id).where((eb) => eb(shanghaiDateOf(t.kx, eb.ref("deletedAt")), ">", "2026-03-05")).orderBy("id").execute();
    expect(later.map((r) => r.id)).toEqual([after, newYear]);
  });
});
