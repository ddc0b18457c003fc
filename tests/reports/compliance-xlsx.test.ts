/**
 * The compliance workbook streamed to the response (QA finding 5): same sheet as
 * `complianceXlsx`, and a county-sized workbook never holds the event loop: other requests
 * (/healthz) are answered while it is being written. The workbook's own tests use a big report made
 * in memory (the export's cost is in the rows, not in where they came from); the route's test reads
 * 800 cadres from the database (no vi.mock: the suite shares modules between files, vitest.config.ts).
 * No absolute timings: delays are compared with the export's own duration.
 */
import { PassThrough } from "node:stream";
import { monitorEventLoopDelay } from "node:perf_hooks";
import ExcelJS from "exceljs";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { ComplianceReport, MemberCompliance } from "../../src/domain/compliance/report.ts";
import { COMPLIANCE_HEADER, complianceRows, complianceXlsx, guardCell } from "../../src/reports/compliance-export.ts";
import { writeComplianceXlsx } from "../../src/reports/compliance-xlsx.ts";
import { testApp, type TestApp } from "../support/app.ts";

/** A report of `n` cadres, each with 12 months and 53 weeks: about 67 rows per member. */
function bigReport(n: number): ComplianceReport {
  const statuses = ["met", "missed", "at_risk", "in_progress", "not_applicable"] as const;
  const members: MemberCompliance[] = [];
  for (let i = 1; i <= n; i++) {
    members.push({
      id: i,
      username: `gb${i}`,
      name: i === 1 ? '=HYPERLINK("x")' : `干部${i}`,
      role: "CADRE",
      cadreLevel: "COUNTY_MANAGED",
      zone: `第${1 + (i % 40)}责任区`,
      yearTalks: { count: i % 11, required: 10, status: statuses[i % 5] },
      monthlyTalks: Array.from({ length: 12 }, (_, m) => ({ period: `2026-${String(m + 1).padStart(2, "0")}`, count: (i + m) % 7, required: 5, status: statuses[(i + m) % 5] })),
      weeklyVisits: Array.from({ length: 53 }, (_, w) => ({ period: `2026-W${String(w + 1).padStart(2, "0")}`, count: (i + w) % 2, required: 1, status: statuses[(i + w) % 5] })),
      pairings: { count: i % 5, required: 4, status: statuses[i % 5] },
    });
  }
  const zones = Array.from({ length: 40 }, (_, z) => ({
    id: z + 1,
    name: `第${z + 1}责任区`,
    monthlyCourtyardMeetings: Array.from({ length: 12 }, (_, m) => ({ period: `2026-${String(m + 1).padStart(2, "0")}`, count: 1, required: 1, status: "met" as const })),
  }));
  const halves = [{ period: "2026-H1", count: 1, required: 1, status: "met" as const }];
  return { year: 2026, asOf: "2026-11-18", timeZone: "Asia/Shanghai", members, zones, branch: { name: "示范党支部", halfYearMeetings: halves } };
}

const collect = (out: PassThrough) => {
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  return () => Buffer.concat(chunks);
};

async function sheetRows(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  const ws = wb.getWorksheet("达标情况")!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push(Array.from((row.values as unknown[]).slice(1), (v) => v ?? "")));
  return { ws, rows };
}

describe("the streamed compliance workbook", () => {
  it("has the same sheet, header, rows and formula guard as complianceXlsx", async () => {
    const report = bigReport(30);
    const out = new PassThrough();
    const bytes = collect(out);
    const n = await writeComplianceXlsx(report, out, 100);
    const streamed = await sheetRows(bytes());
    const buffered = await sheetRows(await complianceXlsx(report));
    expect(n).toBe(complianceRows(report).length);
    expect(streamed.rows[0]).toEqual([...COMPLIANCE_HEADER]);
    expect(streamed.rows.slice(1)).toEqual(complianceRows(report).map((r) => r.map(guardCell)));
    expect(streamed.rows).toEqual(buffered.rows);
    expect(streamed.ws.getRow(1).font?.bold).toBe(true);
    expect(streamed.ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(streamed.rows[1][1]).toBe(`'=HYPERLINK("x")`);
    expect(typeof streamed.rows[1][6]).toBe("number");
  });

  it("hands the event loop back between batches: its longest stall is a small part of the export", async () => {
    const report = bigReport(1500); // ~100,000 rows
    const h = monitorEventLoopDelay({ resolution: 5 });
    const out = new PassThrough();
    collect(out);
    h.enable();
    const started = performance.now();
    await writeComplianceXlsx(report, out);
    const total = performance.now() - started;
    h.disable();
    const longestStall = h.max / 1e6; // ns -> ms
    expect(longestStall).toBeLessThan(total / 10);
  });
});

/** `n` cadres of the test branch, each with a bus line, straight into the tables in one transaction (a large branch's roster; no records). */
async function cadres(t: TestApp, n: number): Promise<void> {
  await t.kx.transaction().execute(async (tx) => {
    const people = Array.from({ length: n }, (_, i) => ({ branchId: t.branchId, username: `gb${i}`, name: `干部${i}`, role: "CADRE", cadreLevel: "COUNTY_MANAGED", registeredOn: "2020-01-01", active: 1, passwordHash: "x", updatedAt: sql<string>`CURRENT_TIMESTAMP` }));
    const ids = (await tx.insertInto("Member").values(people).returning("id").execute()).map((r) => r.id);
    await tx.insertInto("OrgMembership").values(ids.map((memberId) => ({ memberId, orgId: t.branchId, fromOn: "2020-01-01" }))).execute();
    await tx.insertInto("RoleTerm").values(ids.map((memberId) => ({ memberId, role: "CADRE", cadreLevel: "COUNTY_MANAGED", fromOn: "2020-01-01" }))).execute();
    const line = await tx.insertInto("Line").values({ name: "1路" }).returning("id").executeTakeFirstOrThrow();
    await tx.insertInto("LineAssignment").values(ids.map((memberId) => ({ memberId, lineId: line.id, fromOn: "2020-01-01" }))).execute(); // their weeks too
  });
}

// The route over a large report read from the database (800 cadres with a bus line: about 48,000 rows). /healthz is
// asked when the first bytes of the workbook arrive, and must answer before the last ones.
describe("GET /reports/compliance?format=xlsx at county scale", () => {
  let t: TestApp;
  afterEach(async () => {
    await t?.close();
  });

  it("answers /healthz while the workbook is being written, long before the download ends", async () => {
    t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
    // The county's admin: the whole report.
    await t.member({ username: "guanli", role: "ADMIN" });
    await cadres(t, 800);
    const a = await t.loginAs("guanli");
    let healthz: Promise<number> | null = null;
    let started = 0;
    const res = await a.get("/reports/compliance?year=2026&format=xlsx").buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => {
        if (!healthz) {
          started = performance.now();
          healthz = request(t.app).get("/healthz").then((h) => {
            expect(h.status).toBe(200);
            return performance.now();
          });
        }
        chunks.push(c);
      });
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    const ended = performance.now();
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toContain("compliance-2026-asof-2026-11-18.xlsx");
    expect(healthz).not.toBeNull();
    const healthzAnswered = await healthz!;
    expect(healthzAnswered).toBeLessThan(ended);
    // /healthz waited a small part of the export, not all of it
    expect(healthzAnswered - started).toBeLessThan((ended - started) / 4);
    const { rows } = await sheetRows(res.body as Buffer);
    expect(rows.length).toBeGreaterThan(800 * 50); // each cadre: the year, 12 months, the weeks to 18 Nov
    expect(rows.filter((r) => String(r[0]).startsWith("gb")).length).toBeGreaterThan(0);
  }, 60_000);
});
