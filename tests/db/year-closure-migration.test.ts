/**
 * The migration that makes YearClosure per branch keeps an existing database's closed years: a
 * closure from before (one for the whole office) becomes one per branch that existed.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../../src/db/migrate.ts";

const all = readdirSync(MIGRATIONS_DIR).filter((d) => !d.endsWith(".toml")).sort();
const target = all.findIndex((d) => d.endsWith("_year_closure_per_branch"));
const sql = (d: string) => readFileSync(path.join(MIGRATIONS_DIR, d, "migration.sql"), "utf8");

describe("migrating YearClosure to per branch", () => {
  it("spreads each old closure to every branch, so a single-branch database keeps its closed years", () => {
    expect(target).toBeGreaterThan(0);
    const db = new Database(":memory:");
    for (const d of all.slice(0, target)) db.exec(sql(d));
    const org = db.prepare(`INSERT INTO "Org" ("code", "name", "kind", "parentId", "path", "depth") VALUES (?, ?, ?, ?, ?, ?)`);
    const county = Number(org.run("C", "县委", "COUNTY", null, "/1/", 0).lastInsertRowid);
    const b1 = Number(org.run("B1", "一支部", "BRANCH", county, "/1/2/", 1).lastInsertRowid);
    const b2 = Number(org.run("B2", "二支部", "BRANCH", county, "/1/3/", 1).lastInsertRowid);
    db.prepare(`INSERT INTO "YearClosure" ("year", "closedAt", "closedById") VALUES (2024, 1700000000000, 7), (2025, 1730000000000, 7)`).run();
    for (const d of all.slice(target)) db.exec(sql(d));
    const rows = db.prepare(`SELECT "orgId", "year", "closedById" FROM "YearClosure" ORDER BY "year", "orgId"`).all();
    expect(rows).toEqual([
      { orgId: b1, year: 2024, closedById: 7 },
      { orgId: b2, year: 2024, closedById: 7 },
      { orgId: b1, year: 2025, closedById: 7 },
      { orgId: b2, year: 2025, closedById: 7 },
    ]);
    expect(() => db.prepare(`INSERT INTO "YearClosure" ("orgId", "year", "closedAt", "closedById") VALUES (?, 2024, 1, 1)`).run(b1)).toThrow(/UNIQUE/);
    db.close();
  });
});
