import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { createHash } from "node:crypto";
import { testApp, type TestApp } from "../support/app.ts";
import { orgComplianceReport } from "../../src/domain/compliance/org.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  const g = await t.member({ username: "ganbu", name: "王干部", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  await t.member({ username: "shuji", role: "SECRETARY" });
  await t.member({ username: "admin", role: "ADMIN" });
  await t.member({ username: "dangyuan", name: "=HYPERLINK(\"http://x\")" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.zoneAssignment.create({ data: { memberId: g.id, zoneId: zone.id, fromOn: "2020-01-01" } });
  for (const d of ["2026-11-02", "2026-11-09", "2026-11-16"]) {
    await t.db.talk.create({ data: { talkerId: g.id, occurredOn: d, counterpartKind: "RESIDENT", counterpartName: "群众" } });
  }
});
afterEach(() => t.close());

describe("the compliance report over the web", () => {
  it("the secretary gets the JSON of FORMATS.md for this year", async () => {
    const a = await t.loginAs("shuji");
    const res = await a.get("/reports/compliance?year=2026&format=json");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("application/json");
    const body = res.body;
    expect(body).toMatchObject({ year: 2026, asOf: "2026-11-18", timeZone: "Asia/Shanghai" });
    const ganbu = body.members.find((m: { username: string }) => m.username === "ganbu");
    expect(ganbu).toMatchObject({ name: "王干部", role: "CADRE", zone: "第一责任区" });
    expect(ganbu.yearTalks).toEqual({ count: 3, required: 10, status: "at_risk" });
    expect(ganbu.monthlyTalks.at(-1)).toEqual({ period: "2026-11", count: 3, required: 5, status: "in_progress" });
    expect(ganbu.monthlyTalks[0].period).toBe("2026-01");
    expect(ganbu.pairings).toEqual({ count: 0, required: 4, status: "missed" });
    expect(Object.keys(body.zones[0])).toEqual(expect.arrayContaining(["name", "monthlyCourtyardMeetings"]));
  });

  it("sends exactly the bytes and headers res.json sent: JSON.stringify of the org report, as UTF-8", async () => {
    const a = await t.loginAs("shuji");
    const res = await a.get("/reports/compliance?year=2026&format=json").set("Accept-Encoding", "identity");
    expect(res.status).toBe(200);
    const org = await t.kx.selectFrom("Org").select(["id", "code", "name", "kind", "path"]).where("id", "=", t.branchId).executeTakeFirstOrThrow();
    const json = JSON.stringify(await orgComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18", org }));
    expect(res.text).toBe(json);
    expect(res.text).toContain(String.raw`"name":"=HYPERLINK(\"http://x\")"`);
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.headers["content-length"]).toBe(String(Buffer.byteLength(json)));
    // Express's weak ETag of the same body (length in hex, then its SHA-1), as res.json gave it.
    const sha1 = createHash("sha1").update(json, "utf8").digest("base64").slice(0, 27);
    expect(res.headers.etag).toBe(`W/"${Buffer.byteLength(json).toString(16)}-${sha1}"`);
    const gz = await a.get("/reports/compliance?year=2026&format=json").set("Accept-Encoding", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.stringify(gz.body)).toBe(json);
  });

  it("asOf re-runs the report as it stood on a day", async () => {
    const a = await t.loginAs("admin");
    const res = await a.get("/reports/compliance?year=2026&asOf=2026-11-05&format=json");
    const ganbu = res.body.members.find((m: { username: string }) => m.username === "ganbu");
    expect(res.body.asOf).toBe("2026-11-05");
    expect(ganbu.yearTalks.count).toBe(1);
  });

  it("CSV starts with a BOM and a name starting with = comes out inert", async () => {
    const a = await t.loginAs("shuji");
    const res = await a.get("/reports/compliance?year=2026&format=csv").buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const buf = res.body as Buffer;
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString("utf8");
    expect(text).toContain("'=HYPERLINK");
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it("a member and a cadre get 403; anonymous is sent to login", async () => {
    expect((await (await t.loginAs("dangyuan")).get("/reports/compliance?year=2026&format=json")).status).toBe(403);
    expect((await (await t.loginAs("ganbu")).get("/reports/compliance?year=2026&format=json")).status).toBe(403);
    expect((await request(t.app).get("/reports/compliance?year=2026&format=json")).status).toBe(303);
  });

  it("a bad year or date is a clear 400, not a 500", async () => {
    const a = await t.loginAs("shuji");
    const res = await a.get("/reports/compliance?year=abc&format=json");
    expect(res.status).toBe(400);
    expect(res.body.error).toContain("年份无效");
    const page = await a.get("/reports/compliance?asOf=2026-02-30");
    expect(page.status).toBe(400);
    expect(page.text).toContain("截止日期无效");
  });
});

describe("the dashboard", () => {
  it("shows where I stand: this year's and this month's talks, and pairings for my cadre level", async () => {
    const a = await t.loginAs("ganbu");
    const page = await a.get("/");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/data-rule="YEAR_TALKS"[\s\S]*?data-count>3</);
    expect(page.text).toMatch(/data-rule="MONTH_TALKS"[\s\S]*?data-count>3</);
    expect(page.text).toContain("本月还需谈心 2 次，还剩 13 天");
    expect(page.text).toMatch(/data-rule="PAIRINGS"[\s\S]*?data-count>0</);
    expect(page.text).not.toContain('data-rule="WEEK_VISITS"');
  });
});
