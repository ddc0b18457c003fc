/**
 * The login lockout answer (QA 11): after too many failed attempts the person gets a page in the
 * app's layout — status 429, the reason in Chinese, and a link back to 登录 — not bare text.
 */
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function attempt(app: TestApp, username: string, password: string) {
  const agent = request.agent(app.app);
  const page = await agent.get("/login");
  return agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username, password });
}

describe("the login lockout page", () => {
  it("answers 429 with a page in the layout that says why and links back to 登录", async () => {
    t = await testApp();
    await t.member({ username: "dangyuan", name: "党员甲" });
    for (let i = 0; i < 10; i++) expect((await attempt(t, "dangyuan", "wrong-guess")).status).toBe(401);
    const locked = await attempt(t, "dangyuan", PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.headers["content-type"]).toMatch(/^text\/html/);
    expect(locked.headers["retry-after"]).toBeDefined();
    expect(locked.text).toContain('<link rel="stylesheet" href="/css/app.css">');
    expect(locked.text).toContain("<title>登录尝试过于频繁 · 联系群众工作台账</title>");
    expect(locked.text).toContain("登录尝试过于频繁，请 15 分钟后再试");
    expect(locked.text).toMatch(/<a [^>]*href="\/login"[^>]*>返回登录<\/a>/);
  });

  it("does not show the lockout page while attempts are under the limit", async () => {
    t = await testApp();
    await t.member({ username: "dangyuan", name: "党员甲" });
    for (let i = 0; i < 9; i++) await attempt(t, "dangyuan", "wrong-guess");
    const res = await attempt(t, "dangyuan", PASSWORD);
    expect(res.status).toBe(303);
    expect(res.text).not.toContain("登录尝试过于频繁");
  });
});
