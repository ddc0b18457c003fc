/**
 * The dialect helpers k-exports added (src/db/dialect.ts: `least`, `openStreamReader`) give the
 * same answers on SQLite and on a real PostgreSQL server (a throwaway one, tests/support/pg.ts),
 * and a streamed read there comes back in order, in chunks, inside one read snapshot.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Generated, type Kysely } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { least, openStreamReader, readSnapshot } from "../../src/db/dialect.ts";
import { TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { existsSync, mkdirSync } from "node:fs";

interface T {
  Span: { id: Generated<number>; fromOn: string; toOn: string | null };
}

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

/** A new database of `engine` with table "Span" holding `n` rows (ids 1..n). */
async function open(engine: "sqlite" | "postgres", n: number): Promise<string> {
  let url: string;
  if (engine === "sqlite") {
    mkdirSync(TMP_DIR, { recursive: true });
    url = `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}`;
  } else url = await server.freshDatabase();
  const db = openKysely(url) as unknown as Kysely<T>;
  await db.schema
    .createTable("Span")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("fromOn", "text", (c) => c.notNull())
    .addColumn("toOn", "text")
    .execute();
  const rows = Array.from({ length: n }, (_, i) => ({ id: i + 1, fromOn: `2026-01-${String((i % 28) + 1).padStart(2, "0")}`, toOn: i % 3 === 0 ? null : "2026-01-15" }));
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("Span").values(rows.slice(i, i + 500)).execute();
  await db.destroy();
  return url;
}

describe.each(["sqlite", "postgres"] as const)("k-exports' dialect helpers on %s", (engine) => {
  let url: string;
  beforeAll(async () => {
    url = await open(engine, 2500);
  });

  it("least gives the smaller of two values, whichever side it is on", async () => {
    const reader = openStreamReader(url);
    try {
      const db = reader.kx as unknown as Kysely<T>;
      const rows = await db
        .selectFrom("Span")
        .select((eb) => ["id", least(db, eb.ref("fromOn"), sql`coalesce(${eb.ref("toOn")}, ${"2026-12-31"})`).as("m")])
        .where("id", "in", [1, 2, 15, 20])
        .orderBy("id")
        .execute();
      expect(rows).toEqual([
        { id: 1, m: "2026-01-01" }, // toOn NULL → 2026-12-31: fromOn is smaller
        { id: 2, m: "2026-01-02" },
        { id: 15, m: "2026-01-15" }, // equal
        { id: 20, m: "2026-01-15" }, // fromOn 01-20 > toOn 01-15
      ]);
      const lit = await sql<{ m: string }>`SELECT ${least(db, sql`${"b"}`, sql`${"a"}`)} AS "m"`.execute(db);
      expect(lit.rows[0].m).toBe("a");
    } finally {
      await reader.close();
    }
  });

  it("openStreamReader streams every row in order inside one read snapshot, on a connection of its own", async () => {
    const reader = openStreamReader(url);
    expect(reader.sqlite === null).toBe(engine === "postgres");
    try {
      const ids = await readSnapshot(reader.kx as unknown as Kysely<T>, async (db) => {
        const out: number[] = [];
        for await (const r of db.selectFrom("Span").select("id").orderBy("id", "desc").stream(100)) out.push(r.id);
        return out;
      });
      expect(ids).toHaveLength(2500);
      expect(ids[0]).toBe(2500);
      expect(ids.every((id, i) => i === 0 || id === ids[i - 1] - 1)).toBe(true);
    } finally {
      await reader.close();
    }
    // on SQLite the reader is read-only: it never writes the ledger
    if (engine === "sqlite") {
      const ro = openStreamReader(url);
      try {
        await expect(sql`DELETE FROM "Span"`.execute(ro.kx)).rejects.toThrow(/readonly/);
      } finally {
        await ro.close();
      }
    }
  });
});

it("openStreamReader fails for a SQLite file that does not exist (and does not create it)", () => {
  const missing = path.join(TMP_DIR, `${randomUUID()}.db`);
  expect(() => openStreamReader(`file:${missing}`)).toThrow();
  expect(existsSync(missing)).toBe(false);
});
