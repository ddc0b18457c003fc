/**
 * Operations (issue 6, item 7): request logs are one JSON object a line, each with the request
 * id the client got as X-Request-Id; no password, phone number or ID number reaches them, not
 * from a login body, not from a search in the query string, not from an error; GET /healthz
 * answers 200 when the database answers and 503 when it does not.
 */
import { Writable } from "node:stream";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { PASSWORD, testApp, tokenFrom, type TestApp } from "../support/app.ts";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { maskNumbers, maskUrl } from "../../src/http/logger.ts";

const PHONE = "13800138000";
const ID_NUMBER = "11010519491231002X";

let t: TestApp;
afterEach(() => t?.close());

/** An app whose request logs land in `lines`. */
async function loggedApp(lines: string[]) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  t = await testApp({ env: { LOG_LEVEL: "info" }, logDestination: sink });
  await t.member({ username: "shuji", role: "SECRETARY" });
  return t;
}

describe("request logs", () => {
  it("are JSON lines with the request id the client was given, and carry no password, phone or ID number", async () => {
    const lines: string[] = [];
    await loggedApp(lines);
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const resident = await t.db.resident.create({ data: { zoneId: zone.id, name: "住户甲", phone: PHONE, idNumber: ID_NUMBER } });

    const agent = request.agent(t.app);
    const page = await agent.get("/login");
    await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "shuji", password: "wrong-" + PASSWORD });
    await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "shuji", password: PASSWORD });
    const searches = [
      await agent.get(`/residents?q=${PHONE}`),
      await agent.get(`/counterparts?kind=RESIDENT&q=${encodeURIComponent("１３８ ００１３ ８０００")}`),
      await agent.get(`/residents?q=${ID_NUMBER}`),
    ];
    const shown = await agent.get(`/residents/${resident.id}`);
    expect(shown.text).toContain(PHONE); // the page shows it to the secretary; the log must not
    const token = tokenFrom(shown.text);
    await agent.post(`/residents/${resident.id}/reveal`).type("form").send({ _csrf: token });

    const entries = lines.map((l) => JSON.parse(l) as { req?: { id?: string; url?: string }; res?: { statusCode: number }; msg: string });
    const requestLogs = entries.filter((e) => e.req);
    expect(requestLogs.length).toBeGreaterThanOrEqual(7);
    for (const e of requestLogs) expect(e.req!.id).toMatch(/^[0-9a-f-]{36}$/);
    for (const res of searches) expect(requestLogs.map((e) => e.req!.id)).toContain(res.headers["x-request-id"]);

    const all = lines.join("\n");
    for (const secret of [PASSWORD, PHONE, ID_NUMBER, "１３８", "8000", "002X", "ledger.sid"]) expect(all).not.toContain(secret);
    expect(all).toContain("[redacted]");
  });

  it("mask phone and ID numbers in query strings and error text, but keep short record ids", () => {
    expect(maskUrl(`/residents?q=${PHONE}&page=2`)).toBe("/residents?q=[redacted]&page=2");
    expect(maskUrl(`/residents/123?q=138-0013-8000`)).toBe("/residents/123?q=[redacted]");
    expect(maskUrl(`/x?q=${encodeURIComponent("１３８００１３８０００")}`)).toBe("/x?q=[redacted]");
    expect(maskNumbers(`Unique constraint failed on idNumber ${ID_NUMBER}`)).toBe("Unique constraint failed on idNumber [redacted]");
    expect(maskUrl("/talks/4567/edit")).toBe("/talks/4567/edit");
  });
});

describe("GET /healthz", () => {
  it("answers 200 {ok:true} without a session when the database answers", async () => {
    await loggedApp([]);
    const res = await request(t.app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect(res.headers["cache-control"]).toBe("no-store");
  });

  it("answers 503 {ok:false} when the database does not", async () => {
    t = await testApp();
    const broken = new Proxy(t.db, {
      get: (target, prop) => (prop === "$queryRawUnsafe" ? () => Promise.reject(new Error("database is gone")) : Reflect.get(target, prop, target)),
    });
    const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SESSION_SECRET: "test-secret-test-secret" });
    const app = createApp({ db: broken, kx: t.kx, clock: t.clock, config });
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({ ok: false });
  });
});
