/**
 * The expected answer of every route, per role: [member, cadre, secretary, admin], for the
 * actor's own record ("own") and another person's ("other", owned by qita, a cadre of zone B),
 * or for no record at all ("all"). `anon` is the answer to a visitor without a session: 303 to
 * /login for a page, 401 for a POST. A route without an entry here fails the matrix.
 *
 * Rules encoded (DOMAIN.md "Who uses it", ARCHITECTURE.md authorization layers): reading is
 * cumulative upward (secretary and admin read everyone's records, others get 404); nobody writes
 * another person's record (404, or 403 where the record is readable); zone records are for the
 * zone's members, the secretary and the admin; line visits are logged by cadres and the
 * secretary; reports and overdue lists are for the secretary and the admin.
 */
import { DEFAULT_BRANCH_CODE } from "../../../src/domain/baseline.ts";
import { residentIn, talkOf, visitOf, meetingOf, requestOf, zoneOf, type Person, type World } from "./world.ts";

export type Row = readonly [member: number, cadre: number, secretary: number, admin: number];

export interface Cell {
  params?: Record<string, string>;
  body?: Record<string, string | string[]>;
  query?: string;
}

export interface Entry {
  /** The answer without a session. */
  anon: number;
  /** No record involved: one answer per role. */
  all?: Row;
  /** The actor's own record (or own zone) and another person's (zone B). */
  own?: Row;
  other?: Row;
  /** Builds the record and body a cell needs, owned by `owner`. */
  cell?: (w: World, owner: Person) => Promise<Cell>;
  /** The request ends the session (logout): each cell logs in afresh. */
  endsSession?: boolean;
}

const every = (s: number): Row => [s, s, s, s];
/** A training session of the branch attended by `memberId`. */
const sessionWith = async (w: World, memberId: number) =>
  (await w.t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: "群众工作", orgId: w.t.branchId, attendees: { create: [{ memberId }] } } })).id;

const talkBody = () => ({ occurredOn: "2026-11-17", counterpartKind: "RESIDENT", counterpartName: "群众甲", reason: "ROUTINE", content: "谈心" });
const visitBody = (w: World) => ({ visitedOn: "2026-11-17", visitedTime: "09:30", target: `line:${w.line}`, purpose: "走访" });
// A new name each time: a second resident of the same name in a zone asks for confirmation (422), which is not what this matrix is about.
let residentSeq = 0;
const residentBody = (zoneId: number) => ({ zoneId: String(zoneId), name: `新住户${++residentSeq}`, phone: "13900139000", address: "某街 2 号" });
const requestBody = (zoneId: number) => ({ source: "WALK_IN", zoneId: String(zoneId), residentName: "住户甲", raisedOn: "2026-11-17", content: "路灯坏了" });
const meetingBody = (zoneId: number, hostId: number) => ({ kind: "FORUM", zoneId: String(zoneId), heldOn: "2026-11-17", hostId: String(hostId), residentCount: "3", topics: "议题" });
const handleBody = { status: "IN_PROGRESS", handling: "已联系" };

const id = (n: number) => ({ id: String(n) });

// The admin's desk (issue 4): fresh rows per cell, so a cell may change or retire them.
let adminSeq = 0;
const uniq = (s: string) => `${s}${++adminSeq}`;
const freshMember = async (w: World, role: "MEMBER" | "CADRE" = "MEMBER") => (await w.t.member({ username: uniq("xin"), name: "新同志", role, registeredOn: "2020-01-01" })).id;
const freshZone = async (w: World) => (await w.t.db.zone.create({ data: { branchId: w.t.branchId, name: uniq("新责任区"), establishedOn: "2020-01-01" } })).id;
const freshLine = async (w: World) => (await w.t.db.line.create({ data: { name: uniq("新线路") } })).id;
const admin = (ok: number): Row => [403, 403, 403, ok];

// Work with the masses (issue 5): fresh rows per cell.
const pairingOf = async (w: World, p: Person) =>
  (await w.t.db.pairing.create({ data: { cadreId: p.id, residentId: await residentIn(w, zoneOf(w, p)), startedOn: "2026-03-01" } })).id;
const activistIn = async (w: World, zoneId: number) => (await w.t.db.activist.create({ data: { zoneId, name: "积极分子", sinceOn: "2026-01-01" } })).id;
const situationOf = async (w: World, p: Person) =>
  (await w.t.db.situationReport.create({ data: { authorId: p.id, reportedOn: "2026-11-10", kind: "NEW_SITUATION", content: "新情况" } })).id;

// 三进三同 and writings (issue 18): fresh rows per cell.
const stayOf = async (w: World, p: Person) =>
  (await w.t.db.stay.create({ data: { cadreId: p.id, residentId: await residentIn(w, zoneOf(w, p)), fromOn: "2026-11-10", toOn: "2026-11-10", live: true } })).id;
/** The edit of stay `stayId`: its own household, new days and ways. */
const stayEdit = async (w: World, stayId: number) => {
  const { residentId } = await w.t.db.stay.findUniqueOrThrow({ where: { id: stayId } });
  return { params: id(stayId), body: { residentId: String(residentId), fromOn: "2026-11-11", toOn: "2026-11-12", work: "1", diary: "修改" } };
};
const writingOf = async (w: World, p: Person) =>
  (await w.t.db.writing.create({ data: { authorId: p.id, writtenOn: "2026-11-10", kind: "DIARY", title: "民情日记", attachmentName: "a.txt", attachmentType: "text/plain", attachmentSize: 2, attachment: new Uint8Array([104, 105]) } })).id;

export const expectations: Record<string, Entry> = {
  // public
  "GET /healthz": { anon: 200, all: every(200) },
  "GET /login": { anon: 200, all: every(303) },
  "POST /login": { anon: 401, all: every(401) },
  "POST /logout": { anon: 303, all: every(303), endsSession: true },

  // own pages
  "GET /": { anon: 303, all: every(200) },
  "GET /account/password": { anon: 303, all: every(200) },
  "POST /account/password": { anon: 401, all: every(422) },
  "GET /records": { anon: 303, all: every(200) },
  "GET /records/export.csv": { anon: 303, all: every(200) },
  "GET /counterparts": { anon: 303, all: every(200) },

  // talks: everyone logs their own; secretary and admin read all; nobody writes another's
  "GET /talks/new": { anon: 303, all: every(200) },
  "POST /talks": { anon: 401, all: every(303), cell: async () => ({ body: talkBody() }) },
  "GET /talks/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await talkOf(w, p)) }) },
  "GET /talks/:id/edit": { anon: 303, own: every(200), other: every(404), cell: async (w, p) => ({ params: id(await talkOf(w, p)) }) },
  "POST /talks/:id": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await talkOf(w, p)), body: talkBody() }) },
  "POST /talks/:id/delete": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await talkOf(w, p)) }) },

  // line visits: cadres and the secretary log them
  "GET /visits/new": { anon: 303, all: [403, 200, 200, 403] },
  "POST /visits": { anon: 401, all: [403, 303, 303, 403], cell: async (w) => ({ body: visitBody(w) }) },
  "GET /visits/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await visitOf(w, p)) }) },
  "GET /visits/:id/edit": { anon: 303, own: every(200), other: every(404), cell: async (w, p) => ({ params: id(await visitOf(w, p)) }) },
  "POST /visits/:id": { anon: 401, own: [403, 303, 303, 403], other: [403, 404, 404, 403], cell: async (w, p) => ({ params: id(await visitOf(w, p)), body: visitBody(w) }) },
  "POST /visits/:id/delete": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await visitOf(w, p)) }) },

  // 三进三同 stays (issue 18): cadres and the secretary log them with a household of their zone
  "GET /stays": { anon: 303, all: every(200) },
  "GET /stays/new": { anon: 303, all: [403, 200, 200, 403] },
  "POST /stays": { anon: 401, all: [403, 303, 303, 403], cell: async (w, p) => ({ body: { residentId: String(await residentIn(w, zoneOf(w, p))), fromOn: "2026-11-17", toOn: "2026-11-17", work: "1" } }) },
  "GET /stays/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await stayOf(w, p)) }) },
  "POST /stays/:id/delete": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await stayOf(w, p)) }) },
  // session 4: the cadre edits their own stay (the household it names stays allowed); anyone else's: 404
  "GET /stays/:id/edit": { anon: 303, own: every(200), other: every(404), cell: async (w, p) => ({ params: id(await stayOf(w, p)) }) },
  "POST /stays/:id": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => stayEdit(w, await stayOf(w, p)) },
  // writings (issue 18): every member's own (not the operator's account)
  "GET /writings": { anon: 303, all: every(200) },
  "GET /writings/new": { anon: 303, all: [200, 200, 200, 403] },
  "POST /writings": { anon: 401, all: [303, 303, 303, 403], cell: async () => ({ body: { kind: "DIARY", writtenOn: "2026-11-17", title: "民情日记" } }) },
  "GET /writings/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await writingOf(w, p)) }) },
  "GET /writings/:id/attachment": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await writingOf(w, p)) }) },
  "POST /writings/:id/delete": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await writingOf(w, p)) }) },
  // session 4: the author edits their own writing (multipart or a plain form); anyone else's: 404
  "GET /writings/:id/edit": { anon: 303, own: every(200), other: every(404), cell: async (w, p) => ({ params: id(await writingOf(w, p)) }) },
  "POST /writings/:id": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await writingOf(w, p)), body: { kind: "SURVEY_REPORT", writtenOn: "2026-11-12", title: "调研报告" } }) },
  "GET /reports/rollup/records": { anon: 303, all: [403, 403, 200, 200], cell: async () => ({ query: `figure=stays&year=2026&org=${DEFAULT_BRANCH_CODE}` }) },

  // reports
  "GET /reports/rollup": { anon: 303, all: [403, 403, 200, 200] },
  // 三维考核 (issue 13): reviewers and admins at the county; this branch has no assessed unit, so
  // a unit code answers 404 and a ballot for it 422 (tests/assessment/routes.test.ts has a county).
  "GET /reports/assessment": { anon: 303, all: admin(200) },
  "POST /reports/assessment/finalize": { anon: 401, all: admin(303), cell: async () => ({ body: { year: "2026" } }) },
  "GET /assessment/ballots": { anon: 303, all: admin(200) },
  "POST /assessment/ballots": { anon: 401, all: admin(422), cell: async () => ({ body: { year: "2026", org: "NOPE", level: "UPPER", grade: "EXCELLENT", count: "1" } }) },
  "GET /assessment/survey": { anon: 303, all: admin(200) },
  "POST /assessment/survey/draw": { anon: 401, all: admin(422), cell: async () => ({ body: { year: "2026", org: "NOPE", seed: "1" } }) },
  "GET /assessment/survey/:code": { anon: 303, all: admin(404), cell: async () => ({ params: { code: "NOPE" } }) },
  "POST /assessment/survey/:code/answers": { anon: 401, all: admin(404), cell: async () => ({ params: { code: "NOPE" }, body: { year: "2026", respondentNo: "1", method: "PHONE" } }) },
  "GET /assessment/settings": { anon: 303, all: admin(200) },
  "POST /assessment/settings/population": { anon: 401, all: admin(404), cell: async () => ({ body: { year: "2026", org: "NOPE", population: "100" } }) },
  "POST /assessment/settings/indicators": { anon: 401, all: admin(303), cell: async () => ({ body: { year: "2026", fromYear: "2026", names: "收入、医疗" } }) },
  "POST /assessment/settings/weights": { anon: 401, all: admin(303), cell: async () => ({ body: { year: "2026", effectiveFrom: "2026-01-01", performance: "0.5", rating: "0.25", survey: "0.25" } }) },
  "GET /reports/compliance": { anon: 303, all: [403, 403, 200, 200] },
  // the county dashboard: REVIEWER and ADMIN grants only (the admin here holds the county's)
  "GET /desk": { anon: 303, all: [403, 403, 403, 200] },
  "GET /desk/print": { anon: 303, all: [403, 403, 403, 200] },

  // zones: own zone for its members; every zone for the secretary and admin
  "GET /zones": { anon: 303, all: every(200) },
  "GET /zones/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(zoneOf(w, p)) }) },
  "GET /zones/:id/card": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(zoneOf(w, p)) }) },

  // residents: own zone's residents (full data), others' masked
  "GET /residents": { anon: 303, all: every(200) },
  "GET /residents/export.csv": { anon: 303, all: every(200) },
  "GET /residents/new": { anon: 303, all: every(200) },
  "POST /residents": { anon: 401, own: every(303), other: [422, 422, 303, 303], cell: async (w, p) => ({ body: residentBody(zoneOf(w, p)) }) },
  "GET /residents/:id": { anon: 303, own: every(200), other: every(200), cell: async (w, p) => ({ params: id(await residentIn(w, zoneOf(w, p))) }) },
  "POST /residents/:id/reveal": { anon: 401, own: every(200), other: [403, 403, 200, 200], cell: async (w, p) => ({ params: id(await residentIn(w, zoneOf(w, p))) }) },
  "GET /residents/:id/edit": { anon: 303, own: every(200), other: [403, 403, 200, 200], cell: async (w, p) => ({ params: id(await residentIn(w, zoneOf(w, p))) }) },
  "POST /residents/:id": {
    anon: 401,
    own: every(303),
    other: [403, 403, 303, 303],
    cell: async (w, p) => ({ params: id(await residentIn(w, zoneOf(w, p))), body: residentBody(zoneOf(w, p)) }),
  },
  "POST /residents/:id/delete": { anon: 401, own: [403, 403, 303, 303], other: [403, 403, 303, 303], cell: async (w, p) => ({ params: id(await residentIn(w, zoneOf(w, p))) }) },

  // meetings: recorded for one's own zone; read within reach; deleted by the recorder
  "GET /meetings": { anon: 303, all: every(200) },
  "GET /meetings/export.csv": { anon: 303, all: every(200) },
  "GET /meetings/new": { anon: 303, all: every(200) },
  "POST /meetings": { anon: 401, own: every(303), other: [422, 422, 303, 303], cell: async (w, p) => ({ body: meetingBody(zoneOf(w, p), p.id) }) },
  "GET /meetings/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await meetingOf(w, p)) }) },
  "POST /meetings/:id/delete": { anon: 401, own: every(303), other: every(404), cell: async (w, p) => ({ params: id(await meetingOf(w, p)) }) },

  // requests: raised in one's own zone; handled by the owner only
  "GET /requests": { anon: 303, all: every(200) },
  "GET /requests/export.csv": { anon: 303, all: every(200) },
  "GET /requests/overdue": { anon: 303, all: [403, 403, 200, 200] },
  "GET /requests/new": { anon: 303, all: every(200) },
  "POST /requests": { anon: 401, own: every(303), other: [422, 422, 303, 303], cell: async (w, p) => ({ body: requestBody(zoneOf(w, p)) }) },
  "GET /requests/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await requestOf(w, p)) }) },
  "POST /requests/:id/handle": { anon: 401, own: every(303), other: [404, 404, 403, 403], cell: async (w, p) => ({ params: id(await requestOf(w, p)), body: handleBody }) },

  // 年终备查 (issue 3): the secretary and the admin read the overview and every year; a member
  // reads their own year; only the secretary signs off, closes and reopens. 2025 is over on
  // 2026-11-18, so it can be closed; each closing cell first reopens it (and vice versa).
  "GET /vendor/chart.umd.min.js": { anon: 200, all: every(200) },
  // Offline capture (issue 14): static files and a page rendered from the phone's own storage;
  // the token for sending the outbox needs a login (401 JSON without one, never a redirect).
  "GET /vendor/idb.umd.js": { anon: 200, all: every(200) },
  "GET /sw.js": { anon: 404, all: every(404) }, // not built in these tests (PWA_DIR absent)
  "GET /outbox": { anon: 200, all: every(200) },
  "GET /outbox/token": { anon: 401, all: every(200) },
  "GET /review": { anon: 303, all: [403, 403, 200, 200] },
  "GET /review/reminders": { anon: 303, all: [403, 403, 200, 200] },
  "POST /review/:year/members/:id": {
    anon: 401,
    own: [403, 403, 422, 404], // nobody signs off their own year (the admin signs off the secretary's); an admin's year is not subject to the rules
    other: [403, 403, 303, 403],
    cell: async (_w, p) => ({ params: { year: "2026", id: String(p.id) }, body: { decision: "REVIEWED", comment: "已查阅" } }),
  },
  "POST /review/:year/batch": {
    anon: 401,
    all: [403, 403, 303, 403],
    cell: async (_w, p) => ({ params: { year: "2026" }, body: { memberIds: String(p.id) } }),
  },
  "GET /review/:year/closure": { anon: 303, all: [403, 403, 200, 200], cell: async () => ({ params: { year: "2025" } }) },
  "POST /review/:year/closure": {
    anon: 401,
    all: [403, 403, 303, 403],
    cell: async (w) => {
      await w.t.db.yearClosure.deleteMany({ where: { year: 2025 } });
      return { params: { year: "2025" } };
    },
  },
  "POST /review/:year/closure/delete": {
    anon: 401,
    all: [403, 403, 303, 403],
    cell: async (w) => {
      const closedById = w.people.secretary.id;
      await w.t.db.yearClosure.upsert({ where: { orgId_year: { orgId: w.t.branchId, year: 2025 } }, create: { orgId: w.t.branchId, year: 2025, closedAt: new Date(), closedById }, update: {} });
      return { params: { year: "2025" }, body: { reason: "补充十二月的走访记录" } };
    },
  },
  "GET /review/:year/branches": { anon: 303, all: [403, 403, 403, 200], cell: async () => ({ params: { year: "2025" } }) },
  "POST /review/:year/branches/:orgId/return": {
    anon: 401,
    all: [403, 403, 403, 303],
    cell: async (w) => {
      const closedById = w.people.secretary.id;
      await w.t.db.yearClosure.upsert({ where: { orgId_year: { orgId: w.t.branchId, year: 2025 } }, create: { orgId: w.t.branchId, year: 2025, closedAt: new Date(), closedById }, update: {} });
      return { params: { year: "2025", orgId: String(w.t.branchId) }, body: { reason: "请补充十二月的走访记录" } };
    },
  },
  "GET /years/:year/members/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (_w, p) => ({ params: { year: "2026", id: String(p.id) } }) },
  "GET /years/:year/members/:id/print": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (_w, p) => ({ params: { year: "2026", id: String(p.id) } }) },
  "GET /years/:year/zones/:id": { anon: 303, own: [403, 403, 200, 200], other: [403, 403, 200, 200], cell: async (w, p) => ({ params: { year: "2026", id: String(zoneOf(w, p)) } }) },
  "GET /years/:year/zones/:id/print": { anon: 303, own: [403, 403, 200, 200], other: [403, 403, 200, 200], cell: async (w, p) => ({ params: { year: "2026", id: String(zoneOf(w, p)) } }) },
  "GET /years/:year/orgs/:code/print": { anon: 303, all: [403, 403, 200, 200], cell: async () => ({ params: { year: "2026", code: DEFAULT_BRANCH_CODE } }) },
  "POST /exports": { anon: 401, all: [403, 403, 303, 303], cell: async () => ({ body: { year: "2026", asOf: "2026-11-18" } }) },
  // an export job is its starter's only: an unknown (or another person's) job is not found
  "GET /exports/:id": { anon: 303, all: [403, 403, 404, 404], cell: async () => ({ params: { id: "00000000-0000-4000-8000-000000000000" } }) },
  "GET /exports/:id/status": { anon: 303, all: [403, 403, 404, 404], cell: async () => ({ params: { id: "00000000-0000-4000-8000-000000000000" } }) },
  "GET /exports/:id/download": { anon: 303, all: [403, 403, 404, 404], cell: async () => ({ params: { id: "00000000-0000-4000-8000-000000000000" } }) },
  // 管理 (issue 4): the admin's desk, every route admin only (403 to everyone else)
  "GET /admin": { anon: 303, all: admin(200) },
  "GET /admin/accounts": { anon: 303, all: admin(200) },
  "GET /admin/accounts/new": { anon: 303, all: admin(200) },
  "POST /admin/accounts": { anon: 401, all: admin(201), cell: async () => ({ body: { username: uniq("zhanghao"), name: "新账号", role: "MEMBER", registeredOn: "2026-11-18" } }) },
  "GET /admin/accounts/:id": { anon: 303, all: admin(200), cell: async (w) => ({ params: id(w.people.member.id) }) },
  "GET /admin/accounts/:id/edit": { anon: 303, all: admin(200), cell: async (w) => ({ params: id(w.people.member.id) }) },
  "POST /admin/accounts/:id": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshMember(w)), body: { name: "改名", registeredOn: "2020-01-01" } }) },
  "POST /admin/accounts/:id/role": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshMember(w)), body: { role: "CADRE", cadreLevel: "GENERAL", fromOn: "2026-11-18" } }) },
  "POST /admin/accounts/:id/assign/:kind": {
    anon: 401,
    all: admin(303),
    cell: async (w) => ({ params: { id: String(await freshMember(w)), kind: "zone" }, body: { targetId: String(w.zoneB), fromOn: "2026-11-18" } }),
  },
  "POST /admin/accounts/:id/assign/:kind/cancel": {
    anon: 401,
    all: admin(303),
    cell: async (w) => {
      const member = await freshMember(w);
      const zone = await w.t.db.zone.findFirstOrThrow();
      await w.t.db.zoneAssignment.create({ data: { memberId: member, zoneId: zone.id, fromOn: "2027-01-01" } }); // a move not yet in effect
      return { params: { id: String(member), kind: "zone" } };
    },
  },
  "POST /admin/accounts/:id/deactivate": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshMember(w)), body: { lastOn: "2026-11-18" } }) },
  "POST /admin/accounts/:id/reactivate": {
    anon: 401,
    all: admin(303),
    cell: async (w) => {
      const m = await freshMember(w);
      await w.t.db.member.update({ where: { id: m }, data: { active: false, deactivatedOn: "2026-11-01" } });
      return { params: id(m) };
    },
  },
  // oversight grants (issue 12): given and revoked by an admin over the org (ZB01, the default branch)
  "POST /admin/accounts/:id/grants": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshMember(w)), body: { orgCode: "ZB01", role: "REVIEWER" } }) },
  "POST /admin/accounts/:id/grants/delete": {
    anon: 401,
    all: admin(303),
    cell: async (w) => {
      const m = await freshMember(w);
      await w.t.db.grant.create({ data: { memberId: m, orgId: w.t.branchId, role: "REVIEWER" } });
      return { params: id(m), body: { orgCode: "ZB01", role: "REVIEWER" } };
    },
  },
  "POST /admin/accounts/:id/password": { anon: 401, all: admin(200), cell: async (w) => ({ params: id(await freshMember(w)) }) },
  "GET /admin/zones": { anon: 303, all: admin(200) },
  "GET /admin/zones/new": { anon: 303, all: admin(200) },
  "POST /admin/zones": { anon: 401, all: admin(303), cell: async () => ({ body: { name: uniq("责任区"), establishedOn: "2026-01-01" } }) },
  "GET /admin/zones/move": { anon: 303, all: admin(200) },
  // a multi-select: the valid form moves two people, as a fuzzed ["1", "2"] may
  "POST /admin/zones/move": {
    anon: 401,
    all: admin(303),
    cell: async (w) => ({ body: { memberIds: [String(await freshMember(w)), String(await freshMember(w))], zoneId: String(w.zoneB), fromOn: "2026-11-18" } }),
  },
  "GET /admin/zones/:id": { anon: 303, all: admin(200), cell: async (w) => ({ params: id(w.zoneA) }) },
  "GET /admin/zones/:id/edit": { anon: 303, all: admin(200), cell: async (w) => ({ params: id(w.zoneA) }) },
  "POST /admin/zones/:id": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshZone(w)), body: { name: uniq("改名责任区"), establishedOn: "2020-01-01" } }) },
  "POST /admin/zones/:id/retire": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(await freshZone(w)), body: { retiredOn: "2026-11-18" } }) },
  "GET /admin/units": { anon: 303, all: admin(200) },
  "POST /admin/units": { anon: 401, all: admin(303), cell: async () => ({ body: { kind: "line", name: uniq("线路") } }) },
  "GET /admin/units/:kind/:id": { anon: 303, all: admin(200), cell: async (w) => ({ params: { kind: "line", id: String(w.line) } }) },
  "POST /admin/units/:kind/:id": { anon: 401, all: admin(303), cell: async (w) => ({ params: { kind: "line", id: String(await freshLine(w)) }, body: { name: uniq("改名线路") } }) },
  "POST /admin/units/:kind/:id/retire": { anon: 401, all: admin(303), cell: async (w) => ({ params: { kind: "line", id: String(await freshLine(w)) }, body: { retiredOn: "2026-11-18" } }) },
  "POST /admin/units/:kind/:id/link": {
    anon: 401,
    all: admin(303),
    cell: async (w) => ({ params: { kind: "line", id: String(await freshLine(w)) }, body: { memberIds: [String(await freshMember(w, "CADRE")), String(await freshMember(w, "CADRE"))], fromOn: "2026-11-18" } }),
  },
  // 组织管理 and 组织关系转接 (issue 12): an ADMIN over the org; a form without values is 422.
  "GET /admin/orgs": { anon: 303, all: admin(200) },
  "POST /admin/orgs": { anon: 401, all: admin(422), cell: async () => ({ body: { code: "", name: "" } }) },
  "GET /admin/orgs/:id": { anon: 303, all: admin(200), cell: async (w) => ({ params: id(w.t.branchId) }) },
  "POST /admin/orgs/:id": { anon: 401, all: admin(303), cell: async (w) => ({ params: id(w.t.branchId), body: { name: uniq("示范党支部") } }) },
  "POST /admin/orgs/:id/move": { anon: 401, all: admin(422), cell: async (w) => ({ params: id(w.t.branchId), body: {} }) },
  "POST /admin/orgs/:id/dissolve": { anon: 401, all: admin(422), cell: async (w) => ({ params: id(w.t.branchId), body: {} }) },
  // 驻村 and 三项教育 (issue 18 items 3, 4); the one branch of this world is not a village: a stationing into it is refused (422)
  "GET /admin/stationings": { anon: 303, all: admin(200) },
  "GET /admin/stationings/new": { anon: 303, all: admin(200) },
  "POST /admin/stationings": { anon: 401, all: admin(422), cell: async (w) => ({ body: { username: "qita", orgId: String(w.t.branchId), fromOn: "2026-11-01", post: "CLERK", kind: "VILLAGE_CADRE" } }) },
  "POST /admin/stationings/:id/end": {
    anon: 401,
    all: admin(303),
    cell: async (w) => ({ params: id((await w.t.db.stationing.create({ data: { memberId: w.people.other.id, orgId: w.t.branchId, fromOn: "2026-01-01", post: "OTHER", kind: "VILLAGE_CADRE" } })).id), body: { toOn: "2026-11-17" } }),
  },
  "GET /villages/:id": { anon: 303, all: [403, 403, 200, 200], cell: async (w) => ({ params: id(w.t.branchId) }) },
  "GET /training": { anon: 303, all: every(200) },
  "GET /training/new": { anon: 303, all: [403, 403, 200, 200] },
  "POST /training": { anon: 401, all: [403, 403, 422, 422], cell: async () => ({ body: {} }) },
  "GET /training/coverage": { anon: 303, all: [403, 403, 200, 200] },
  "GET /training/:id": {
    anon: 303,
    own: every(200),
    other: [404, 404, 200, 200],
    cell: async (w, p) => ({ params: id((await w.t.db.trainingSession.create({ data: { heldOn: "2026-06-01", level: "TOWNSHIP", topic: "群众工作", orgId: w.t.branchId, attendees: { create: [{ memberId: p.id }] } } })).id) }),
  },
  // session 4: a session's attendees, managed by who may organize its org (the branch's secretary, the admin)
  "GET /training/:id/attendees": { anon: 303, all: [403, 403, 200, 200], cell: async (w) => ({ params: id(await sessionWith(w, w.people.cadre.id)) }) },
  "POST /training/:id/attendees": { anon: 401, all: [403, 403, 303, 303], cell: async (w) => ({ params: id(await sessionWith(w, w.people.cadre.id)), body: { attendees: w.people.member.username } }) },
  "POST /training/:id/attendees/:memberId/delete": {
    anon: 401,
    all: [403, 403, 303, 303],
    cell: async (w) => ({ params: { id: String(await sessionWith(w, w.people.member.id)), memberId: String(w.people.member.id) } }),
  },
  "GET /admin/transfers": { anon: 303, all: admin(200) },
  "GET /admin/transfers/new": { anon: 303, all: admin(200) },
  "POST /admin/transfers": { anon: 401, all: admin(422), cell: async () => ({ body: {} }) },
  "GET /admin/rules": { anon: 303, all: admin(200) },
  "POST /admin/rules": { anon: 401, all: admin(303), cell: async () => ({ body: { rule: "YEAR_TALKS", value: "10", effectiveFrom: "2026-12-01" } }) },
  "GET /admin/imports": { anon: 303, all: admin(200) },
  // an upload is multipart (tests/admin/imports.test.ts); a plain form post has no file: 422
  "POST /admin/rules/:id/cancel": {
    anon: 401,
    all: admin(303),
    cell: async (w) => ({ params: id((await w.t.db.ruleSetting.create({ data: { rule: "YEAR_TALKS", value: 12, effectiveFrom: "2027-01-01" } })).id) }),
  },
  "POST /admin/imports": { anon: 401, all: admin(422), cell: async () => ({ body: { kind: "talks" } }) },
  "POST /admin/imports/confirm": { anon: 401, all: admin(303), cell: async () => ({ body: { id: "0".repeat(32) } }) },
  "POST /admin/imports/cancel": { anon: 401, all: admin(303) },
  "GET /admin/imports/templates/:kind": { anon: 303, all: admin(200), cell: async () => ({ params: { kind: "talks" } }) },
  "GET /admin/audit": { anon: 303, all: admin(200) },

  // 结穷亲 (issue 5): cadres (and the secretary) pair with residents of their zone and write only
  // their own pairings; the secretary and admin read all and see coverage; the secretary may end
  // only a pairing whose cadre is gone.
  "GET /pairings": { anon: 303, all: [403, 200, 200, 200] },
  "GET /pairings/coverage": { anon: 303, all: [403, 403, 200, 200] },
  "GET /pairings/new": { anon: 303, all: [403, 200, 200, 200] },
  "POST /pairings": {
    anon: 401,
    own: [403, 303, 303, 403],
    other: [403, 422, 303, 403],
    cell: async (w, p) => ({ body: { residentId: String(await residentIn(w, zoneOf(w, p))), startedOn: "2026-11-17" } }),
  },
  "GET /pairings/:id": { anon: 303, own: [403, 200, 200, 200], other: [403, 404, 200, 200], cell: async (w, p) => ({ params: id(await pairingOf(w, p)) }) },
  "POST /pairings/:id/end": {
    anon: 401,
    own: [403, 303, 303, 303],
    other: [403, 404, 403, 403],
    cell: async (w, p) => ({ params: id(await pairingOf(w, p)), body: { endedOn: "2026-11-18", endReason: "已脱贫" } }),
  },
  "POST /pairings/:id/assistance": {
    anon: 401,
    own: [403, 303, 303, 303],
    other: [403, 404, 404, 404],
    cell: async (w, p) => ({ params: id(await pairingOf(w, p)), body: { givenOn: "2026-11-17", kind: "MATERIALS", description: "米面油" } }),
  },
  "POST /pairings/:id/assistance/:aid/delete": {
    anon: 401,
    own: [403, 303, 303, 303],
    other: [403, 404, 404, 404],
    cell: async (w, p) => {
      const pairingId = await pairingOf(w, p);
      const a = await w.t.db.assistanceRecord.create({ data: { pairingId, givenOn: "2026-11-10", kind: "MATERIALS", description: "米面油", createdById: p.id } });
      return { params: { id: String(pairingId), aid: String(a.id) } };
    },
  },

  // 入党积极分子 (issue 5): the zone's members, the secretary and the admin; notes deleted by their author
  "GET /activists": { anon: 303, all: every(200) },
  "POST /activists": { anon: 401, own: every(303), other: [404, 404, 303, 303], cell: async (w, p) => ({ body: { zoneId: String(zoneOf(w, p)), name: "积极分子", sinceOn: "2026-01-01" } }) },
  "GET /activists/:id": { anon: 303, own: every(200), other: [404, 404, 200, 200], cell: async (w, p) => ({ params: id(await activistIn(w, zoneOf(w, p))) }) },
  "POST /activists/:id/notes": {
    anon: 401,
    own: every(303),
    other: [404, 404, 303, 303],
    cell: async (w, p) => ({ params: id(await activistIn(w, zoneOf(w, p))), body: { notedOn: "2026-11-17", content: "参加院坝会" } }),
  },
  "POST /activists/:id/end": { anon: 401, own: every(303), other: [404, 404, 303, 303], cell: async (w, p) => ({ params: id(await activistIn(w, zoneOf(w, p))), body: { endedOn: "2026-11-18" } }) },
  "POST /activists/:id/notes/:nid/delete": {
    anon: 401,
    own: every(303),
    other: every(404),
    cell: async (w, p) => {
      const activistId = await activistIn(w, zoneOf(w, p));
      const n = await w.t.db.activistNote.create({ data: { activistId, authorId: p.id, notedOn: "2026-11-10", content: "培养记录" } });
      return { params: { id: String(activistId), nid: String(n.id) } };
    },
  },

  // 情况反映 (issue 5): cadres and the secretary report; the author and the secretary/admin read; the secretary marks
  "GET /situation-reports": { anon: 303, all: [403, 200, 200, 200] },
  "POST /situation-reports": { anon: 401, all: [403, 303, 303, 403], cell: async () => ({ body: { kind: "SUGGESTION", content: "建议增设站台" } }) },
  "GET /situation-reports/:id": { anon: 303, own: [403, 200, 200, 200], other: [403, 404, 200, 200], cell: async (w, p) => ({ params: id(await situationOf(w, p)) }) },
  "POST /situation-reports/:id/handle": {
    anon: 401,
    own: [403, 403, 303, 403],
    other: [403, 403, 303, 403],
    cell: async (w, p) => ({ params: id(await situationOf(w, p)), body: { status: "READ", handlingNote: "" } }),
  },
};
