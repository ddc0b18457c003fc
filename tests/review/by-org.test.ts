/**
 * The secretary's desk built per org (issue 12 item 4; FORMATS.md "Organization reports"): the
 * overview, the reminders, the year workbook (web job and `ledger export year --org`) and the
 * print binder take `org=CODE` (default: the widest org reached; a secretary's is their branch),
 * hold only that subtree's members, zones and records, and answer 404 for an org out of reach.
 * County of tests/support/county.ts (townships XZA: A1, A2 and XZB: B1, B2); today 2026-11-18.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { testApp, type Agent } from "../support/app.ts";
import { buildCounty, grant, type BranchRow } from "../support/county.ts";
import { main } from "../../src/cli/ledger.ts";

const t = await testApp();
const c = await buildCounty(t);
const reviewerB = (await t.member({ username: "shenhe_b", name: "乙镇组织委员", branchId: c.branches.b1.id })).id;
await grant(t, reviewerB, c.townships.B.id, "REVIEWER");
const dir = mkdtempSync(path.join(os.tmpdir(), "ledger-by-org-"));
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

// One talk, one meeting, one pairing with assistance and one request per branch, named after it.
const line = (await t.db.line.create({ data: { name: "org-1路" } })).id;
for (const [key, b] of Object.entries(c.branches) as [string, BranchRow][]) {
  await t.db.talk.create({ data: { talkerId: b.cadre, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: `谈心对象${key}`, content: "谈心" } });
  await t.db.lineVisit.create({ data: { cadreId: b.cadre, lineId: line, visitedAt: new Date("2026-11-10T01:30:00Z"), visitedOn: "2026-11-10", purpose: `走访${key}` } });
  await t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: b.zoneId, heldOn: "2026-11-10", hostId: b.cadre, createdById: b.cadre, topics: `议题${key}` } });
  const r = await t.db.resident.create({ data: { zoneId: b.zoneId, name: `困难户${key}` } });
  const p = await t.db.pairing.create({ data: { cadreId: b.cadre, residentId: r.id, startedOn: "2026-03-01" } });
  await t.db.assistanceRecord.create({ data: { pairingId: p.id, givenOn: "2026-05-01", kind: "FUNDS", amountFen: 10000, description: `慰问${key}`, createdById: b.cadre } });
  await t.db.request.create({ data: { source: "WALK_IN", zoneId: b.zoneId, residentName: `住户${key}`, raisedOn: "2026-11-10", content: `诉求${key}`, ownerId: b.cadre, createdById: b.cadre } });
}

const agents = new Map<string, Agent>();
const as = async (login: string) => agents.get(login) ?? agents.set(login, await t.loginAs(login)).get(login)!;

/** The keys (a1, a2, b1, b2) whose people appear in `text` (names sja1, gba1, dya1, …). */
const branchesIn = (text: string) => ["a1", "a2", "b1", "b2"].filter((k) => text.includes(`dy${k}`) || text.includes(`dy_${k}`));

async function downloadWorkbook(agent: Agent, body: Record<string, string>) {
  const start = await agent.post("/exports").type("form").send({ _csrf: await agent.csrf("/review"), year: "2026", asOf: "2026-11-18", ...body });
  expect(start.status).toBe(303);
  let status = (await agent.get(`${start.headers.location}/status`)).body;
  for (let i = 0; i < 400 && status.state === "running"; i++) {
    await new Promise((r) => setTimeout(r, 25));
    status = (await agent.get(`${start.headers.location}/status`)).body;
  }
  expect(status.state).toBe("done");
  const file = await agent.get(status.download).buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on("data", (ch: Buffer) => chunks.push(ch));
    res.on("end", () => cb(null, Buffer.concat(chunks)));
  });
  expect(file.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.body as never);
  return { wb, job: start.headers.location as string };
}

function sheetText(wb: ExcelJS.Workbook, name: string): string {
  const out: string[] = [];
  wb.getWorksheet(name)!.eachRow((row) => out.push((row.values as unknown[]).map((v) => String(v ?? "")).join("|")));
  return out.join("\n");
}

describe("the overview per org", () => {
  it("shows a township reviewer their township only, in the picker too; another township's org is 404", async () => {
    const a = await as("shenhe_a");
    const page = await a.get("/review?year=2026");
    expect(page.status).toBe(200);
    expect(branchesIn(page.text)).toEqual(["a1", "a2"]);
    expect(page.text).toMatch(/<select name="org"[\s\S]*value="XZA"[\s\S]*<\/select>/);
    expect(page.text).not.toContain('value="XZB"');
    expect((await a.get("/review?year=2026&org=XZB")).status).toBe(404);
    expect((await a.get("/review?year=2026&org=NOPE")).status).toBe(404);
    const one = await a.get("/review?year=2026&org=A1");
    expect(branchesIn(one.text)).toEqual(["a1"]);
    expect(one.text).toContain("org=A1"); // links keep the org
  });

  it("shows the county reviewer everyone, or one township when asked", async () => {
    const z = await as("zuzhibu");
    expect(branchesIn((await z.get("/review?year=2026")).text)).toEqual(["a1", "a2", "b1", "b2"]);
    const b = await z.get("/review?year=2026&org=XZB");
    expect(branchesIn(b.text)).toEqual(["b1", "b2"]);
    expect(b.text).toContain("b1责任区");
    expect(b.text).not.toContain("a1责任区");
  });

  it("shows a secretary their branch only", async () => {
    const s = await as("sj_a1");
    expect(branchesIn((await s.get("/review?year=2026")).text)).toEqual(["a1"]);
    expect((await s.get("/review?year=2026&org=XZA")).status).toBe(404);
  });
});

describe("the reminders per org", () => {
  it("list only the org's people and zones; an org out of reach is 404", async () => {
    const a = await as("shenhe_a");
    const page = await a.get("/review/reminders");
    expect(page.status).toBe(200);
    expect(branchesIn(page.text)).toEqual(["a1", "a2"]);
    expect((await a.get("/review/reminders?org=XZB")).status).toBe(404);
    const z = await as("zuzhibu");
    const b = await z.get("/review/reminders?org=XZB");
    expect(branchesIn(b.text)).toEqual(["b1", "b2"]);
    expect(b.text).toMatch(/<select name="org"/);
    expect(branchesIn((await (await as("sj_b2")).get("/review/reminders")).text)).toEqual(["b2"]);
  });
});

describe("the year workbook per org", () => {
  it("holds only the township reviewer's township: members, zones and records", async () => {
    const { wb } = await downloadWorkbook(await as("shenhe_a"), {});
    const compliance = sheetText(wb, "达标情况");
    expect(branchesIn(compliance)).toEqual(["a1", "a2"]);
    expect(compliance).toContain("a1责任区");
    expect(compliance).not.toContain("b1责任区");
    const records = ["谈心记录", "走访记录", "会议记录", "结穷亲", "帮扶记录", "群众诉求"].map((s) => sheetText(wb, s)).join("\n");
    for (const k of ["a1", "a2"]) expect(records).toContain(`gb_${k}`);
    for (const k of ["b1", "b2"]) {
      expect(records).not.toContain(`gb_${k}`);
      expect(records).not.toContain(`对象${k}`);
      expect(records).not.toContain(`议题${k}`);
      expect(records).not.toContain(`慰问${k}`);
      expect(records).not.toContain(`诉求${k}`);
    }
  });

  it("answers 404 to another township's job and to an org out of reach; the county reviewer's holds everyone", async () => {
    const { job } = await downloadWorkbook(await as("shenhe_b"), {});
    const a = await as("shenhe_a");
    for (const p of [job, `${job}/status`, `${job}/download`]) expect((await a.get(p)).status, p).toBe(404);
    const refused = await a.post("/exports").type("form").send({ _csrf: await a.csrf("/review"), year: "2026", org: "XZB" });
    expect(refused.status).toBe(404);
    const { wb } = await downloadWorkbook(await as("zuzhibu"), {});
    expect(branchesIn(sheetText(wb, "达标情况"))).toEqual(["a1", "a2", "b1", "b2"]);
    const { wb: one } = await downloadWorkbook(await as("zuzhibu"), { org: "B2" });
    expect(branchesIn(sheetText(one, "达标情况"))).toEqual(["b2"]);
    expect(sheetText(one, "谈心记录")).not.toContain("对象b1");
  });

  it("is offered on the overview with the org, and from the command line with --org", async () => {
    const page = await (await as("sj_a1")).get("/review?year=2026");
    expect(page.text).toContain("导出年度台账工作簿");
    const out = path.join(dir, "xzb.xlsx");
    const err: string[] = [];
    const ctx = { databaseUrl: t.url, out: () => {}, err: (l: string) => err.push(l) };
    expect(await main(["export", "year", "--year", "2026", "--as-of", "2026-11-18", "--org", "XZB", "--out", out], ctx)).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(out) as never);
    expect(branchesIn(sheetText(wb, "达标情况"))).toEqual(["b1", "b2"]);
    expect(sheetText(wb, "谈心记录")).toContain("对象b1");
    expect(sheetText(wb, "谈心记录")).not.toContain("对象a1");
    expect(await main(["export", "year", "--year", "2026", "--org", "NOPE", "--out", path.join(dir, "x.xlsx")], ctx)).toBe(1);
    expect(err.join("\n")).toContain("组织不存在: NOPE");
  });
});

describe("the print binder per org", () => {
  it("takes org= and is limited to its subtree; an org out of reach is 404", async () => {
    const a = await as("shenhe_a");
    const zone = `/years/2026/zones/${c.branches.a1.zoneId}/print`;
    const member = `/years/2026/members/${c.branches.a1.member}/print`;
    expect((await a.get(`${zone}?org=XZA`)).status).toBe(200);
    expect((await a.get(`${member}?org=A1`)).status).toBe(200);
    expect((await a.get(`${zone}?org=XZB`)).status).toBe(404);
    expect((await a.get(`${member}?org=XZB`)).status).toBe(404);
    expect((await a.get(`${zone}?org=A2`)).status).toBe(404); // in reach, but the zone is A1's
    expect((await a.get(`${member}?org=A2`)).status).toBe(404);
    const z = await as("zuzhibu");
    expect((await z.get(`/years/2026/zones/${c.branches.b1.zoneId}/print?org=XZA`)).status).toBe(404);
    expect((await z.get(`/years/2026/zones/${c.branches.b1.zoneId}/print?org=XZB`)).status).toBe(200);
  });

  it("prints a whole org's binder: every member of the subtree, no one else", async () => {
    const a = await as("shenhe_a");
    const page = await a.get("/years/2026/orgs/A2/print");
    expect(page.status).toBe(200);
    expect(branchesIn(page.text)).toEqual(["a2"]);
    expect((await a.get("/years/2026/orgs/B1/print")).status).toBe(404);
    expect((await (await as("sj_a1")).get("/years/2026/orgs/A2/print")).status).toBe(404);
    expect((await a.get("/review?year=2026&org=A2")).text).toContain("/years/2026/orgs/A2/print");
  });
});
