/**
 * "Everything under an org" (`"path" LIKE prefix || '%'`, src/core/org-tree.ts) reads an index on
 * both engines (issue 17 item 3, "the same plans"). PostgreSQL: the pattern index of migration
 * *_org_path_prefix gives a range scan when the prefix is a parameter (a server with a language
 * collation cannot use the plain btree index for LIKE); a prefix computed by a subquery is not
 * known when the plan is made, so it scans: look the org's path up first. SQLite: its LIKE
 * folds ASCII case, so it reads the whole covering index Org_path_idx (no table rows), never the table.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql, type Kysely } from "kysely";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import { applyMigrations } from "../../src/db/migrate.ts";
import { TMP_DIR } from "../support/db.ts";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { startPg, type TestPg } from "../support/pg.ts";

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

/**
 * A county's tree of 2,041 orgs (1 county, 40 townships of 50 branches) with ids from 1001: the
 * township 1053 is "/1001/1053/" and holds the branches 1054..1103.
 */
async function county(kx: Kysely<DB>): Promise<void> {
  const rows: { id: number; code: string; name: string; kind: string; parentId: number | null; path: string; depth: number }[] = [
    { id: 1001, code: "C1001", name: "县", kind: "COUNTY", parentId: null, path: "/1001/", depth: 0 },
  ];
  let id = 1001;
  for (let t = 0; t < 40; t++) {
    const tid = ++id;
    rows.push({ id: tid, code: `T${tid}`, name: `乡镇${tid}`, kind: "TOWNSHIP", parentId: 1001, path: `/1001/${tid}/`, depth: 1 });
    for (let b = 0; b < 50; b++) {
      const bid = ++id;
      rows.push({ id: bid, code: `B${bid}`, name: `支部${bid}`, kind: "BRANCH", parentId: tid, path: `/1001/${tid}/${bid}/`, depth: 2 });
    }
  }
  for (let i = 0; i < rows.length; i += 500) await kx.insertInto("Org").values(rows.slice(i, i + 500)).execute();
}

describe("the subtree's prefix scan on PostgreSQL", () => {
  let kx: Kysely<DB>;
  beforeAll(async () => {
    const url = await server.freshDatabase();
    await applyMigrations(url);
    kx = openKysely(url, { poolSize: 1 });
    await county(kx);
    await sql`ANALYZE "Org"`.execute(kx);
  });
  afterAll(async () => {
    await kx?.destroy();
  });

  const plan = async (query: ReturnType<typeof sql>) => (await sql<{ "QUERY PLAN": string }>`EXPLAIN ${query}`.execute(kx)).rows.map((r) => r["QUERY PLAN"]).join("\n");

  it("is an index range scan on the pattern index when the prefix is a parameter", async () => {
    const text = await plan(sql`SELECT "id" FROM "Org" WHERE "path" LIKE ${"/1001/1053/"} || '%'`);
    expect(text).toMatch(/Index (Only )?Scan (using|on) "Org_path_pattern_idx"/);
    expect(text).toContain("~>=~ '/1001/1053/'");
    const ids = await kx.selectFrom("Org").select("id").where(sql<boolean>`"path" LIKE ${"/1001/1053/"} || '%'`).orderBy("id").execute();
    expect(ids.map((r) => r.id)).toEqual([1053, ...Array.from({ length: 50 }, (_, i) => 1054 + i)]);
  });

  it("is not one when the prefix comes from a subquery (so callers pass the path itself)", async () => {
    const text = await plan(sql`SELECT "id" FROM "Org" WHERE "path" LIKE (SELECT "path" FROM "Org" WHERE "id" = ${1053}) || '%'`);
    expect(text).not.toContain("Org_path_pattern_idx");
  });
});

describe("the subtree's prefix scan on SQLite", () => {
  let kx: Kysely<DB> | undefined;
  afterAll(async () => {
    await kx?.destroy();
  });

  it("reads the covering index Org_path_idx, not the table", async () => {
    // A SQLite file whatever LEDGER_TEST_PG says: this is SQLite's plan, the one above PostgreSQL's.
    mkdirSync(TMP_DIR, { recursive: true });
    const url = `file:${path.join(TMP_DIR, `${randomUUID()}.db`)}`;
    await applyMigrations(url);
    kx = openKysely(url);
    await county(kx);
    const rows = (await sql<{ detail: string }>`EXPLAIN QUERY PLAN SELECT "id" FROM "Org" WHERE "path" LIKE ${"/1001/1053/"} || '%'`.execute(kx)).rows;
    expect(rows.map((r) => r.detail).join("\n")).toContain("COVERING INDEX Org_path_idx");
  });
});
