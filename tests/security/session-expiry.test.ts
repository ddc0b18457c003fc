/**
 * A form sent after the session ran out (QA finding 6): the CSRF check fails because the token
 * went with the session, and there is no user — the answer is 401 "登录已过期" with a link to log
 * in again (back to the form's page afterwards), not the 403 of a forged form. A logged-in user
 * with a bad token still gets the 403.
 */
import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp;
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "写了很久的内容" };

/** Logs in from a fresh jar; returns the bare session cookie, to replay by hand. */
async function loginCookie() {
  const agent = request.agent(t.app);
  const page = await agent.get("/login");
  const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "dangyuan", password: PASSWORD });
  expect(res.status).toBe(303);
  const c = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((s) => s.startsWith("ledger.sid="));
  return c!.split(";")[0];
}

describe("a form sent after the session expired", () => {
  it("answers 401 with a page headed 登录已过期 and a link to log in again, writes nothing, and after logging in goes back to the form", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-18T02:00:00Z"));
    t = await testApp({ env: { SESSION_IDLE_MINUTES: "5" } });
    await t.member({ username: "dangyuan", name: "党员甲" });
    const cookie = await loginCookie();
    const form = await request(t.app).get("/talks/new").set("Cookie", cookie);
    const token = tokenFrom(form.text);

    vi.setSystemTime(new Date(Date.now() + 6 * 60_000));
    const res = await request(t.app).post("/talks").set("Cookie", cookie).set("Referer", "http://127.0.0.1/talks/new").set("Host", "127.0.0.1").type("form").send({ ...talk, _csrf: token });
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/<h1>登录已过期<\/h1>/);
    expect(res.text).toContain('href="/login"');
    expect(res.text).not.toContain("来源不明");
    expect(await t.db.talk.count()).toBe(0);

    // The same (new) session logs in again and lands on the form's page.
    const next = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((s) => s.startsWith("ledger.sid="))?.split(";")[0] ?? cookie;
    const login = await request(t.app).get("/login").set("Cookie", next);
    const again = await request(t.app).post("/login").set("Cookie", next).type("form").send({ _csrf: tokenFrom(login.text), username: "dangyuan", password: PASSWORD });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe("/talks/new");
  });

  it("a logged-in user's form with a bad token is still refused with 403 (表单已过期)", async () => {
    t = await testApp();
    await t.member({ username: "dangyuan", name: "党员甲" });
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ ...talk, _csrf: "forged-token" });
    expect(res.status).toBe(403);
    expect(res.text).toContain("表单已过期");
    expect(await t.db.talk.count()).toBe(0);
  });
});
