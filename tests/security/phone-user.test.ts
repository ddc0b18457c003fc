/**
 * The phone's user cookie (src/auth/phone-user.ts): the static /outbox page shows and sends only
 * this user's waiting entries (public/js/outbox.js). It is set in the login's own response, not
 * re-sent while it is right, set again when it names someone else, and cleared by the logout
 * and by the login page.
 */
import request from "supertest";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp;
let ganbu: number;
let dangyuan: number;
beforeEach(async () => {
  t = await testApp();
  ganbu = (await t.member({ username: "ganbu", name: "干部甲", role: "CADRE" })).id;
  dangyuan = (await t.member({ username: "dangyuan", name: "党员甲" })).id;
});
afterEach(() => t.close());

const cookies = (res: request.Response) => ([] as string[]).concat(res.headers["set-cookie"] ?? []);
const userCookie = (res: request.Response) => cookies(res).find((c) => c.startsWith("ledger.user="));
const pair = (c: string) => c.split(";")[0];

async function logIn(username: string, extra: string[] = []) {
  const page = await request(t.app).get("/login").set("Cookie", extra);
  const anon = cookies(page).map(pair).filter((c) => c.startsWith("ledger.sid="));
  const res = await request(t.app).post("/login").set("Cookie", [...anon, ...extra]).type("form").send({ _csrf: tokenFrom(page.text), username, password: PASSWORD });
  expect(res.status).toBe(303);
  return { res, sid: pair(cookies(res).find((c) => c.startsWith("ledger.sid="))!) };
}

describe("the phone's user cookie", () => {
  it("is set by the login's response, readable by the page, and not sent again while it is right", async () => {
    const { res, sid } = await logIn("ganbu");
    const set = userCookie(res)!;
    expect(pair(set)).toBe(`ledger.user=${ganbu}`);
    expect(set).not.toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).toMatch(/Path=\//);
    expect(Number(/Max-Age=(\d+)/.exec(set)![1])).toBe(400 * 86_400);
    expect(cookies(res).find((c) => c.startsWith("ledger.sid="))).toMatch(/HttpOnly/); // the session's stays httpOnly

    const page = await request(t.app).get("/").set("Cookie", [sid, pair(set)]);
    expect(page.status).toBe(200);
    expect(userCookie(page)).toBeUndefined();
  });

  it("is set again when missing or naming another user, and cleared by the logout and the login page", async () => {
    const { sid } = await logIn("ganbu");
    expect(pair(userCookie(await request(t.app).get("/").set("Cookie", sid))!)).toBe(`ledger.user=${ganbu}`);
    expect(pair(userCookie(await request(t.app).get("/").set("Cookie", [sid, `ledger.user=${dangyuan}`]))!)).toBe(`ledger.user=${ganbu}`);

    const token = tokenFrom((await request(t.app).get("/account/password").set("Cookie", [sid, `ledger.user=${ganbu}`])).text);
    const out = await request(t.app).post("/logout").set("Cookie", [sid, `ledger.user=${ganbu}`]).type("form").send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(userCookie(out)).toMatch(/^ledger\.user=;.*Expires=Thu, 01 Jan 1970/);

    const login = await request(t.app).get("/login").set("Cookie", `ledger.user=${ganbu}`);
    expect(userCookie(login)).toMatch(/^ledger\.user=;.*Expires=Thu, 01 Jan 1970/);
    expect(userCookie(await request(t.app).get("/login"))).toBeUndefined(); // nothing to clear
  });

  it("is cleared, never set, by the logout of a session from before the cookie", async () => {
    const { sid } = await logIn("ganbu");
    const token = tokenFrom((await request(t.app).get("/account/password").set("Cookie", sid)).text);
    const out = await request(t.app).post("/logout").set("Cookie", sid).type("form").send({ _csrf: token });
    expect(out.status).toBe(303);
    expect(cookies(out).filter((c) => c.startsWith("ledger.user="))).toEqual([expect.stringMatching(/^ledger\.user=;.*Expires=Thu, 01 Jan 1970/)]);
    expect(cookies(out).find((c) => c.startsWith("ledger.sid="))).toMatch(/^ledger\.sid=;/); // the session's clearing is kept
  });

  it("names the next user when someone else logs in on the same phone", async () => {
    const { res } = await logIn("dangyuan", [`ledger.user=${ganbu}`]);
    expect(pair(userCookie(res)!)).toBe(`ledger.user=${dangyuan}`);
  });

  it("is kept when the session has expired, so the outbox still shows its owner's entries", async () => {
    const { sid } = await logIn("ganbu");
    await t.db.session.deleteMany();
    const res = await request(t.app).get("/").set("Cookie", [sid, `ledger.user=${ganbu}`]);
    expect(res.status).toBe(303);
    expect(userCookie(res)).toBeUndefined();
  });
});
