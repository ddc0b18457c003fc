/**
 * Sessions and passwords (issue 11, item 6): a password change ends the account's other sessions
 * (an admin's reset ends them all); the current-password check is rate limited with the styled
 * 429 page; a successful login clears the account's failure count; /counterparts does not hand
 * out login names.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type Agent, type TestApp } from "../support/app.ts";
import { zone } from "../support/zones.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "qita", name: "其他党员" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
});
afterEach(() => t.close());

const NEXT = "new-secret-2026";

async function changePassword(a: Agent, current: string, next = NEXT) {
  return a.post("/account/password").type("form").send({ _csrf: await a.csrf(), current, next, confirm: next });
}

/** Is the agent still logged in? (修改密码 answers 200 even when a new password is due; 303 to 登录 otherwise) */
async function loggedIn(a: Agent) {
  return (await a.get("/account/password")).status === 200;
}

async function attempt(username: string, password: string) {
  const agent = request.agent(t.app);
  const page = await agent.get("/login");
  return agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username, password });
}

describe("changing the password ends the other sessions", () => {
  it("the session that changed it stays logged in, the account's other sessions are logged out, other accounts are untouched", async () => {
    const phone = await t.loginAs("dangyuan");
    const desk = await t.loginAs("dangyuan");
    const someoneElse = await t.loginAs("qita");
    expect(await loggedIn(desk)).toBe(true);
    expect((await changePassword(phone, PASSWORD)).status).toBe(303);
    expect(await loggedIn(phone)).toBe(true);
    expect(await loggedIn(desk)).toBe(false);
    expect((await desk.get("/")).headers.location).toMatch(/^\/login/);
    expect(await loggedIn(someoneElse)).toBe(true);
  });

  it("a wrong current password ends nothing", async () => {
    const phone = await t.loginAs("dangyuan");
    const desk = await t.loginAs("dangyuan");
    expect((await changePassword(phone, "wrong-current")).status).toBe(422);
    expect(await loggedIn(desk)).toBe(true);
  });

  it("an admin's reset of a password logs the account out everywhere", async () => {
    const a = await t.loginAs("dangyuan");
    const admin = await t.loginAs("guanli");
    const id = (await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" } })).id;
    expect((await admin.post(`/admin/accounts/${id}/password`).type("form").send({ _csrf: await admin.csrf(`/admin/accounts/${id}`) })).status).toBe(200);
    expect(await loggedIn(a)).toBe(false);
    expect(await loggedIn(admin)).toBe(true);
  });
});

describe("the current-password check is rate limited", () => {
  it("after 10 wrong current passwords the 11th try answers the styled 429 page, even with the right one", async () => {
    const a = await t.loginAs("dangyuan");
    for (let i = 0; i < 10; i++) expect((await changePassword(a, `wrong-${i}`)).status).toBe(422);
    const locked = await changePassword(a, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('<link rel="stylesheet" href="/css/app.css">');
    expect(locked.text).toContain("当前密码输错次数过多，请 15 分钟后再试");
    expect(locked.text).toMatch(/<a [^>]*href="\/"[^>]*>返回工作台<\/a>/);
    expect((await attempt("dangyuan", PASSWORD)).status).toBe(303); // the password did not change
  });

  it("refusals of a weak new password do not count towards the limit", async () => {
    const a = await t.loginAs("dangyuan");
    for (let i = 0; i < 11; i++) expect((await changePassword(a, PASSWORD, "12345678")).status).toBe(422);
    expect((await changePassword(a, PASSWORD)).status).toBe(303);
  });

  it("one account's wrong tries do not lock another account", async () => {
    const a = await t.loginAs("dangyuan");
    for (let i = 0; i < 10; i++) await changePassword(a, `wrong-${i}`);
    const b = await t.loginAs("qita");
    expect((await changePassword(b, PASSWORD)).status).toBe(303);
  });
});

describe("a successful login resets the per-account failure count", () => {
  it("after 9 typos and a success, the owner again has 10 tries before a lockout", async () => {
    for (let i = 0; i < 9; i++) expect((await attempt("dangyuan", "typo")).status).toBe(401);
    expect((await attempt("dangyuan", PASSWORD)).status).toBe(303);
    for (let i = 0; i < 9; i++) expect((await attempt("dangyuan", "typo")).status).toBe(401);
    expect((await attempt("dangyuan", PASSWORD)).status).toBe(303);
  });

  it("the count still locks after 10 failures in a row", async () => {
    for (let i = 0; i < 10; i++) await attempt("dangyuan", "typo");
    expect((await attempt("dangyuan", PASSWORD)).status).toBe(429);
  });
});

describe("the talk form's name search does not list login names", () => {
  it("members are told apart by zone and role, never by their login name", async () => {
    await zone(t, "第一责任区", ["qita"]);
    const a = await t.loginAs("dangyuan");
    const res = await a.get(`/counterparts?kind=MEMBER&q=${encodeURIComponent("其他")}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([{ id: expect.any(Number), name: "其他党员", hint: "第一责任区 · 党员" }]);
    expect(res.text).not.toContain("qita");
  });
});
