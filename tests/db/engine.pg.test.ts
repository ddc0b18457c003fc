/**
 * The PostgreSQL engine underneath the app (issue 17, items 2–4), on a real throwaway server
 * (scripts/pg-server.ts): migrations applied by `ledger migrate` and recorded as Prisma does,
 * nothing left to diff, a member and a talk through the Prisma client openDb() gives for a
 * postgresql:// URL, the ledger versions raised by a write, `ledger backup` through pg_dump, the
 * session store, and a lock held past the busy timeout answered with BusyError.
 * Skips (with the reason printed) only when PostgreSQL is not installed; fails instead in CI.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as migrate } from "../../src/cli/commands/migrate.ts";
import { run as backup } from "../../src/cli/commands/backup.ts";
import { diffToNextMigration, migrationList, pendingPgMigrations } from "../../src/db/migrate.ts";
import { openDb, type Db } from "../../src/db/client.ts";
import { BusyError } from "../../src/db/busy.ts";
import { findPgTool } from "../../src/db/pg-tools.ts";
import { LazyTouchSessionStore } from "../../src/auth/session-store.ts";
import { createDatabase } from "../../scripts/pg-server.ts";
import { freshPgDb, pgMissing, pgServer, stopPgServer, withDatabase } from "../support/pg.ts";
import { TMP_DIR } from "../support/db.ts";

const missing = pgMissing();
// The server (and its migrated template) starts in the hook, not inside the first test's time limit.
beforeAll(async () => {
  if (!missing) await pgServer();
});
afterAll(() => stopPgServer());

function cli(url: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { ctx: { databaseUrl: url, out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

async function memberWithTalk(db: Db) {
  const org = await db.org.create({ data: { code: `ZB${randomUUID().slice(0, 6)}`, name: "第一支部", kind: "BRANCH", path: "/" } });
  const member = await db.member.create({
    data: { branchId: org.id, username: `u${randomUUID().slice(0, 8)}`, name: "党员甲", passwordHash: "x", registeredOn: "2026-01-01" },
  });
  const talk = await db.talk.create({
    data: { talkerId: member.id, occurredOn: "2026-11-01", counterpartKind: "RESIDENT", counterpartName: "群众乙", content: "谈心" },
  });
  return { org, member, talk };
}

async function versions(url: string): Promise<Record<number, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ id: number; version: number }>('SELECT "id", "version" FROM "LedgerVersion" ORDER BY "id"');
    return Object.fromEntries(r.rows.map((x) => [x.id, x.version]));
  } finally {
    await c.end();
  }
}

describe.skipIf(missing)("PostgreSQL: migrations", () => {
  it("`ledger migrate` applies every PostgreSQL migration to an empty database once, recorded in _prisma_migrations", async () => {
    const server = await pgServer();
    const name = `m_${randomUUID().replaceAll("-", "")}`;
    await createDatabase(server, name);
    const url = withDatabase(server, name);
    const committed = migrationList("postgres").migrationDirectories.map((d) => d.path);
    expect(committed.length).toBeGreaterThanOrEqual(2);
    expect(await pendingPgMigrations(url)).toEqual(committed);

    const first = cli(url);
    expect(await migrate([], first.ctx)).toBe(0);
    expect(first.out.join("\n")).toContain(committed.join(", "));
    expect(await pendingPgMigrations(url)).toEqual([]);
    const again = cli(url);
    expect(await migrate([], again.ctx)).toBe(0);
    expect(again.out.join("\n")).toContain("数据库已是最新");
    expect(await versions(url)).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 });
  });

  it("finds that prisma/postgres/schema.prisma matches the committed PostgreSQL migrations (diffed on a shadow database)", async () => {
    expect(await diffToNextMigration(await pgServer())).toBe("");
  });
});

describe.skipIf(missing)("PostgreSQL: the Prisma client of openDb()", () => {
  it("creates and reads a member and a talk, and each write raises the compliance ledger version", async () => {
    const t = await freshPgDb();
    try {
      const before = await versions(t.url);
      const { member, talk } = await memberWithTalk(t.db);
      const found = await t.db.talk.findUniqueOrThrow({ where: { id: talk.id }, include: { talker: true } });
      expect(found.talker.username).toBe(member.username);
      expect(found.counterpartName).toBe("群众乙");
      const after = await versions(t.url);
      expect(after[1]).toBe(before[1] + 3); // one row each in Org, Member, Talk: as SQLite's triggers count
      expect(after[2]).toBe(before[2]);
      await t.db.talk.update({ where: { id: talk.id }, data: { content: "改过" } });
      expect((await versions(t.url))[1]).toBe(after[1] + 1);
    } finally {
      await t.close();
    }
  });

  it("keeps sessions in the Session table through the app's session store", async () => {
    const t = await freshPgDb();
    const store = new LazyTouchSessionStore(t.db, { checkPeriod: 0 });
    try {
      const sess = { cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000) }, passport: { user: 7 } };
      await new Promise<void>((ok, no) => store.set("sid-1", sess as never, (e) => (e ? no(e) : ok())));
      const back = await new Promise<unknown>((ok, no) => store.get("sid-1", (e, s) => (e ? no(e) : ok(s))));
      expect(back).toMatchObject({ passport: { user: 7 } });
      await new Promise<void>((ok, no) => store.destroy("sid-1", (e) => (e ? no(e) : ok())));
      expect(await t.db.session.count()).toBe(0);
    } finally {
      store.shutdown();
      await t.close();
    }
  });

  it("answers BusyError when another connection holds the lock past the busy timeout, and writes nothing", async () => {
    const t = await freshPgDb({ busyTimeoutMs: 300 });
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      const { member } = await memberWithTalk(t.db);
      await other.query("BEGIN");
      await other.query('SELECT * FROM "Member" WHERE "id" = $1 FOR UPDATE', [member.id]);
      await expect(t.db.member.update({ where: { id: member.id }, data: { name: "党员丙" } })).rejects.toBeInstanceOf(BusyError);
      await expect(
        t.db.$transaction(async (tx) => {
          await tx.talk.create({ data: { talkerId: member.id, occurredOn: "2026-11-02", counterpartKind: "RESIDENT", counterpartName: "群众丁" } });
          await tx.member.update({ where: { id: member.id }, data: { name: "党员丙" } });
        }),
      ).rejects.toBeInstanceOf(BusyError);
      await other.query("ROLLBACK");
      expect((await t.db.member.findUniqueOrThrow({ where: { id: member.id } })).name).toBe("党员甲");
      expect(await t.db.talk.count()).toBe(1);
    } finally {
      await other.end();
      await t.close();
    }
  });
});

describe.skipIf(missing)("PostgreSQL: ledger backup", () => {
  it("writes a pg_dump archive (private) that pg_restore reads back into an empty database with the same rows", async () => {
    const t = await freshPgDb();
    const dir = path.join(TMP_DIR, `pgbackup-${randomUUID().slice(0, 8)}`);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "ledger.dump");
    try {
      const { talk } = await memberWithTalk(t.db);
      const run = cli(t.url);
      expect(await backup([file], run.ctx), run.err.join("\n")).toBe(0);
      expect(run.out.join("\n")).toContain("备份完成");
      expect(readFileSync(file).subarray(0, 5).toString()).toBe("PGDMP"); // pg_dump's custom format
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(await backup([file], cli(t.url).ctx)).toBe(1); // never overwrites

      const server = await pgServer();
      const name = `r_${randomUUID().replaceAll("-", "")}`;
      await createDatabase(server, name);
      const restoredUrl = withDatabase(server, name);
      const r = spawnSync(findPgTool("pg_restore")!, ["--no-owner", `--dbname=${restoredUrl}`, file], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      const restored = openDb(restoredUrl);
      try {
        expect((await restored.talk.findUniqueOrThrow({ where: { id: talk.id } })).counterpartName).toBe("群众乙");
        expect(await restored.member.count()).toBe(1);
      } finally {
        await restored.$disconnect();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.close();
    }
  });

  it("says how to back up when pg_dump is not installed", async () => {
    const run = cli("postgresql://ledger@127.0.0.1:1/none");
    const saved = { PATH: process.env.PATH, PG_BIN: process.env.PG_BIN };
    process.env.PATH = "/nonexistent";
    process.env.PG_BIN = "/nonexistent";
    try {
      const file = path.join(TMP_DIR, `none-${randomUUID()}.dump`);
      expect(await backup([file], run.ctx)).toBe(1);
      expect(run.err.join("\n")).toMatch(/pg_dump.*apt-get install -y postgresql-client/);
      expect(existsSync(file)).toBe(false);
    } finally {
      process.env.PATH = saved.PATH;
      if (saved.PG_BIN === undefined) delete process.env.PG_BIN;
      else process.env.PG_BIN = saved.PG_BIN;
    }
  });
});
