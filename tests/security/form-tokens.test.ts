/**
 * Single-use form tokens (issue 6, item 4): a create form carries `_once`; the same token sent
 * twice — one after the other or at the same instant — saves one record and sends the second
 * submit back to the list with a flash. A rejected form does not use its token up.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "dangyuan", name: "党员甲" });
});
afterEach(() => t.close());

const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "家常" };

/** The `_csrf` and `_once` values of the form on `path`. */
async function formOf(a: Agent, path: string) {
  const html = (await a.get(path)).text;
  const csrf = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  const once = html.match(/name="_once" value="([^"]+)"/)?.[1];
  if (!csrf || !once) throw new Error(`${path} has no _csrf or no _once field`);
  return { _csrf: csrf, _once: once };
}

describe("a form submitted twice", () => {
  it("the new-talk form carries a fresh single-use token each time it is shown", async () => {
    const a = await t.loginAs("dangyuan");
    const first = await formOf(a, "/talks/new");
    const second = await formOf(a, "/talks/new");
    expect(first._once).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(second._once).not.toBe(first._once);
  });

  it("sending the same talk form twice saves one talk; the second answer goes back to the list saying it was not saved again", async () => {
    const a = await t.loginAs("dangyuan");
    const tokens = await formOf(a, "/talks/new");
    const first = await a.post("/talks").type("form").send({ ...tokens, ...talk });
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe("/");
    const again = await a.post("/talks").type("form").send({ ...tokens, ...talk });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe("/records");
    expect((await a.get("/records")).text).toContain("该表单已提交过，未重复保存");
    expect(await t.db.talk.count()).toBe(1);
    expect(await t.db.auditEntry.count({ where: { action: "talk.create" } })).toBe(1);
  });

  it("two submits of one form at the same instant save one talk", async () => {
    const a = await t.loginAs("dangyuan");
    const tokens = await formOf(a, "/talks/new");
    const answers = await Promise.all([1, 2, 3].map(() => a.post("/talks").type("form").send({ ...tokens, ...talk })));
    expect(answers.map((r) => r.status)).toEqual([303, 303, 303]);
    expect(answers.map((r) => r.headers.location).sort()).toEqual(["/", "/records", "/records"]);
    expect(await t.db.talk.count()).toBe(1);
  });

  it("a form refused for a bad value keeps its token usable, so the corrected form is saved", async () => {
    const a = await t.loginAs("dangyuan");
    const tokens = await formOf(a, "/talks/new");
    const bad = await a.post("/talks").type("form").send({ ...tokens, ...talk, occurredOn: "2026-11-30" });
    expect(bad.status).toBe(422);
    expect(await t.db.formToken.count()).toBe(0);
    const good = await a.post("/talks").type("form").send({ ...tokens, ...talk });
    expect(good.status).toBe(303);
    expect(good.headers.location).toBe("/");
    expect(await t.db.talk.count()).toBe(1);
  });

  it("two different forms of the same content are two talks (only the token makes a repeat)", async () => {
    const a = await t.loginAs("dangyuan");
    await a.post("/talks").type("form").send({ ...(await formOf(a, "/talks/new")), ...talk });
    await a.post("/talks").type("form").send({ ...(await formOf(a, "/talks/new")), ...talk });
    expect(await t.db.talk.count()).toBe(2);
  });

  it("sending the same visit form twice saves one visit", async () => {
    await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" });
    const line = await t.db.line.create({ data: { name: "1路" } });
    const a = await t.loginAs("ganbu");
    const tokens = await formOf(a, "/visits/new");
    const visit = { visitedOn: "2026-11-17", visitedTime: "09:30", target: `line:${line.id}`, purpose: "了解线路运行" };
    const answers = [await a.post("/visits").type("form").send({ ...tokens, ...visit }), await a.post("/visits").type("form").send({ ...tokens, ...visit })];
    expect(answers.map((r) => [r.status, r.headers.location])).toEqual([
      [303, "/"],
      [303, "/records"],
    ]);
    expect(await t.db.lineVisit.count()).toBe(1);
  });
});
