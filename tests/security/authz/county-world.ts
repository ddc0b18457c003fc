/**
 * The county the reach matrix runs in (tests/support/county.ts's buildCounty: townships A and B,
 * branches A1, A2, B1, B2), with the seven actors of DOMAIN.md "Who uses it" seen from township A
 * — the county's admin and reviewer, township A's admin and reviewer, A1's secretary, cadre and
 * member — and record makers for either side: side "A" is a record of branch A1 (authored by its
 * cadre gb_a1, in zone a1), side "B" the same kind of record of branch B1 (authored by gb_b1).
 * Fresh rows per cell (a cell may change or delete them), straight through Prisma. Today is
 * 2026-11-18 (Asia/Shanghai), the testApp default.
 */
import { sql } from "kysely";
import type { TestApp } from "../../support/app.ts";
import { engineOf } from "../../../src/db/dialect.ts";
import { appTables } from "./world.ts";
import { addOrg, buildCounty, type BranchRow, type County, type OrgRow } from "../../support/county.ts";
import { drawSurvey, storedDraw } from "../../../src/domain/assessment/survey.ts";

export const COUNTY_ROLES = ["countyAdmin", "townAdmin", "countyReviewer", "townReviewer", "secretary", "cadre", "member"] as const;
export type CountyRole = (typeof COUNTY_ROLES)[number];
/** The roles whose reach covers township B too (the county's). */
export const COUNTY_WIDE: ReadonlySet<CountyRole> = new Set(["countyAdmin", "countyReviewer"]);

export const LOGINS: Record<CountyRole, string> = {
  countyAdmin: "guanli",
  townAdmin: "guanli_a",
  countyReviewer: "zuzhibu",
  townReviewer: "shenhe_a",
  secretary: "sj_a1",
  cadre: "gb_a1",
  member: "dy_a1",
};

export type Side = "A" | "B";

export interface CountyWorld {
  t: TestApp;
  c: County;
  line: number;
  /** Branch A1 for side A, B1 for side B. */
  branch(side: Side): BranchRow;
  township(side: Side): OrgRow;
}

export async function buildCountyWorld(t: TestApp): Promise<CountyWorld> {
  const c = await buildCounty(t);
  const line = (await t.db.line.create({ data: { name: "县城1路" } })).id;
  for (const b of Object.values(c.branches)) {
    for (const m of [b.cadre, b.secretary]) await t.db.lineAssignment.create({ data: { memberId: m, lineId: line, fromOn: "2020-01-01" } });
  }
  return { t, c, line, branch: (s) => (s === "A" ? c.branches.a1 : c.branches.b1), township: (s) => (s === "A" ? c.townships.A : c.townships.B) };
}

let n = 0;
export const seq = () => ++n;

export const talkIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.talk.create({ data: { talkerId: b.cadre, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: `群众${seq()}`, content: "谈心" } })).id;
export const visitIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.lineVisit.create({ data: { cadreId: b.cadre, lineId: w.line, visitedAt: new Date("2026-11-10T01:30:00Z"), visitedOn: "2026-11-10", purpose: "走访" } })).id;
export const residentIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.resident.create({ data: { zoneId: b.zoneId, name: `住户${seq()}`, phone: "13800138000", idNumber: "11010519491231002X", address: "某街 1 号" } })).id;
export const meetingIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: b.zoneId, heldOn: "2026-11-10", hostId: b.cadre, createdById: b.cadre, topics: "议题" } })).id;
export const requestIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.request.create({ data: { source: "WALK_IN", zoneId: b.zoneId, residentName: `住户${seq()}`, raisedOn: "2026-11-10", content: "修路", ownerId: b.cadre, createdById: b.cadre } })).id;
export const pairingIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.pairing.create({ data: { cadreId: b.cadre, residentId: await residentIn(w, b), startedOn: "2026-03-01" } })).id;
export const assistanceOf = async (w: CountyWorld, b: BranchRow, pairingId: number) =>
  (await w.t.db.assistanceRecord.create({ data: { pairingId, givenOn: "2026-11-10", kind: "MATERIALS", description: "米面油", createdById: b.cadre } })).id;
export const activistIn = async (w: CountyWorld, b: BranchRow) => (await w.t.db.activist.create({ data: { zoneId: b.zoneId, name: "积极分子", sinceOn: "2026-01-01" } })).id;
export const noteOf = async (w: CountyWorld, b: BranchRow, activistId: number) =>
  (await w.t.db.activistNote.create({ data: { activistId, authorId: b.cadre, notedOn: "2026-11-10", content: "培养记录" } })).id;
export const situationIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.situationReport.create({ data: { authorId: b.cadre, reportedOn: "2026-11-10", kind: "NEW_SITUATION", content: "新情况" } })).id;
/** A fresh account in branch `b` (an admin's cell may change or retire it). */
export const accountIn = async (w: CountyWorld, b: BranchRow) => {
  const m = await w.t.member({ username: `xin${seq()}`, name: "新同志", branchId: b.id });
  await w.t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: b.zoneId, fromOn: "2020-01-01" } });
  return m;
};
export const memberIn = async (w: CountyWorld, b: BranchRow) => (await accountIn(w, b)).id;
export const zoneIn = async (w: CountyWorld, b: BranchRow) => (await w.t.db.zone.create({ data: { branchId: b.id, name: `新责任区${seq()}`, establishedOn: "2020-01-01" } })).id;
/** A fresh empty branch under the side's township (renamed, moved or dissolved by a cell). */
export const orgUnder = async (w: CountyWorld, side: Side) => (await addOrg(w.t, w.township(side), `XZ${side}${seq()}`, `新支部${seq()}`, "BRANCH")).id;

/**
 * Counts every row written to the app's tables (all but sessions): triggers on each table bump a
 * counter, so "did this request write?" costs one read instead of a digest of the whole database.
 * Returns the reader of the counter. Test databases only; the trigger syntax is each engine's own
 * (row triggers on both, so an UPDATE that matches nothing counts nothing on either).
 */
export async function writeCounter(t: TestApp): Promise<() => Promise<number>> {
  const tables = await appTables(t);
  await sql`CREATE TABLE "_AuthzWrites" (n INTEGER NOT NULL)`.execute(t.kx);
  await sql`INSERT INTO "_AuthzWrites" (n) VALUES (0)`.execute(t.kx);
  const pg = engineOf(t.kx) === "postgres";
  if (pg) await sql.raw(`CREATE FUNCTION "_authz_bump"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE "_AuthzWrites" SET n = n + 1; RETURN NULL; END $$`).execute(t.kx);
  for (const name of tables) {
    for (const op of ["INSERT", "UPDATE", "DELETE"]) {
      const ddl = pg
        ? `CREATE TRIGGER "_authz_${name}_${op}" AFTER ${op} ON "${name}" FOR EACH ROW EXECUTE FUNCTION "_authz_bump"()`
        : `CREATE TRIGGER "_authz_${name}_${op}" AFTER ${op} ON "${name}" BEGIN UPDATE "_AuthzWrites" SET n = n + 1; END;`;
      await sql.raw(ddl).execute(t.kx);
    }
  }
  return async () => Number((await sql<{ n: number }>`SELECT n FROM "_AuthzWrites"`.execute(t.kx)).rows[0].n);
}

/** Branch `b`'s 2025 closed (a reopen or a return has something to act on); the year. */
export const closedYear = async (w: CountyWorld, b: BranchRow) => {
  await w.t.db.yearClosure.upsert({ where: { orgId_year: { orgId: b.id, year: 2025 } }, create: { orgId: b.id, year: 2025, closedAt: new Date(), closedById: w.c.people.rootAdmin }, update: {} });
  return 2025;
};

/** Branch `b`'s 2025 open again (a close has something to do); the year. */
export const openYear = async (w: CountyWorld, b: BranchRow) => {
  await w.t.db.yearClosure.deleteMany({ where: { orgId: b.id, year: 2025 } });
  return 2025;
};

/** Township `side` with 常住人口 set (a 民意调查 draw can run). */
export const surveyUnit = async (w: CountyWorld, side: Side) => {
  const unit = w.township(side);
  await w.t.db.org.update({ where: { id: unit.id }, data: { population: 1000 } });
  return unit;
};

/** A 受访编号 of township `side`'s 2026 sample not answered yet (drawn here once, from 25 residents). */
export const openRespondent = async (w: CountyWorld, side: Side) => {
  const unit = await surveyUnit(w, side);
  let d = await storedDraw(w.t.kx, 2026, unit.id);
  if (!d) {
    for (let i = 0; i < 25; i++) await residentIn(w, w.branch(side));
    await drawSurvey(w.t.kx, { year: 2026, orgId: unit.id, seed: 7 }, null, new Date(), "2026-11-18");
    d = (await storedDraw(w.t.kx, 2026, unit.id))!;
  }
  const open = d.people.find((p) => !p.answered);
  if (!open) throw new Error(`every respondent of ${unit.code} answered: draw more residents`);
  return { unit, respondentNo: String(open.number) };
};

/** A 三进三同 stay of the branch's cadre with a household of its zone (issue 18). */
export const stayIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.stay.create({ data: { cadreId: b.cadre, residentId: await residentIn(w, b), fromOn: "2026-11-10", toOn: "2026-11-10", eat: true } })).id;
/** A writing of the branch's plain member, with an attachment (issue 18). */
export const writingIn = async (w: CountyWorld, b: BranchRow) =>
  (await w.t.db.writing.create({ data: { authorId: b.member, writtenOn: "2026-11-10", kind: "DIARY", title: `民情日记${seq()}`, attachmentName: "a.txt", attachmentType: "text/plain", attachmentSize: 2, attachment: new Uint8Array([104, 105]) } })).id;
