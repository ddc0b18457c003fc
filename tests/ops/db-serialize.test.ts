/**
 * The shared SQLite connection (src/db/serialize.ts): a write answered outside a transaction must
 * survive another request's transaction rolling back, and must not be visible as half-done.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import { freshSqliteDb, type TestDb } from "../support/db.ts";

let t: TestDb;
beforeEach(async () => {
  t = await freshSqliteDb(); // the subject is SQLite's one-connection serialization (serialize.ts): SQLite whatever the run's engine
});
afterEach(() => t.close());

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("a write made while another request's transaction is open survives that transaction's rollback", async () => {
  const failing = t.db
    .$transaction(async (tx) => {
      await tx.formToken.create({ data: { token: "inside-the-failing-transaction", memberId: 1 } });
      await pause(50);
      throw new Error("rolled back on purpose");
    })
    .catch((e: Error) => e.message);
  await pause(10); // the transaction is open and awaiting
  await t.db.formToken.create({ data: { token: "answered-outside-any-transaction", memberId: 2 } });
  expect(await failing).toBe("rolled back on purpose");
  expect((await t.db.formToken.findMany()).map((r) => r.token)).toEqual(["answered-outside-any-transaction"]);
});

it("a read outside a transaction never sees another transaction's uncommitted rows", async () => {
  const failing = t.db
    .$transaction(async (tx) => {
      await tx.formToken.create({ data: { token: "never-committed-xxxxxxxxxxxx", memberId: 1 } });
      await pause(50);
      throw new Error("rolled back on purpose");
    })
    .catch(() => undefined);
  await pause(10);
  expect(await t.db.formToken.count()).toBe(0);
  await failing;
});
