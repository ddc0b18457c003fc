/**
 * Reach for every role and every route against records in another subtree (issue 12, item 3).
 * One county (tests/security/authz/county-world.ts), seven actors logged in once each; every
 * route of the app's route table that takes a record or org id (in its path, or any POST) must
 * have a row in tests/security/authz/county-plans.ts, so a new route cannot be forgotten. Each
 * row is probed with a record of the actor's own subtree (branch A1) and one of township B
 * (branch B1): out of reach answers 404 — a 403 only where the route refuses the role whatever
 * the record, checked by asking again with an id that does not exist — and a refusal or a GET
 * writes nothing (a digest of all tables but sessions). POSTs carry a valid CSRF token.
 * Also here: reports with org= of another township (HTML, JSON, CSV, XLSX), list filters with a
 * zone of another township, export jobs, and a child id of one subtree under a parent of another.
 *
 * AUTHZ_DISCOVER=1 prints each route's actual rows (judge them against DOMAIN.md before copying).
 */
import { afterAll, describe, expect, it } from "vitest";
import { testApp, type Agent } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import { activistIn, assistanceOf, buildCountyWorld, residentIn, COUNTY_ROLES, COUNTY_WIDE, LOGINS, noteOf, pairingIn, writeCounter, type CountyRole, type Side } from "./authz/county-world.ts";
import { plans, type Cell, type Row7 } from "./authz/county-plans.ts";

const t = await testApp();
const w = await buildCountyWorld(t);
const routes = routeTable(t.app);
const writes = await writeCounter(t);
afterAll(() => t.close());
const discover = process.env.AUTHZ_DISCOVER === "1";

const sessions = new Map<CountyRole, { agent: Agent; token: string }>();
async function sessionOf(role: CountyRole) {
  if (!sessions.has(role)) {
    const agent = await t.loginAs(LOGINS[role]);
    sessions.set(role, { agent, token: await agent.csrf() });
  }
  return sessions.get(role)!;
}

const fill = (path: string, params: Record<string, string> = {}) =>
  path.replace(/:(\w+)/g, (_, k: string) => {
    if (!(k in params)) throw new Error(`the plan gives no value for :${k} in ${path}`);
    return encodeURIComponent(params[k]);
  });
/** The same cell with every numeric path id replaced by one that does not exist. */
const ghost = (cell: Cell): Cell => ({ ...cell, params: Object.fromEntries(Object.entries(cell.params ?? {}).map(([k, v]) => [k, /^\d+$/.test(v) ? "999999999" : v])) });

/** One request as `role`; `wrote` when it changed a table (sessions aside). */
async function probe(method: string, path: string, role: CountyRole, cell: Cell) {
  const { agent, token } = await sessionOf(role);
  const url = fill(path, cell.params) + (cell.query ? `?${cell.query}` : "");
  const before = await writes();
  const res = method === "GET" ? await agent.get(url).set("Accept", "text/html") : await agent.post(url).type("form").send({ ...(cell.body ?? {}), _csrf: token });
  return { status: res.status, wrote: (await writes()) !== before, text: res.text ?? "" };
}

const outOfReach = (a: Row7): Row7 => COUNTY_ROLES.map((role, i) => (COUNTY_WIDE.has(role) ? a[i] : a[i] === 403 ? 403 : 404)) as unknown as Row7;
const takesId = (r: { method: string; path: string }) => /:\w+/.test(r.path) || r.method === "POST";

describe("reach across the county: every role, every route with an id, a record of each township", () => {
  it("every route that takes an id (in its path, or any POST) has a plan, and every plan a route", () => {
    const keys = routes.filter(takesId).map((r) => r.key);
    expect(keys.filter((k) => !(k in plans)), "routes without a plan in tests/security/authz/county-plans.ts").toEqual([]);
    expect(Object.keys(plans).filter((k) => !keys.includes(k)), "plans for routes the app no longer has").toEqual([]);
  });

  for (const route of routes.filter(takesId)) {
    const plan = plans[route.key];
    if (!plan || !("make" in plan)) continue;
    it(`${route.key}: in reach per policy, township B's record 404 (or the role's refusal), no write when refused`, async () => {
      const actual: Record<string, number | string> = {};
      const expected: Record<string, number | string> = {};
      const rows: Record<Side, number[]> = { A: [], B: [] };
      for (const side of ["A", "B"] as const) {
        const row = side === "A" ? plan.a : (plan.b ?? outOfReach(plan.a));
        for (const [i, role] of COUNTY_ROLES.entries()) {
          const cell = await plan.make(w, side);
          const res = await probe(route.method, route.path, role, cell);
          rows[side].push(res.status);
          // Nothing is written by a GET, by a refusal, or out of reach (township B for township A's people).
          const mayWrite = route.method === "POST" && res.status < 400 && (side === "A" || COUNTY_WIDE.has(role));
          actual[`${role}/${side}`] = res.wrote && !mayWrite ? `${res.status} (wrote!)` : res.status;
          expected[`${role}/${side}`] = row[i];
          // A refusal of a record out of reach must not tell it apart from a record that does not exist.
          if (side === "B" && !COUNTY_WIDE.has(role) && res.status === 403 && route.path.includes(":id")) {
            const none = await probe(route.method, route.path, role, ghost(cell));
            if (none.status !== 403) actual[`${role}/B`] = `403, but ${none.status} for a missing id`;
          }
        }
      }
      if (discover) console.log(`"${route.key}": a: r(${rows.A.join(", ")}), b: r(${rows.B.join(", ")})`);
      expect(actual).toEqual(expected);
    });
  }
});

/** GET pages, reports and exports that take an org or zone in the query: township B's (county-wide roles read it). */
const queried = (): [string, Row7][] => {
  const zoneB = w.c.branches.b1.zoneId;
  const all200: Row7 = [200, 200, 200, 200, 200, 200, 200];
  const report = (path: string): [string, Row7][] =>
    ["html", "json", "csv", "xlsx"].map((f) => [`${path}?year=2026&org=XZB&format=${f}`, [200, 404, 200, 404, 404, 403, 403]] as [string, Row7]);
  return [
    ...report("/reports/compliance"),
    ...report("/reports/rollup"),
    [`/reports/compliance?zone=${zoneB}`, [200, 404, 200, 404, 404, 403, 403]],
    [`/meetings?zone=${zoneB}`, [200, 404, 200, 404, 404, 404, 404]],
    [`/requests?zone=${zoneB}`, [200, 404, 200, 404, 404, 404, 404]],
    [`/activists?zone=${zoneB}`, [200, 404, 200, 404, 404, 404, 404]],
    [`/residents?zone=${zoneB}`, [200, 404, 200, 404, 404, 404, 404]],
    // these two CSVs are cut to reach (the header only) where their pages answer 404: tests/routes/ledger-exports.test.ts
    [`/meetings/export.csv?zone=${zoneB}`, all200],
    [`/requests/export.csv?zone=${zoneB}`, all200],
    [`/residents/export.csv?zone=${zoneB}`, [200, 404, 200, 404, 404, 404, 404]],
    [`/review/reminders?zone=${zoneB}`, [200, 404, 200, 404, 404, 403, 403]],
    [`/admin/rules?org=${w.c.branches.b1.id}`, [200, 404, 403, 403, 403, 403, 403]],
    // the secretary's overview, reminders, the branches' sign-offs and a branch's closure, per org
    [`/review?year=2026&org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/review/reminders?org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/review/2026/branches?org=${w.c.townships.B.id}`, [200, 404, 200, 404, 403, 403, 403]],
    [`/review/2026/closure?org=${w.c.branches.b1.id}`, [200, 404, 200, 404, 404, 403, 403]],
    [`/admin/transfers/new?member=${w.c.branches.b1.member}`, [200, 404, 403, 403, 403, 403, 403]],
    // 三进三同 and writings (issue 18): the records behind a roll-up figure, and a member's lists
    [`/reports/rollup/records?figure=stays&year=2026&org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/reports/rollup/records?figure=writings&year=2026&zone=${zoneB}`, [200, 404, 200, 404, 404, 403, 403]],
    [`/stays?member=${w.c.branches.b1.cadre}`, [200, 404, 200, 404, 404, 404, 404]],
    [`/writings?member=${w.c.branches.b1.member}`, [200, 404, 200, 404, 404, 404, 404]],
    // issue 18: the records behind a measure figure and the training coverage, per org
    [`/reports/rollup/records?figure=stationed&year=2026&org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/reports/rollup/records?figure=problemsSolved&year=2026&org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/training/coverage?year=2026&org=XZB`, [200, 404, 200, 404, 404, 403, 403]],
    [`/training?member=${w.c.branches.b1.member}`, [200, 404, 200, 404, 404, 404, 404]],
  ];
};

describe("reach across the county: reports, lists and exports of another township", () => {
  it("an org or zone of township B in the query: 404 to township A's people (HTML, JSON, CSV, XLSX alike)", async () => {
    const actual: Record<string, number | string> = {};
    const expected: Record<string, number | string> = {};
    for (const [path, row] of queried()) {
      for (const [i, role] of COUNTY_ROLES.entries()) {
        const res = await probe("GET", path, role, {});
        actual[`${path} ${role}`] = res.wrote ? `${res.status} (wrote!)` : res.status;
        if (res.status === 200 && !COUNTY_WIDE.has(role) && res.text.includes("b1责任区")) actual[`${path} ${role}`] = "200 with township B's records";
        expected[`${path} ${role}`] = row[i];
      }
    }
    expect(actual).toEqual(expected);
  });

  it("an export job is its starter's only: any other actor gets what a missing job gets (404; 403 to those without exports)", async () => {
    const { agent, token } = await sessionOf("countyReviewer");
    const started = await agent.post("/exports").type("form").send({ _csrf: token, year: "2026" });
    expect(started.status).toBe(303);
    const job = started.headers.location.split("/").pop()!;
    const missing = "00000000-0000-4000-8000-000000000000";
    for (const tail of ["", "/status", "/download"]) {
      for (const role of COUNTY_ROLES) {
        const theirs = await probe("GET", `/exports/${job}${tail}`, role, {});
        const none = await probe("GET", `/exports/${missing}${tail}`, role, {});
        if (role === "countyReviewer") expect(theirs.status, `${role} ${tail}`).toBeLessThan(400);
        else expect([theirs.status, none.status], `${role} /exports/:id${tail}`).toEqual(role === "cadre" || role === "member" ? [403, 403] : [404, 404]);
      }
    }
  });
});

describe("reach across the county: one id of each subtree in the same request", () => {
  /** POSTs as `role` and returns the status and whether anything was written. */
  const post = async (role: CountyRole, path: string, body: Record<string, string | string[]> = {}) => {
    const { status, wrote } = await probe("POST", path, role, { body });
    return { status, wrote };
  };
  const a1 = w.c.branches.a1;
  const b1 = w.c.branches.b1;

  it("a cadre's own pairing with an assistance record of township B's pairing: 404, nothing deleted", async () => {
    const theirs = await pairingIn(w, b1);
    const aid = await t.db.assistanceRecord.create({ data: { pairingId: theirs, givenOn: "2026-11-10", kind: "MATERIALS", description: "米面油", createdById: a1.cadre } });
    const res = await post("cadre", `/pairings/${await pairingIn(w, a1)}/assistance/${aid.id}/delete`);
    expect(res).toEqual({ status: 404, wrote: false });
  });

  it("an activist of the cadre's zone with a note on township B's activist: 404, nothing deleted", async () => {
    const note = await noteOf(w, { ...b1, cadre: a1.cadre }, await activistIn(w, b1)); // the cadre's own note, on B's activist
    expect(await post("cadre", `/activists/${await activistIn(w, a1)}/notes/${note}/delete`)).toEqual({ status: 404, wrote: false });
  });

  it("township A's admin cannot put an account of A into a zone of B, nor grant it B, nor move A's people into B", async () => {
    const m = String((await t.member({ username: "hun_a1", branchId: a1.id })).id);
    expect(await post("townAdmin", `/admin/accounts/${m}/assign/zone`, { targetId: String(b1.zoneId), fromOn: "2026-11-18" })).toEqual({ status: 422, wrote: false });
    expect(await post("townAdmin", `/admin/accounts/${m}/grants`, { orgCode: b1.code, role: "REVIEWER" })).toEqual({ status: 422, wrote: false });
    expect(await post("townAdmin", "/admin/zones/move", { memberIds: [m], zoneId: String(b1.zoneId), fromOn: "2026-11-18" })).toEqual({ status: 422, wrote: false });
    expect(await post("townAdmin", `/admin/zones/${a1.zoneId}`, { name: "a1责任区", establishedOn: "2020-01-01", leaderId: String(b1.cadre) })).toEqual({ status: 422, wrote: false });
  });

  it("a grant at an org out of reach reads like an unknown code; the zone form offers no leader of township B", async () => {
    const { agent, token } = await sessionOf("townAdmin");
    const outside = await agent.post(`/admin/accounts/${a1.member}/grants`).type("form").send({ _csrf: token, orgCode: "XZB", role: "REVIEWER" });
    const unknown = await agent.post(`/admin/accounts/${a1.member}/grants`).type("form").send({ _csrf: token, orgCode: "NOPE", role: "REVIEWER" });
    expect(outside.text).not.toContain(w.c.townships.B.name);
    expect(outside.text).toContain("没有代码为「XZB」的组织，或该组织不在您管理的组织范围内");
    expect(unknown.text).toContain("没有代码为「NOPE」的组织，或该组织不在您管理的组织范围内");
    const form = await agent.get("/admin/zones/new");
    expect(form.text).toContain("gb_a1");
    expect(form.text).not.toContain("gb_b1");
  });

  it("a meeting of one's own zone hosted by someone of township B: 422, nothing written", async () => {
    const body = { kind: "FORUM", zoneId: String(a1.zoneId), heldOn: "2026-11-17", hostId: String(b1.cadre), residentCount: "3", topics: "议题" };
    expect(await post("cadre", "/meetings", body)).toEqual({ status: 422, wrote: false });
  });

  it("a talk partner picked from township B (a member or a resident) is refused like an unknown one; nothing written", async () => {
    const talk = { occurredOn: "2026-11-17", reason: "ROUTINE", content: "谈心" };
    expect(await post("member", "/talks", { ...talk, counterpartKind: "MEMBER", counterpartName: "某人", counterpartId: String(b1.cadre) })).toEqual({ status: 422, wrote: false });
    expect(await post("member", "/talks", { ...talk, counterpartKind: "RESIDENT", counterpartName: "某人", counterpartId: String(await residentIn(w, b1)) })).toEqual({ status: 422, wrote: false });
    expect(await post("member", "/talks", { ...talk, counterpartKind: "RESIDENT", counterpartName: "某人", counterpartId: String(await residentIn(w, a1)) })).toMatchObject({ status: 303 });
  });
});
