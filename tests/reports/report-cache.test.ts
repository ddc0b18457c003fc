import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { cachedComplianceReport, ledgerVersionSync } from "../../src/domain/compliance/cache.ts";
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
    const first = cachedComplianceReport(t.raw, OPTS);
    expect(cachedComplianceReport(t.raw, OPTS)).toBe(first);
    expect(first).toEqual(buildComplianceReport(t.raw, OPTS));
    expect(Object.isFrozen(first.members[0])).toBe(true);
    expect(() => (first.members as unknown as unknown[]).push({})).toThrow();
  });

  it("rebuild after a talk is written through Prisma, then soft-deleted", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(0);
    const talk = await t.db.talk.create({ data: { talkerId: zhang.id, occurredOn: "2026-05-05", counterpartKind: "RESIDENT", counterpartName: "李四" } });
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(1);
    await t.db.talk.update({ where: { id: talk.id }, data: { deletedAt: new Date() } });
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(0);
  });

  it("rebuild after a write on the raw connection itself (imports write there)", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(0);
    t.raw
      .prepare(`INSERT INTO Talk (talkerId, occurredOn, counterpartKind, counterpartName, createdAt, updatedAt) VALUES (?, '2026-06-01', 'RESIDENT', '王五', ?, ?)`)
      .run(zhang.id, new Date().toISOString(), new Date().toISOString());
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(1);
  });

  it("keep one report per set of options (year, asOf, zone, members)", async () => {
    const s = await scenario(t);
    const zhang = await s.member("zhang");
    await s.talks(zhang.id, ["2026-03-01", "2026-10-01"]);
    expect(cachedComplianceReport(t.raw, OPTS).members[0].yearTalks.count).toBe(2);
    expect(cachedComplianceReport(t.raw, { ...OPTS, asOf: "2026-06-30" }).members[0].yearTalks.count).toBe(1);
    expect(cachedComplianceReport(t.raw, { ...OPTS, memberIds: [] }).members).toHaveLength(0);
  });

  it("are never cached when the version row is missing", async () => {
    const s = await scenario(t);
    await s.member("zhang");
    t.raw.prepare(`DELETE FROM LedgerVersion`).run();
    expect(ledgerVersionSync(t.raw)).toBeNull();
    expect(cachedComplianceReport(t.raw, OPTS)).not.toBe(cachedComplianceReport(t.raw, OPTS));
  });

  it("have an insert, update and delete trigger raising the version on every table the report reads", () => {
    const triggers = t.raw.prepare(`SELECT tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger'`).all() as Array<{ tbl: string; sql: string }>;
    for (const table of READ_TABLES) {
      for (const op of ["INSERT", "UPDATE", "DELETE"]) {
        const found = triggers.filter((tr) => tr.tbl === table && new RegExp(`AFTER ${op} ON`).test(tr.sql) && /"LedgerVersion" SET "version" = "version" \+ 1/.test(tr.sql));
        expect(found, `${op} trigger on ${table}`).toHaveLength(1);
      }
    }
  });

  it("leave the version alone on writes to sessions and audit entries, which the report does not read", async () => {
    const before = ledgerVersionSync(t.raw);
    await t.db.session.create({ data: { id: "s1", sid: "s1", data: "{}", expiresAt: new Date() } });
    await t.db.auditEntry.create({ data: { action: "x", entity: "Talk", entityId: "1" } });
    expect(ledgerVersionSync(t.raw)).toBe(before);
  });
});

describe("a report's parts and kept lookups", () => {
  it("show a renamed zone and a new threshold at once, though zones and settings are kept between reports", async () => {
    const s = await scenario(t);
    const zone = await s.zone("一区");
    const zhang = await s.member("zhang");
    await s.assignZone(zhang.id, zone.id, "2025-01-01");
    expect(buildComplianceReport(t.raw, OPTS).members[0].zone).toBe("一区");
    expect(buildComplianceReport(t.raw, OPTS).members[0].yearTalks.required).toBe(10);
    await t.db.zone.update({ where: { id: zone.id }, data: { name: "第一责任区" } });
    await s.setting("YEAR_TALKS", 12, "2026-01-01");
    const after = buildComplianceReport(t.raw, OPTS);
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
    const full = buildComplianceReport(t.raw, { ...OPTS, memberIds: [zhang.id] });
    const lean = buildComplianceReport(t.raw, { ...OPTS, memberIds: [zhang.id], skip: ["zones", "branch"] });
    expect(lean.members).toEqual(full.members);
    expect(full.zones).toHaveLength(1);
    expect(full.branch.halfYearMeetings.length).toBeGreaterThan(0);
    expect(lean.zones).toEqual([]);
    expect(lean.branch.halfYearMeetings).toEqual([]);
    const zoneOnly = buildComplianceReport(t.raw, { ...OPTS, zoneId: zone.id, memberIds: [], skip: ["branch"] });
    expect(zoneOnly.zones).toEqual(full.zones);
  });
});
