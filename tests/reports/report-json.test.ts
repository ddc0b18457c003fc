import { afterEach, describe, expect, it } from "vitest";
import { complianceReportJson } from "../../src/domain/compliance/report-json.ts";
import { buildComplianceReport, type ComplianceReport, type MemberCompliance, type PeriodResult } from "../../src/domain/compliance/report.ts";
import { cachedComplianceReport } from "../../src/domain/compliance/cache.ts";
import { orgComplianceReport } from "../../src/domain/compliance/org.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { daysOf, scenario } from "./scenario.ts";

/** The serializer's bytes are JSON.stringify's, encoded as UTF-8 (what res.json sends). */
function expectSameAsStringify(report: unknown): void {
  const json = JSON.stringify(report);
  const bytes = complianceReportJson(report as ComplianceReport);
  expect(bytes.toString("utf8")).toBe(json);
  expect(bytes.equals(Buffer.from(json, "utf8"))).toBe(true);
}

/** Names that need escaping or multi-byte UTF-8, and ones that JSON.stringify keeps as they are. */
const TRICKY = [
  "",
  "王干部",
  'say "hi"',
  "back\\slash",
  "\\",
  '"',
  "tab\there",
  "line\nbreak\r\n",
  "\u0000\u0001\u0008\u000b\u000c\u001f\u007f",
  "line sep \u2028 para sep \u2029",
  "lone high \ud800 end",
  "lone low \udc00",
  "\udfff\ud83d",
  "ends high \ud83d",
  "emoji 😀 and 👨‍👩‍👧",
  "Latin é ß ©, Cyrillic Ж, Greek Ω, U+0080 \u0080 U+07FF \u07ff U+0800 \u0800 U+FFFF \uffff",
  "=HYPERLINK(\"http://x\")",
  "<script>&amp;</script>",
  "a".repeat(5000) + "😀",
];

const frozen = (period: string, count: number, required: number, status: PeriodResult["status"]): PeriodResult =>
  Object.freeze({ period, count, required, status });

function member(id: number, name: string, more: Partial<MemberCompliance> = {}): MemberCompliance {
  return {
    id,
    username: `u${id}`,
    name,
    role: "MEMBER",
    cadreLevel: null,
    zone: null,
    yearTalks: Object.freeze({ count: id % 13, required: 10, status: "in_progress" }),
    ...more,
  };
}

function reportOf(members: MemberCompliance[], zones: ComplianceReport["zones"] = []): ComplianceReport {
  return { year: 2026, asOf: "2026-11-18", timeZone: "Asia/Shanghai", members, zones, branch: { name: null, halfYearMeetings: [] } };
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("the compliance report's JSON bytes", () => {
  it("are JSON.stringify's for an empty report", () => {
    expectSameAsStringify(reportOf([]));
  });

  it("escape names with quotes, backslashes, control characters and lone surrogates as JSON.stringify does", () => {
    const members = TRICKY.map((name, i) =>
      member(i + 1, name, { username: TRICKY[(i + 3) % TRICKY.length], zone: i % 2 ? name : null, cadreLevel: i % 3 ? null : name }),
    );
    const zones = TRICKY.map((name, i) => ({ id: i + 1, name, monthlyCourtyardMeetings: [frozen("2026-01", i, 1, "met")] }));
    const r = reportOf(members, zones);
    r.branch = { name: 'branch "\\\u2028\ud800', halfYearMeetings: [frozen("2026-H1", 2, 2, "met")] };
    expectSameAsStringify(r);
  });

  it("are whole when the report is far larger than the first guess of its size", () => {
    const long = "王".repeat(60_000) + "a".repeat(70_000) + '"' + "😀".repeat(10_000);
    expectSameAsStringify(reportOf([member(1, long, { zone: long.slice(1000) }), member(2, "王".repeat(200_000))]));
  });

  it("leave out optional keys that are missing or undefined, and keep null ones", () => {
    const months = [frozen("2026-01", 5, 5, "met"), frozen("2026-02", 0, 5, "missed")];
    const r = reportOf([
      member(1, "plain"),
      member(2, "cadre", { role: "CADRE", cadreLevel: "MIDDLE", zone: "第一责任区", monthlyTalks: months, pairings: { count: 1, required: 3, status: "at_risk" } }),
      member(3, "liner", { weeklyVisits: [frozen("2026-W01", 3, 3, "met")], monthlyTalks: [] }),
      member(4, "undefined keys", { monthlyTalks: undefined, weeklyVisits: undefined, pairings: undefined }),
    ]);
    expectSameAsStringify(r);
    expect(complianceReportJson(r).toString()).not.toContain('"monthlyTalks":undefined');
  });

  it("write numbers as JSON.stringify does (zero, negative zero, large, fractions, non-finite)", () => {
    const values = [0, -0, 1, 9, 10, 99, 100, 2147483647, 2147483648, 4294967296, Number.MAX_SAFE_INTEGER, 1e21, -1, -2147483648, 0.5, 1 / 3, 1e-7, NaN, Infinity, -Infinity];
    const r = reportOf(values.map((v, i) => member(i + 1, "n", { yearTalks: { count: v, required: v, status: "met" } })));
    r.year = -0;
    expectSameAsStringify(r);
  });

  it("are the same from a shared frozen result written the first time and from its kept bytes", () => {
    const shared = frozen("2026-03", 7, 5, "met");
    const year = Object.freeze({ count: 12, required: 10, status: "met" as const });
    const r = reportOf(Array.from({ length: 50 }, (_, i) => member(i + 1, `m${i}`, { yearTalks: year, monthlyTalks: [shared, shared] })));
    expectSameAsStringify(r);
    expectSameAsStringify(r); // now from the kept bytes
    expectSameAsStringify(reportOf([member(9, "another report", { yearTalks: year, monthlyTalks: [shared] })]));
  });

  it("never keep the bytes of an object that can still change", () => {
    const open = { period: "2026-04", count: 1, required: 5, status: "in_progress" as const };
    const r = reportOf([member(1, "a", { monthlyTalks: [open] })]);
    expectSameAsStringify(r);
    open.count = 5;
    open.status = "met" as never;
    expectSameAsStringify(r);
    // A frozen object holding a mutable one is not kept either.
    const inner = { count: 1, required: 1, status: "met" };
    const outer = Object.freeze({ period: "2026-05", count: 1, required: 1, status: "met", extra: inner });
    const r2 = reportOf([member(1, "b", { monthlyTalks: [outer as unknown as PeriodResult] })]);
    expectSameAsStringify(r2);
    inner.count = 2;
    expectSameAsStringify(r2);
  });

  it("follow JSON.stringify for an org report's extra keys and for values that are not plain data", () => {
    const r = {
      year: 2026,
      asOf: "2026-12-31",
      timeZone: "Asia/Shanghai",
      org: { code: "C001", name: "示范县委", kind: "COUNTY" },
      members: [{ ...member(1, "x"), org: "B001" }, { ...member(2, "y"), org: null }],
      zones: [],
      branch: { name: "青山村党支部", halfYearMeetings: [] },
      odd: [undefined, () => 1, Symbol("s"), new Date(Date.UTC(2026, 0, 2)), new String("boxed"), new Number(3), true, false, null, { toJSON: () => "custom" }, [[]], {}],
      skipped: undefined,
      fn: () => 0,
      1: "integer keys first",
    };
    expectSameAsStringify(r);
    expect(() => complianceReportJson({ ...reportOf([]), big: 1n } as unknown as ComplianceReport)).toThrow(TypeError);
  });

  it("are JSON.stringify's for 200 generated reports of tricky names, shared results and optional keys", () => {
    const next = random(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
    const statuses: PeriodResult["status"][] = ["met", "missed", "in_progress", "at_risk", "not_applicable"];
    const pool = Array.from({ length: 30 }, (_, i) => frozen(`2026-${String((i % 12) + 1).padStart(2, "0")}`, i % 8, 5, pick(statuses)));
    const chars = ["a", "Z", "0", " ", '"', "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "王", "\u2028", "\ud800", "\udc00", "😀", "\uffff"];
    const name = () => Array.from({ length: Math.floor(next() * 8) }, () => pick(chars)).join("");
    for (let n = 0; n < 200; n++) {
      const members = Array.from({ length: Math.floor(next() * 20) }, (_, i) => {
        const m = member(i + 1, name(), { username: name(), zone: next() < 0.3 ? null : name(), cadreLevel: next() < 0.5 ? null : name() });
        if (next() < 0.4) m.monthlyTalks = Array.from({ length: Math.floor(next() * 12) }, () => (next() < 0.8 ? pick(pool) : { ...pick(pool) }));
        if (next() < 0.3) m.weeklyVisits = Array.from({ length: Math.floor(next() * 53) }, () => pick(pool));
        if (next() < 0.3) m.pairings = { count: Math.floor(next() * 5), required: 3, status: pick(statuses) };
        return m;
      });
      const zones = Array.from({ length: Math.floor(next() * 4) }, (_, i) => ({ id: i + 1, name: name(), monthlyCourtyardMeetings: [pick(pool)] }));
      expectSameAsStringify(reportOf(members, zones));
    }
  });
});

describe("the compliance report's JSON bytes of a real ledger", () => {
  let t: TestDb;
  afterEach(async () => {
    await t.close();
  });

  it("are JSON.stringify's for the built, cached, zone and org reports", async () => {
    t = await freshDb();
    const s = await scenario(t);
    const zone = await s.zone('第"一"责任区\\');
    const other = await s.zone("第二责任区\u2028");
    const cadre = await s.cadre("ganbu", { name: "马\"磊\"\\", cadreLevel: "COUNTY_MANAGED" });
    const secretary = await s.member("shuji", { name: "吴慧英 😀", role: "SECRETARY", cadreLevel: "MIDDLE" });
    const plain = await s.member("dangyuan", { name: "tab\tand\nnewline" });
    await s.member("late", { name: "joined in July", registeredOn: "2026-07-01" });
    await s.assignZone(cadre.id, zone.id, "2025-01-01");
    await s.assignZone(plain.id, other.id, "2026-03-01");
    const line = await s.line("1路");
    await s.assignLine(cadre.id, line.id, "2026-01-01");
    await s.talks(cadre.id, [...daysOf("2026-01", 5), ...daysOf("2026-02", 3), ...daysOf("2026-10", 6)]);
    await s.talks(secretary.id, daysOf("2026-03", 7));
    await s.talks(plain.id, daysOf("2026-04", 2));
    await s.visits(cadre.id, line.id, ["2026-01-05", "2026-01-06", "2026-01-07", "2026-02-02"]);
    await s.meeting("COURTYARD", zone.id, "2026-02-10", secretary.id);
    const resident = await s.resident(zone.id, "群众");
    await s.pairing(cadre.id, resident.id, "2026-01-01");

    for (const asOf of ["2026-11-18", "2026-12-31", "2027-02-01", "2025-12-31"]) {
      expectSameAsStringify(await buildComplianceReport(t.kx, { year: 2026, asOf }));
      expectSameAsStringify(await buildComplianceReport(t.kx, { year: 2026, asOf, zoneId: zone.id }));
      expectSameAsStringify(await buildComplianceReport(t.kx, { year: 2026, asOf, memberIds: [plain.id] }));
    }
    const cached = await cachedComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18" });
    expectSameAsStringify(cached);
    expectSameAsStringify(cached); // frozen members: the second time partly from kept bytes
    const org = await t.kx.selectFrom("Org").select(["id", "code", "name", "kind", "path"]).where("id", "=", s.branch.id).executeTakeFirstOrThrow();
    expectSameAsStringify(await orgComplianceReport(t.kx, { year: 2026, asOf: "2026-11-18", org }));
  });
});
