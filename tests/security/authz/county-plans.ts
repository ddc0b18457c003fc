/**
 * The reach matrix's table (issue 12, item 3): for every route that takes a record or org id (in
 * its path or its form), the answer of each of the seven actors (county-world.ts) for a record of
 * their own subtree (side A: branch A1) — `a`, one status per role in COUNTY_ROLES order — and,
 * in `b`, for the same kind of record of township B (branch B1). `b` defaults to: the county's
 * admin and reviewer as in `a` (B is in their reach), everyone else 404 — or 403 where `a` is a
 * 403 too (the route refuses the role whatever the record; the matrix then checks that a missing
 * id gets the same 403, so the refusal says nothing about the record).
 *
 * Rules (DOMAIN.md "Who uses it"): reading is by reach (own records; the secretary's branch; the
 * subtrees of REVIEWER and ADMIN grants); nobody writes another person's record; the secretary
 * acts in their own branch; an ADMIN grant manages its subtree; out of reach is 404. Routes that
 * other engineers are rebuilding are left out with the reason (see the report of y12-fuzz).
 */
import {
  accountIn,
  activistIn,
  assistanceOf,
  closedYear,
  openRespondent,
  surveyUnit,
  openYear,
  meetingIn,
  memberIn,
  noteOf,
  orgUnder,
  pairingIn,
  requestIn,
  residentIn,
  situationIn,
  stayIn,
  writingIn,
  talkIn,
  visitIn,
  zoneIn,
  seq,
  type CountyWorld,
  type Side,
} from "./county-world.ts";

/** [countyAdmin, townAdmin, countyReviewer, townReviewer, secretary, cadre, member] */
export type Row7 = readonly [number, number, number, number, number, number, number];

export interface Cell {
  params?: Record<string, string>;
  body?: Record<string, string | string[]>;
  query?: string;
}

export type Plan =
  | { make: (w: CountyWorld, side: Side) => Promise<Cell>; a: Row7; b?: Row7 }
  /** A route that takes no record or org id (nothing to reach across). */
  | { noId: string }
  /** A route another engineer is rebuilding: its rows are written in the report, not here. */
  | { leftOut: string };

const r = (...s: Row7): Row7 => s;
const all = (s: number): Row7 => [s, s, s, s, s, s, s];
const id = (n: number) => ({ id: String(n) });
const B = (w: CountyWorld, s: Side) => w.branch(s);
/** The other village of the side's township (A2 or B2): where a cadre of A1 or B1 is stationed. */
const sibling = (w: CountyWorld, s: Side) => (s === "A" ? w.c.branches.a2 : w.c.branches.b2);
const usernameOf = async (w: CountyWorld, memberId: number) => (await w.t.db.member.findUniqueOrThrow({ where: { id: memberId } })).username;
/** A running stationing of a fresh account of the side's branch in its sibling village. */
const stationingIn = async (w: CountyWorld, s: Side) =>
  (await w.t.db.stationing.create({ data: { memberId: (await accountIn(w, B(w, s))).id, orgId: sibling(w, s).id, fromOn: "2026-01-01", post: "OTHER", kind: "VILLAGE_CADRE" } })).id;
/** A session organized by the side's branch, attended by its cadre. */
const sessionIn = async (w: CountyWorld, s: Side) =>
  (await w.t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: `培训${seq()}`, orgId: B(w, s).id, attendees: { create: [{ memberId: B(w, s).cadre }] } } })).id;

const talkBody = { occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "谈心" };
const visitBody = (w: CountyWorld) => ({ visitedOn: "2026-11-17", visitedTime: "09:30", target: `line:${w.line}`, purpose: "走访" });
const residentBody = (zoneId: number) => ({ zoneId: String(zoneId), name: `新住户${seq()}`, phone: "13900139000", address: "某街 2 号" });

// Admin-only pages: the county's admin and township A's admin (their subtree), 403 to the rest.
const admins = (ok: number): Row7 => r(ok, ok, 403, 403, 403, 403, 403);
const rootOnly = (ok: number): Row7 => r(ok, 403, 403, 403, 403, 403, 403);

export const plans: Record<string, Plan> = {
  // talks: read by reach; written by the talker only
  "GET /talks/:id": { make: async (w, s) => ({ params: id(await talkIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 200, 404) },
  "GET /talks/:id/edit": { make: async (w, s) => ({ params: id(await talkIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 200, 404) },
  "POST /talks/:id": { make: async (w, s) => ({ params: id(await talkIn(w, B(w, s))), body: talkBody }), a: r(404, 404, 404, 404, 404, 303, 404) },
  "POST /talks/:id/delete": { make: async (w, s) => ({ params: id(await talkIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 303, 404) },
  // a talk partner picked from the list: a fellow of one's branch or someone in reach
  "POST /talks": {
    make: async (w, s) => ({ body: { ...talkBody, counterpartKind: "MEMBER", counterpartName: "同志", counterpartId: String(await memberIn(w, B(w, s))) } }),
    a: r(303, 303, 303, 303, 303, 303, 303),
    b: r(303, 422, 303, 422, 422, 422, 422),
  },

  // line visits: logged by cadres and secretaries; read by reach
  "GET /visits/:id": { make: async (w, s) => ({ params: id(await visitIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 200, 404) },
  "GET /visits/:id/edit": { make: async (w, s) => ({ params: id(await visitIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 200, 404) },
  "POST /visits/:id": { make: async (w, s) => ({ params: id(await visitIn(w, B(w, s))), body: visitBody(w) }), a: r(403, 403, 403, 403, 404, 303, 403) },
  "POST /visits/:id/delete": { make: async (w, s) => ({ params: id(await visitIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 303, 404) },
  "POST /visits": { noId: "the line is picked from the cadre's own assignments (lines are system-wide)" },

  // zones and residents
  "GET /zones/:id": { make: async (w, s) => ({ params: id(B(w, s).zoneId) }), a: all(200) },
  "GET /zones/:id/card": { make: async (w, s) => ({ params: id(B(w, s).zoneId) }), a: all(200) },
  "GET /residents/:id": { make: async (w, s) => ({ params: id(await residentIn(w, B(w, s))) }), a: all(200) },
  // a reviewer reads residents masked: the full ID number is for those who maintain them
  "POST /residents/:id/reveal": { make: async (w, s) => ({ params: id(await residentIn(w, B(w, s))) }), a: r(200, 200, 403, 403, 200, 200, 200), b: r(200, 404, 403, 404, 404, 404, 404) },
  "GET /residents/:id/edit": { make: async (w, s) => ({ params: id(await residentIn(w, B(w, s))) }), a: r(200, 200, 403, 403, 200, 200, 200), b: r(200, 404, 403, 404, 404, 404, 404) },
  "POST /residents/:id": {
    make: async (w, s) => ({ params: id(await residentIn(w, B(w, s))), body: residentBody(B(w, s).zoneId) }),
    a: r(303, 303, 403, 403, 303, 303, 303),
    b: r(303, 404, 403, 404, 404, 404, 404),
  },
  "POST /residents/:id/delete": { make: async (w, s) => ({ params: id(await residentIn(w, B(w, s))) }), a: r(303, 303, 403, 403, 303, 403, 403), b: r(303, 404, 403, 404, 404, 404, 404) },
  "POST /residents": { make: async (w, s) => ({ body: residentBody(B(w, s).zoneId) }), a: r(303, 303, 422, 422, 303, 303, 303), b: r(303, 422, 422, 422, 422, 422, 422) },

  // meetings and requests
  "GET /meetings/:id": { make: async (w, s) => ({ params: id(await meetingIn(w, B(w, s))) }), a: all(200) },
  "POST /meetings/:id/delete": { make: async (w, s) => ({ params: id(await meetingIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 303, 404) },
  "POST /meetings": {
    make: async (w, s) => ({ body: { kind: "FORUM", zoneId: String(B(w, s).zoneId), heldOn: "2026-11-17", hostId: String(B(w, s).cadre), residentCount: "3", topics: "议题" } }),
    a: r(303, 303, 422, 422, 303, 303, 303),
    b: r(303, 422, 422, 422, 422, 422, 422),
  },
  "GET /requests/:id": { make: async (w, s) => ({ params: id(await requestIn(w, B(w, s))) }), a: all(200) },
  "POST /requests/:id/handle": { make: async (w, s) => ({ params: id(await requestIn(w, B(w, s))), body: { status: "IN_PROGRESS", handling: "已联系" } }), a: r(403, 403, 403, 403, 403, 303, 403), b: r(403, 404, 403, 404, 404, 404, 404) },
  "POST /requests": {
    make: async (w, s) => ({ body: { source: "WALK_IN", zoneId: String(B(w, s).zoneId), residentName: "住户甲", raisedOn: "2026-11-17", content: "路灯坏了" } }),
    a: r(303, 303, 422, 422, 303, 303, 303),
    b: r(303, 422, 422, 422, 422, 422, 422),
  },

  // 结穷亲: cadres' own pairings; overseers read
  "GET /pairings/:id": { make: async (w, s) => ({ params: id(await pairingIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 200, 403) },
  "POST /pairings/:id/end": { make: async (w, s) => ({ params: id(await pairingIn(w, B(w, s))), body: { endedOn: "2026-11-18", endReason: "已脱贫" } }), a: r(403, 403, 403, 403, 403, 303, 403), b: r(403, 404, 403, 404, 404, 404, 403) },
  "POST /pairings/:id/assistance": {
    make: async (w, s) => ({ params: id(await pairingIn(w, B(w, s))), body: { givenOn: "2026-11-17", kind: "MATERIALS", description: "米面油" } }),
    a: r(404, 404, 404, 404, 404, 303, 403),
  },
  "POST /pairings/:id/assistance/:aid/delete": {
    make: async (w, s) => {
      const p = await pairingIn(w, B(w, s));
      return { params: { id: String(p), aid: String(await assistanceOf(w, B(w, s), p)) } };
    },
    a: r(404, 404, 404, 404, 404, 303, 403),
  },
  "POST /pairings": {
    make: async (w, s) => ({ body: { residentId: String(await residentIn(w, B(w, s))), startedOn: "2026-11-17" } }),
    a: r(403, 403, 403, 403, 303, 303, 403),
    b: r(403, 403, 403, 403, 422, 422, 403),
  },

  // 入党积极分子: the zone's members, the secretary and admins maintain them; a reviewer only reads (404 to a write)
  "GET /activists/:id": { make: async (w, s) => ({ params: id(await activistIn(w, B(w, s))) }), a: all(200) },
  "POST /activists/:id/notes": { make: async (w, s) => ({ params: id(await activistIn(w, B(w, s))), body: { notedOn: "2026-11-17", content: "参加院坝会" } }), a: r(303, 303, 404, 404, 303, 303, 303) },
  "POST /activists/:id/end": { make: async (w, s) => ({ params: id(await activistIn(w, B(w, s))), body: { endedOn: "2026-11-18" } }), a: r(303, 303, 404, 404, 303, 303, 303) },
  "POST /activists/:id/notes/:nid/delete": {
    make: async (w, s) => {
      const a = await activistIn(w, B(w, s));
      return { params: { id: String(a), nid: String(await noteOf(w, B(w, s), a)) } };
    },
    a: r(404, 404, 404, 404, 404, 303, 404),
  },
  "POST /activists": { make: async (w, s) => ({ body: { zoneId: String(B(w, s).zoneId), name: "积极分子", sinceOn: "2026-01-01" } }), a: r(303, 303, 404, 404, 303, 303, 303) },

  // 情况反映
  "GET /situation-reports/:id": { make: async (w, s) => ({ params: id(await situationIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 200, 403) },
  "POST /situation-reports/:id/handle": { make: async (w, s) => ({ params: id(await situationIn(w, B(w, s))), body: { status: "READ", handlingNote: "" } }), a: r(403, 403, 403, 403, 303, 403, 403) },
  "POST /situation-reports": { noId: "a report is the author's own, of no zone or org" },

  // 三进三同 stays (issue 18): logged by cadres and secretaries with a household of their zone; read by reach; the cadre's own to delete
  "GET /stays/:id": { make: async (w, s) => ({ params: id(await stayIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 200, 404) },
  "POST /stays/:id/delete": { make: async (w, s) => ({ params: id(await stayIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 303, 404) },
  // session 4: only the cadre edits their stay (nobody else, whatever their reach)
  "GET /stays/:id/edit": { make: async (w, s) => ({ params: id(await stayIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 200, 404) },
  "POST /stays/:id": {
    make: async (w, s) => {
      const stay = await w.t.db.stay.findUniqueOrThrow({ where: { id: await stayIn(w, B(w, s)) } });
      return { params: id(stay.id), body: { residentId: String(stay.residentId), fromOn: "2026-11-11", toOn: "2026-11-11", live: "1", diary: "修改" } };
    },
    a: r(404, 404, 404, 404, 404, 303, 404),
  },
  "POST /stays": {
    make: async (w, s) => ({ body: { residentId: String(await residentIn(w, B(w, s))), fromOn: "2026-11-17", toOn: "2026-11-17", eat: "1", diary: "民情" } }),
    a: r(403, 403, 403, 403, 303, 303, 403),
    b: r(403, 403, 403, 403, 422, 422, 403),
  },
  // writings (issue 18): anyone's own; read (and the attachment downloaded) by reach; the author's own to delete
  "GET /writings/:id": { make: async (w, s) => ({ params: id(await writingIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 404, 200) },
  "GET /writings/:id/attachment": { make: async (w, s) => ({ params: id(await writingIn(w, B(w, s))) }), a: r(200, 200, 200, 200, 200, 404, 200) },
  "POST /writings/:id/delete": { make: async (w, s) => ({ params: id(await writingIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 404, 303) },
  // session 4: only the author edits their writing
  "GET /writings/:id/edit": { make: async (w, s) => ({ params: id(await writingIn(w, B(w, s))) }), a: r(404, 404, 404, 404, 404, 404, 200) },
  "POST /writings/:id": { make: async (w, s) => ({ params: id(await writingIn(w, B(w, s))), body: { kind: "DIARY", writtenOn: "2026-11-12", title: "修改的日记" } }), a: r(404, 404, 404, 404, 404, 404, 303) },
  "POST /writings": { noId: "a writing is the author's own, of no zone or org (multipart: tests/routes/writings.test.ts)" },

  // 年终备查: a member's year; signing off is the branch secretary's
  "GET /years/:year/members/:id": { make: async (w, s) => ({ params: { year: "2026", id: String(B(w, s).cadre) } }), a: r(200, 200, 200, 200, 200, 200, 404) },
  "GET /years/:year/members/:id/print": { make: async (w, s) => ({ params: { year: "2026", id: String(B(w, s).cadre) } }), a: r(200, 200, 200, 200, 200, 200, 404) },
  "GET /years/:year/zones/:id": { make: async (w, s) => ({ params: { year: "2026", id: String(B(w, s).zoneId) } }), a: r(200, 200, 200, 200, 200, 403, 403) },
  "GET /years/:year/zones/:id/print": { make: async (w, s) => ({ params: { year: "2026", id: String(B(w, s).zoneId) } }), a: r(200, 200, 200, 200, 200, 403, 403) },
  "POST /review/:year/members/:id": {
    make: async (w, s) => ({ params: { year: "2026", id: String(await memberIn(w, B(w, s))) }, body: { decision: "REVIEWED", comment: "已查阅" } }),
    a: r(403, 403, 403, 403, 303, 403, 403),
    b: r(403, 404, 403, 403, 404, 403, 403),
  },
  // a batch skips whoever is not the secretary's, like an unknown id (303, nothing written)
  "POST /review/:year/batch": {
    make: async (w, s) => ({ params: { year: "2026" }, body: { memberIds: String(await memberIn(w, B(w, s))) } }),
    a: r(403, 403, 403, 403, 303, 403, 403),
    b: r(403, 403, 403, 403, 303, 403, 403),
  },
  // year-end per branch (2025: a closing must not lock the 2026 records other cells write)
  "GET /review/:year/closure": { make: async (w, s) => ({ params: { year: "2025" }, query: `org=${B(w, s).id}` }), a: r(200, 200, 200, 200, 200, 403, 403) },
  "POST /review/:year/closure": {
    make: async (w, s) => ({ params: { year: String(await openYear(w, B(w, s))) }, body: { orgId: String(B(w, s).id) } }),
    a: r(303, 303, 403, 403, 303, 403, 403),
    b: r(303, 404, 403, 404, 404, 403, 403), // out of reach is 404 before the role's refusal: the branch is named
  },
  "POST /review/:year/closure/delete": {
    make: async (w, s) => ({ params: { year: String(await closedYear(w, B(w, s))) }, body: { orgId: String(B(w, s).id), reason: "补录记录" } }),
    a: r(303, 303, 403, 403, 303, 403, 403),
    b: r(303, 404, 403, 404, 404, 403, 403),
  },
  "GET /review/:year/branches": { make: async (w, s) => ({ params: { year: "2025" }, query: `org=${w.township(s).id}` }), a: r(200, 200, 200, 200, 403, 403, 403) },
  "POST /review/:year/branches/:orgId/return": {
    make: async (w, s) => ({ params: { year: String(await closedYear(w, B(w, s))), orgId: String(B(w, s).id) }, body: { reason: "谈心记录不全，请补充" } }),
    a: r(303, 303, 303, 303, 403, 403, 403),
    b: r(303, 404, 303, 404, 404, 403, 403),
  },
  "GET /years/:year/orgs/:code/print": { make: async (w, s) => ({ params: { year: "2026", code: B(w, s).code } }), a: r(200, 200, 200, 200, 200, 403, 403) },

  // 三维考核 (runs at the county: REVIEWER/ADMIN grants at the root; settings need ADMIN above the unit)
  "POST /reports/assessment/finalize": { noId: "the whole county's assessment of a year (root grants only: tests/assessment)" },
  "POST /assessment/settings/indicators": { noId: "the county's indicators (root admin only: tests/assessment)" },
  "POST /assessment/settings/weights": { noId: "the county's weights (root admin only: tests/assessment)" },
  "POST /assessment/settings/population": {
    make: async (w, s) => ({ body: { year: "2026", org: w.township(s).code, population: "1000" } }),
    a: r(303, 403, 403, 403, 403, 403, 403),
  },
  "POST /assessment/ballots": {
    make: async (w, s) => ({ body: { year: "2026", org: w.township(s).code, level: "UPPER", grade: "EXCELLENT", count: "1" } }),
    a: r(303, 403, 303, 403, 403, 403, 403),
  },
  // 2025: the 2026 sample is the answers' (a unit with answers is not drawn again)
  "POST /assessment/survey/draw": {
    make: async (w, s) => ({ body: { year: "2025", org: (await surveyUnit(w, s)).code, seed: "42" } }),
    a: r(303, 403, 303, 403, 403, 403, 403),
  },
  "GET /assessment/survey/:code": { make: async (w, s) => ({ params: { code: w.township(s).code }, query: "year=2026" }), a: r(200, 403, 200, 403, 403, 403, 403) },
  "POST /assessment/survey/:code/answers": {
    make: async (w, s) => {
      const { unit, respondentNo } = await openRespondent(w, s);
      const answers = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`q${i + 1}`, "SATISFIED"]));
      return { params: { code: unit.code }, body: { year: "2026", respondentNo, method: "PHONE", ...answers } };
    },
    a: r(303, 403, 303, 403, 403, 403, 403),
  },

  // export jobs: a job is its starter's only (authz-county.test.ts starts one as the county's reviewer)
  "GET /exports/:id": { leftOut: "export jobs are checked in their own test below (a job per org is rebuilt by y12-byorg)" },
  "GET /exports/:id/status": { leftOut: "export jobs are checked in their own test below" },
  "GET /exports/:id/download": { leftOut: "export jobs are checked in their own test below" },
  "POST /exports": { make: async (w, s) => ({ body: { year: "2026", org: B(w, s).code } }), a: r(303, 303, 303, 303, 303, 403, 403) },

  // the admin's desk: accounts and zones of the admin's subtree
  "GET /admin/accounts/:id": { make: async (w, s) => ({ params: id(B(w, s).member) }), a: admins(200) },
  "GET /admin/accounts/:id/edit": { make: async (w, s) => ({ params: id(B(w, s).member) }), a: admins(200) },
  "POST /admin/accounts/:id": { make: async (w, s) => ({ params: id(await memberIn(w, B(w, s))), body: { name: "改名", registeredOn: "2020-01-01" } }), a: admins(303) },
  "POST /admin/accounts/:id/role": { make: async (w, s) => ({ params: id(await memberIn(w, B(w, s))), body: { role: "CADRE", cadreLevel: "GENERAL", fromOn: "2026-11-18" } }), a: admins(303) },
  "POST /admin/accounts/:id/assign/:kind": {
    make: async (w, s) => ({ params: { id: String(await memberIn(w, B(w, s))), kind: "zone" }, body: { targetId: String(B(w, s).zoneId), fromOn: "2026-11-18" } }),
    a: admins(303),
  },
  "POST /admin/accounts/:id/assign/:kind/cancel": {
    make: async (w, s) => {
      const m = await memberIn(w, B(w, s));
      await w.t.db.zoneAssignment.create({ data: { memberId: m, zoneId: B(w, s).zoneId, fromOn: "2027-01-01" } });
      return { params: { id: String(m), kind: "zone" } };
    },
    a: admins(303),
  },
  "POST /admin/accounts/:id/deactivate": { make: async (w, s) => ({ params: id(await memberIn(w, B(w, s))), body: { lastOn: "2026-11-18" } }), a: admins(303) },
  "POST /admin/accounts/:id/reactivate": {
    make: async (w, s) => {
      const m = await memberIn(w, B(w, s));
      await w.t.db.member.update({ where: { id: m }, data: { active: false, deactivatedOn: "2026-11-01" } });
      return { params: id(m) };
    },
    a: admins(303),
  },
  "POST /admin/accounts/:id/grants": { make: async (w, s) => ({ params: id(await memberIn(w, B(w, s))), body: { orgCode: B(w, s).code, role: "REVIEWER" } }), a: admins(303) },
  "POST /admin/accounts/:id/grants/delete": {
    make: async (w, s) => {
      const m = await memberIn(w, B(w, s));
      await w.t.db.grant.create({ data: { memberId: m, orgId: B(w, s).id, role: "REVIEWER" } });
      return { params: id(m), body: { orgCode: B(w, s).code, role: "REVIEWER" } };
    },
    a: admins(303),
  },
  "POST /admin/accounts/:id/password": { make: async (w, s) => ({ params: id(await memberIn(w, B(w, s))) }), a: admins(200) },
  "POST /admin/accounts": {
    make: async (w, s) => ({ body: { username: `zh${seq()}`, name: "新账号", role: "MEMBER", registeredOn: "2026-11-18", zoneId: String(B(w, s).zoneId) } }),
    a: admins(201),
    b: r(201, 422, 403, 403, 403, 403, 403),
  },
  "GET /admin/zones/:id": { make: async (w, s) => ({ params: id(B(w, s).zoneId) }), a: admins(200) },
  "GET /admin/zones/:id/edit": { make: async (w, s) => ({ params: id(B(w, s).zoneId) }), a: admins(200) },
  "POST /admin/zones/:id": { make: async (w, s) => ({ params: id(await zoneIn(w, B(w, s))), body: { name: `改名${seq()}`, establishedOn: "2020-01-01" } }), a: admins(303) },
  "POST /admin/zones/:id/retire": { make: async (w, s) => ({ params: id(await zoneIn(w, B(w, s))), body: { retiredOn: "2026-11-18" } }), a: admins(303) },
  "POST /admin/zones": {
    make: async (w, s) => ({ body: { name: `责任区${seq()}`, establishedOn: "2026-01-01", branchId: String(B(w, s).id), leaderId: String(B(w, s).cadre) } }),
    a: admins(303),
    b: r(303, 422, 403, 403, 403, 403, 403),
  },
  "POST /admin/zones/move": {
    make: async (w, s) => ({ body: { memberIds: [String(await memberIn(w, B(w, s)))], zoneId: String(B(w, s).zoneId), fromOn: "2026-11-18" } }),
    a: admins(303),
    b: r(303, 422, 403, 403, 403, 403, 403),
  },

  // orgs, transfers, rules: an ADMIN grant over the org
  "GET /admin/orgs/:id": { make: async (w, s) => ({ params: id(B(w, s).id) }), a: admins(200) },
  "POST /admin/orgs/:id": { make: async (w, s) => ({ params: id(await orgUnder(w, s)), body: { name: `改名支部${seq()}` } }), a: admins(303) },
  "POST /admin/orgs/:id/move": { make: async (w, s) => ({ params: id(await orgUnder(w, s)), body: { parentId: String(w.township(s).id) } }), a: admins(303) },
  "POST /admin/orgs/:id/dissolve": { make: async (w, s) => ({ params: id(await orgUnder(w, s)), body: { dissolvedOn: "2026-11-18", reason: "合并" } }), a: admins(303) },
  "POST /admin/orgs": {
    make: async (w, s) => ({ body: { code: `XZ${s}N${seq()}`, name: `新建支部${seq()}`, kind: "BRANCH", parentId: String(w.township(s).id), setUpOn: "2026-01-01" } }),
    a: admins(303),
    b: r(303, 422, 403, 403, 403, 403, 403),
  },
  // a login name out of the admin's reach reads like an unknown one (422 on the form)
  "POST /admin/transfers": {
    make: async (w, s) => ({ body: { username: (await accountIn(w, B(w, s))).username, orgId: String(s === "A" ? w.c.branches.a2.id : w.c.branches.b2.id), on: "2026-11-18" } }),
    a: admins(303),
    b: r(303, 422, 403, 403, 403, 403, 403),
  },
  // 驻村 (issue 18 item 3): an admin over the cadre's branch or the village; a login name out of reach reads like an unknown one
  "POST /admin/stationings": {
    make: async (w, s) => ({ body: { username: (await accountIn(w, B(w, s))).username, orgId: String(sibling(w, s).id), fromOn: "2026-11-01", post: "CLERK", kind: "VILLAGE_CADRE" } }),
    a: admins(303),
    b: r(303, 422, 403, 403, 403, 403, 403),
  },
  "POST /admin/stationings/:id/end": { make: async (w, s) => ({ params: id(await stationingIn(w, s)), body: { toOn: "2026-11-17" } }), a: admins(303) },
  // a village's stationed cadres: overseers in reach
  "GET /villages/:id": { make: async (w, s) => ({ params: id(B(w, s).id) }), a: r(200, 200, 200, 200, 200, 403, 403) },
  // 三项教育 (issue 18 item 4): sessions of orgs in reach or attended; recorded by the branch's secretary or an admin over the org
  "GET /training/:id": { make: async (w, s) => ({ params: id(await sessionIn(w, s)) }), a: r(200, 200, 200, 200, 200, 200, 404) },
  // session 4: a session's attendees, by who may organize its org (403 to who organizes nothing, whatever the id)
  "GET /training/:id/attendees": { make: async (w, s) => ({ params: id(await sessionIn(w, s)) }), a: r(200, 200, 403, 403, 200, 403, 403) },
  "POST /training/:id/attendees": {
    make: async (w, s) => ({ params: id(await sessionIn(w, s)), body: { attendees: await usernameOf(w, B(w, s).member) } }),
    a: r(303, 303, 403, 403, 303, 403, 403),
  },
  "POST /training/:id/attendees/:memberId/delete": {
    make: async (w, s) => ({ params: { id: String(await sessionIn(w, s)), memberId: String(B(w, s).cadre) } }),
    a: r(303, 303, 403, 403, 303, 403, 403),
  },
  "POST /training": {
    make: async (w, s) => ({ body: { heldOn: "2026-11-17", level: "TOWNSHIP", topic: `培训${seq()}`, orgId: String(B(w, s).id), attendees: await usernameOf(w, B(w, s).cadre) } }),
    a: r(303, 303, 403, 403, 303, 403, 403),
    b: r(303, 422, 403, 403, 422, 403, 403),
  },

  "POST /admin/rules/:id/cancel": {
    make: async (w, s) => ({ params: id((await w.t.db.ruleSetting.create({ data: { rule: "YEAR_TALKS", value: 12, effectiveFrom: "2027-01-01", orgId: B(w, s).id } })).id) }),
    a: admins(303),
  },
  "POST /admin/rules": {
    make: async (w, s) => ({ body: { rule: "YEAR_TALKS", value: "10", effectiveFrom: "2026-12-01", orgId: String(B(w, s).id) } }),
    a: admins(303),
  },

  // system-wide (lines, departments, imports): the root's admin only
  "GET /admin/units/:kind/:id": { make: async (w) => ({ params: { kind: "line", id: String(w.line) } }), a: rootOnly(200) },
  "POST /admin/units/:kind/:id": { make: async (w) => ({ params: { kind: "line", id: String((await w.t.db.line.create({ data: { name: `线路${seq()}` } })).id) }, body: { name: `改名线路${seq()}` } }), a: rootOnly(303) },
  "POST /admin/units/:kind/:id/retire": { make: async (w) => ({ params: { kind: "line", id: String((await w.t.db.line.create({ data: { name: `线路${seq()}` } })).id) }, body: { retiredOn: "2026-11-18" } }), a: rootOnly(303) },
  "POST /admin/units/:kind/:id/link": {
    make: async (w, s) => ({ params: { kind: "line", id: String((await w.t.db.line.create({ data: { name: `线路${seq()}` } })).id) }, body: { memberIds: [String(B(w, s).cadre)], fromOn: "2026-11-18" } }),
    a: rootOnly(303),
  },
  "POST /admin/units": { noId: "lines and departments are system-wide (root admin only)" },
  "GET /admin/imports/templates/:kind": { make: async () => ({ params: { kind: "talks" } }), a: rootOnly(200) },
  "POST /admin/imports": { noId: "an upload (multipart): rows name orgs by code; tests/admin/imports*.test.ts" },
  "POST /admin/imports/confirm": { noId: "the pending import is the session's own (an id of another session is refused: tests/admin)" },
  "POST /admin/imports/cancel": { noId: "the session's own pending import" },

  // no record or org id
  "POST /login": { noId: "public" },
  "POST /logout": { noId: "public" },
  "POST /account/password": { noId: "the actor's own account" },
};
