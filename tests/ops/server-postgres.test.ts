/**
 * `npm start` on PostgreSQL (issue 17 item 4): given DATABASE_URL=postgresql://… of an empty
 * database, the server migrates it, fills it with the demo county, prints the demo logins and
 * serves: the login page answers, the demo secretary logs in and reads her compliance report (JSON
 * and page: her branch's members, as the command line reports them). No raw SQLite handle is opened
 * (src/server.ts). Runs whatever LEDGER_TEST_PG says (a PostgreSQL server of its own or the run's).
 */
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenFrom } from "../support/app.ts";
import { main } from "../../src/cli/ledger.ts";
import { localDateOf } from "../../src/rules/index.ts";
import { COMPLIANCE_PAGE_SIZE } from "../../src/reports/compliance-page.ts";
import { startServer, type Running } from "../support/spawn.ts";
import { startPg, type TestPg } from "../support/pg.ts";

let server: TestPg;
let app: Running | undefined;
beforeAll(async () => {
  server = await startPg();
});
afterAll(async () => {
  if (app && app.proc.exitCode === null) {
    app.proc.kill("SIGTERM");
    await app.exited;
  }
  await server?.stop();
});

describe("the server on PostgreSQL", () => {
  it("migrates an empty database, seeds the demo, prints the demo logins, serves the login and the secretary's report", async () => {
    const url = await server.freshDatabase();
    app = await startServer(url, { SEED_SCALE: "demo", DEMO_PASSWORD: "demo-pass-123", LOG_LEVEL: "silent" }, 150_000);
    await app.waitFor(/演示账号/, 30_000);
    await app.waitFor(/dangyuan/, 5_000);
    const out = app.output();
    expect(out).toMatch(/已应用数据库迁移: .*_init/);
    expect(out).toContain("数据库为空，正在生成演示数据 (demo)");
    for (const name of ["admin", "zuzhibu", "shuji", "ganbu", "dangyuan"]) expect(out).toMatch(new RegExp(`^  ${name}\\s`, "m"));

    const agent = request.agent(app.url);
    const page = await agent.get("/login");
    expect(page.status).toBe(200);
    const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username: "shuji", password: "demo-pass-123" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/");

    // The secretary's compliance report (issue 17, "What it must show"): the JSON lists her
    // branch's members and is the command line's report of that branch on the same database;
    // the page names them (its first page).
    const asOf = localDateOf(new Date());
    const year = asOf.slice(0, 4);
    const json = await agent.get(`/reports/compliance?year=${year}&asOf=${asOf}&format=json`);
    expect(json.status).toBe(200);
    const report = json.body as { org: { code: string; kind: string }; members: { username: string; name: string; org: string }[] };
    expect(report.org.kind).toBe("BRANCH");
    const usernames = report.members.map((m) => m.username);
    expect(usernames).toEqual(expect.arrayContaining(["shuji", "ganbu", "dangyuan"]));
    expect(usernames.length).toBeGreaterThan(5);
    expect(new Set(report.members.map((m) => m.org))).toEqual(new Set([report.org.code]));
    const cli: string[] = [];
    expect(await main(["report", "compliance", "--year", year, "--as-of", asOf, "--org", report.org.code], { databaseUrl: url, out: (l) => cli.push(l), err: () => {} })).toBe(0);
    expect(JSON.parse(cli.join("\n"))).toEqual(report);
    const html = await agent.get(`/reports/compliance?year=${year}&asOf=${asOf}`);
    expect(html.status).toBe(200);
    expect(html.text).toContain("达标情况");
    for (const m of report.members.slice(0, COMPLIANCE_PAGE_SIZE)) expect(html.text).toContain(m.name); // its first page

    app.proc.kill("SIGTERM");
    expect((await app.exited).code).toBe(0);
  }, 240_000);
});
