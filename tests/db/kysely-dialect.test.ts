/**
 * The dialect helpers (src/db/dialect.ts) give the same answers on SQLite and on a real
 * PostgreSQL server (a throwaway one, tests/support/pg.ts). The tables are made here with
 * Kysely's schema builder, the same on both engines (the PostgreSQL schema of the product is
 * another part of issue 17); one test reads the product's migrated SQLite tables through the
 * generated types.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import { sql, type Generated, type Kysely } from "kysely";
import { engineOfUrl, openKysely } from "../../src/db/kysely.ts";
import {
  addDays, containsCi, daysBetween, engineOf, excludedSet, forUpdate, jsonInt, jsonText, jsonValues,
  resetIdSequence, rowsPerInsert, stringAgg, todayShanghai, writeTransaction,
} from "../../src/db/dialect.ts";
import { freshSqliteDb, TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { mkdirSync } from "node:fs";

interface T {
  Item: { id: Generated<number>; name: string; kind: string; born: string; data: string | null };
}

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

async function sqliteUrl(): Promise<string> {
  mkdirSync(TMP_DIR, { recursive: true });
  return `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}`;
}

/** A Kysely on a new database of `engine` with table "Item" (PascalCase, as the product's tables). */
async function open(engine: "sqlite" | "postgres"): Promise<{ url: string; db: Kysely<T> }> {
  const url = engine === "sqlite" ? await sqliteUrl() : await server.freshDatabase();
  const db = openKysely(url) as unknown as Kysely<T>;
  await db.schema
    .createTable("Item")
    .addColumn("id", engine === "postgres" ? "serial" : "integer", (c) => (engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("born", "text", (c) => c.notNull())
    .addColumn("data", "text")
    .execute();
  await db
    .insertInto("Item")
    .values([
      { id: 1, name: "张三", kind: "A", born: "2024-02-28", data: JSON.stringify({ n: 3, tag: "x" }) },
      { id: 2, name: "Li Si", kind: "A", born: "2024-12-31", data: JSON.stringify({ n: 7 }) },
      { id: 3, name: "王五", kind: "B", born: "2025-03-01", data: null },
      { id: 4, name: "50%_off", kind: "A", born: "2023-01-15", data: JSON.stringify({ tag: "y" }) },
    ])
    .execute();
  await resetIdSequence(db, "Item");
  return { url, db };
}

describe.each(["sqlite", "postgres"] as const)("the dialect on %s", (engine) => {
  let db: Kysely<T>;
  let url: string;
  beforeAll(async () => {
    ({ url, db } = await open(engine));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("knows its engine from the URL and from the instance", () => {
    expect(engineOfUrl(url)).toBe(engine);
    expect(engineOf(db)).toBe(engine);
  });

  it("joins a group's values in the given order, skipping NULLs", async () => {
    const rows = await db
      .selectFrom("Item")
      .select((eb) => ["kind", stringAgg(db, eb.ref("name"), "、", eb.ref("id")).as("names"), stringAgg(db, eb.ref("data"), ";").as("datas")])
      .groupBy("kind")
      .orderBy("kind")
      .execute();
    expect(rows.map((r) => [r.kind, r.names])).toEqual([["A", "张三、Li Si、50%_off"], ["B", "王五"]]);
    expect(rows[1].datas).toBeNull();
  });

  it("takes a JSON array parameter as a set of integers or texts, any length", async () => {
    const ids = [3, 1, 99, ...Array.from({ length: 5000 }, (_, i) => 1000 + i)];
    const byId = await db.selectFrom("Item").select("name").where("id", "in", jsonValues(db, ids, "integer")).orderBy("id").execute();
    expect(byId.map((r) => r.name)).toEqual(["张三", "王五"]);
    const byName = await db.selectFrom("Item").select("id").where("name", "in", jsonValues(db, ["Li Si", "王五", "nobody"], "text")).orderBy("id").execute();
    expect(byName.map((r) => r.id)).toEqual([2, 3]);
    const none = await db.selectFrom("Item").select("id").where("id", "in", jsonValues(db, [], "integer")).execute();
    expect(none).toEqual([]);
  });

  it("reads fields of a JSON text column as text or integer", async () => {
    const rows = await db
      .selectFrom("Item")
      .select((eb) => ["id", jsonText(db, eb.ref("data"), "tag").as("tag"), jsonInt(db, eb.ref("data"), "n").as("n")])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: 1, tag: "x", n: 3 },
      { id: 2, tag: null, n: 7 },
      { id: 3, tag: null, n: null },
      { id: 4, tag: "y", n: null },
    ]);
    const sum = await db.selectFrom("Item").select((eb) => eb.fn.sum<number>(jsonInt(db, eb.ref("data"), "n")).as("s")).executeTakeFirstOrThrow();
    expect(Number(sum.s)).toBe(10);
    expect(() => jsonText(db, sql`data`, "a'b")).toThrow(/bad JSON key/);
  });

  it("upserts with excludedSet and ignores duplicates with doNothing", async () => {
    await db
      .insertInto("Item")
      .values([{ id: 2, name: "李四", kind: "C", born: "2024-12-31", data: null }, { id: 5, name: "赵六", kind: "C", born: "2020-06-01", data: null }])
      .onConflict((oc) => oc.column("id").doUpdateSet(excludedSet(["name", "kind"])))
      .execute();
    await db.insertInto("Item").values({ id: 5, name: "不该写入", kind: "D", born: "2020-01-01", data: null }).onConflict((oc) => oc.doNothing()).execute();
    const rows = await db.selectFrom("Item").select(["id", "name", "kind", "data"]).where("id", "in", [2, 5]).orderBy("id").execute();
    expect(rows).toEqual([{ id: 2, name: "李四", kind: "C", data: JSON.stringify({ n: 7 }) }, { id: 5, name: "赵六", kind: "C", data: null }]);
    await db.deleteFrom("Item").where("id", "=", 5).execute();
    await db.updateTable("Item").set({ name: "Li Si", kind: "A" }).where("id", "=", 2).execute();
  });

  it("finds text containing a term literally, ASCII case folded", async () => {
    const find = async (q: string) =>
      (await db.selectFrom("Item").select("id").where((eb) => containsCi(db, eb.ref("name"), q)).orderBy("id").execute()).map((r) => r.id);
    expect(await find("li s")).toEqual([2]);
    expect(await find("LI SI")).toEqual([2]);
    expect(await find("%")).toEqual([4]);
    expect(await find("_")).toEqual([4]);
    expect(await find("王")).toEqual([3]);
    expect(await find("0%_o")).toEqual([4]);
  });

  it("adds days to and counts days between 'YYYY-MM-DD' texts across month, year and leap day", async () => {
    const rows = await db
      .selectFrom("Item")
      .select((eb) => [
        "id",
        addDays(db, eb.ref("born"), 1).as("next"),
        addDays(db, eb.ref("born"), -365).as("yearBefore"),
        addDays(db, eb.ref("born"), eb.ref("id")).as("plusId"),
        daysBetween(db, eb.ref("born"), sql.val("2025-03-01")).as("until"),
      ])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      { id: 1, next: "2024-02-29", yearBefore: "2023-02-28", plusId: "2024-02-29", until: 367 },
      { id: 2, next: "2025-01-01", yearBefore: "2024-01-01", plusId: "2025-01-02", until: 60 },
      { id: 3, next: "2025-03-02", yearBefore: "2024-03-01", plusId: "2025-03-04", until: 0 },
      { id: 4, next: "2023-01-16", yearBefore: "2022-01-15", plusId: "2023-01-19", until: 776 },
    ]);
  });

  it("tells today's date in Asia/Shanghai", async () => {
    const before = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const row = await sql<{ d: string }>`SELECT ${todayShanghai(db)} AS d`.execute(db);
    const after = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect([before, after]).toContain(row.rows[0].d);
  });

  it("moves the id sequence past explicit ids, and counts come back as numbers", async () => {
    await db.insertInto("Item").values({ id: 10, name: "十", kind: "Z", born: "2026-01-01", data: null }).execute();
    await resetIdSequence(db, "Item");
    const made = await db.insertInto("Item").values({ name: "新", kind: "Z", born: "2026-01-01", data: null }).returning("id").executeTakeFirstOrThrow();
    expect(made.id).toBe(11);
    const count = await db.selectFrom("Item").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(count.n).toBe(6);
    await db.deleteFrom("Item").where("id", "in", [10, 11]).execute();
  });

  it("reads booleans as 1 / 0 and instants as the SQLite adapter's text on both engines", async () => {
    const pgTypes = engine === "postgres";
    const row = await sql<{ yes: number; no: number; at: string }>`SELECT ${sql.raw(pgTypes ? "true" : "1")} AS yes, ${sql.raw(pgTypes ? "false" : "0")} AS no, ${sql.raw(
      pgTypes ? "CAST('2026-03-05 06:30:12.345' AS timestamp(3))" : "'2026-03-05T06:30:12.345+00:00'",
    )} AS at`.execute(db);
    expect(row.rows[0]).toEqual({ yes: 1, no: 0, at: "2026-03-05T06:30:12.345+00:00" });
    if (pgTypes) {
      const tz = await sql<{ at: string }>`SELECT CAST('2026-03-05 14:30:12.3+08' AS timestamptz) AS at`.execute(db);
      expect(tz.rows[0].at).toBe("2026-03-05T06:30:12.300+00:00");
    }
  });

  it("commits a write transaction, and rolls it back whole when it throws", async () => {
    await writeTransaction(db, async (trx) => {
      const row = await forUpdate(db, trx.selectFrom("Item").select("name").where("id", "=", 1)).executeTakeFirstOrThrow();
      await trx.updateTable("Item").set({ name: `${row.name}!` }).where("id", "=", 1).execute();
    });
    await expect(
      writeTransaction(db, async (trx) => {
        await trx.updateTable("Item").set({ name: "半途" }).where("id", "=", 1).execute();
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const row = await db.selectFrom("Item").select("name").where("id", "=", 1).executeTakeFirstOrThrow();
    expect(row.name).toBe("张三!");
  });

  it("holds the lock inside a write transaction: another writer cannot take it", async () => {
    await writeTransaction(db, async (trx) => {
      await forUpdate(db, trx.selectFrom("Item").select("id").where("id", "=", 2)).execute();
      if (engine === "sqlite") {
        const other = new Database(url.slice("file:".length));
        other.pragma("busy_timeout = 0");
        try {
          expect(() => other.prepare(`UPDATE "Item" SET "name" = 'x' WHERE "id" = 3`).run()).toThrow(/locked|busy/i);
        } finally {
          other.close();
        }
      } else {
        const other = new pg.Client({ connectionString: url });
        await other.connect();
        try {
          await expect(other.query(`SELECT "id" FROM "Item" WHERE "id" = 2 FOR UPDATE NOWAIT`)).rejects.toMatchObject({ code: "55P03" });
          await expect(other.query(`SELECT "id" FROM "Item" WHERE "id" = 3 FOR UPDATE NOWAIT`)).resolves.toMatchObject({ rowCount: 1 });
        } finally {
          await other.end();
        }
      }
    });
  });

  it("sizes multi-row INSERTs under the engine's parameter limit", () => {
    expect(rowsPerInsert(db, 10)).toBe(500);
    expect(rowsPerInsert(db, 100, 10_000)).toBe(engine === "sqlite" ? 327 : 655);
  });
});

describe("Kysely on the product's migrated SQLite file", () => {
  it("writes and reads the generated tables with the openRaw pragmas", async () => {
    const t = await freshSqliteDb(); // SQLite's own handle and pragmas: SQLite whatever the run's engine
    const db = openKysely(t.url);
    try {
      await db.insertInto("Line").values({ name: "1路", description: "测试线路" }).execute();
      const line = await db.selectFrom("Line").selectAll().executeTakeFirstOrThrow();
      expect(line).toMatchObject({ name: "1路", description: "测试线路", retiredOn: null });
      const fk = await sql<{ foreign_keys: number }>`PRAGMA foreign_keys`.execute(db);
      expect(fk.rows[0].foreign_keys).toBe(1);
      await expect(db.insertInto("LineAssignment").values({ memberId: 999, lineId: line.id, fromOn: "2026-01-01" }).execute()).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await db.destroy();
      await t.close();
    }
  });

  it("leaves a lent better-sqlite3 handle open when destroyed", async () => {
    const t = await freshSqliteDb(); // SQLite's own handle and pragmas: SQLite whatever the run's engine
    const db = openKysely(t.url, { sqlite: t.raw });
    await db.selectFrom("Line").select("id").execute();
    await db.destroy();
    expect(t.raw.prepare(`SELECT 1 AS one`).get()).toEqual({ one: 1 });
    await t.close();
  });
});
