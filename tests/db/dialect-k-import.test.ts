/**
 * `jsonTuples` (src/db/dialect.ts): tuples sent as one JSON parameter join a table on two
 * columns at once, with the same rows on SQLite and on a real PostgreSQL server (a throwaway
 * one, tests/support/pg.ts), integers typed as integers and text kept as written.
 * `insertValues`: many rows written in order in chunks under the parameter limit, on both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Generated, Kysely } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { insertValues, jsonTuples, rowsPerInsert } from "../../src/db/dialect.ts";
import { TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";

interface T {
  Visit: { id: Generated<number>; who: number; day: string; note: string };
}

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

async function open(engine: "sqlite" | "postgres"): Promise<Kysely<T>> {
  mkdirSync(TMP_DIR, { recursive: true });
  const url = engine === "sqlite" ? `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}` : await server.freshDatabase();
  const db = openKysely(url) as unknown as Kysely<T>;
  await db.schema
    .createTable("Visit")
    .addColumn("id", engine === "postgres" ? "serial" : "integer", (c) => (engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn("who", "integer", (c) => c.notNull())
    .addColumn("day", "text", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .execute();
  await db
    .insertInto("Visit")
    .values([
      { who: 1, day: "2026-03-05", note: "a" },
      { who: 1, day: "2026-03-06", note: "b" },
      { who: 2, day: "2026-03-05", note: "c" },
      { who: 12, day: "2026-03-05", note: "d" },
    ])
    .execute();
  return db;
}

describe.each(["sqlite", "postgres"] as const)("jsonTuples on %s", (engine) => {
  let db: Kysely<T>;
  beforeAll(async () => {
    db = await open(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("joins rows matching both columns of a tuple, and none for an empty list", async () => {
    const join = (pairs: [number, string][]) =>
      db
        .selectFrom(jsonTuples(db, pairs, ["integer", "text"]).as("k"))
        .innerJoin("Visit as v", (j) => j.onRef("v.who", "=", "k.c0" as never).onRef("v.day", "=", "k.c1" as never))
        .select(["v.note"])
        .orderBy("v.id")
        .execute();
    expect((await join([[1, "2026-03-05"], [2, "2026-03-06"], [12, "2026-03-05"]])).map((r) => r.note)).toEqual(["a", "d"]);
    expect(await join([])).toEqual([]);
  });

  it("gives the tuples back as columns c0, c1 with integers as numbers", async () => {
    const rows = await db.selectFrom(jsonTuples(db, [[7, "x"], [8, "年"]], ["integer", "text"]).as("k")).selectAll().execute();
    expect(rows).toEqual([{ c0: 7, c1: "x" }, { c0: 8, c1: "年" }]);
  });

  it("inserts rows in order across several chunks (and a last short one), quotes kept", async () => {
    const per = rowsPerInsert(db, 3);
    const rows = Array.from({ length: per * 2 + 7 }, (_, i) => [100 + i, `2026-04-${String((i % 28) + 1).padStart(2, "0")}`, i === 1 ? "it's \"x\"" : `n${i}`]);
    await insertValues(db, "Visit", ["who", "day", "note"], rows);
    await insertValues(db, "Visit", ["who", "day", "note"], []);
    const got = await db.selectFrom("Visit").select(["id", "who", "day", "note"]).where("who", ">=", 100).orderBy("id").execute();
    expect(got.map((r) => [r.who, r.day, r.note])).toEqual(rows);
    expect(got[1].id - got[0].id).toBe(1);
  });
});
