/**
 * The write counter (authz/county-world.ts `writeCounter`: row triggers on every table bump one
 * counter) stands in for the whole-database digest (authz/world.ts `fingerprint`: every row of
 * every table but sessions) in the authorization matrices, the odd bodies and the fuzz test, where
 * "nothing was written" is asked thousands of times. It must catch every write the digest caught:
 *   - every table the digest reads has a row trigger for INSERT, UPDATE and DELETE (read from the
 *     engine's catalog), and none for a table the digest skips;
 *   - a deliberate write to each table that has rows moves the counter once a row at least (an
 *     UPDATE of each row to itself: a row trigger fires whatever the values; the ledger-version
 *     bookkeeping may add its own), and an INSERT and a DELETE do too;
 *   - on the app's real writes — the valid form of every POST route, as each role the matrix lets
 *     write, in the authorization matrix's world — whenever the digest changed, the counter moved.
 * Any digest change needs an INSERT, UPDATE or DELETE of a row of one of those tables (SQLite turns
 * `DELETE FROM t` into a truncate only for a table without triggers; no route truncates on
 * PostgreSQL), so the counter misses nothing the digest saw. (It may see more: a row rewritten with
 * the values it had counts, where the digest stays equal; the tests that use it pass with it.)
 */
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { testApp } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import { engineOf } from "../../src/db/dialect.ts";
import { appTables, buildWorld, fingerprint, ROLES, type RoleName } from "./authz/world.ts";
import { writeCounter } from "./authz/county-world.ts";
import { expectations } from "./authz/expectations.ts";
import { reusableSessions } from "./authz/sessions.ts";

const t = await testApp();
const w = await buildWorld(t);
const writes = await writeCounter(t);
afterAll(() => t.close());

const sessionOf = reusableSessions(t, async (role: RoleName) => {
  const agent = await t.loginAs(w.people[role].username);
  return { agent, token: await agent.csrf() };
});
const fill = (path: string, params: Record<string, string> = {}) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? "1"));

/** The triggers of the test database as "table op" (SQLite: sqlite_master; PostgreSQL: pg_trigger), the counter's own by name. */
async function triggers(): Promise<string[]> {
  const rows =
    engineOf(t.kx) === "postgres"
      ? (await sql<{ name: string; tbl: string }>`SELECT t.tgname AS name, c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal`.execute(t.kx)).rows
      : (await sql<{ name: string; tbl: string }>`SELECT name, tbl_name AS tbl FROM sqlite_master WHERE type = 'trigger'`.execute(t.kx)).rows;
  return rows.filter((r) => r.name.startsWith("_authz_")).map((r) => `${r.tbl} ${r.name.slice(`_authz_${r.tbl}_`.length)}`);
}

describe("the write counter catches every write the whole-database digest caught", () => {
  it("every table the digest reads has an INSERT, an UPDATE and a DELETE trigger, and no other table has one", async () => {
    const tables = await appTables(t);
    expect(tables.length).toBeGreaterThan(30);
    expect((await triggers()).sort()).toEqual(tables.flatMap((name) => ["DELETE", "INSERT", "UPDATE"].map((op) => `${name} ${op}`)).sort());
  });

  it("an UPDATE of each table's rows to themselves moves it by at least the row count; an INSERT and a DELETE move it", async () => {
    const untouched: string[] = [];
    let updated = 0;
    for (const name of await appTables(t)) {
      const n = Number((await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(t.kx)).rows[0].n);
      if (n === 0) continue;
      const [column] = (await t.kx.introspection.getTables()).find((x) => x.name === name)!.columns;
      const before = await writes();
      await sql`UPDATE ${sql.table(name)} SET ${sql.ref(column.name)} = ${sql.ref(column.name)}`.execute(t.kx);
      if ((await writes()) - before < n) untouched.push(`${name}: ${n} row(s), counted ${(await writes()) - before}`);
      updated++;
    }
    expect(untouched).toEqual([]);
    expect(updated).toBeGreaterThan(10);
    // A line raises LedgerVersion row 5 (migration *_accounts_version): each write counts its row and that one.
    const before = await writes();
    const line = await t.db.line.create({ data: { name: "计数线路" } });
    expect(await writes()).toBe(before + 2);
    await t.db.line.delete({ where: { id: line.id } });
    expect(await writes()).toBe(before + 4);
  });

  let changed = 0;
  for (const route of routeTable(t.app).filter((r) => r.method === "POST")) {
    it(`${route.key}: on its valid form, as each role, the counter moves whenever the digest changes`, async () => {
      const entry = expectations[route.key];
      if (!entry) return; // the matrix reports it
      const missed: string[] = [];
      // The roles the matrix lets write (a refused cell writes nothing, so it has no change to compare).
      const row = entry.own ?? entry.all;
      for (const role of ROLES.filter((_, i) => row && row[i] < 400)) {
        const cell = entry.cell ? await entry.cell(w, w.people[role]) : {};
        const { agent, token } = await sessionOf(role);
        const [digest, count] = [await fingerprint(t), await writes()];
        const res = await agent.post(fill(route.path, cell.params)).type("form").send({ ...(cell.body ?? {}), _csrf: token });
        if ((await fingerprint(t)) === digest) continue;
        changed++;
        if ((await writes()) === count) missed.push(`${route.key} as ${role}: ${res.status}`);
      }
      expect(missed).toEqual([]);
    });
  }

  it("the valid forms above changed the digest often (the comparison had writes to compare)", () => {
    expect(changed).toBeGreaterThan(50);
  });
});
