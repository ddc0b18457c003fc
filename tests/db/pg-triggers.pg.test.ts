/**
 * The ledger versions on PostgreSQL (issue 17, item 2): the PostgreSQL migrations carry the same
 * set of triggers as the SQLite ones (name, table, event, version row), so a write raises the
 * same version on both engines; a migration that adds a SQLite trigger without its PostgreSQL
 * twin fails here. And the versions move as SQLite's do: by the rows written (PostgreSQL's
 * triggers run once per statement and count its transition table), and not at all for a
 * statement that writes no row. (One known difference, not tested: deleting
 * an Org row on SQLite also fires its self-referencing ON DELETE SET NULL action, one bump more;
 * the app never deletes orgs, a dissolved org keeps its row.)
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSqliteDb } from "../support/db.ts";
import { freshPgDb, pgMissing, pgServer, stopPgServer } from "../support/pg.ts";

const missing = pgMissing();
// The server (and its migrated template) starts in the hook, not inside the first test's time limit.
beforeAll(async () => {
  if (!missing) await pgServer();
});
afterAll(() => stopPgServer());

type Trigger = { name: string; table: string; event: string; version: number };
const key = (t: Trigger) => `${t.name} ${t.event} ON ${t.table} -> ${t.version}`;

function sqliteTriggers(raw: Database.Database): Trigger[] {
  const rows = raw.prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; tbl: string; sql: string }[];
  return rows.map((r) => {
    const m = /AFTER (INSERT|UPDATE|DELETE) ON "(\w+)"[\s\S]*UPDATE "LedgerVersion" SET "version" = "version" \+ 1 WHERE "id" = (\d+)/.exec(r.sql);
    if (!m) throw new Error(`unexpected SQLite trigger ${r.name}: ${r.sql}`);
    return { name: r.name, table: m[2], event: m[1], version: Number(m[3]) };
  });
}

async function pgTriggers(url: string): Promise<Trigger[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    // tgtype bits: 1 = FOR EACH ROW, 4 = INSERT, 8 = DELETE, 16 = UPDATE (AFTER when bit 2 is clear).
    const r = await c.query<{ name: string; table: string; tgtype: number; fn: string; args: string }>(`
      SELECT t.tgname AS name, c.relname AS "table", t.tgtype, p.proname AS fn,
             encode(t.tgargs, 'escape') AS args
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal`);
    return r.rows.map((t) => {
      // Per statement, raising the version by the rows in the statement's transition table (the
      // migration ledger_version_per_statement says why): the same numbers as SQLite's per-row ones.
      expect(t.fn, t.name).toBe("ledger_version_bump_rows");
      expect(t.tgtype & 1, `${t.name} is FOR EACH STATEMENT`).toBe(0);
      expect(t.tgtype & 2, `${t.name} is AFTER`).toBe(0);
      const event = t.tgtype & 4 ? "INSERT" : t.tgtype & 8 ? "DELETE" : "UPDATE";
      return { name: t.name, table: t.table, event, version: Number(t.args.replace(/\\000$/, "")) };
    });
  } finally {
    await c.end();
  }
}

describe.skipIf(missing)("the ledger-version triggers on PostgreSQL", () => {
  it("are the same set as SQLite's: every table, event and version row", async () => {
    const lite = await freshSqliteDb(); // the reference: SQLite's triggers
    const t = await freshPgDb();
    try {
      const expected = sqliteTriggers(lite.raw).map(key).sort();
      expect(expected.length).toBeGreaterThan(50);
      expect((await pgTriggers(t.url)).map(key).sort()).toEqual(expected);
    } finally {
      await t.close();
      await lite.close();
    }
  });

  it("raise the version once per row written, as SQLite's do, and not for a statement that writes nothing", async () => {
    const lite = await freshSqliteDb(); // the reference: SQLite's triggers
    const t = await freshPgDb();
    try {
      const script = async (db: typeof t.db) => {
        const before = await db.ledgerVersion.findMany({ orderBy: { id: "asc" } });
        const org = await db.org.create({ data: { code: "ZB1", name: "一支部", kind: "BRANCH", path: "/" } });
        const member = (i: number) => ({ branchId: org.id, username: `m${i}`, name: `党员${i}`, passwordHash: "x", registeredOn: "2026-01-01" });
        await db.member.createMany({ data: [1, 2, 3].map(member) });
        await db.member.updateMany({ where: { branchId: org.id }, data: { phone: "13800000000" } });
        await db.member.updateMany({ where: { role: "NONE" }, data: { phone: "1" } });
        const talker = await db.member.findFirstOrThrow({ where: { username: "m1" } });
        const talk = (i: number) => ({ talkerId: talker.id, occurredOn: `2026-11-0${i}`, counterpartKind: "RESIDENT", counterpartName: `群众${i}` });
        await db.talk.createMany({ data: [1, 2, 3].map(talk) });
        await db.talk.deleteMany({ where: { talkerId: talker.id } });
        const rows = await db.ledgerVersion.findMany({ orderBy: { id: "asc" } });
        return rows.map((r, i) => [r.id, r.version - before[i].version]);
      };
      const onSqlite = await script(lite.db);
      expect(onSqlite[0][1]).toBe(13); // 1 org + 3 members inserted, 3 members updated, 3 talks inserted and 3 deleted
      expect(onSqlite[1][1]).toBe(0); // the desk's version: no desk table written
      expect(await script(t.db)).toEqual(onSqlite);
    } finally {
      await t.close();
      await lite.close();
    }
  });
});
