/**
 * Kysely's statements on a busy database (issue 17): another connection holds the lock (SQLite:
 * BEGIN IMMEDIATE on a second handle; PostgreSQL: a row locked FOR UPDATE by a second client),
 * Kysely waits its (shortened) busy timeout and rejects with the same `BusyError` as Prisma's
 * client, marking the request's busy scope (the web then answers 503, src/http/busy.ts). On
 * PostgreSQL its pool's connections carry the same session timeouts as the Prisma client's.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import pg from "pg";
import path from "node:path";
import { mkdirSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { sql, type Generated, type Kysely } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { writeTransaction } from "../../src/db/dialect.ts";
import { openDb } from "../../src/db/client.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { BusyError, busyScope } from "../../src/db/busy.ts";
import { TMP_DIR } from "../support/db.ts";
import { startPg, type TestPg } from "../support/pg.ts";

interface T {
  Item: { id: Generated<number>; name: string };
}

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

/** Runs `fn` in a busy scope like a request's; resolves with what it threw and whether the scope was marked. */
async function inRequest(fn: () => Promise<unknown>): Promise<{ error: unknown; marked: boolean }> {
  let marked = false;
  let error: unknown;
  await busyScope.run({ mark: () => (marked = true) }, async () => {
    try {
      await fn();
    } catch (e) {
      error = e;
    }
  });
  return { error, marked };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("Kysely on SQLite while another connection holds the write lock", () => {
  it("rejects a write and a write transaction with BusyError after its busy timeout; writes once the lock is gone", async () => {
    mkdirSync(TMP_DIR, { recursive: true });
    const file = path.join(TMP_DIR, `${randomUUID()}.db`);
    const db = openKysely(`file:${file}`, { busyTimeoutMs: 100 }) as unknown as Kysely<T>;
    cleanups.push(() => db.destroy());
    await db.schema.createTable("Item").addColumn("id", "integer", (c) => c.primaryKey().autoIncrement()).addColumn("name", "text", (c) => c.notNull()).execute();
    const holder = new Database(file);
    cleanups.push(() => {
      holder.close();
    });

    holder.exec("BEGIN IMMEDIATE");
    const plain = await inRequest(() => db.insertInto("Item").values({ name: "a" }).execute());
    const inTx = await inRequest(() => writeTransaction(db, (tx) => tx.insertInto("Item").values({ name: "b" }).execute()));
    holder.exec("ROLLBACK");

    for (const r of [plain, inTx]) {
      expect(r.error).toBeInstanceOf(BusyError);
      expect((r.error as BusyError).status).toBe(503);
      expect((r.error as BusyError).message).toBe("系统繁忙，请稍后再试");
      expect(r.marked).toBe(true);
    }
    expect(await db.selectFrom("Item").select("name").execute()).toEqual([]);
    await db.insertInto("Item").values({ name: "c" }).execute();
    expect(await db.selectFrom("Item").select("name").execute()).toEqual([{ name: "c" }]);
  });

  it("leaves other errors as they are", async () => {
    mkdirSync(TMP_DIR, { recursive: true });
    const db = openKysely(`file:${path.join(TMP_DIR, `${randomUUID()}.db`)}`) as unknown as Kysely<T>;
    cleanups.push(() => db.destroy());
    const r = await inRequest(() => db.selectFrom("Item").selectAll().execute());
    expect(r.error).not.toBeInstanceOf(BusyError);
    expect(String(r.error)).toMatch(/no such table/);
    expect(r.marked).toBe(false);
  });
});

describe("Kysely on PostgreSQL", () => {
  async function openPg(busyTimeoutMs: number): Promise<{ url: string; db: Kysely<T> }> {
    const url = await server.freshDatabase();
    const db = openKysely(url, { busyTimeoutMs, poolSize: 2 }) as unknown as Kysely<T>;
    cleanups.push(() => db.destroy());
    await db.schema.createTable("Item").addColumn("id", "serial", (c) => c.primaryKey()).addColumn("name", "text", (c) => c.notNull()).execute();
    await db.insertInto("Item").values({ name: "a" }).execute();
    return { url, db };
  }

  it("sets the Prisma client's lock, statement and idle-transaction timeouts on its connections", async () => {
    const url = await server.freshDatabase();
    await applyMigrations(url);
    const kx = openKysely(url, { busyTimeoutMs: 250 });
    const prisma = openDb(url, { busyTimeoutMs: 250 });
    cleanups.push(() => kx.destroy(), () => prisma.$disconnect());
    const show = `SELECT current_setting('lock_timeout') AS "lock", current_setting('statement_timeout') AS "statement", current_setting('idle_in_transaction_session_timeout') AS "idle"`;
    const viaKysely = (await sql.raw<Record<string, string>>(show).execute(kx)).rows[0];
    const viaPrisma = (await prisma.$queryRawUnsafe<Record<string, string>[]>(show))[0];
    expect(viaKysely).toEqual({ lock: "250ms", statement: "500ms", idle: "1min" });
    expect(viaPrisma).toEqual(viaKysely);
  });

  it("rejects a write waiting for a row lock past lock_timeout with BusyError; nothing written; writes once the lock is gone", async () => {
    const { url, db } = await openPg(150);
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query("BEGIN");
    await holder.query(`SELECT * FROM "Item" WHERE "id" = 1 FOR UPDATE`);
    const plain = await inRequest(() => db.updateTable("Item").set({ name: "b" }).where("id", "=", 1).execute());
    const inTx = await inRequest(() => writeTransaction(db, (tx) => tx.updateTable("Item").set({ name: "c" }).where("id", "=", 1).execute()));
    await holder.query("ROLLBACK");

    for (const r of [plain, inTx]) {
      expect(r.error).toBeInstanceOf(BusyError);
      expect(r.marked).toBe(true);
    }
    expect(await db.selectFrom("Item").select("name").execute()).toEqual([{ name: "a" }]);
    await db.updateTable("Item").set({ name: "d" }).where("id", "=", 1).execute();
    expect(await db.selectFrom("Item").select("name").execute()).toEqual([{ name: "d" }]);
  });

  it("rejects a statement cancelled by statement_timeout with BusyError, and a deadlock too", async () => {
    const { url, db } = await openPg(100);
    const slow = await inRequest(() => sql`SELECT pg_sleep(1)`.execute(db));
    expect(slow.error).toBeInstanceOf(BusyError);

    // Two transactions lock two rows in opposite orders: the server rolls one back (40P01).
    await db.insertInto("Item").values({ name: "b" }).execute();
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    cleanups.push(() => other.end());
    await other.query("SET lock_timeout = 0");
    await other.query("BEGIN");
    await other.query(`UPDATE "Item" SET "name" = 'o' WHERE "id" = 2`);
    const mine = inRequest(() =>
      db.transaction().execute(async (tx) => {
        // Ours checks for a deadlock first (50 ms against the server's 1 s), so ours is the victim.
        await sql`SET LOCAL lock_timeout = 0`.execute(tx);
        await sql`SET LOCAL deadlock_timeout = '50ms'`.execute(tx);
        await tx.updateTable("Item").set({ name: "m" }).where("id", "=", 1).execute();
        await sql`SELECT pg_sleep(0.05)`.execute(tx);
        await tx.updateTable("Item").set({ name: "m" }).where("id", "=", 2).execute();
      }),
    );
    await new Promise((r) => setTimeout(r, 20));
    const theirs = other.query(`UPDATE "Item" SET "name" = 'o' WHERE "id" = 1`).then(
      () => null,
      (e: unknown) => e,
    );
    const [r, theirError] = await Promise.all([mine, theirs]);
    await other.query("ROLLBACK");
    expect(theirError).toBeNull();
    expect(r.error).toBeInstanceOf(BusyError);
    expect(r.marked).toBe(true);
  });
});
