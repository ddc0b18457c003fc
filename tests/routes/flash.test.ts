/**
 * A flash message (src/http/locals.ts) is shown by the next page the user sees, not taken by a
 * JSON fetch that lands between a form's redirect and that page: the talk form's counterpart
 * search still answering as the form is sent, the outbox asking for a token, or the service worker
 * keeping a copy of a page in the background (it shows no flash). A real Chromium
 * lost "谈心记录已保存" this way (tests/browser/cadre-journey, on a loaded machine).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
});
afterEach(() => t.close());

const talk = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "HARDSHIP", content: "了解家庭困难情况" };

describe("a flash message", () => {
  it("waits for the next page through JSON fetches and a background copy, and is shown once", async () => {
    const a = await t.loginAs("ganbu");
    expect((await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk })).status).toBe(303);
    const search = await a.get("/counterparts").query({ kind: "RESIDENT", q: "群众" });
    expect(search.status).toBe(200);
    expect(search.type).toBe("application/json");
    expect((await a.get("/outbox/token")).status).toBe(200);

    const warm = await a.get("/talks/new").set("X-Ledger-Background", "warm"); // the service worker's copy
    expect(warm.status).toBe(200);
    expect(warm.text).not.toContain("谈心记录已保存");

    const page = await a.get("/");
    expect(page.text).toContain("谈心记录已保存");
    expect((await a.get("/")).text).not.toContain("谈心记录已保存");
  });

  it("is shown by an error page when that is the next page", async () => {
    const a = await t.loginAs("ganbu");
    await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk });
    const missing = await a.get("/talks/999999/edit");
    expect(missing.status).toBe(404);
    expect(missing.text).toContain("谈心记录已保存");
    expect((await a.get("/")).text).not.toContain("谈心记录已保存");
  });
});
