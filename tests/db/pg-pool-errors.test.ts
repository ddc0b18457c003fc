/**
 * The app's PostgreSQL pool (src/db/kysely.ts `openKysely`) outlives a connection the server ends
 * while it sits idle (a restart, an administrator's pg_terminate_backend, a proxy's idle timeout):
 * node-postgres emits that as an 'error' event on the pool, which without a listener throws out of
 * the event loop and stops the process. The next query opens a new connection and answers.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import pg from "pg";
import { sql } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { startPg, type TestPg } from "../support/pg.ts";

let server: TestPg;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  await server?.stop();
});

it("keeps running when the server ends an idle pooled connection, and the next query answers", async () => {
  const url = await server.freshDatabase();
  const kx = openKysely(url, { poolSize: 1 });
  try {
    const { pid } = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(kx)).rows[0];
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    try {
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    } finally {
      await admin.end();
    }
    await new Promise((r) => setTimeout(r, 300)); // the idle client hears of it: an 'error' on the pool
    const again = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(kx)).rows[0];
    expect(again.pid).not.toBe(pid);
  } finally {
    await kx.destroy();
  }
});
