/**
 * Queries compiled once (src/db/prepared.ts) give the rows Kysely's own builder gives, call after
 * call with other arguments, in and out of a transaction, on this run's engine (LEDGER_TEST_PG=1:
 * PostgreSQL); an argument used for anything but a value is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { DB } from "../../src/db/kysely.ts";
import { prepared } from "../../src/db/prepared.ts";
import { freshDb, type TestDb } from "../support/db.ts";

let t: TestDb;
beforeAll(async () => {
  t = await freshDb();
});
afterAll(async () => {
  await t?.close();
});

const versions = (kx: Kysely<DB>, from: number, take: number) =>
  kx.selectFrom("LedgerVersion").select(["id", "version"]).where("id", ">=", from).where("id", "in", [1, 2, 3]).orderBy("id").limit(take);

describe("prepared", () => {
  it("answers as the builder does, for each call's arguments", async () => {
    const compiled = prepared(versions);
    for (const [from, take] of [[1, 5], [2, 1], [9, 5], [1, 1]]) {
      expect(await compiled(t.kx, from, take)).toEqual(await versions(t.kx, from, take).execute());
    }
    expect((await compiled(t.kx, 1, 5)).length).toBeGreaterThan(0);
  });

  it("runs inside a transaction and sees its writes", async () => {
    const compiled = prepared(versions);
    await compiled(t.kx, 1, 5); // compiled outside, reused inside
    const seen = await t.kx.transaction().execute(async (tx) => {
      await tx.updateTable("LedgerVersion").set({ version: 4242 }).where("id", "=", 1).execute();
      return compiled(tx, 1, 1);
    });
    expect(seen).toEqual([{ id: 1, version: 4242 }]);
  });

  it("refuses an argument that shapes the query instead of being a value", async () => {
    const bad = prepared((kx: Kysely<DB>, prefix: string) => kx.selectFrom("Org").select("id").where("path", "like", `${prefix}%`));
    await expect(bad(t.kx, "1/")).rejects.toThrow(/not a plain value/);
  });
});
