/**
 * shanghaiDateOf (src/db/dialect.ts): a stored instant's Asia/Shanghai date, the same on SQLite
 * and on PostgreSQL (LEDGER_TEST_PG=1 runs this file on a fresh PostgreSQL database), on both
 * sides of Shanghai's midnight (16:00 UTC).
 */
import { afterAll, describe, expect, it } from "vitest";
import { shanghaiDateOf } from "../../src/db/dialect.ts";
import { freshDb } from "../support/db.ts";

const t = await freshDb();
afterAll(() => t.close());

describe("shanghaiDateOf", () => {
  it("gives the Asia/Shanghai date of an instant column", async () => {
    const at = ["2026-03-04T15:59:59.999Z", "2026-03-04T16:00:00.000Z", "2026-12-31T16:30:00.000Z", "2026-06-01T00:00:00.000Z"];
    for (const [i, iso] of at.entries()) await t.db.line.create({ data: { name: `线${i}`, createdAt: new Date(iso) } });
    const rows = await t.kx
      .selectFrom("Line")
      .select((eb) => ["name", shanghaiDateOf(t.kx, eb.ref("createdAt")).as("day")])
      .where("name", "like", "线%")
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.day)).toEqual(["2026-03-04", "2026-03-05", "2027-01-01", "2026-06-01"]);
  });
});
