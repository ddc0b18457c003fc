/**
 * A request the user did not make as a page navigation never writes a session (src/auth/guards.ts,
 * isPageNavigation). The service worker keeps copies of the capture pages in the background
 * (src/pwa/sw-template.js, warmPages); one still in flight at the logout carries the old session
 * cookie. Remembering its path for after the login gave it a new session and a Set-Cookie that
 * replaced the login page's session, whose CSRF token the login form holds: the next login was
 * refused as 表单已过期 (CI, offline-outbox on PostgreSQL: no dashboard after logging in again).
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" });
});
afterEach(() => t.close());

const cookies = (res: request.Response) => ([] as string[]).concat(res.headers["set-cookie"] ?? []);
const sidOf = (res: request.Response) => cookies(res).find((c) => c.startsWith("ledger.sid="))?.split(";")[0];

async function loginPage() {
  const page = await request(t.app).get("/login");
  return { sid: sidOf(page)!, token: tokenFrom(page.text) };
}

async function logIn(sid: string, token: string) {
  return request(t.app).post("/login").set("Cookie", sid).type("form").send({ _csrf: token, username: "ganbu", password: PASSWORD });
}

describe("a background request without a login", () => {
  it("sets no session cookie, so the login page's form still logs in (a copy in flight at the logout)", async () => {
    const first = await loginPage();
    const res = await logIn(first.sid, first.token);
    const old = sidOf(res)!;
    const token = tokenFrom((await request(t.app).get("/account/password").set("Cookie", old)).text);
    expect((await request(t.app).post("/logout").set("Cookie", old).type("form").send({ _csrf: token })).status).toBe(303);

    const page = await loginPage();
    const sessions = await t.db.session.count();
    const warm = await request(t.app).get("/talks/new").set("Cookie", old).set("Accept", "text/html").set("X-Ledger-Background", "warm");
    expect(warm.status).toBe(303);
    expect(cookies(warm)).toEqual([]);
    expect(await t.db.session.count()).toBe(sessions);

    const again = await logIn(page.sid, page.token);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe("/");
  });

  it("leaves the login page's session as it was, and a page opened after it is still the one returned to", async () => {
    const opened = await request(t.app).get("/requests/new").set("Accept", "text/html").set("Sec-Fetch-Mode", "navigate");
    const sid = sidOf(opened)!;
    const page = await request(t.app).get("/login").set("Cookie", sid);
    const background = [
      request(t.app).get("/talks/new").set("Cookie", sid).set("Accept", "text/html").set("X-Ledger-Background", "warm"),
      request(t.app).get("/visits/new").set("Cookie", sid).set("Accept", "text/html").set("Sec-Fetch-Mode", "cors"),
    ];
    for (const b of await Promise.all(background)) {
      expect(b.status).toBe(303);
      expect(cookies(b)).toEqual([]);
    }
    const res = await logIn(sid, tokenFrom(page.text));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/requests/new");
  });
});
