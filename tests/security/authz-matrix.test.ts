/**
 * The authorization matrix (issue 6, item 2), generated from the app's own route table: every
 * (method, path) × anonymous, member, cadre, secretary, admin × own / other's record must answer
 * the status written in tests/security/authz/expectations.ts. A route without an entry fails, and
 * so does an entry without a route. A refused request (any 4xx) and every GET must leave the
 * database as it was (no row of any table but sessions written: the write counter, proven against
 * the whole-database digest in write-counter.test.ts). POSTs send a valid CSRF token and,
 * where the entry gives one, a valid body — so "refused" means refused, not "form invalid".
 *
 * To see what the app answers today (when adding an entry): AUTHZ_DISCOVER=1 npx vitest run
 * tests/security/authz-matrix.test.ts — it prints each route's actual row; judge it against
 * DOMAIN.md before copying it in.
 */
import request from "supertest";
import { afterAll, describe, expect, it } from "vitest";
import { testApp, tokenFrom, type Agent } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import { buildWorld, ROLES, type Person, type RoleName } from "./authz/world.ts";
import { writeCounter } from "./authz/county-world.ts";
import { expectations, type Cell, type Entry } from "./authz/expectations.ts";

const t = await testApp();
const w = await buildWorld(t);
const routes = routeTable(t.app);
const writes = await writeCounter(t);
afterAll(() => t.close());

const discover = process.env.AUTHZ_DISCOVER === "1";

async function anonymous() {
  const agent = request.agent(t.app);
  const token = tokenFrom((await agent.get("/login")).text);
  return { agent, token };
}

const sessions = new Map<RoleName, { agent: Agent; token: string }>();
async function sessionOf(role: RoleName, fresh = false) {
  const cached = sessions.get(role);
  if (cached && !fresh) return cached;
  const agent = await t.loginAs(w.people[role].username);
  const s = { agent, token: await agent.csrf() };
  if (!fresh) sessions.set(role, s);
  return s;
}

function fill(path: string, params: Record<string, string> = {}) {
  return path.replace(/:(\w+)/g, (_, k: string) => {
    if (!(k in params)) throw new Error(`the entry's cell gives no value for :${k} in ${path}`);
    return encodeURIComponent(params[k]);
  });
}

/** Sends one request as `who` and returns its status; checks that refusals and GETs wrote nothing. */
async function probe(method: string, path: string, entry: Entry, who: RoleName | "anonymous", owner: Person) {
  const cell: Cell = entry.cell ? await entry.cell(w, owner) : {};
  const { agent, token } = who === "anonymous" ? await anonymous() : await sessionOf(who, entry.endsSession);
  const url = fill(path, cell.params) + (cell.query ? `?${cell.query}` : "");
  const before = await writes();
  const res =
    method === "GET"
      ? await agent.get(url).set("Accept", "text/html")
      : await agent.post(url).type("form").send({ ...(cell.body ?? {}), _csrf: token });
  const wrote = (await writes()) !== before;
  const mayWrite = method !== "GET" && res.status < 400;
  return { status: res.status, wroteWhenRefused: wrote && !mayWrite };
}

type Column = "all" | "own" | "other";

describe("authorization matrix", () => {
  it("every route of the app has an entry, and every entry a route", () => {
    const keys = routes.map((r) => r.key);
    const missing = keys.filter((k) => !(k in expectations));
    const stale = Object.keys(expectations).filter((k) => !keys.includes(k));
    expect(missing, `routes without an entry in tests/security/authz/expectations.ts`).toEqual([]);
    expect(stale, `entries for routes the app no longer has`).toEqual([]);
  });

  for (const route of routes) {
    const entry = expectations[route.key];
    it(`${route.key}: each role gets exactly the expected answer, and refusals write nothing`, async () => {
      if (!entry) throw new Error(`${route.key} has no entry in tests/security/authz/expectations.ts`);
      const columns: Column[] = entry.cell && (entry.own || entry.other) ? ["own", "other"] : ["all"];
      const actual: Record<string, number | string> = {};
      const expected: Record<string, number | string> = {};
      const anon = await probe(route.method, route.path, entry, "anonymous", w.people.other);
      actual.anonymous = anon.status;
      expected.anonymous = entry.anon;
      const rows: Record<string, number[]> = {};
      for (const column of columns) {
        const row = column === "all" ? entry.all : entry[column];
        rows[column] = [];
        for (const [i, role] of ROLES.entries()) {
          const owner = column === "other" ? w.people.other : w.people[role];
          const r = await probe(route.method, route.path, entry, role, owner);
          rows[column].push(r.status);
          actual[`${role}/${column}`] = r.wroteWhenRefused ? `${r.status} (wrote!)` : r.status;
          expected[`${role}/${column}`] = row ? row[i] : "no expectation";
        }
      }
      if (discover) console.log(`"${route.key}": anon ${anon.status}, ${Object.entries(rows).map(([c, s]) => `${c}: [${s.join(", ")}]`).join(", ")}`);
      expect(actual).toEqual(expected);
    });
  }
});
