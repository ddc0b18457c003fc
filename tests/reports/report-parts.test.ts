/**
 * The compliance report's kept parts (issue 16): LedgerVersion row 3 is raised by roster writes,
 * row 4 by writes to visits, meetings, pairings and residents, and row 1 by all of these and
 * talks (src/domain/compliance/ledger-version.ts); the whole-year report keeps its roster under
 * row 3 and its other records under rows 3 and 4, and reads the talks every time. So after any
 * write the rebuilt report must equal one built with nothing kept.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openKysely } from "../../src/db/kysely.ts";
import { engineOf } from "../../src/db/dialect.ts";
import { buildComplianceReport, type ComplianceOptions } from "../../src/domain/compliance/report.ts";
import { cachedComplianceReport } from "../../src/domain/compliance/cache.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { daysOf, scenario } from "./scenario.ts";

let t: TestDb;
beforeEach(async () => {
  t = await freshDb();
});
afterEach(async () => {
  await t.close();
});

const OPTS: ComplianceOptions = { year: 2026, asOf: "2026-11-29" };

/** The roster tables (row 3) and the records besides talks (row 4), each with a column a no-op update can set to itself. */
const ROSTER: Array<[string, string]> = [
  ["Org", "name"], ["OrgMembership", "fromOn"], ["Zone", "name"], ["Member", "name"], ["RoleTerm", "fromOn"],
  ["ZoneAssignment", "fromOn"], ["LineAssignment", "fromOn"], ["RuleSetting", "value"],
];
const RECORDS: Array<[string, string]> = [["LineVisit", "visitedOn"], ["Meeting", "heldOn"], ["Pairing", "startedOn"], ["Resident", "name"]];

async function versions(): Promise<Record<number, number>> {
  const rows = await t.kx.selectFrom("LedgerVersion").select(["id", "version"]).execute();
  return Object.fromEntries(rows.map((r) => [r.id, Number(r.version)]));
}

/** A county in small: a cadre with a line, a zone, a pairing and records of every kind; two members; a rule setting. */
async function world() {
  const s = await scenario(t);
  const zoneA = await s.zone("一区");
  const zoneB = await s.zone("二区");
  const line = await s.line("一号线");
  const zhang = await s.cadre("zhang", { cadreLevel: "GENERAL" });
  const li = await s.member("li");
  const wang = await s.member("wang", { role: "SECRETARY", cadreLevel: "COUNTY_MANAGED" });
  await s.assignZone(zhang.id, zoneA.id, "2025-01-01");
  const liZone = await s.assignZone(li.id, zoneA.id, "2025-01-01");
  await s.assignZone(wang.id, zoneB.id, "2025-01-01");
  await s.assignLine(zhang.id, line.id, "2025-01-01");
  await s.talks(zhang.id, daysOf("2026-03", 6));
  await s.talks(li.id, ["2026-04-01"]);
  await s.visits(zhang.id, line.id, ["2026-03-02", "2026-03-03", "2026-03-04"]);
  await s.meeting("COURTYARD", zoneA.id, "2026-03-05", zhang.id);
  const resident = await s.resident(zoneA.id, "赵大娘");
  await s.pairing(zhang.id, resident.id, "2026-02-01");
  await s.setting("YEAR_TALKS", 10, "2026-01-01");
  return { s, zoneA, zoneB, line, zhang, li, wang, liZone, resident };
}

/** The report built on a Kysely of its own: nothing kept from earlier builds. */
async function unkept(opts: ComplianceOptions = OPTS) {
  const fresh = openKysely(t.url);
  try {
    return await buildComplianceReport(fresh, opts);
  } finally {
    await fresh.destroy();
  }
}

describe("the report parts' version rows", () => {
  it("rise on a write to each roster table (rows 1 and 3), each record table besides talks (rows 1 and 4), and a talk (row 1 only)", async () => {
    const w = await world();
    await w.s.talks(w.zhang.id, ["2026-05-01"]);
    const noop = (table: string, column: string) =>
      sql`UPDATE ${sql.table(table)} SET ${sql.ref(column)} = ${sql.ref(column)} WHERE "id" = (SELECT min("id") FROM ${sql.table(table)})`.execute(t.kx);
    const cases: Array<[string, string, number[]]> = [
      ...ROSTER.map(([table, col]): [string, string, number[]] => [table, col, [1, 3]]),
      ...RECORDS.map(([table, col]): [string, string, number[]] => [table, col, [1, 4]]),
      ["Talk", "occurredOn", [1]],
    ];
    for (const [table, col, raised] of cases) {
      const before = await versions();
      await noop(table, col);
      const after = await versions();
      for (const row of [1, 3, 4]) expect(after[row] - before[row], `${table}: row ${row}`).toBe(raised.includes(row) ? 1 : 0);
      expect(after[2], `${table}: row 2`).toBe(before[2]);
    }
  });

  it("rise on inserts and deletes too, through the app's writes", async () => {
    const w = await world();
    let before = await versions();
    const term = await t.db.roleTerm.create({ data: { memberId: w.li.id, role: "CADRE", fromOn: "2026-06-01" } });
    await t.db.roleTerm.delete({ where: { id: term.id } });
    let after = await versions();
    expect([after[1] - before[1], after[3] - before[3], after[4] - before[4]]).toEqual([2, 2, 0]);
    before = after;
    const meeting = await w.s.meeting("COURTYARD", w.zoneB.id, "2026-06-02", w.wang.id);
    await t.db.meeting.delete({ where: { id: meeting.id } });
    after = await versions();
    expect([after[1] - before[1], after[3] - before[3], after[4] - before[4]]).toEqual([2, 0, 2]);
  });

  it("have an insert, update and delete trigger on each table of their part, and none on Talk", async () => {
    const triggers =
      engineOf(t.kx) === "postgres"
        ? (
            await sql<{ tbl: string; op: string; action: string }>`SELECT event_object_table AS "tbl", event_manipulation AS "op", action_statement AS "action"
              FROM information_schema.triggers`.execute(t.kx)
          ).rows.map((r) => ({ tbl: r.tbl, op: r.op, row: Number(/ledger_version_bump_rows\('?(\d+)'?\)/.exec(r.action)?.[1]) }))
        : (await sql<{ tbl: string; sql: string }>`SELECT tbl_name AS "tbl", sql FROM sqlite_master WHERE type = 'trigger'`.execute(t.kx)).rows.map((r) => ({
            tbl: r.tbl,
            op: /AFTER (\w+) ON/.exec(r.sql)?.[1],
            row: Number(/WHERE "id" = (\d+)/.exec(r.sql)?.[1]),
          }));
    for (const [row, tables] of [[3, ROSTER], [4, RECORDS]] as const) {
      for (const [table] of tables) {
        for (const op of ["INSERT", "UPDATE", "DELETE"]) {
          expect(triggers.filter((tr) => tr.tbl === table && tr.op === op && tr.row === row), `${op} on ${table} -> row ${row}`).toHaveLength(1);
        }
      }
    }
    expect(triggers.filter((tr) => tr.tbl === "Talk" && tr.row !== 1)).toEqual([]);
  });
});

describe("a whole-year report after a write, its roster and other records kept", () => {
  it("equals the report built with nothing kept after a talk, a visit, a zone move, a role change, a rule setting and a pairing", async () => {
    const w = await world();
    const kept = async () => buildComplianceReport(t.kx, OPTS);
    expect(await kept()).toEqual(await unkept());
    expect(await kept()).toEqual(await unkept()); // the second from the kept parts
    const writes: Array<[string, () => Promise<unknown>]> = [
      ["a talk logged", () => w.s.talks(w.li.id, ["2026-05-05"])],
      ["a visit added", () => w.s.visits(w.zhang.id, w.line.id, ["2026-05-06"])],
      [
        "a member moved to another zone",
        async () => {
          await t.db.zoneAssignment.update({ where: { id: w.liZone.id }, data: { toOn: "2026-06-30" } });
          await w.s.assignZone(w.li.id, w.zoneB.id, "2026-07-01");
        },
      ],
      [
        "a role term changed",
        async () => {
          const term = await t.db.roleTerm.findFirstOrThrow({ where: { memberId: w.zhang.id } });
          await t.db.roleTerm.update({ where: { id: term.id }, data: { toOn: "2026-08-31" } });
          await t.db.roleTerm.create({ data: { memberId: w.zhang.id, role: "SECRETARY", cadreLevel: "MIDDLE", fromOn: "2026-09-01" } });
        },
      ],
      ["a rule setting changed", () => w.s.setting("MONTH_TALKS", 3, "2026-07-01")],
      [
        "a pairing added",
        async () => {
          const other = await w.s.resident(w.zoneA.id, "钱大爷");
          await w.s.pairing(w.zhang.id, other.id, "2026-10-01");
        },
      ],
      ["a meeting held", () => w.s.meeting("COURTYARD", w.zoneB.id, "2026-06-03", w.wang.id)],
    ];
    let previous = await kept();
    for (const [what, write] of writes) {
      await write();
      const after = await kept();
      expect(after, what).toEqual(await unkept());
      expect(after, `${what} changes the report`).not.toEqual(previous);
      previous = after;
    }
  });

  it("leave a kept report's zones and members unchanged by a caller's freeze or a later build", async () => {
    const w = await world();
    const first = await cachedComplianceReport(t.kx, OPTS);
    const copy = structuredClone(first);
    await w.s.talks(w.zhang.id, ["2026-05-07"]);
    const second = await buildComplianceReport(t.kx, OPTS);
    expect(Object.isFrozen(second.zones)).toBe(false);
    expect(first).toEqual(copy);
    expect(second.members.find((m) => m.id === w.zhang.id)!.yearTalks.count).toBe(first.members.find((m) => m.id === w.zhang.id)!.yearTalks.count + 1);
  });

  it("are the same for a one-zone and a one-member report, which keep nothing of their own", async () => {
    const w = await world();
    await buildComplianceReport(t.kx, OPTS);
    await w.s.talks(w.li.id, ["2026-05-08"]);
    for (const opts of [{ ...OPTS, zoneId: w.zoneA.id }, { ...OPTS, memberIds: [w.zhang.id, w.li.id] }]) {
      expect(await buildComplianceReport(t.kx, opts)).toEqual(await unkept(opts));
    }
  });
});
