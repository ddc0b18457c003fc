import { mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applyMigrations, diffToNextMigration, MIGRATIONS_DIR, pendingMigrations } from "../../src/db/migrate.ts";
import { TMP_DIR } from "../support/db.ts";

const dir = TMP_DIR;
mkdirSync(dir, { recursive: true });
const committed = readdirSync(MIGRATIONS_DIR).filter((d) => !d.endsWith(".toml")).sort();

describe("the offline migration runner", () => {
  it("applies every committed migration to a new file and records them as prisma migrate deploy does", async () => {
    const file = path.join(dir, `${randomUUID()}.db`);
    expect(await applyMigrations(`file:${file}`)).toEqual(committed);
    const raw = new Database(file);
    const rows = raw.prepare("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name").all() as {
      migration_name: string;
      finished_at: string | null;
      rolled_back_at: string | null;
    }[];
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    expect(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null)).toBe(true);
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(["Member", "Talk", "LineVisit", "YearReview", "AuditEntry", "Session"]));
    raw.close();
  });

  it("applies nothing the second time", async () => {
    const url = `file:${path.join(dir, `${randomUUID()}.db`)}`;
    await applyMigrations(url);
    expect(await applyMigrations(url)).toEqual([]);
  });

  it("finds that schema.prisma matches the committed migrations (so nobody forgot to write one)", async () => {
    expect(await diffToNextMigration("file::memory:")).toBe("");
  });
});

describe("applying migrations while the app is using the database", () => {
  it("is a no-op that does not wait for the write lock when nothing is pending", async () => {
    const file = path.join(dir, `${randomUUID()}.db`);
    await applyMigrations(`file:${file}`);
    const busy = new Database(file);
    busy.pragma("journal_mode = WAL");
    busy.exec("BEGIN IMMEDIATE"); // another process holding the write lock
    try {
      expect(pendingMigrations(`file:${file}`)).toEqual([]);
      expect(await applyMigrations(`file:${file}`)).toEqual([]);
    } finally {
      busy.exec("ROLLBACK");
      busy.close();
    }
  });
});
