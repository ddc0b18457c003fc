import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { cachedComplianceReport, ledgerVersion } from "../../src/domain/compliance/cache.ts";
import { engineOf } from "../../src/db/dialect.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { scenario } from "./scenario.ts";

let t: TestDb;
beforeEach(async () => {
  t = await freshDb();
});
afterEach(async () => {
  await t.close();
});

const OPTS = { year: 2026, asOf: "2026-11-29" };

/** The tables the compliance report reads (src/domain/compliance/queries.ts): a write to any must be seen. */
const READ_TABLES = [
  "Org", "OrgMembership", "Zone", "Member", "RoleTerm", "ZoneAssignment", "LineAssignment",
  "Talk", "LineVisit", "Meeting", "Pairing", "Resident", "RuleSetting",
];

describe("cached compliance reports", () => {
  it("serve the same report again while nothing is written, frozen against changes", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    await s.talks(zhang.id, ["2026-03-01"]);
    const first = (await cachedComplianceReport(t.kx, OPTS));
    expect((await cachedComplianceReport(t.kx, OPTS))).toBe(first);
    expect(first).toEqual((await buildComplianceReport(t.kx, OPTS)));
    expect(Object.isFrozen(first.members[0])).toBe(true);
    expect(() => (first.members as unknown as unknown[]).push({})).toThrow();
  });

  it("rebuild after a talk is written through Prisma, then soft-deleted", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(0);
    const talk = await t.db.talk.create({ data: { talkerId: zhang.id, occurredOn: "2026-05-05", counterpartKind: "RESIDENT", counterpartName: "李四" } });
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(1);
    await t.db.talk.update({ where: { id: talk.id }, data: { deletedAt: new Date() } });
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(0);
  });

  it("rebuild after a write through Kysely, outside Prisma (imports write there)", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(0);
    const now = new Date().toISOString();
    await t.kx.insertInto("Talk").values({ talkerId: zhang.id, occurredOn: "2026-06-01", counterpartKind: "RESIDENT", counterpartName: "王五", createdAt: now, updatedAt: now }).execute();
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(1);
  });

  it("keep one report per set of options (year, asOf, zone, members)", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    await s.talks(zhang.id, ["2026-03-01", "2026-10-01"]);
    expect((await cachedComplianceReport(t.kx, OPTS)).members[0].yearTalks.count).toBe(2);
    expect((await cachedComplianceReport(t.kx, { ...OPTS, asOf: "2026-06-30" })).members[0].yearTalks.count).toBe(1);
    expect((await cachedComplianceReport(t.kx, { ...OPTS, memberIds: [] })).members).toHaveLength(0);
  });

  it("are never cached when the version row is missing", async () => {
    const s = await scenario(t);
    await s.member("zhang");
    await t.kx.deleteFrom("LedgerVersion").execute();
    expect(await ledgerVersion(t.kx)).toBeNull();
    expect((await cachedComplianceReport(t.kx, OPTS))).not.toBe((await cachedComplianceReport(t.kx, OPTS)));
  });

  it("have an insert, update and delete trigger raising the version on every table the report reads", async () => {
    // Each engine's catalog: SQLite's trigger SQL, PostgreSQL's per-statement triggers calling
    // ledger_version_bump_rows(1) (which raise version 1 by the statement's rows). Row 1's only:
    // the rows of the report's parts (3, 4) have triggers of their own (report-parts.test.ts).
    const triggers =
      engineOf(t.kx) === "postgres"
        ? (
            await sql<{ tbl: string; op: string; action: string }>`SELECT event_object_table AS "tbl", event_manipulation AS "op", action_statement AS "action"
              FROM information_schema.triggers WHERE action_timing = 'AFTER' AND action_orientation = 'STATEMENT'`.execute(t.kx)
          ).rows.map((r) => ({ tbl: r.tbl, sql: /ledger_version_bump_rows\('?1'?\)/.test(r.action) ? `AFTER ${r.op} ON "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = 1;` : "" }))
        : (await sql<{ tbl: string; sql: string }>`SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger'`.execute(t.kx)).rows;
    for (const table of READ_TABLES) {
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        const found = triggers.filter((tr) => tr.tbl === table && new RegExp(`AFTER ${op} ON`).test(tr.sql) && /"LedgerVersion" SET "version" = "version" \+ 1 WHERE "id" = 1;/.test(tr.sql));
        expect(found, `${op} trigger on ${table}`).toHaveLength(1);
      }
    }
  });

  it("leave the version alone on writes to sessions and audit entries, which the report does not read", async () => {
    const before = await ledgerVersion(t.kx);
    await t.db.session.create({ data: { id: "s1", sid: "s1", data: "{}", expiresAt: new Date() } });
    await t.db.auditEntry.create({ data: { action: "x", entity: "Talk", entityId: "1" } });
    expect(await ledgerVersion(t.kx)).toBe(before);
  });
});

describe("a report's parts and kept lookups", () => {
  it("show a renamed zone and a new threshold at once, though zones and settings are kept between reports", async () => {
    const s = await scenario(t);
    const zone = await s.zone("一区");
    const zhang = await s.member("zhang");
    await s.assignZone(zhang.id, zone.id, "2025-01-01");
    expect((await buildComplianceReport(t.kx, OPTS)).members[0].zone).toBe("一区");
    expect((await buildComplianceReport(t.kx, OPTS)).members[0].yearTalks.required).toBe(10);
    await t.db.zone.update({ where: { id: zone.id }, data: { name: "第一责任区" } });
    await s.setting("YEAR_TALKS", 12, "2026-01-01");
    const after = (await buildComplianceReport(t.kx, OPTS));
    expect(after.members[0].zone).toBe("第一责任区");
    expect(after.members[0].yearTalks.required).toBe(12);
  });

  it("leave out the zones and the branch's meetings when asked, with the same members", async () => {
    const s = await scenario(t);
    const zone = await s.zone("一区");
    const zhang = await s.cadre("zhang", { cadreLevel: "GENERAL" });
    await s.assignZone(zhang.id, zone.id, "2025-01-01");
    await s.talks(zhang.id, ["2026-03-01", "2026-03-02"]);
    await s.meeting("FORUM", zone.id, "2026-03-03", zhang.id);
    const full = (await buildComplianceReport(t.kx, { ...OPTS, memberIds: [zhang.id] }));
    const lean = (await buildComplianceReport(t.kx, { ...OPTS, memberIds: [zhang.id], skip: ["zones", "branch"] }));
    expect(lean.members).toEqual(full.members);
    expect(full.zones).toHaveLength(1);
    expect(full.branch.halfYearMeetings.length).toBeGreaterThan(0);
    expect(lean.zones).toEqual([]);
    expect(lean.branch.halfYearMeetings).toEqual([]);
    const zoneOnly = (await buildComplianceReport(t.kx, { ...OPTS, zoneId: zone.id, memberIds: [], skip: ["branch"] }));
    expect(zoneOnly.zones).toEqual(full.zones);
  });
});
