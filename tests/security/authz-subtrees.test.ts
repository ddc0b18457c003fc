/**
 * Reach across the org tree (issue 12, item 3), generated from the app's route table: every GET
 * route that names a record or zone (`:id`) is probed by a township-A reviewer (shenhe_a, a
 * MEMBER with a REVIEWER grant at 甲乡), a township-A admin (guanli_a, ADMIN grant at 甲乡) and a
 * secretary of branch A1, with a record of township B (branch B1) — which must answer 404 — and,
 * where the role reads it, the same kind of record of their own subtree (A1), which must not. A
 * route with `:id` and no fixture here fails, so a new page cannot skip the check. Records are
 * made straight through Prisma in tests/support/county.ts's county; today is 2026-11-18.
 */
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { testApp, type Agent } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import { buildCounty, type BranchRow } from "../support/county.ts";

const t = await testApp();
const c = await buildCounty(t);
const routes = routeTable(t.app).filter((r) => r.method === "GET" && /:id\b/.test(r.path));
afterAll(() => t.close());

let n = 0;
const line = (await t.db.line.create({ data: { name: "county-1路" } })).id;
type Maker = (b: BranchRow) => Promise<Record<string, string>>;
const talk: Maker = async (b) => ({ id: String((await t.db.talk.create({ data: { talkerId: b.cadre, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: `群众${++n}`, content: "谈心" } })).id) });
const visit: Maker = async (b) => ({
  id: String((await t.db.lineVisit.create({ data: { cadreId: b.cadre, lineId: line, visitedAt: new Date("2026-11-10T01:30:00Z"), visitedOn: "2026-11-10", purpose: "走访" } })).id),
});
const resident = async (b: BranchRow) => (await t.db.resident.create({ data: { zoneId: b.zoneId, name: `住户${++n}`, phone: "13800138000", address: "某街 1 号" } })).id;
const meeting: Maker = async (b) => ({ id: String((await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: b.zoneId, heldOn: "2026-11-10", hostId: b.cadre, createdById: b.cadre, topics: "议题" } })).id) });
const requestOf: Maker = async (b) => ({
  id: String((await t.db.request.create({ data: { source: "WALK_IN", zoneId: b.zoneId, residentName: `住户${++n}`, raisedOn: "2026-11-10", content: "修路", ownerId: b.cadre, createdById: b.cadre } })).id),
});
const pairing: Maker = async (b) => ({ id: String((await t.db.pairing.create({ data: { cadreId: b.cadre, residentId: await resident(b), startedOn: "2026-03-01" } })).id) });
const activist: Maker = async (b) => ({ id: String((await t.db.activist.create({ data: { zoneId: b.zoneId, name: "积极分子", sinceOn: "2026-01-01" } })).id) });
const situation: Maker = async (b) => ({ id: String((await t.db.situationReport.create({ data: { authorId: b.cadre, reportedOn: "2026-11-10", kind: "NEW_SITUATION", content: "新情况" } })).id) });
const zone: Maker = async (b) => ({ id: String(b.zoneId) });
const stay: Maker = async (b) => ({ id: String((await t.db.stay.create({ data: { cadreId: b.cadre, residentId: await resident(b), fromOn: "2026-11-10", toOn: "2026-11-10", eat: true } })).id) });
const writing: Maker = async (b) => ({
  id: String((await t.db.writing.create({ data: { authorId: b.member, writtenOn: "2026-11-10", kind: "DIARY", title: "民情日记", attachmentName: "a.txt", attachmentType: "text/plain", attachmentSize: 2, attachment: new Uint8Array([104, 105]) } })).id),
});
const memberYear: Maker = async (b) => ({ year: "2026", id: String(b.member) });
const zoneYear: Maker = async (b) => ({ year: "2026", id: String(b.zoneId) });
const account: Maker = async (b) => ({ id: String(b.member) });

/**
 * Per route: the record maker and who reads a record of their own subtree (the status that is
 * not 404). Export jobs are their starter's alone (any other id is 404 for everyone); lines and
 * departments are system-wide (root admin only).
 */
const ROLES = ["reviewerA", "adminA", "secretaryA1"] as const;
type Role = (typeof ROLES)[number];
const login: Record<Role, string> = { reviewerA: "shenhe_a", adminA: "guanli_a", secretaryA1: "sj_a1" };
/** `own`: the answers for a record of A1; `other` (default 404 for all): for B1's. */
type Plan = { make: Maker; own: Record<Role, number>; other?: Record<Role, number> } | { exempt: string };
const read = (reviewer: number, admin: number, secretary: number) => ({ reviewerA: reviewer, adminA: admin, secretaryA1: secretary });
const PLANS: Record<string, Plan> = {
  "GET /talks/:id": { make: talk, own: read(200, 200, 200) },
  "GET /talks/:id/edit": { make: talk, own: read(404, 404, 404) }, // only the talker edits
  "GET /visits/:id": { make: visit, own: read(200, 200, 200) },
  "GET /visits/:id/edit": { make: visit, own: read(404, 404, 404) }, // only the cadre edits
  "GET /residents/:id": { make: async (b) => ({ id: String(await resident(b)) }), own: read(200, 200, 200) },
  "GET /residents/:id/edit": { make: async (b) => ({ id: String(await resident(b)) }), own: read(403, 200, 200) },
  "GET /meetings/:id": { make: meeting, own: read(200, 200, 200) },
  "GET /requests/:id": { make: requestOf, own: read(200, 200, 200) },
  "GET /pairings/:id": { make: pairing, own: read(200, 200, 200) },
  "GET /activists/:id": { make: activist, own: read(200, 200, 200) },
  "GET /situation-reports/:id": { make: situation, own: read(200, 200, 200) },
  "GET /stays/:id": { make: stay, own: read(200, 200, 200) },
  "GET /writings/:id": { make: writing, own: read(200, 200, 200) },
  "GET /writings/:id/attachment": { make: writing, own: read(200, 200, 200) },
  "GET /stays/:id/edit": { make: stay, own: read(404, 404, 404) }, // only the cadre edits
  "GET /writings/:id/edit": { make: writing, own: read(404, 404, 404) }, // only the author edits
  "GET /zones/:id": { make: zone, own: read(200, 200, 200) },
  "GET /zones/:id/card": { make: zone, own: read(200, 200, 200) },
  "GET /years/:year/members/:id": { make: memberYear, own: read(200, 200, 200) },
  "GET /years/:year/members/:id/print": { make: memberYear, own: read(200, 200, 200) },
  "GET /years/:year/zones/:id": { make: zoneYear, own: read(200, 200, 200) },
  "GET /years/:year/zones/:id/print": { make: zoneYear, own: read(200, 200, 200) },
  "GET /admin/accounts/:id": { make: account, own: read(403, 200, 403), other: read(403, 404, 403) },
  "GET /admin/accounts/:id/edit": { make: account, own: read(403, 200, 403), other: read(403, 404, 403) },
  "GET /admin/zones/:id": { make: zone, own: read(403, 200, 403), other: read(403, 404, 403) },
  "GET /admin/zones/:id/edit": { make: zone, own: read(403, 200, 403), other: read(403, 404, 403) },
  "GET /exports/:id": { exempt: "a job is its starter's only (tests/review/export-jobs.test.ts)" },
  "GET /exports/:id/status": { exempt: "a job is its starter's only" },
  "GET /exports/:id/download": { exempt: "a job is its starter's only" },
  "GET /admin/orgs/:id": { exempt: "an org outside the admin's subtrees answers 404: tests/admin/orgs.test.ts" },
  "GET /admin/units/:kind/:id": { exempt: "lines and departments are system-wide: root admin only (403 to a township admin)" },
  // issue 18: a village's stationed cadres; a training session (organized by the branch, its cadre attending)
  "GET /villages/:id": { make: async (b) => ({ id: String(b.id) }), own: read(200, 200, 200) },
  "GET /training/:id": {
    make: async (b) => ({ id: String((await t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: `培训${++n}`, orgId: b.id, attendees: { create: [{ memberId: b.cadre }] } } })).id) }),
    own: read(200, 200, 200),
  },
  // session 4: a session's attendees: who may organize it (the reviewer organizes nothing: 403 whatever the session)
  "GET /training/:id/attendees": {
    make: async (b) => ({ id: String((await t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: `培训${++n}`, orgId: b.id, attendees: { create: [{ memberId: b.cadre }] } } })).id) }),
    own: read(403, 200, 200),
    other: read(403, 404, 404),
  },
};

const agents = new Map<Role, Agent>();
const agentOf = async (r: Role) => agents.get(r) ?? agents.set(r, await t.loginAs(login[r])).get(r)!;
const fill = (path: string, params: Record<string, string>) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k]));

describe("reach across the org tree", () => {
  it("every GET route with a record id has a plan", () => {
    expect(routes.map((r) => r.key).filter((k) => !(k in PLANS))).toEqual([]);
  });

  for (const route of routes) {
    const plan = PLANS[route.key];
    if (!plan || "exempt" in plan) continue;
    it(`${route.key}: township B's record is 404 to township A's reviewer, admin and A1's secretary; A1's is not`, async () => {
      const actual: Record<string, number> = {};
      const expected: Record<string, number> = {};
      for (const role of ROLES) {
        const agent = await agentOf(role);
        const mine = await agent.get(fill(route.path, await plan.make(c.branches.a1))).set("Accept", "text/html");
        const theirs = await agent.get(fill(route.path, await plan.make(c.branches.b1))).set("Accept", "text/html");
        actual[`${role}/A1`] = mine.status;
        actual[`${role}/B1`] = theirs.status;
        expected[`${role}/A1`] = plan.own[role];
        expected[`${role}/B1`] = plan.other?.[role] ?? 404;
      }
      expect(actual).toEqual(expected);
    });
  }

  it("a township reviewer's lists show nothing of the other township", async () => {
    const a = await agentOf("reviewerA");
    await resident(c.branches.b1);
    await requestOf(c.branches.b1);
    await meeting(c.branches.b1);
    for (const path of ["/zones", "/residents?zone=all", "/requests", "/meetings", "/review/reminders", "/review"]) {
      const page = await a.get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toContain("b1责任区");
    }
    for (const path of [`/meetings?zone=${c.branches.b1.zoneId}`, `/requests?zone=${c.branches.b1.zoneId}`, `/review/reminders?zone=${c.branches.b1.zoneId}`, `/reports/compliance?zone=${c.branches.b1.zoneId}`]) {
      expect((await a.get(path)).status, path).toBe(404);
    }
  });

  it("the talk form's search offers branch fellows and reached people, no one of another township", async () => {
    const member = await t.loginAs("dy_a1");
    const hints = async (agent: Agent, q: string, kind = "MEMBER") => ((await agent.get(`/counterparts?kind=${kind}&q=${q}`)).body as { hint: string }[]).map((x) => x.hint);
    // The hint never names a login (issue 11 item 6): people are told apart by name, zone and role.
    const names = async (agent: Agent, q: string) => ((await agent.get(`/counterparts?kind=MEMBER&q=${q}`)).body as { name: string }[]).map((x) => x.name);
    expect(await names(member, "a1")).toContain("gba1");
    expect(await hints(member, "a1")).toContain("a1责任区 · 党员干部");
    expect(await names(member, "b1")).toEqual([]);
    expect(await names(member, "a2")).toEqual([]);
    expect(await names(await agentOf("reviewerA"), "a2")).toContain("gba2");
    await resident(c.branches.b1);
    expect(await hints(member, "住户", "RESIDENT")).not.toContain("b1责任区");
  });

  it("a township admin's desk lists only the township's accounts and zones", async () => {
    const a = await agentOf("adminA");
    const accounts = await a.get("/admin/accounts");
    expect(accounts.text).toContain("dy_a2");
    expect(accounts.text).not.toContain("dy_b1");
    const zones = await a.get("/admin/zones");
    expect(zones.text).toContain("a1责任区");
    expect(zones.text).not.toContain("b2责任区");
    expect((await a.get("/admin/rules")).headers.location).toMatch(/^\/admin\/rules\?org=\d+$/); // rules per org: their own township's
  });

  it("the year workbook is built per org: a township reviewer's holds only their township; another township's job and org are 404", async () => {
    const a = await agentOf("reviewerA");
    expect((await a.get("/review")).text).toContain("导出年度台账工作簿");
    const start = await a.post("/exports").type("form").send({ _csrf: await a.csrf("/review"), year: "2026", asOf: "2026-11-18" });
    expect(start.status).toBe(303);
    let status = (await a.get(`${start.headers.location}/status`)).body;
    for (let i = 0; i < 400 && status.state === "running"; i++) {
      await new Promise((r) => setTimeout(r, 25));
      status = (await a.get(`${start.headers.location}/status`)).body;
    }
    const file = await a.get(status.download).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on("data", (ch: Buffer) => chunks.push(ch));
      res.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as never);
    const people: string[] = [];
    wb.getWorksheet("达标情况")!.eachRow((row) => people.push(String((row.values as unknown[])[1] ?? "")));
    expect([...new Set(people.filter((u) => /^(sj|gb|dy)_/.test(u)))].sort()).toEqual(["dy_a1", "dy_a2", "gb_a1", "gb_a2", "sj_a1", "sj_a2"]);
    expect((await a.post("/exports").type("form").send({ _csrf: await a.csrf("/review"), year: "2026", org: "XZB" })).status).toBe(404);
    // township B's reviewer's job: 404 to township A's reviewer, whatever part of it is asked for
    const reviewerB = (await t.member({ username: "shenhe_b_authz", name: "乙镇组织委员", branchId: c.branches.b1.id })).id;
    await t.db.grant.create({ data: { memberId: reviewerB, orgId: c.townships.B.id, role: "REVIEWER" } });
    const b = await t.loginAs("shenhe_b_authz");
    const theirs = await b.post("/exports").type("form").send({ _csrf: await b.csrf("/review"), year: "2026" });
    expect(theirs.status).toBe(303);
    for (const p of [theirs.headers.location, `${theirs.headers.location}/status`, `${theirs.headers.location}/download`]) expect((await a.get(p)).status, p).toBe(404);
    // B's job ends before the file closes its database: a job still reading when the database is
    // dropped (PostgreSQL: DROP … WITH (FORCE)) fails outside any test, as an unhandled error.
    for (let i = 0; i < 400 && (await b.get(`${theirs.headers.location}/status`)).body.state === "running"; i++) await new Promise((r) => setTimeout(r, 25));
  });
});
