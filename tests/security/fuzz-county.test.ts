/**
 * The fuzzer over a county (issue 12, item 3): every route of the reach matrix's table
 * (tests/security/authz/county-plans.ts) that takes a record or org id gets CASES requests, each
 * as one of the seven actors (county admin and reviewer, township A's admin and reviewer, A1's
 * secretary, cadre and member), on a record of their own subtree or of township B, with a seeded
 * mix of: path ids swapped for ids of township B's records of any kind (a member id where a talk
 * id goes, an org id where a zone id goes…) or for hostile ids (fuzz/payloads.ts HOSTILE_IDS);
 * form fields filled with hostile values or with township B's ids. Asserted:
 *   - never a 5xx;
 *   - a refusal (4xx) writes nothing;
 *   - a township-A actor writes nothing on township B's record (judged when every id sent is
 *     the B record's own: ids are per table, so a swapped one may name an A record of another kind).
 * FUZZ_SEED=<n> replays another sequence; FUZZ_CASES=<n> runs more cases per route.
 */
import { afterAll, describe, expect, it } from "vitest";
import { testApp, type Agent } from "../support/app.ts";
import { routeTable } from "../support/routes.ts";
import {
  activistIn,
  buildCountyWorld,
  COUNTY_ROLES,
  COUNTY_WIDE,
  LOGINS,
  meetingIn,
  pairingIn,
  requestIn,
  residentIn,
  situationIn,
  talkIn,
  visitIn,
  writeCounter,
  type CountyRole,
} from "./authz/county-world.ts";
import { plans } from "./authz/county-plans.ts";
import { encodeBody, HOSTILE_IDS, PAYLOADS, pick, prng, type Payload } from "./fuzz/payloads.ts";

const SEED = Number(process.env.FUZZ_SEED ?? 20261204);
const CASES = Number(process.env.FUZZ_CASES ?? 5);

const t = await testApp();
const w = await buildCountyWorld(t);
const writes = await writeCounter(t);
const routes = routeTable(t.app);
afterAll(() => t.close());

// Township B's records of every kind: the ids a township-A actor must never reach.
const b1 = w.c.branches.b1;
const CROSS_IDS = (
  await Promise.all([talkIn(w, b1), visitIn(w, b1), residentIn(w, b1), meetingIn(w, b1), requestIn(w, b1), pairingIn(w, b1), activistIn(w, b1), situationIn(w, b1)])
)
  .concat([b1.id, b1.zoneId, b1.member, b1.cadre, b1.secretary, w.c.townships.B.id, w.c.branches.b2.id, w.c.branches.b2.member])
  .map(String);

const sessions = new Map<CountyRole, { agent: Agent; token: string }>();
async function sessionOf(role: CountyRole) {
  if (!sessions.has(role)) {
    const agent = await t.loginAs(LOGINS[role]);
    sessions.set(role, { agent, token: await agent.csrf() });
  }
  return sessions.get(role)!;
}
const fill = (path: string, params: Record<string, string> = {}) => path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? "1"));

describe("fuzzing every route with an id, as every role, with ids of another township", () => {
  for (const route of routes) {
    const plan = plans[route.key];
    if (!plan || !("make" in plan)) continue;
    it(`${route.key}: no 5xx, no write when refused or out of reach`, async () => {
      const rand = prng(SEED ^ [...route.key].reduce((h, c) => Math.imul(h, 31) + c.charCodeAt(0), 7));
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const role = pick(rand, COUNTY_ROLES);
        const side = rand() < 0.5 ? "A" : "B";
        const cell = await plan.make(w, side);
        // Ids are per table: a township-B id of one kind may name a township-A record of another
        // kind, so "wrote out of reach" is only judged when every id sent is the B cell's own.
        let idsSwapped = false;
        const params = { ...(cell.params ?? {}) };
        for (const k of Object.keys(params)) {
          if (!/^\d+$/.test(params[k]) || rand() < 0.4) continue;
          params[k] = rand() < 0.6 ? pick(rand, CROSS_IDS) : pick(rand, HOSTILE_IDS);
          idsSwapped = true;
        }
        const body: Record<string, string | string[] | Payload> = { ...(cell.body ?? {}) };
        for (const f of Object.keys(body)) {
          const r = rand();
          if (r < 0.25) body[f] = pick(rand, CROSS_IDS);
          else if (r < 0.5) body[f] = pick(rand, PAYLOADS);
          else if (r < 0.6) body[f] = [pick(rand, CROSS_IDS), pick(rand, HOSTILE_IDS)];
          idsSwapped ||= r < 0.25 || (r >= 0.5 && r < 0.6);
        }
        const { agent, token } = await sessionOf(role);
        const url = fill(route.path, params) + (cell.query ? `?${cell.query}` : "");
        const before = await writes();
        const res = route.method === "GET" ? await agent.get(url).set("Accept", "text/html") : await agent.post(url).type("form").send(encodeBody({ ...body, _csrf: token }));
        const wrote = (await writes()) !== before;
        const label = `case ${i} (FUZZ_SEED=${SEED}) as ${role} on ${side}: ${res.status} for ${url} ${JSON.stringify(body).slice(0, 300)}`;
        if (res.status >= 500) failures.push(`server error, ${label}`);
        else if (wrote && res.status >= 400) failures.push(`refused but wrote, ${label}`);
        else if (wrote && !COUNTY_WIDE.has(role) && side === "B" && !idsSwapped) failures.push(`wrote out of reach, ${label}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
