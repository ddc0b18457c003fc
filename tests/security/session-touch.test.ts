/**
 * The session row's idle expiry moves at most once a minute (issue 16, item 2): page views within
 * a minute of the last write leave the row alone; the first one after a minute extends it; the
 * idle timeout still ends a session nobody uses.
 */
import request from "supertest";
import { afterEach, describe, expect, it, vi } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";

let t: TestApp;
afterEach(async () => {
  vi.useRealTimers();
  await t.close();
});

async function loginCookie() {
  const agent = request.agent(t.app);
  const page = await agent.get("/login");
  const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "dangyuan", password: PASSWORD });
  expect(res.status).toBe(303);
  return ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((s) => s.startsWith("ledger.sid="))!.split(";")[0];
}
const sidCookie = (res: request.Response) => ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("ledger.sid="));
const expiresOf = (c: string) => new Date(/Expires=([^;]+)/.exec(c)![1]).getTime();
const row = async () => (await t.db.session.findFirstOrThrow()).expiresAt.getTime();
const tick = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

describe("touching the session", () => {
  it("writes the expiry once a minute at most, and the idle timeout still ends the session", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-11-18T02:00:00Z"));
    t = await testApp({ env: { SESSION_IDLE_MINUTES: "5" } });
    await t.member({ username: "dangyuan", name: "党员甲" });
    const cookie = await loginCookie();
    expect((await request(t.app).get("/").set("Cookie", cookie)).status).toBe(200); // the first page after login may save (flash)
    const first = await row();

    for (let i = 0; i < 3; i++) {
      tick(15_000);
      const res = await request(t.app).get("/").set("Cookie", cookie);
      expect(res.status).toBe(200);
      expect(sidCookie(res)).toBeUndefined(); // nor is the cookie signed and sent again
    }
    expect(await row()).toBe(first); // 45 s of page views: no write

    tick(20_000);
    const renewed = await request(t.app).get("/").set("Cookie", cookie);
    expect(renewed.status).toBe(200);
    const later = await row();
    expect(later - first).toBeGreaterThanOrEqual(65_000); // a minute on: moved to now + 5 min
    // The browser's cookie moves with the row: same session, expiring with it (to the second).
    const sent = sidCookie(renewed)!;
    expect(sent.split(";")[0]).toBe(cookie);
    expect(Math.abs(expiresOf(sent) - later)).toBeLessThan(1_000);
    tick(10_000);
    expect(sidCookie(await request(t.app).get("/").set("Cookie", cookie))).toBeUndefined();

    tick(5 * 60_000 + 1_000);
    const gone = await request(t.app).get("/").set("Cookie", cookie);
    expect([gone.status, gone.headers.location]).toEqual([303, "/login"]);
  });
});
