import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { addDays, daysBetween } from "../../src/db/dialect.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { seedDatabase, SEED_TABLES, type SeedOptions } from "../../src/seed/seed.ts";
import { verifyPassword } from "../../src/auth/password.ts";
import { idCheckDigit } from "../../src/seed/names.ts";
import { instantOf, localDateOf, isoWeekOf } from "../../src/rules/index.ts";

const TODAY = "2026-11-18"; // a Wednesday
const OPTS: SeedOptions = { scale: "demo", year: 2026, today: TODAY, demoPassword: "demo-pass-1" };

const opened: TestDb[] = [];
async function seeded(opts: SeedOptions = OPTS): Promise<TestDb> {
  const t = await freshDb();
  opened.push(t);
  await seedDatabase(t.url, opts);
  return t;
}

afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

/** The rows of a query on the test database (Kysely: SQLite or PostgreSQL). */
async function rowsOf<T>(t: TestDb, query: ReturnType<typeof sql>): Promise<T[]> {
  return (await query.execute(t.kx)).rows as T[];
}
async function countOf(t: TestDb, query: ReturnType<typeof sql>): Promise<number> {
  return Number((await rowsOf<{ n: number }>(t, query))[0].n);
}

async function rowCounts(t: TestDb): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [...SEED_TABLES, "Org", "RuleSetting"]) {
    out[table] = await countOf(t, sql`SELECT COUNT(*) AS "n" FROM ${sql.table(table)}`);
  }
  return out;
}

describe("ledger seed (demo county)", () => {
  it("creates the four demo accounts with the demo password and the stated roles", async () => {
    const t = await seeded();
    const accounts = await t.db.member.findMany({ where: { username: { in: ["admin", "shuji", "ganbu", "dangyuan"] } }, orderBy: { id: "asc" } });
    expect(accounts.map((a) => [a.username, a.role, a.cadreLevel])).toEqual([
      ["admin", "ADMIN", null],
      ["shuji", "SECRETARY", "MIDDLE"],
      ["ganbu", "CADRE", "COUNTY_MANAGED"],
      ["dangyuan", "MEMBER", null],
    ]);
    expect(accounts[0].name).toBe("系统管理员");
    for (const a of accounts) {
      expect(await verifyPassword(a.passwordHash, "demo-pass-1")).toBe(true);
      expect(await verifyPassword(a.passwordHash, "wrong")).toBe(false);
      expect(a.active).toBe(true);
    }
    const other = await t.db.member.findUniqueOrThrow({ where: { username: "m0001" } });
    expect(await verifyPassword(other.passwordHash, "demo-pass-1")).toBe(true);
  });

  it("returns a summary with every table's count and the demo logins", async () => {
    const t = await freshDb();
    opened.push(t);
    const summary = await seedDatabase(t.url, OPTS);
    expect(summary.from).toBe("2026-01-01");
    expect(summary.to).toBe(TODAY);
    expect(summary.logins.map((l) => [l.username, l.roleLabel, l.password])).toEqual([
      ["admin", "管理员", "demo-pass-1"],
      ["shuji", "支部书记", "demo-pass-1"],
      ["ganbu", "党员干部", "demo-pass-1"],
      ["dangyuan", "党员", "demo-pass-1"],
      ["zuzhibu", "县委组织部 · 审核全县", "demo-pass-1"],
      ["xiangzhen", "乡镇组织委员 · 审核大观镇", "demo-pass-1"],
    ]);
    const counts = await rowCounts(t);
    for (const table of SEED_TABLES) expect(summary.counts[table], table).toBe(counts[table]);
    expect(counts.Member).toBe(302);
    expect(counts.Zone).toBe(11);
    expect(counts.Line).toBe(6);
    expect(counts.Department).toBe(4);
    expect(await countOf(t, sql`SELECT COUNT(*) AS "n" FROM "Member" WHERE "role" = 'CADRE'`)).toBe(32);
    // every branch but shuji's has one of the generated cadres as its secretary
    expect(await countOf(t, sql`SELECT COUNT(DISTINCT "branchId") AS "n" FROM "Member" WHERE "role" = 'SECRETARY'`)).toBe(9);
    expect(counts.Talk).toBeGreaterThan(2000);
    expect(counts.LineVisit).toBeGreaterThan(1000);
  });

  it("gives ganbu a line from well before the year, zone one, and three active pairings against a quota of four", async () => {
    const t = await seeded();
    const ganbu = await t.db.member.findUniqueOrThrow({
      where: { username: "ganbu" },
      include: { lineAssignments: true, pairings: true, zoneAssignments: { include: { zone: true } } },
    });
    expect(ganbu.lineAssignments).toHaveLength(1);
    expect(ganbu.lineAssignments[0].fromOn < "2026-01-01").toBe(true);
    expect(ganbu.lineAssignments[0].toOn).toBeNull();
    expect(ganbu.pairings.filter((p) => p.endedOn === null)).toHaveLength(3);
    expect(ganbu.zoneAssignments.map((z) => z.zone.name)).toEqual(["第一责任区"]);
    const dangyuan = await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" }, include: { zoneAssignments: true, talks: true } });
    expect(dangyuan.zoneAssignments[0].zoneId).toBe(ganbu.zoneAssignments[0].zoneId);
    expect(dangyuan.talks.length).toBeGreaterThan(5);
  });

  it("puts ganbu behind pace on this month's talks and on pace on this week's visits", async () => {
    const t = await seeded();
    const ganbu = await t.db.member.findUniqueOrThrow({ where: { username: "ganbu" } });
    const monthTalks = await t.db.talk.count({ where: { talkerId: ganbu.id, deletedAt: null, occurredOn: { gte: "2026-11-01", lte: TODAY } } });
    // 17 of November's 30 days have passed: on pace would be ≥ 5 × 17 / 30 ≈ 2.8.
    expect(monthTalks * 30).toBeLessThan(5 * 17);
    const week = isoWeekOf(TODAY).label;
    const visits = await t.db.lineVisit.findMany({ where: { cadreId: ganbu.id, deletedAt: null, visitedOn: { gte: "2026-11-16", lte: TODAY } } });
    expect(visits.every((v) => isoWeekOf(v.visitedOn).label === week)).toBe(true);
    // Two of the week's seven days have passed: on pace is ≥ 3 × 2 / 7.
    expect(visits.length * 7).toBeGreaterThanOrEqual(3 * 2);
    expect(visits.length).toBeLessThan(3);
  });

  it("the same options on two fresh databases give the same row counts and the same first 20 talks", async () => {
    const a = await seeded();
    const b = await seeded();
    expect(await rowCounts(a)).toEqual(await rowCounts(b));
    const first = (t: TestDb) => t.kx.selectFrom("Talk").selectAll().orderBy("id").limit(20).execute();
    expect(await first(a)).toEqual(await first(b));
    expect(await first(a)).toHaveLength(20);
    const visits = (t: TestDb) => t.kx.selectFrom("LineVisit").selectAll().orderBy("id", "desc").limit(20).execute();
    expect(await visits(a)).toEqual(await visits(b));
  });

  it("dates no record after today, neither its local dates nor its instants", async () => {
    const t = await seeded();
    const endOfToday = instantOf("2026-11-19").toISOString().replace("Z", "+00:00");
    const dateColumns: Record<string, string[]> = {
      Talk: ["occurredOn"], LineVisit: ["visitedOn"], Meeting: ["heldOn"], Request: ["raisedOn", "feedbackOn"],
      AssistanceRecord: ["givenOn"], Pairing: ["startedOn", "endedOn"], ActivistNote: ["notedOn"], Activist: ["sinceOn", "endedOn"],
      SituationReport: ["reportedOn"], Member: ["registeredOn", "deactivatedOn", "joinedPartyOn"], RoleTerm: ["fromOn", "toOn"],
      ZoneAssignment: ["fromOn", "toOn"], LineAssignment: ["fromOn", "toOn"], DepartmentAssignment: ["fromOn", "toOn"],
      Zone: ["establishedOn"],
    };
    const instantColumns: Record<string, string[]> = {
      Talk: ["createdAt", "updatedAt", "deletedAt"], LineVisit: ["visitedAt", "createdAt", "updatedAt"],
      Meeting: ["createdAt", "updatedAt"], Request: ["createdAt", "updatedAt", "closedAt"], AssistanceRecord: ["createdAt"],
      Pairing: ["createdAt"], ActivistNote: ["createdAt"], Activist: ["createdAt"], SituationReport: ["createdAt", "handledAt"],
      Member: ["createdAt", "updatedAt"], Resident: ["createdAt", "updatedAt"], Zone: ["createdAt"], Line: ["createdAt"],
      Department: ["createdAt"], AuditEntry: ["at"],
    };
    for (const [table, cols] of Object.entries(dateColumns)) {
      for (const col of cols) {
        const [{ m }] = await rowsOf<{ m: string | null }>(t, sql`SELECT MAX(${sql.ref(col)}) AS "m" FROM ${sql.table(table)}`);
        if (m !== null) expect(m <= TODAY, `${table}.${col} = ${m}`).toBe(true);
      }
    }
    for (const [table, cols] of Object.entries(instantColumns)) {
      for (const col of cols) {
        const [{ m }] = await rowsOf<{ m: string | null }>(t, sql`SELECT MAX(${sql.ref(col)}) AS "m" FROM ${sql.table(table)}`);
        if (m !== null) expect(m < endOfToday, `${table}.${col} = ${m}`).toBe(true);
      }
    }
    const [{ first }] = await rowsOf<{ first: string }>(t, sql`SELECT MIN("occurredOn") AS "first" FROM "Talk"`);
    expect(first >= "2026-01-01").toBe(true);
  });

  it("refuses a second seed on the same database and writes nothing", async () => {
    const t = await seeded();
    const before = await rowCounts(t);
    await expect(seedDatabase(t.url, OPTS)).rejects.toThrow(/不是空的.*not empty/s);
    expect(await rowCounts(t)).toEqual(before);
  });

  it("refuses a today before the first generated year", async () => {
    const t = await freshDb();
    opened.push(t);
    await expect(seedDatabase(t.url, { ...OPTS, today: "2025-12-31" })).rejects.toThrow(/first generated year/);
    expect((await rowCounts(t)).Member).toBe(0);
  });

  it("reads the seeded rows back through Prisma with the right dates and instants", async () => {
    const t = await seeded();
    const visits = await t.db.lineVisit.findMany({ take: 200, orderBy: { id: "asc" } });
    expect(visits.length).toBe(200);
    for (const v of visits) {
      expect(v.visitedAt).toBeInstanceOf(Date);
      expect(localDateOf(v.visitedAt)).toBe(v.visitedOn);
      const hour = (v.visitedAt.getUTCHours() + 8) % 24;
      expect(hour).toBeGreaterThanOrEqual(8);
      expect(hour).toBeLessThan(18);
      expect(v.createdAt.getTime()).toBeGreaterThanOrEqual(v.visitedAt.getTime());
      expect(v.updatedAt).toBeInstanceOf(Date);
    }
    // Prisma's DateTime filters agree with the local dates (same text representation as Prisma writes).
    const fromMarch = await t.db.lineVisit.count({ where: { visitedAt: { gte: instantOf("2026-03-01") } } });
    const rawFromMarch = await countOf(t, sql`SELECT COUNT(*) AS "n" FROM "LineVisit" WHERE "visitedOn" >= '2026-03-01'`);
    expect(fromMarch).toBe(rawFromMarch);

    const talk = await t.db.talk.findFirstOrThrow({ where: { counterpartResidentId: { not: null } }, include: { counterpartResident: true, talker: true } });
    expect(talk.counterpartName).toBe(talk.counterpartResident!.name);
    expect(talk.createdAt).toBeInstanceOf(Date);
    expect(localDateOf(talk.createdAt) >= talk.occurredOn).toBe(true);
    const memberTalk = await t.db.talk.findFirstOrThrow({ where: { counterpartMemberId: { not: null } }, include: { counterpartMember: true } });
    expect(memberTalk.counterpartName).toBe(memberTalk.counterpartMember!.name);

    const resolved = await t.db.request.findFirstOrThrow({ where: { status: "RESOLVED" } });
    expect(resolved.closedAt).toBeInstanceOf(Date);
    expect(localDateOf(resolved.closedAt!)).toBe(resolved.feedbackOn);

    const meeting = await t.db.meeting.findFirstOrThrow({ where: { kind: "COURTYARD" }, include: { attendances: true, zone: true, host: true } });
    expect(meeting.attendances.length).toBeGreaterThan(0);
    expect(meeting.host).not.toBeNull();
    expect(meeting.createdAt.getTime()).toBeGreaterThan(instantOf(meeting.heldOn).getTime());

    const deactivated = await t.db.member.findFirstOrThrow({ where: { active: false } });
    expect(deactivated.deactivatedOn).not.toBeNull();
    expect(deactivated.updatedAt).toBeInstanceOf(Date);
  });

  it("has soft-deleted talks with an audit entry and talks entered more than seven days late", async () => {
    const t = await seeded();
    const deleted = await t.db.talk.findMany({ where: { deletedAt: { not: null } } });
    expect(deleted.length).toBeGreaterThan(0);
    for (const d of deleted) {
      expect(d.deletedAt!.getTime()).toBeGreaterThan(d.createdAt.getTime());
      const audit = await t.db.auditEntry.findFirst({ where: { entity: "Talk", entityId: String(d.id), action: "talk.delete" } });
      expect(audit).not.toBeNull();
    }
    const entered = sql`substr(CAST("createdAt" AS TEXT), 1, 10)`;
    const late = await countOf(t, sql`SELECT COUNT(*) AS "n" FROM "Talk" WHERE ${daysBetween(t.kx, sql.ref("occurredOn"), entered)} > 8`);
    expect(late).toBeGreaterThan(0);
  });

  it("keeps role, zone and line histories: promotions, moves, late lines, joins and departures", async () => {
    const t = await seeded();
    const n = (query: ReturnType<typeof sql>) => countOf(t, query);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM (SELECT "memberId" FROM "RoleTerm" GROUP BY "memberId" HAVING COUNT(*) > 1) x`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM "RoleTerm" WHERE "role" = 'CADRE' AND "fromOn" >= '2026-01-01'`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM (SELECT "memberId" FROM "ZoneAssignment" GROUP BY "memberId" HAVING COUNT(*) > 1) x`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM "LineAssignment" WHERE "fromOn" >= '2026-01-01'`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM "Member" WHERE "registeredOn" >= '2026-01-01'`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM "Member" WHERE "active" = ${0} AND "deactivatedOn" IS NOT NULL`)).toBeGreaterThan(0);
    expect(await n(sql`SELECT COUNT(*) AS "n" FROM "DepartmentAssignment"`)).toBeGreaterThan(0);
    // Every history is contiguous: the next term starts the day after the previous one ends.
    const gaps = await rowsOf(t, sql`
      SELECT a."memberId" FROM "ZoneAssignment" a JOIN "ZoneAssignment" b ON a."memberId" = b."memberId" AND b."fromOn" > a."fromOn"
      WHERE a."toOn" IS NULL OR ${addDays(t.kx, sql.ref("a.toOn"), 1)} <> b."fromOn"`);
    expect(gaps).toEqual([]);
  });

  it("mixes met and unmet quotas: some cadres lack pairings, some zones missed a courtyard meeting", async () => {
    const t = await seeded();
    const quota: Record<string, number> = { CITY_MANAGED: 5, COUNTY_MANAGED: 4, MIDDLE: 3, GENERAL: 2, GRADUATE_OFFICIAL: 1 };
    const rows = await rowsOf<{ level: string; n: number }>(t, sql`
      SELECT m."cadreLevel" AS "level", (SELECT COUNT(*) FROM "Pairing" p WHERE p."cadreId" = m."id" AND p."endedOn" IS NULL) AS "n"
      FROM "Member" m WHERE m."cadreLevel" IS NOT NULL`);
    const under = rows.filter((r) => r.n < quota[r.level]).length;
    expect(under).toBeGreaterThan(0);
    expect(under).toBeLessThan(rows.length);
    const held = await countOf(t, sql`SELECT COUNT(DISTINCT CAST("zoneId" AS TEXT) || substr("heldOn", 1, 7)) AS "n" FROM "Meeting" WHERE "kind" = 'COURTYARD' AND "heldOn" < '2026-11-01'`);
    expect(held).toBeLessThan(11 * 10);
    expect(held).toBeGreaterThan(11 * 10 * 0.6);
    const kinds = await rowsOf(t, sql`SELECT DISTINCT "kind" FROM "Meeting" WHERE "kind" <> 'COURTYARD'`);
    expect(kinds.length).toBeGreaterThan(0);
    const statuses = (await rowsOf<{ status: string }>(t, sql`SELECT DISTINCT "status" FROM "Request" ORDER BY "status"`)).map((r) => r.status);
    expect(statuses).toEqual(expect.arrayContaining(["RESOLVED", "ACCEPTED"]));
  });

  it("makes fake but well-formed phone and ID numbers", async () => {
    const t = await seeded();
    const residents = await rowsOf<{ phone: string; idNumber: string }>(t, sql`SELECT "phone", "idNumber" FROM "Resident" WHERE "idNumber" IS NOT NULL AND "phone" IS NOT NULL LIMIT 50`);
    expect(residents.length).toBe(50);
    for (const r of residents) {
      expect(r.phone).toMatch(/^1380\d{7}$/);
      expect(r.idNumber).toMatch(/^990\d{14}[\dX]$/);
      expect(r.idNumber[17]).toBe(idCheckDigit(r.idNumber.slice(0, 17)));
    }
    // GB 11643's published example: 11010519491231002X.
    expect(idCheckDigit("11010519491231002")).toBe("X");
  });
});

describe("ledger seed: the demo county's organizations", () => {
  it("builds a county with three townships of two or three branches and a 机关工委 with two, every zone in a branch", async () => {
    const t = await freshDb();
    opened.push(t);
    await seedDatabase(t.url, OPTS);
    const orgs = await t.kx.selectFrom("Org").select(["id", "code", "kind", "parentId", "path"]).orderBy("path").execute();
    const root = orgs.filter((o) => o.parentId === null);
    expect(root.map((o) => o.kind)).toEqual(["COUNTY"]);
    const townships = orgs.filter((o) => o.kind === "TOWNSHIP");
    expect(townships.length).toBe(3);
    for (const tw of townships) {
      const n = orgs.filter((o) => o.parentId === tw.id && o.kind === "BRANCH").length;
      expect(n).toBeGreaterThanOrEqual(2);
      expect(n).toBeLessThanOrEqual(3);
    }
    const wc = orgs.find((o) => o.kind === "WORK_COMMITTEE")!;
    expect(orgs.filter((o) => o.parentId === wc.id && o.kind === "BRANCH").length).toBe(2);
    for (const o of orgs) if (o.parentId !== null) expect(o.path.startsWith(orgs.find((p) => p.id === o.parentId)!.path)).toBe(true);
    const stray = await countOf(t, sql`SELECT COUNT(*) AS "n" FROM "Zone" z JOIN "Org" o ON o."id" = z."branchId" WHERE o."kind" <> 'BRANCH'`);
    expect(stray).toBe(0);
  });

  it("gives every member one branch on each day, following their zone, with the demo accounts' grants", async () => {
    const t = await freshDb();
    opened.push(t);
    await seedDatabase(t.url, OPTS);
    const overlaps = await rowsOf(t, sql`
      SELECT a."memberId" FROM "OrgMembership" a JOIN "OrgMembership" b ON a."memberId" = b."memberId" AND a."id" <> b."id"
      WHERE a."fromOn" <= COALESCE(b."toOn", '9999-12-31') AND b."fromOn" <= COALESCE(a."toOn", '9999-12-31')`);
    expect(overlaps).toEqual([]);
    const none = await countOf(t, sql`SELECT COUNT(*) AS "n" FROM "Member" m WHERE NOT EXISTS (SELECT 1 FROM "OrgMembership" o WHERE o."memberId" = m."id")`);
    expect(none).toBe(0);
    const wrong = await countOf(t, sql`
      SELECT COUNT(*) AS "n" FROM "ZoneAssignment" za JOIN "Zone" z ON z."id" = za."zoneId"
      WHERE NOT EXISTS (SELECT 1 FROM "OrgMembership" o WHERE o."memberId" = za."memberId" AND o."orgId" = z."branchId" AND o."fromOn" <= za."fromOn"
        AND COALESCE(o."toOn", '9999-12-31') >= COALESCE(za."toOn", '9999-12-31'))`);
    expect(wrong).toBe(0);
    const grants = await rowsOf(t, sql`SELECT m."username", g."role", o."kind" FROM "Grant" g JOIN "Member" m ON m."id" = g."memberId" JOIN "Org" o ON o."id" = g."orgId" ORDER BY m."username"`);
    expect(grants).toEqual([
      { username: "admin", role: "ADMIN", kind: "COUNTY" },
      { username: "xiangzhen", role: "REVIEWER", kind: "TOWNSHIP" },
      { username: "zuzhibu", role: "REVIEWER", kind: "COUNTY" },
    ]);
    const shuji = await rowsOf<{ code: string }>(t, sql`SELECT o."code" FROM "Member" m JOIN "Org" o ON o."id" = m."branchId" WHERE m."username" IN ('shuji', 'ganbu', 'dangyuan')`);
    expect(new Set(shuji.map((r) => r.code))).toEqual(new Set(["LP-DG-01"]));
  });
});
