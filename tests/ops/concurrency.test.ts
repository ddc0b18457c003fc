/**
 * Concurrency over loopback (issue 6, item 4): the real app listening on a random port, 50
 * logged-in members each sending 20 talks at the same instant (1,000 requests in flight, each a
 * fresh form with its own single-use token) — all 1,000 answered 303 and saved exactly once.
 * And the same form sent by one person from two tabs at once is saved once.
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";
import { serve } from "../support/browser.ts";
import { newFormToken } from "../../src/domain/form-tokens.ts";

const USERS = 50;
const TALKS_EACH = 20;

let t: TestApp;
let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  server = await serve(t.app);
});
afterAll(async () => {
  await server.close();
  await t.close();
});

/** Logs `username` in over the network; returns the agent and its CSRF token. */
async function login(username: string) {
  const agent = request.agent(server.url);
  const page = await agent.get("/login");
  const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username, password: PASSWORD });
  if (res.status !== 303) throw new Error(`login of ${username}: ${res.status}`);
  return { agent, token: tokenFrom((await agent.get("/account/password")).text) };
}

const talk = (content: string, once: string, csrf: string) => ({
  _csrf: csrf,
  _once: once,
  occurredOn: "2026-11-17",
  counterpartKind: "RESIDENT",
  counterpartName: "群众甲",
  reason: "ROUTINE",
  content,
});

describe("many people at once", () => {
  it("50 logged-in members each submitting 20 talks at the same time: all 1,000 are saved exactly once", async () => {
    const names = Array.from({ length: USERS }, (_, i) => `user${String(i).padStart(2, "0")}`);
    for (const username of names) await t.member({ username });
    // Logging in is the setup, not what is measured: one at a time, since in-flight logins from
    // one address all count against the per-address login limit until each answer is sent.
    const sessions = [];
    for (const username of names) sessions.push(await login(username));

    const sent = sessions.flatMap(({ agent, token }, u) =>
      Array.from({ length: TALKS_EACH }, (_, k) => agent.post("/talks").type("form").send(talk(`u${u}-t${k}`, newFormToken(), token))),
    );
    const answers = await Promise.all(sent);
    const statuses = answers.reduce<Record<number, number>>((acc, r) => ((acc[r.status] = (acc[r.status] ?? 0) + 1), acc), {});
    expect(statuses).toEqual({ 303: USERS * TALKS_EACH });
    expect(new Set(answers.map((r) => r.headers.location))).toEqual(new Set(["/"]));

    // Read through Kysely: the same check on either engine.
    const rows = await t.kx.selectFrom("Talk").select(["content", (eb) => eb.fn.countAll<number>().as("n")]).where("deletedAt", "is", null).groupBy("content").execute();
    expect(rows).toHaveLength(USERS * TALKS_EACH);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const perTalker = await t.kx.selectFrom("Talk").select(["talkerId", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("talkerId").execute();
    expect(perTalker.map((r) => r.n)).toEqual(Array(USERS).fill(TALKS_EACH));
    expect(await t.kx.selectFrom("AuditEntry").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", "talk.create").executeTakeFirst()).toEqual({ n: USERS * TALKS_EACH });
    // every session survived the storm: each person is still logged in
    const still = await Promise.all(sessions.map(({ agent }) => agent.get("/records")));
    expect(still.every((r) => r.status === 200)).toBe(true);
  }, 120_000); // about 10 s on an idle 2-core machine; the margin is for a busy one

  it("one form sent ten times at once from the same session is saved once; the other nine are told it was already saved", async () => {
    await t.member({ username: "double" });
    const { agent, token } = await login("double");
    const once = newFormToken();
    const answers = await Promise.all(Array.from({ length: 10 }, () => agent.post("/talks").type("form").send(talk("只应保存一次", once, token))));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(303));
    expect(answers.filter((r) => r.headers.location === "/")).toHaveLength(1);
    expect(answers.filter((r) => r.headers.location === "/records")).toHaveLength(9);
    expect(await t.kx.selectFrom("Talk").select((eb) => eb.fn.countAll<number>().as("n")).where("content", "=", "只应保存一次").executeTakeFirst()).toEqual({ n: 1 });
  });
});
