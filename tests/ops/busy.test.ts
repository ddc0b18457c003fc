/**
 * A write that waits past the busy timeout (issue 11, item 4; issue 17 item 3): another
 * connection holds the lock the write needs, the app's client waits its (shortened) busy timeout
 * and gives up. On SQLite the holder is a second connection on the file in BEGIN IMMEDIATE (like
 * a second process); on PostgreSQL a second client whose open transaction holds EXCLUSIVE locks
 * on the written tables (reads still pass), and the wait is the session's lock_timeout.
 * Expected on both: 503 "系统繁忙，请稍后再试", the form re-rendered with the user's values,
 * nothing written; once the lock is gone the same form saves.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TEST_ENGINE } from "../support/db.ts";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { isBusy } from "../../src/db/busy.ts";

/** Another writer: `hold()` takes the lock a talk's or a resident's write needs, `release()` gives it back. */
interface Holder {
  hold(): Promise<void>;
  release(): Promise<void>;
  close(): Promise<void>;
}

/** The write lock of the SQLite file: BEGIN IMMEDIATE on a second connection. */
function sqliteHolder(file: string): Holder & { handle: Database.Database } {
  const handle = new Database(file);
  return {
    handle,
    hold: async () => void handle.exec("BEGIN IMMEDIATE"),
    release: async () => void (handle.inTransaction && handle.exec("ROLLBACK")),
    close: async () => void handle.close(),
  };
}

/** PostgreSQL: a second client's open transaction holding EXCLUSIVE locks on the tables written (readers pass). */
async function pgHolder(url: string): Promise<Holder & { client: pg.Client }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let open = false;
  const release = async () => {
    if (open) await client.query("ROLLBACK");
    open = false;
  };
  return {
    client,
    async hold() {
      await client.query("BEGIN");
      open = true;
      await client.query('LOCK TABLE "Talk", "Resident", "AuditEntry" IN EXCLUSIVE MODE');
    },
    release,
    async close() {
      await release();
      await client.end();
    },
  };
}

let t: TestApp;
let ganbu: Agent;
let holder: Holder;
beforeEach(async () => {
  t = await testApp({ busyTimeoutMs: 150 });
  const m = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "GENERAL" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  ganbu = await t.loginAs("ganbu");
  holder = TEST_ENGINE === "postgres" ? await pgHolder(t.url) : sqliteHolder(t.file);
});
afterEach(async () => {
  await holder.close();
  await t.close();
});

const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众忙时甲", reason: "ROUTINE", content: "忙时谈心内容" };

describe("a write that waits past the busy timeout", () => {
  it("answers 503 with the talk form and the values kept; nothing written; saves once the lock is gone", async () => {
    const token = await ganbu.csrf("/talks/new");
    await holder.hold(); // another writer holds the lock
    const res = await ganbu.post("/talks").type("form").send({ ...talk, _csrf: token });
    await holder.release();
    expect(res.status).toBe(503);
    expect(res.text).toContain("系统繁忙，请稍后再试");
    expect(res.text).toContain('value="群众忙时甲"');
    expect(res.text).toContain("忙时谈心内容");
    expect(await t.db.talk.count()).toBe(0);

    const again = await ganbu.post("/talks").type("form").send({ ...talk, _csrf: await ganbu.csrf("/talks/new") });
    expect(again.status).toBe(303);
    expect(await t.db.talk.count()).toBe(1);
  });

  it("answers 503 with the resident form and the values kept", async () => {
    const zoneId = (await t.db.zone.findFirstOrThrow()).id;
    const token = await ganbu.csrf("/residents/new");
    await holder.hold();
    const res = await ganbu.post("/residents").type("form").send({ zoneId: String(zoneId), name: "忙时住户", phone: "13900139000", address: "某街 2 号", tags: ["低保户"], _csrf: token });
    await holder.release();
    expect(res.status).toBe(503);
    expect(res.text).toContain("系统繁忙，请稍后再试");
    expect(res.text).toContain('value="忙时住户"');
    expect(await t.db.resident.count()).toBe(0);
  });

  it("an action that would redirect with a flash answers the 503 page instead, linking back", async () => {
    const own = await t.db.talk.create({ data: { talkerId: (await t.db.member.findFirstOrThrow({ where: { username: "ganbu" } })).id, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: "群众乙", content: "谈心" } });
    const token = await ganbu.csrf();
    await holder.hold();
    const res = await ganbu.post(`/talks/${own.id}/delete`).type("form").send({ _csrf: token });
    await holder.release();
    expect(res.status).toBe(503);
    expect(res.text).toContain("系统繁忙，请稍后再试");
    expect(res.text).toContain(`href="/talks/${own.id}"`);
    expect(await t.db.talk.count()).toBe(1);
  });

  it("recognizes the driver's own busy answer too (better-sqlite3's SQLITE_BUSY, pg's lock_not_available)", async () => {
    await holder.hold();
    let caught: unknown;
    try {
      await rawWrite();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeDefined();
    expect(isBusy(caught)).toBe(true);
    expect(isBusy(new Error("something else"))).toBe(false);
  });
});

/** One write straight through the engine's own driver with a 50 ms wait for the lock. */
async function rawWrite(): Promise<void> {
  if (TEST_ENGINE === "sqlite") {
    t.raw.pragma("busy_timeout = 50");
    t.raw.prepare("INSERT INTO Line (name) VALUES ('x')").run();
    return;
  }
  const client = new pg.Client({ connectionString: t.url });
  await client.connect();
  try {
    await client.query("SET lock_timeout = 50");
    await client.query('UPDATE "Talk" SET content = content'); // needs ROW EXCLUSIVE: waits for the holder
  } finally {
    await client.end();
  }
}
