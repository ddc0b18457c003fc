/**
 * Lists at county scale (issue 16, item 3: no page a phone opens over 200 KB of HTML): 责任区, 责任区管理,
 * 逾期未反馈的诉求 and the branches' year-end sign-offs in pages (every row on exactly one page), and the zone filter of the ledger
 * lists offering only the chosen zone once the actor reaches more than 200 zones (the others are
 * opened from 责任区), while zone= still filters.
 * A county reviewer (zuzhibu, REVIEWER at the root) over 230 zones of the default branch and 61
 * branches; today 2026-11-18.
 */
import { afterAll, describe, expect, it } from "vitest";
import { testApp } from "../support/app.ts";
import { addOrg, grant } from "../support/county.ts";
import { PAGE_SIZE } from "../../src/domain/paging.ts";

const t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
afterAll(() => t.close());
const ZONES = 230;
const OVERDUE = 70;
await t.db.zone.createMany({ data: Array.from({ length: ZONES }, (_, i) => ({ branchId: t.branchId, name: `区${String(i + 1).padStart(3, "0")}`, establishedOn: "2020-01-01" })) });
const zones = await t.db.zone.findMany({ orderBy: { id: "asc" } });
const reviewer = (await t.member({ username: "zuzhibu", name: "县委组织部" })).id;
await grant(t, reviewer, t.countyId, "REVIEWER");
const owner = (await t.member({ username: "ganbu", name: "王干部", role: "CADRE" })).id;
await t.db.request.createMany({
  data: Array.from({ length: OVERDUE }, (_, i) => ({ source: "WALK_IN", zoneId: zones[i % 3].id, residentName: `住户${i}`, raisedOn: "2026-09-01", content: `逾期诉求${i}`, ownerId: owner, createdById: owner })),
});
const BRANCHES = 60; // and the default branch
const root = await t.db.org.findUniqueOrThrow({ where: { id: t.countyId } });
for (let i = 1; i <= BRANCHES; i++) await addOrg(t, { id: root.id, code: root.code, name: root.name, path: root.path }, `ZB${i}`, `第${i}党支部`, "BRANCH");
const a = await t.loginAs("zuzhibu");

/** The rows of every page of `path` (1 … until a page shows none new), by `pattern`'s first group. */
async function everyPage(path: string, pattern: RegExp): Promise<string[][]> {
  const pages: string[][] = [];
  for (let n = 1; n <= 20; n++) {
    const res = await a.get(`${path}${path.includes("?") ? "&" : "?"}page=${n}`);
    expect(res.status).toBe(200);
    pages.push([...res.text.matchAll(pattern)].map((m) => m[1]));
    if (!res.text.includes('rel="next"')) break;
  }
  return pages;
}

describe("lists in pages", () => {
  it("pages 责任区: every zone on exactly one page", async () => {
    const pages = await everyPage("/zones", /<a href="\/zones\/(\d+)">/g);
    expect(pages.length).toBe(Math.ceil(ZONES / PAGE_SIZE));
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(PAGE_SIZE);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(zones.map((z) => String(z.id))));
  });

  it("pages 责任区管理 for the admin: every zone on exactly one page", async () => {
    await t.member({ username: "guanli", name: "县管理员", role: "ADMIN" });
    const admin = await t.loginAs("guanli");
    const pages: string[][] = [];
    for (let n = 1; n <= 10; n++) {
      const res = await admin.get(`/admin/zones?page=${n}`);
      expect(res.status).toBe(200);
      pages.push([...res.text.matchAll(/<a href="\/admin\/zones\/(\d+)">/g)].map((m) => m[1]));
      if (!res.text.includes('rel="next"')) break;
    }
    expect(pages.map((p) => p.length)).toEqual([...Array(Math.floor(ZONES / PAGE_SIZE)).fill(PAGE_SIZE), ZONES % PAGE_SIZE]);
    expect(new Set(pages.flat())).toEqual(new Set(zones.map((z) => String(z.id))));
  });

  it("pages the overdue requests: every one on exactly one page, oldest first", async () => {
    const first = await a.get("/requests/overdue");
    expect(first.text).toContain(`共 ${OVERDUE} 条`);
    const pages = await everyPage("/requests/overdue", /data-request="(\d+)"/g);
    expect(pages.map((p) => p.length)).toEqual([PAGE_SIZE, OVERDUE - PAGE_SIZE]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(OVERDUE);
  });

  it("pages the branches' year-end sign-offs: every branch on exactly one page, the counts over all", async () => {
    const first = await a.get("/review/2026/branches");
    expect(first.text).toContain(`共 ${BRANCHES + 1} 个党支部`);
    expect(first.text).toContain(`<span data-count="OPEN">${BRANCHES + 1}</span>`);
    const pages = await everyPage("/review/2026/branches", /data-branch="(\d+)"/g);
    expect(pages.map((p) => p.length)).toEqual([PAGE_SIZE, BRANCHES + 1 - PAGE_SIZE]);
    expect(new Set(pages.flat()).size).toBe(BRANCHES + 1);
  });

  it("offers only the chosen zone in the lists' zone filter above 200 zones, and zone= still filters", async () => {
    for (const list of ["/requests", "/meetings", "/residents"]) {
      const all = await a.get(list);
      expect(all.status).toBe(200);
      expect(all.text).toContain("data-zone-hint");
      expect(all.text.match(/<option value="\d+"/g) ?? []).toHaveLength(0);
      const one = await a.get(`${list}?zone=${zones[1].id}`);
      expect(one.text).toMatch(new RegExp(`<option value="${zones[1].id}" selected>区002</option>`));
    }
    const filtered = await a.get(`/requests?zone=${zones[1].id}&status=all`);
    const shown = [...filtered.text.matchAll(/data-request="(\d+)"/g)].map((m) => Number(m[1]));
    expect(shown.length).toBeGreaterThan(0);
    const rows = await t.db.request.findMany({ where: { id: { in: shown } }, select: { zoneId: true } });
    expect(new Set(rows.map((r) => r.zoneId))).toEqual(new Set([zones[1].id]));
  });
});
