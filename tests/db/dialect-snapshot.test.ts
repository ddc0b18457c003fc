/**
 * `readSnapshot` (src/db/dialect.ts): a report's several reads see one snapshot while another
 * connection writes between them, on SQLite and on a real PostgreSQL server; nested calls join the
 * outer snapshot instead of failing; the statement cache of the SQLite Kysely (src/db/kysely.ts)
 * serves a text again after a stream of it was left early.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { sql, type Generated, type Kysely } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { readSnapshot, writeTransaction } from "../../src/db/dialect.ts";
import { TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";

interface T {
  Item: { id: Generated<number>; n: number };
}

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

async function open(engine: "sqlite" | "postgres"): Promise<string> {
  mkdirSync(TMP_DIR, { recursive: true });
  const url = engine === "sqlite" ? `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}` : await server.freshDatabase();
  const db = openKysely(url) as unknown as Kysely<T>;
  await db.schema.createTable("Item").addColumn("id", "integer", (c) => c.primaryKey()).addColumn("n", "integer", (c) => c.notNull()).execute();
  await db.insertInto("Item").values([{ id: 1, n: 1 }, { id: 2, n: 2 }]).execute();
  await db.destroy();
  return url;
}

const total = async (db: Kysely<T>) => Number((await db.selectFrom("Item").select(sql<number>`sum("n")`.as("s")).executeTakeFirstOrThrow()).s);

describe.each(["sqlite", "postgres"] as const)("readSnapshot on %s", (engine) => {
  it("keeps its first read's rows while another connection commits a write, and sees the write after", async () => {
    const url = await open(engine);
    const reader = openKysely(url) as unknown as Kysely<T>;
    const writer = openKysely(url) as unknown as Kysely<T>;
    try {
      const seen = await readSnapshot(reader, async (tx) => {
        const before = await total(tx);
        await writer.updateTable("Item").set({ n: 10 }).where("id", "=", 1).execute();
        const after = await total(tx);
        return [before, after];
      });
      expect(seen).toEqual([3, 3]);
      expect(await total(reader)).toBe(12);
    } finally {
      await reader.destroy();
      await writer.destroy();
    }
  });

  it("joins an outer snapshot or write transaction when nested, and rolls back on a throw", async () => {
    const url = await open(engine);
    const db = openKysely(url) as unknown as Kysely<T>;
    try {
      const inner = await readSnapshot(db, (tx) => readSnapshot(tx, (tx2) => total(tx2)));
      expect(inner).toBe(3);
      await expect(
        writeTransaction(db, async (tx) => {
          await tx.updateTable("Item").set({ n: 100 }).where("id", "=", 2).execute();
          expect(await readSnapshot(tx, (t2) => total(t2))).toBe(101);
          throw new Error("stop");
        }),
      ).rejects.toThrow("stop");
      expect(await total(db)).toBe(3);
    } finally {
      await db.destroy();
    }
  });
});

describe("the SQLite Kysely's statement cache", () => {
  it("serves the same text again after a stream was left early (a cancelled download)", async () => {
    const url = await open("sqlite");
    const db = openKysely(url) as unknown as Kysely<T>;
    try {
      const query = db.selectFrom("Item").select(["id", "n"]).orderBy("id");
      for await (const row of query.stream()) {
        expect(row.id).toBe(1);
        break;
      }
      expect((await query.execute()).map((r) => r.id)).toEqual([1, 2]);
      const again: number[] = [];
      for await (const row of query.stream()) again.push(row.id);
      expect(again).toEqual([1, 2]);
    } finally {
      await db.destroy();
    }
  });
});
