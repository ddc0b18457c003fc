/**
 * A write that waits past SQLite's busy timeout (issue 11, item 4): another connection holds the
 * write lock (BEGIN IMMEDIATE, like a second process), the app's client waits its (shortened)
 * busy timeout and gives up. Expected: 503 "系统繁忙，请稍后再试", the form re-rendered with the
 * user's values, nothing written; once the lock is gone the same form saves.
 */
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sqliteOnly } from "../support/db.ts";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { isBusy } from "../../src/db/busy.ts";

let t: TestApp;
let ganbu: Agent;
let holder: Database.Database;
beforeEach(async () => {
  t = await testApp({ busyTimeoutMs: 150 });
  const m = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "GENERAL" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  ganbu = await t.loginAs("ganbu");
  holder = new Database(t.file);
});
afterEach(async () => {
  if (holder.inTransaction) holder.exec("ROLLBACK");
  holder.close();
  await t.close();
});

const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众忙时甲", reason: "ROUTINE", content: "忙时谈心内容" };

describe.skipIf(sqliteOnly("the lock is held by a second better-sqlite3 connection on the file; PostgreSQL's lock and statement timeouts and deadlocks are tested in tests/db/kysely-busy.test.ts and tests/db/engine.pg.test.ts"))("a write that waits past the busy timeout", () => {
  it("answers 503 with the talk form and the values kept; nothing written; saves once the lock is gone", async () => {
    const token = await ganbu.csrf("/talks/new");
    holder.exec("BEGIN IMMEDIATE"); // another writer holds the lock
    const res = await ganbu.post("/talks").type("form").send({ ...talk, _csrf: token });
    holder.exec("ROLLBACK");
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
    holder.exec("BEGIN IMMEDIATE");
    const res = await ganbu.post("/residents").type("form").send({ zoneId: String(zoneId), name: "忙时住户", phone: "13900139000", address: "某街 2 号", tags: ["低保户"], _csrf: token });
    holder.exec("ROLLBACK");
    expect(res.status).toBe(503);
    expect(res.text).toContain("系统繁忙，请稍后再试");
    expect(res.text).toContain('value="忙时住户"');
    expect(await t.db.resident.count()).toBe(0);
  });

  it("an action that would redirect with a flash answers the 503 page instead, linking back", async () => {
    const own = await t.db.talk.create({ data: { talkerId: (await t.db.member.findFirstOrThrow({ where: { username: "ganbu" } })).id, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: "群众乙", content: "谈心" } });
    const token = await ganbu.csrf();
    holder.exec("BEGIN IMMEDIATE");
    const res = await ganbu.post(`/talks/${own.id}/delete`).type("form").send({ _csrf: token });
    holder.exec("ROLLBACK");
    expect(res.status).toBe(503);
    expect(res.text).toContain("系统繁忙，请稍后再试");
    expect(res.text).toContain(`href="/talks/${own.id}"`);
    expect(await t.db.talk.count()).toBe(1);
  });

  it("recognizes SQLite's busy answer from the raw driver too", () => {
    holder.exec("BEGIN IMMEDIATE");
    t.raw.pragma("busy_timeout = 50");
    let caught: unknown;
    try {
      t.raw.prepare("INSERT INTO Line (name) VALUES ('x')").run();
    } catch (e) {
      caught = e;
    }
    expect(isBusy(caught)).toBe(true);
    expect(isBusy(new Error("something else"))).toBe(false);
  });
});
