/**
 * Backup and restore (issue 6, item 6): `ledger backup FILE` (src/cli/commands/backup.ts) run
 * while another connection keeps writing gives a consistent copy — a talk and its audit entry,
 * written in one transaction, are both in the copy or both absent — and the restored copy passes
 * SQLite's integrity check with the same row counts as the source had at that snapshot.
 */
import { copyFileSync, existsSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { run as backup } from "../../src/cli/commands/backup.ts";
import { openDb } from "../../src/db/client.ts";
import { freshDb, sqliteOnly, type TestDb } from "../support/db.ts";

let t: TestDb;
const made: string[] = [];
afterEach(async () => {
  await t?.close();
  for (const f of made.splice(0)) for (const s of ["", "-wal", "-shm"]) rmSync(f + s, { force: true });
});

function counts(db: Database.Database): Record<string, number> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(names.map(({ name }) => [name, (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

/** Fills the file with `n` talks (and their audit entries) so the copy takes many steps. */
function fill(raw: Database.Database, n: number) {
  const member = raw.prepare("INSERT INTO Org (code, name, kind, path) VALUES ('ZB', '支部', 'BRANCH', '/1/') RETURNING id").get() as { id: number };
  const m = raw.prepare("INSERT INTO Member (branchId, username, name, passwordHash, registeredOn, updatedAt) VALUES (?, 'dangyuan', '党员甲', 'x', '2020-01-01', 0) RETURNING id").get(member.id) as { id: number };
  const talk = raw.prepare("INSERT INTO Talk (talkerId, occurredOn, counterpartKind, counterpartName, content, updatedAt) VALUES (?, '2026-11-01', 'RESIDENT', '群众', ?, 0)");
  const audit = raw.prepare("INSERT INTO AuditEntry (actorId, action, entity, entityId) VALUES (?, 'talk.create', 'Talk', ?)");
  raw.transaction(() => {
    for (let i = 0; i < n; i++) audit.run(m.id, talk.run(m.id, `谈心内容 ${i} `.repeat(20)).lastInsertRowid);
  })();
  return { memberId: m.id, talk, audit };
}

describe.skipIf(sqliteOnly("SQLite's online backup API and file restore; ledger backup on PostgreSQL (pg_dump / pg_restore) is tested in tests/db/engine.pg.test.ts"))("ledger backup", () => {
  it("copies the database consistently while another connection keeps writing, and the restored copy has the snapshot's rows", async () => {
    t = await freshDb();
    const { memberId, talk, audit } = fill(t.raw, 20_000);
    const target = path.join(path.dirname(t.file), `backup-${path.basename(t.file)}`);
    made.push(target);

    // The app keeps writing: one talk + its audit entry per transaction, as fast as the event loop lets it.
    let writing = true;
    let written = 0;
    const writeOne = t.raw.transaction(() => {
      audit.run(memberId, talk.run(memberId, `并发写入 ${written}`).lastInsertRowid);
      written++;
    });
    const writer = (async () => {
      while (writing) {
        writeOne();
        await new Promise((r) => setImmediate(r));
      }
    })();

    const out: string[] = [];
    const code = await backup([target], { databaseUrl: `file:${t.file}`, out: (l) => out.push(l), err: (l) => out.push(l) });
    writing = false;
    await writer;
    expect(code).toBe(0);
    expect(written).toBeGreaterThan(0);

    // Restore: copy the backup to a new path, as README says, and open it.
    const restored = path.join(path.dirname(t.file), `restored-${path.basename(t.file)}`);
    made.push(restored);
    copyFileSync(target, restored);
    expect(existsSync(`${target}-wal`)).toBe(false);
    const copy = new Database(restored, { readonly: true });
    expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
    const got = counts(copy);
    copy.close();
    const source = counts(t.raw);
    expect(got.Talk).toBe(got.AuditEntry); // never half a transaction
    expect(got.Talk).toBeGreaterThanOrEqual(20_000);
    expect(got.Talk).toBeLessThanOrEqual(source.Talk);
    // every other table is exactly as in the source
    for (const table of Object.keys(source).filter((n) => n !== "Talk" && n !== "AuditEntry")) expect([table, got[table]]).toEqual([table, source[table]]);

    // README's restore: stop the app, copy the backup over the live file, remove its -wal and -shm, start.
    await t.close();
    copyFileSync(target, t.file);
    for (const s of ["-wal", "-shm"]) rmSync(t.file + s, { force: true });
    const db = openDb(`file:${t.file}`);
    expect(await db.talk.count()).toBe(got.Talk);
    expect(await db.auditEntry.count()).toBe(got.AuditEntry);
    await db.$disconnect();
    t = undefined as unknown as TestDb;
  }, 60_000);

  it("refuses to overwrite an existing file", async () => {
    t = await freshDb();
    const out: string[] = [];
    const code = await backup([t.file], { databaseUrl: `file:${t.file}`, out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(code).toBe(1);
    expect(out.join("\n")).toContain("已存在");
  });
});
