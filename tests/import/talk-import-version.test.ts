/**
 * A talk import raises the ledger's version once for the whole file instead of once per row
 * (src/import/version-once.ts), and the report cache stays honest: a kept report is rebuilt after
 * the import, the insert trigger is back with its own SQL (so a later single write still raises
 * the version), and a refused import or a failing write leaves triggers and version as they were.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { commitImport } from "../../src/import/engine.ts";
import { insertRaisingVersionsOnce } from "../../src/import/version-once.ts";
import { cachedComplianceReport, ledgerVersion } from "../../src/domain/compliance/cache.ts";
import { csv } from "./files.ts";

let t: TestDb;
let ganbu: number;
const opts = () => ({ today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: null });
const headers = ["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"];
const REPORT = { year: 2026, asOf: "2026-11-18" };
const talkTriggers = () => t.raw.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'Talk' ORDER BY name`).all();

beforeEach(async () => {
  t = await freshDb();
  const { branchId } = await ensureBaseline(t.db);
  ganbu = (await t.db.member.create({ data: { branchId, username: "ganbu", name: "干部", role: "CADRE", registeredOn: "2020-01-01", passwordHash: "x" } })).id;
});
afterEach(() => t.close());

describe("a talk import and the ledger's version", () => {
  it("raises it once for the file, rebuilds a kept report, and keeps the insert trigger", async () => {
    const triggers = talkTriggers();
    expect(triggers.map((r) => (r as { name: string }).name)).toContain("LedgerVersion_Talk_insert");
    expect(cachedComplianceReport(t.raw, REPORT).members.find((m) => m.id === ganbu)?.yearTalks.count).toBe(0);
    const before = ledgerVersion(t.raw)!;
    const file = csv(headers, [
      ["2026-03-05", "ganbu", "群众甲", "", "", "一"],
      ["2026-03-06", "ganbu", "群众乙", "", "", "二"],
      ["2026-03-07", "ganbu", "群众丙", "", "", "三"],
    ]);
    const out = await commitImport(t.raw, "talks", file, "talks.csv", opts());
    expect(out).toMatchObject({ committed: true, added: 3 });
    expect(ledgerVersion(t.raw)).toBe(before + 1);
    expect(cachedComplianceReport(t.raw, REPORT).members.find((m) => m.id === ganbu)?.yearTalks.count).toBe(3);
    expect(talkTriggers()).toEqual(triggers);
    // The trigger is live again: one more talk written directly raises the version.
    await t.db.talk.create({ data: { talkerId: ganbu, occurredOn: "2026-04-01", counterpartKind: "RESIDENT", counterpartName: "丁" } });
    expect(ledgerVersion(t.raw)).toBe(before + 2);
  });

  it("leaves the version alone when nothing is added, and triggers and version unchanged when the write fails", async () => {
    const file = csv(headers, [["2026-03-05", "ganbu", "群众甲", "", "", "一"]]);
    await commitImport(t.raw, "talks", file, "talks.csv", opts());
    const triggers = talkTriggers();
    const before = ledgerVersion(t.raw)!;
    const again = await commitImport(t.raw, "talks", file, "talks.csv", opts()); // every row a duplicate
    expect(again.added).toBe(0);
    expect(ledgerVersion(t.raw)).toBe(before);
    const failing = t.raw.transaction(() =>
      insertRaisingVersionsOnce(t.raw, "Talk", () => {
        t.raw.prepare(`INSERT INTO Talk (talkerId, occurredOn, counterpartKind, counterpartName, createdAt, updatedAt) VALUES (?, '2026-05-01', 'RESIDENT', '戊', 'x', 'x')`).run(ganbu);
        throw new Error("disk full");
      }),
    );
    expect(failing).toThrow("disk full");
    expect(talkTriggers()).toEqual(triggers);
    expect(ledgerVersion(t.raw)).toBe(before);
    expect(await t.db.talk.count()).toBe(1);
    expect(() => insertRaisingVersionsOnce(t.raw, "Talk", () => 0)).toThrow(/transaction/);
  });
});
