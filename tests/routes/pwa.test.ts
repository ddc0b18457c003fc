/**
 * The installable app's server side (issue 14): the manifest and icons, the service worker built
 * by src/pwa/build.ts and served from our own origin with Workbox's runtime, the CSP allowing it,
 * the outbox page, and GET /outbox/token (the fresh CSRF token each outbox entry is sent with;
 * 401 JSON for an expired session). The static parts never touch the session: a service worker
 * fetching them while the user logs in must not hand back a new anonymous session cookie.
 */
import request from "supertest";
import path from "node:path";
import { mkdtempSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";
import { buildServiceWorker } from "../../src/pwa/build.ts";

let t: TestApp;
let ganbuId: number;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(process.env.LEDGER_TEST_DIR ?? ".tmp", "pwa-"));
  await buildServiceWorker(dir);
  t = await testApp({ env: { PWA_DIR: dir } });
  ganbuId = (await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" })).id;
}, 60_000);
afterAll(() => t.close());

describe("installable app", () => {
  it("serves a manifest with the Chinese names, standalone display, theme colour and 192/512 px PNG icons", async () => {
    const res = await request(t.app).get("/manifest.webmanifest");
    expect(res.status).toBe(200);
    const m = JSON.parse(res.text);
    expect(m).toMatchObject({ name: "联系群众工作台账", short_name: "工作台账", start_url: "/", display: "standalone", theme_color: "#b71c1c" });
    const sizes = m.icons.filter((i: { type: string }) => i.type === "image/png").map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
    for (const icon of m.icons) {
      const img = await request(t.app).get(icon.src);
      expect(img.status).toBe(200);
      if (icon.type === "image/png") {
        const [w, h] = icon.sizes.split("x").map(Number);
        const png = img.body as Buffer;
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([w, h]); // IHDR width, height
      }
    }
  });

  it("links the manifest, the icons and the outbox scripts from every page, with the iOS meta", async () => {
    const html = (await request(t.app).get("/login")).text;
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    expect(html).toContain('<link rel="apple-touch-icon" href="/icons/apple-touch-icon.png">');
    expect(html).toContain('<meta name="apple-mobile-web-app-capable" content="yes">');
    expect(html).toContain('<script src="/js/outbox.js" defer></script>');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
  });

  it("serves the service worker and Workbox's runtime from our origin, and the CSP allows the worker and the manifest", async () => {
    const sw = await request(t.app).get("/sw.js");
    expect(sw.status).toBe(200);
    expect(sw.headers["content-type"]).toContain("javascript");
    expect(sw.text).not.toMatch(/https?:\/\//); // nothing from a CDN
    const lib = /importScripts\("(\/pwa\/workbox-v[\d.]+\/workbox-sw\.js)"\)/.exec(sw.text);
    expect(lib).not.toBeNull();
    expect((await request(t.app).get(lib![1])).status).toBe(200);
    for (const url of ["/outbox", "/offline.html", "/vendor/idb.umd.js", "/css/app.css", "/js/outbox.js"]) expect(sw.text).toContain(`"url":"${url}"`);
    const csp = (await request(t.app).get("/login")).headers["content-security-policy"];
    expect(csp).toContain("worker-src 'self'");
    expect(csp).toContain("manifest-src 'self'");
  });

  it("serves the outbox page as a static page with the CSP, and never a session cookie from the static parts", async () => {
    const agent = request.agent(t.app);
    const login = await agent.get("/login"); // an anonymous session with a CSRF token
    expect(login.headers["set-cookie"]).toBeDefined();
    for (const url of ["/outbox", "/sw.js", "/vendor/idb.umd.js", "/manifest.webmanifest"]) {
      const res = await agent.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers["set-cookie"], url).toBeUndefined();
    }
    const page = await agent.get("/outbox");
    expect(page.text).toContain("待同步记录");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
  });
});

describe("GET /outbox/token", () => {
  it("gives a logged-in user a CSRF token that a form accepts, and their id", async () => {
    const agent = await t.loginAs("ganbu");
    const res = await agent.get("/outbox/token");
    expect(res.status).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.body.userId).toBe(ganbuId);
    const once = "outbox-token-test-000000000000";
    const save = await agent.post("/talks").type("form").send({
      _csrf: res.body.csrfToken,
      _once: once,
      recordedAt: "2026-11-17T08:00:00.000Z",
      occurredOn: "2026-11-17",
      counterpartKind: "RESIDENT",
      counterpartName: "群众甲",
      reason: "ROUTINE",
      content: "离线补发",
    });
    expect(save.status).toBe(303);
    // The same entry sent again (its answer lost): a no-op, answered like a save.
    const again = await agent.post("/talks").type("form").send({ _csrf: (await agent.get("/outbox/token")).body.csrfToken, _once: once, occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "离线补发" });
    expect(again.status).toBe(303);
    expect(await t.db.talk.count({ where: { content: "离线补发" } })).toBe(1);
  });

  it("answers 401 JSON 登录已过期 without a session, not a redirect to the login page", async () => {
    const agent = request.agent(t.app);
    tokenFrom((await agent.get("/login")).text);
    const res = await agent.get("/outbox/token").set("Accept", "application/json");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: "登录已过期" });
  });

  it("is refused to a user who must first change a one-time password", async () => {
    await t.db.member.update({ where: { id: ganbuId }, data: { mustChangePassword: true } });
    const agent = await t.loginAs("ganbu", PASSWORD);
    expect((await agent.get("/outbox/token")).status).toBe(401);
    await t.db.member.update({ where: { id: ganbuId }, data: { mustChangePassword: false } });
  });
});
