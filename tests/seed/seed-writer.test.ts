/**
 * The seed's writer (src/seed/writer.ts) writes the same rows through Kysely on SQLite and on a
 * real PostgreSQL server: buffered rows in multi-row INSERTs across several statements, org
 * upserts, zone leaders set after the rows, ids kept, PostgreSQL's sequence moved past them.
 * The product's PostgreSQL schema is another part of issue 17, so the few tables used are made
 * here with the columns the writer fills.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import { resetIdSequence } from "../../src/db/dialect.ts";
import { SeedWriter } from "../../src/seed/writer.ts";
import { TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

async function open(engine: "sqlite" | "postgres"): Promise<Kysely<DB>> {
  mkdirSync(TMP_DIR, { recursive: true });
  const url = engine === "sqlite" ? `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}` : await server.freshDatabase();
  const db = openKysely(url);
  const id = engine === "postgres" ? "serial" : "integer";
  const pk = <T extends { primaryKey(): T; autoIncrement(): T }>(c: T) => (engine === "postgres" ? c.primaryKey() : c.primaryKey().autoIncrement());
  await db.schema.createTable("Org").addColumn("id", id, pk).addColumn("code", "text", (c) => c.notNull().unique())
    .addColumn("name", "text").addColumn("kind", "text").addColumn("parentId", "integer").addColumn("path", "text")
    .addColumn("depth", "integer").addColumn("setUpOn", "text").addColumn("population", "integer").addColumn("createdAt", "text").execute();
  await db.schema.createTable("Line").addColumn("id", id, pk).addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text").addColumn("retiredOn", "text").addColumn("createdAt", "text").execute();
  await db.schema.createTable("Zone").addColumn("id", id, pk).addColumn("branchId", "integer", (c) => c.references("Org.id"))
    .addColumn("name", "text").addColumn("description", "text").addColumn("leaderId", "integer").addColumn("establishedOn", "text")
    .addColumn("retiredOn", "text").addColumn("createdAt", "text").execute();
  return db;
}

describe.each(["sqlite", "postgres"] as const)("the seed writer on %s", (engine) => {
  let db: Kysely<DB>;
  beforeAll(async () => {
    db = await open(engine);
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("writes buffered rows in several INSERTs, parents first, upserting orgs and setting leaders last", async () => {
    await db.insertInto("Org").values({ id: 1, code: "LP", name: "旧名", kind: "COUNTY", path: "/1/", depth: 0, createdAt: "2026-01-01T00:00:00.000+00:00" }).execute();
    const progress: number[] = [];
    await db.transaction().execute(async (trx) => {
      const tw = new SeedWriter(trx, (p) => progress.push(p.rows));
      tw.putOrg([1, "LP", "示范县委", "COUNTY", null, "/1/", 0, "2015-01-04", null, "2026-02-02T00:00:00.000+00:00"]);
      tw.putOrg([2, "LP-01", "一支部", "BRANCH", 1, "/1/2/", 1, null, 5000, "2026-02-02T00:00:00.000+00:00"]);
      tw.put("Zone", [1, 2, "第一责任区", "", null, "2020-01-01", null, "2020-01-01T01:00:00.000+00:00"]);
      for (let i = 1; i <= 1234; i++) tw.put("Line", [i, `${i}路`, `第${i}条`, null, "2020-01-01T01:00:00.000+00:00"]);
      tw.setZoneLeader(1, 77);
      tw.progress(0);
      await tw.flush();
      expect(tw.counts.Line).toBe(1234);
      expect(tw.counts.Zone).toBe(1);
    });
    const orgs = await db.selectFrom("Org").select(["id", "name", "population", "createdAt"]).orderBy("id").execute();
    expect(orgs).toEqual([
      { id: 1, name: "示范县委", population: null, createdAt: "2026-01-01T00:00:00.000+00:00" },
      { id: 2, name: "一支部", population: 5000, createdAt: "2026-02-02T00:00:00.000+00:00" },
    ]);
    const lines = await db.selectFrom("Line").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("id").as("top")]).executeTakeFirstOrThrow();
    expect(lines).toEqual({ n: 1234, top: 1234 });
    expect(await db.selectFrom("Line").select(["name", "description"]).where("id", "=", 1000).executeTakeFirst()).toEqual({ name: "1000路", description: "第1000条" });
    expect(await db.selectFrom("Zone").select(["leaderId", "branchId"]).executeTakeFirst()).toEqual({ leaderId: 77, branchId: 2 });
    expect(progress).toEqual([]); // fewer than 100,000 rows: no progress report
    await resetIdSequence(db, "Line");
    const next = await db.insertInto("Line").values({ name: "新线路", description: "" }).returning("id").executeTakeFirstOrThrow();
    expect(next.id).toBe(1235);
  });

  it("writes nothing when the transaction fails after a flush", async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        const tw = new SeedWriter(trx, undefined);
        tw.put("Line", [5000, "回滚", "", null, "2020-01-01T01:00:00.000+00:00"]);
        await tw.flush();
        tw.put("Zone", [9, 999, "无此支部", "", null, "2020-01-01", null, "2020-01-01T01:00:00.000+00:00"]); // branchId 999: no such org
        await tw.flush();
      }),
    ).rejects.toThrow(/foreign key/i);
    expect(await db.selectFrom("Line").select("id").where("id", "=", 5000).executeTakeFirst()).toBeUndefined();
  });
});
