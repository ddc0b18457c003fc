/**
 * Web security at the edge (issue 6, item 1): session expiry after inactivity, login rate limits
 * per account and per address (with `trust proxy` from TRUST_PROXY), login answers that never
 * reveal whether an account exists, same-site returnTo only, cookie flags, CSRF and headers.
 * Time is moved with fake `Date` only (express-session and the session store read Date.now).
 */
import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";
import { safeReturnTo } from "../../src/auth/guards.ts";

let apps: TestApp[] = [];
async function appWith(env: Record<string, string> = {}) {
  const t = await testApp({ env });
  apps.push(t);
  await t.member({ username: "dangyuan", name: "党员甲" });
  return t;
}
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(apps.map((t) => t.close()));
  apps = [];
});

/** One login attempt from a fresh cookie jar, optionally claiming a forwarded address. */
async function attempt(t: TestApp, username: string, password: string, forwardedFor?: string) {
  const agent = request.agent(t.app);
  const page = await agent.get("/login");
  const post = agent.post("/login").type("form");
  if (forwardedFor) post.set("X-Forwarded-For", forwardedFor);
  return post.send({ _csrf: tokenFrom(page.text), username, password });
}

function sidCookie(res: request.Response): string {
  const c = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((s) => s.startsWith("ledger.sid="));
  if (!c) throw new Error("no session cookie");
  return c.split(";")[0];
}

/** Logs in and returns the bare session cookie, to replay by hand (no client-side expiry). */
async function loginCookie(t: TestApp) {
  const res = await attempt(t, "dangyuan", PASSWORD);
  expect(res.status).toBe(303);
  return sidCookie(res);
}

const minutes = (n: number) => n * 60_000;

describe("sessions expire after inactivity", () => {
  it("a session unused for longer than SESSION_IDLE_MINUTES is dead on the server, even when its cookie is replayed", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-18T02:00:00Z"));
    const t = await appWith({ SESSION_IDLE_MINUTES: "5" });
    const cookie = await loginCookie(t);
    expect((await request(t.app).get("/").set("Cookie", cookie)).status).toBe(200);

    vi.setSystemTime(new Date(Date.now() + minutes(6)));
    const res = await request(t.app).get("/").set("Cookie", cookie);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/login");
    expect(await t.db.session.count({ where: { data: { contains: '"passport"' } } })).toBe(0);
  });

  it("a session in use stays alive well past the idle limit", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-18T02:00:00Z"));
    const t = await appWith({ SESSION_IDLE_MINUTES: "5" });
    const cookie = await loginCookie(t);
    for (let i = 0; i < 6; i++) {
      vi.setSystemTime(new Date(Date.now() + minutes(4)));
      const res = await request(t.app).get("/records").set("Cookie", cookie);
      expect(res.status).toBe(200);
      // The cookie's own lifetime is renewed too (at most once a minute): now + 5 minutes.
      const expires = /Expires=([^;]+)/.exec(String(res.headers["set-cookie"]))?.[1];
      expect(new Date(expires ?? 0).getTime()).toBeGreaterThanOrEqual(Date.now() + minutes(5) - 1_000);
    }
    // 24 minutes after login, still logged in.
    expect((await request(t.app).get("/").set("Cookie", cookie)).status).toBe(200);
  });
});

describe("login rate limits", () => {
  it("an account is locked for 15 minutes after 10 failed attempts from any mix of addresses, and the right password does not get through", async () => {
    const t = await appWith({ TRUST_PROXY: "1" });
    await t.member({ username: "ganbu", role: "CADRE" });
    for (let i = 0; i < 10; i++) expect((await attempt(t, "dangyuan", "wrong-guess", `203.0.113.${i + 1}`)).status).toBe(401);
    const locked = await attempt(t, "DangYuan ", PASSWORD, "198.51.100.7");
    expect(locked.status).toBe(429);
    expect(locked.text).toContain("登录尝试过于频繁");
    // other accounts, from the same addresses, are not affected
    expect((await attempt(t, "ganbu", PASSWORD, "203.0.113.1")).status).toBe(303);
  });

  it("the account limit answers an unknown account exactly like an existing one", async () => {
    const t = await appWith({ TRUST_PROXY: "1" });
    const answers: request.Response[] = [];
    for (const name of ["dangyuan", "no-such-person"]) {
      for (let i = 0; i < 10; i++) await attempt(t, name, "wrong-guess", `203.0.113.${i + 1}`);
      answers.push(await attempt(t, name, "wrong-guess", "198.51.100.9"));
    }
    expect(answers.map((r) => r.status)).toEqual([429, 429]);
    expect(answers[0].text).toBe(answers[1].text);
  });

  it("an address is limited after 30 failed attempts, whatever account names it tries", async () => {
    const t = await appWith();
    for (let i = 0; i < 30; i++) expect((await attempt(t, `guess${i}`, "wrong-guess")).status).toBe(401);
    expect((await attempt(t, "dangyuan", PASSWORD)).status).toBe(429);
  });

  it("with TRUST_PROXY=0 a forged X-Forwarded-For does not get around the address limit", async () => {
    const t = await appWith({ TRUST_PROXY: "0" });
    for (let i = 0; i < 30; i++) await attempt(t, `guess${i}`, "wrong-guess", `203.0.113.${i + 1}`);
    expect((await attempt(t, "dangyuan", PASSWORD, "198.51.100.200")).status).toBe(429);
  });

  it("with TRUST_PROXY=1 the address the proxy reports is the one counted", async () => {
    const t = await appWith({ TRUST_PROXY: "1" });
    for (let i = 0; i < 30; i++) await attempt(t, `guess${i}`, "wrong-guess", "203.0.113.66");
    expect((await attempt(t, "dangyuan", PASSWORD, "203.0.113.66")).status).toBe(429);
    expect((await attempt(t, "dangyuan", PASSWORD, "198.51.100.5")).status).toBe(303);
  });

  it("each app counts its own attempts (limiters are not shared between app instances)", async () => {
    const first = await appWith();
    for (let i = 0; i < 10; i++) await attempt(first, "dangyuan", "wrong-guess");
    expect((await attempt(first, "dangyuan", PASSWORD)).status).toBe(429);
    const second = await appWith();
    expect((await attempt(second, "dangyuan", PASSWORD)).status).toBe(303);
  });
});

describe("a failed login never says whether the account exists", () => {
  it("wrong password, unknown account and deactivated account get the same status and page", async () => {
    const t = await appWith();
    await t.member({ username: "tuixiu", active: false });
    const pages = [await attempt(t, "dangyuan", "nope-nope"), await attempt(t, "nobody-here", "nope-nope"), await attempt(t, "tuixiu", PASSWORD)];
    expect(pages.map((p) => p.status)).toEqual([401, 401, 401]);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, "");
    expect(strip(pages[1].text)).toBe(strip(pages[0].text));
    expect(strip(pages[2].text)).toBe(strip(pages[0].text));
    expect(pages[0].text).toContain("登录名或密码不正确");
  });
});

describe("returnTo after login", () => {
  it.each([
    ["//evil.example/x", "/"],
    ["/\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["javascript:alert(1)", "/"],
    ["/\t/evil.example", "/"],
    ["/\r\nSet-Cookie: x=1", "/"],
    ["", "/"],
    [undefined, "/"],
    ["/records?kind=talk", "/records?kind=talk"],
    ["/talks/12", "/talks/12"],
  ])("%j is followed as %j", (target, expected) => {
    expect(safeReturnTo(target)).toBe(expected);
  });

  it("an off-site returnTo planted before login is not followed", async () => {
    const t = await appWith();
    const agent = request.agent(t.app);
    await agent.get("/\\evil.example/").set("Accept", "text/html");
    const page = await agent.get("/login");
    const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "dangyuan", password: PASSWORD });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/");
  });
});

describe("cookies and headers", () => {
  it("the session cookie is httpOnly and sameSite=lax, and not Secure over plain HTTP by default", async () => {
    const t = await appWith();
    const res = await request(t.app).get("/login");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it("with COOKIE_SECURE=true behind an HTTPS proxy the cookie is Secure and HSTS is sent", async () => {
    const t = await appWith({ COOKIE_SECURE: "true", TRUST_PROXY: "1" });
    const res = await request(t.app).get("/login").set("X-Forwarded-Proto", "https");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/ledger\.sid=.*Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });

  it("with COOKIE_SECURE=true a session cookie is never sent over plain HTTP", async () => {
    const t = await appWith({ COOKIE_SECURE: "true", TRUST_PROXY: "1" });
    const res = await request(t.app).get("/login");
    expect(String(res.headers["set-cookie"] ?? "")).not.toMatch(/ledger\.sid/);
  });

  it("pages forbid inline script and style, framing and MIME sniffing, and do not name the framework", async () => {
    const t = await appWith();
    const res = await request(t.app).get("/login");
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/style-src 'self'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("unsafe");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});

describe("CSRF", () => {
  it("a POST without the session's token is refused with 403 and writes nothing, login included", async () => {
    const t = await appWith();
    const a = await t.loginAs("dangyuan");
    const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "x" };
    expect((await a.post("/talks").type("form").send(talk)).status).toBe(403);
    expect((await a.post("/talks").type("form").send({ ...talk, _csrf: "forged-token" })).status).toBe(403);
    expect((await request(t.app).post("/login").type("form").send({ username: "dangyuan", password: PASSWORD })).status).toBe(403);
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a token taken from another person's session does not work in mine", async () => {
    const t = await appWith();
    await t.member({ username: "ganbu", role: "CADRE" });
    const mine = await t.loginAs("dangyuan");
    const theirs = await t.loginAs("ganbu");
    const stolen = await theirs.csrf();
    const res = await mine.post("/logout").type("form").send({ _csrf: stolen });
    expect(res.status).toBe(403);
    expect((await mine.get("/")).status).toBe(200);
  });
});
