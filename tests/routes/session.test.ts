import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  await t.member({ username: "dangyuan", name: "党员甲" });
});
afterEach(() => t.close());

async function attempt(agent: ReturnType<typeof request.agent>, username: string, password: string) {
  const page = await agent.get("/login");
  return agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username, password });
}

describe("login", () => {
  it("anonymous visitors are sent to the login page, and back to where they were going after login", async () => {
    const agent = request.agent(t.app);
    const res = await agent.get("/records?kind=talk");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/login");
    const login = await attempt(agent, "dangyuan", PASSWORD);
    expect(login.headers.location).toBe("/records?kind=talk");
  });

  it("a wrong password and an unknown account get the same answer", async () => {
    const wrong = await attempt(request.agent(t.app), "dangyuan", "nope-nope");
    const unknown = await attempt(request.agent(t.app), "nobody", "nope-nope");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain("登录名或密码不正确");
    expect(unknown.text.replace(/value="[^"]*"/g, "")).toBe(wrong.text.replace(/value="[^"]*"/g, ""));
  });

  it("the session id changes at login", async () => {
    const agent = request.agent(t.app);
    const page = await agent.get("/login");
    const before = String(page.headers["set-cookie"]).match(/ledger\.sid=([^;]+)/)?.[1];
    const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "dangyuan", password: PASSWORD });
    const after = String(res.headers["set-cookie"]).match(/ledger\.sid=([^;]+)/)?.[1];
    expect(before).toBeTruthy();
    expect(after).toBeTruthy();
    expect(after).not.toBe(before);
  });

  it("logout destroys the server-side session", async () => {
    const a = await t.loginAs("dangyuan");
    expect(await t.db.session.count()).toBe(1);
    await a.post("/logout").type("form").send({ _csrf: await a.csrf() });
    expect(await t.db.session.count()).toBe(0);
    expect((await a.get("/")).status).toBe(303);
  });

  it("pages behind the login are never stored by the browser, so Back after logout shows nothing", async () => {
    const a = await t.loginAs("dangyuan");
    for (const path of ["/", "/records", "/talks/new"]) {
      expect((await a.get(path)).headers["cache-control"]).toBe("no-store");
    }
  });

  it("a deactivated account cannot log in", async () => {
    await t.db.member.update({ where: { username: "dangyuan" }, data: { active: false } });
    expect((await attempt(request.agent(t.app), "dangyuan", PASSWORD)).status).toBe(401);
  });

  it("returnTo never leaves the site", async () => {
    const agent = request.agent(t.app);
    await agent.get("//evil.example/x");
    const res = await attempt(agent, "dangyuan", PASSWORD);
    expect(res.headers.location).toBe("/");
  });

  it("pages carry a Content-Security-Policy without inline script", async () => {
    const res = await request(t.app).get("/login");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(res.headers["content-security-policy"]).not.toContain("unsafe-inline");
  });
});

describe("changing my password", () => {
  it("needs the current password and then works for the next login", async () => {
    const a = await t.loginAs("dangyuan");
    const bad = await a.post("/account/password").type("form").send({ _csrf: await a.csrf(), current: "wrong", next: "new-pass-456", confirm: "new-pass-456" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("当前密码不正确");
    const ok = await a.post("/account/password").type("form").send({ _csrf: await a.csrf(), current: PASSWORD, next: "new-pass-456", confirm: "new-pass-456" });
    expect(ok.status).toBe(303);
    await expect(t.loginAs("dangyuan")).rejects.toThrow();
    await expect(t.loginAs("dangyuan", "new-pass-456")).resolves.toBeTruthy();
  });

  it("a one-time password must be changed before anything else", async () => {
    await t.db.member.update({ where: { username: "dangyuan" }, data: { mustChangePassword: true } });
    const a = await t.loginAs("dangyuan");
    const res = await a.get("/records");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/account/password");
  });
});
