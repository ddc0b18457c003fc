/**
 * Fuzz test of every form (issue 6, item 3). The POST routes come from the app's route table;
 * each route's field names from the forms its pages render (every GET route is fetched once and
 * its `<form method="post">` fields collected) plus the valid body the authorization matrix
 * sends. Each route then gets CASES submissions, from a seeded PRNG, of random, huge, empty,
 * unicode (full-width, emoji, RTL marks, NUL), script and SQL-looking values — into one field,
 * several or all, sometimes with hostile extra keys, sometimes into the path's :id. Asserted:
 *   - never a 5xx;
 *   - a refusal (4xx) leaves every table as it was (no row of any table but sessions written: the
 *     write counter, proven against the whole-database digest in write-counter.test.ts);
 *   - a success (2xx/3xx) writes only tables the valid form writes, and no more rows in each;
 *   - the script payloads never come back unescaped, neither in the answer nor in the page it
 *     redirects to.
 * FUZZ_SEED=<n> replays another sequence; FUZZ_CASES=<n> runs more cases per route.
 */
import request from "supertest";
import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { testApp, tokenFrom, type Agent } from "../support/app.ts";
import { routeTable, type RouteKey } from "../support/routes.ts";
import { appTables, buildWorld, ROLES, type Person, type RoleName } from "./authz/world.ts";
import { writeCounter } from "./authz/county-world.ts";
import { expectations, type Entry } from "./authz/expectations.ts";
import { encodeBody, formsOf, HOSTILE_IDS, PAYLOADS, pick, prng, type Payload } from "./fuzz/payloads.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261118);
const CASES = Number(process.env.FUZZ_CASES ?? 10);

const t = await testApp();
const w = await buildWorld(t);
const routes = routeTable(t.app);
const writes = await writeCounter(t);
afterAll(() => t.close());

type Actor = RoleName | "anonymous";

/** The role that may use the route (a cadre where possible), or anonymous for public forms. */
function actorFor(entry: Entry): Actor {
  const row = entry.own ?? entry.all;
  for (const role of ["cadre", "secretary", "member", "admin"] as const) if (row && row[ROLES.indexOf(role)] < 400) return role;
  return "anonymous";
}
const personOf = (a: Actor): Person => (a === "anonymous" ? w.people.other : w.people[a]);

const sessions = new Map<Actor, { agent: Agent | ReturnType<typeof request.agent>; token: string }>();
async function sessionOf(a: Actor, fresh = false) {
  if (!fresh && sessions.has(a)) return sessions.get(a)!;
  let s;
  if (a === "anonymous") {
    const agent = request.agent(t.app);
    s = { agent, token: tokenFrom((await agent.get("/login")).text) };
  } else {
    const agent = await t.loginAs(w.people[a].username);
    s = { agent, token: await agent.csrf() };
  }
  if (!fresh) sessions.set(a, s);
  return s;
}

const toRegex = (path: string) => new RegExp(`^${path.replace(/:\w+/g, "[^/]+")}$`);
const fill = (path: string, params: Record<string, string> = {}) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? "1"));

/** Rows per table (all but sessions), in one statement. */
async function counts(): Promise<Record<string, number>> {
  const tables = await appTables(t);
  const all = sql.join(tables.map((name) => sql`SELECT CAST(${name} AS TEXT) AS t, count(*) AS n FROM ${sql.table(name)}`), sql` UNION ALL `);
  const { rows } = await sql<{ t: string; n: number | string }>`${all}`.execute(t.kx);
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)]));
}
const deltas = (a: Record<string, number>, b: Record<string, number>): Record<string, number> =>
  Object.fromEntries(Object.keys(b).map((k) => [k, b[k] - (a[k] ?? 0)] as const).filter(([, d]) => d !== 0));

// Crawl: the fields of every post form on every page, keyed by the POST route it targets.
const posts = routes.filter((r) => r.method === "POST");
const fieldsOf = new Map<string, Set<string>>(posts.map((r) => [r.key, new Set<string>()]));
for (const route of routes.filter((r) => r.method === "GET")) {
  const entry = expectations[route.key];
  if (!entry) continue; // the matrix reports it
  const viewers = new Set<Actor>([actorFor(entry)]);
  if (entry.anon < 300) viewers.add("anonymous"); // public pages (the login form)
  for (const actor of viewers) {
    if (actor === "anonymous" && entry.anon >= 400) continue;
    const cell = entry.cell ? await entry.cell(w, personOf(actor)) : {};
    const { agent } = await sessionOf(actor);
    const html = (await agent.get(fill(route.path, cell.params)).set("Accept", "text/html")).text ?? "";
    for (const form of formsOf(html)) {
      const target = posts.find((p) => toRegex(p.path).test(form.action.split("?")[0]));
      if (target) form.fields.forEach((f) => fieldsOf.get(target.key)!.add(f));
    }
  }
}

const RAW_MARKERS = ['<script>alert("xss")', "<img src=x onerror"];

async function fuzzRoute(route: RouteKey, entry: Entry) {
  const actor = actorFor(entry);
  const owner = personOf(actor);
  const failures: string[] = [];
  const rand = prng(SEED ^ [...route.key].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));

  // What the valid form writes: the tables it touches and how many rows each.
  let allowed: Record<string, number> = {};
  const sample = entry.cell ? await entry.cell(w, owner) : {};
  {
    const { agent, token } = await sessionOf(actor, entry.endsSession);
    const before = await counts();
    const res = await agent.post(fill(route.path, sample.params)).type("form").send(encodeBody({ ...(sample.body ?? {}), _csrf: token }));
    if (res.status < 400) allowed = deltas(before, await counts());
  }
  const fields = [...new Set([...(fieldsOf.get(route.key) ?? []), ...Object.keys(sample.body ?? {})])];
  // A create form's single-use `_once` token, when it holds a well-formed value, is used up with the write.
  if (fields.includes("_once")) allowed.FormToken = Math.max(allowed.FormToken ?? 0, 1);

  for (let i = 0; i < CASES; i++) {
    const cell = entry.cell ? await entry.cell(w, owner) : {};
    const body: Record<string, string | string[] | Payload> = { ...(cell.body ?? {}) };
    const mode = rand();
    const chosen = mode < 0.4 ? fields : fields.filter(() => rand() < (mode < 0.7 ? 0.5 : 0.2));
    for (const f of chosen.length ? chosen : fields.slice(0, 1)) body[f] = pick(rand, PAYLOADS);
    if (rand() < 0.25) Object.assign(body, { __proto__x: "1", "constructor[prototype][polluted]": "1", "a[b][c]": "1" });
    if (rand() < 0.15 && fields.length) body[fields[0]] = [pick(rand, ["1", "", "<script>"]), "2"];
    const params = { ...(cell.params ?? {}) };
    const fuzzPath = /:\w+/.test(route.path) && rand() < 0.15;
    if (fuzzPath) for (const k of Object.keys(params)) params[k] = pick(rand, HOSTILE_IDS);

    const { agent, token } = await sessionOf(actor, entry.endsSession);
    const beforeWrites = await writes();
    const before = await counts();
    const res = await agent.post(fill(route.path, params)).type("form").send(encodeBody({ ...body, _csrf: token }));
    const label = `case ${i} (FUZZ_SEED=${SEED}) as ${actor}: ${res.status} for ${JSON.stringify(body).slice(0, 300)}`;
    if (res.status >= 500) failures.push(`server error, ${label}`);
    else if (res.status >= 400) {
      if ((await writes()) !== beforeWrites) failures.push(`refused but wrote, ${label}`);
    } else {
      for (const [table, d] of Object.entries(deltas(before, await counts()))) {
        if (d > (allowed[table] ?? 0) || d < Math.min(0, allowed[table] ?? 0)) failures.push(`wrote ${d} row(s) in ${table} (the valid form: ${allowed[table] ?? 0}), ${label}`);
      }
    }
    const pages = [res.text ?? ""];
    const next = res.headers.location;
    if (res.status === 303 && next?.startsWith("/") && !entry.endsSession) pages.push((await agent.get(next).set("Accept", "text/html")).text ?? "");
    for (const page of pages) for (const m of RAW_MARKERS) if (page.includes(m)) failures.push(`unescaped ${m} in the answer or the page after it, ${label}`);
  }
  return { failures };
}

describe("fuzzing every form", () => {
  it("the crawl found the fields of the forms (the machinery sees the app's forms)", () => {
    expect([...(fieldsOf.get("POST /talks") ?? [])]).toEqual(expect.arrayContaining(["occurredOn", "counterpartName", "content", "_once"]));
    expect([...(fieldsOf.get("POST /login") ?? [])]).toEqual(expect.arrayContaining(["username", "password"]));
  });

  for (const route of posts) {
    it(`${route.key}: hostile values never cause a 5xx, a partial write or unescaped output`, async () => {
      const entry = expectations[route.key];
      if (!entry) throw new Error(`${route.key} has no entry in tests/security/authz/expectations.ts (the matrix's table), so it cannot be fuzzed`);
      const { failures } = await fuzzRoute(route, entry);
      expect(failures).toEqual([]);
    });
  }
});
