/**
 * The overview at county scale (issue 16, item 3: page weight): members in pages (each member on
 * exactly one page, the filters and the sort kept by the pager), one summary row per child org
 * above a branch, the zones' months in pages (`zpage`), the org picker holding the way up and one
 * level down only.
 * County of tests/support/county.ts (XZA: A1, A2; XZB: B1, B2) plus 45 members and 12 cadres with a line in
 * A1 and 24 more zones in B1; today 2026-11-18.
 */
import { afterAll, describe, expect, it } from "vitest";
import { testApp, type Agent } from "../support/app.ts";
import { buildCounty } from "../support/county.ts";
import { PAGE_SIZE, WEEK_PAGE_SIZE, ZONE_PAGE_SIZE } from "../../src/reports/overview.ts";

const t = await testApp();
const c = await buildCounty(t);
afterAll(() => t.close());

const EXTRA = 45;
for (let i = 1; i <= EXTRA; i++) {
  const m = await t.member({ username: `p${String(i).padStart(2, "0")}`, name: `党员${i}号`, role: "MEMBER", branchId: c.branches.a1.id, registeredOn: "2024-01-01" });
  await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: c.branches.a1.zoneId, fromOn: "2024-01-01" } });
}
const line = (await t.db.line.create({ data: { name: "pages-1路" } })).id;
const CADRES = 12; // with a line: the weekly rule applies to them
for (let i = 1; i <= CADRES; i++) {
  const m = await t.member({ username: `c${String(i).padStart(2, "0")}`, name: `干部${i}号`, role: "CADRE", cadreLevel: "GENERAL", branchId: c.branches.a1.id, registeredOn: "2024-01-01" });
  await t.db.lineAssignment.create({ data: { memberId: m.id, lineId: line, fromOn: "2024-01-01" } });
}
for (let i = 1; i <= 24; i++) await t.db.zone.create({ data: { branchId: c.branches.b1.id, name: `乙区${i}号`, establishedOn: "2020-01-01" } });

const agents = new Map<string, Agent>();
const as = async (login: string) => agents.get(login) ?? agents.set(login, await t.loginAs(login)).get(login)!;
const membersOn = (html: string) => [...html.matchAll(/data-member="([^"]+)"/g)].map((m) => m[1]);
const nextHref = (html: string) => html.match(/<a href="(\/review\?[^"]*page=\d+[^"]*)">下一页 ›<\/a>/)?.[1].replaceAll("&amp;", "&") ?? null;

/** Every page of `first`, following 下一页: the members of each page. */
async function allPages(a: Agent, first: string): Promise<{ pages: string[][]; urls: string[] }> {
  const pages: string[][] = [];
  const urls: string[] = [];
  let url: string | null = first;
  while (url && pages.length < 20) {
    const res = await a.get(url);
    expect(res.status).toBe(200);
    urls.push(url);
    pages.push(membersOn(res.text));
    url = nextHref(res.text);
  }
  return { pages, urls };
}

describe("the overview in pages", () => {
  it("shows each member on exactly one page, with the filter and the sort kept across pages", async () => {
    const a = await as("zuzhibu");
    const { pages, urls } = await allPages(a, "/review?year=2026&role=MEMBER&sort=name&dir=desc");
    const expected = (await t.db.member.findMany({ where: { role: "MEMBER", active: true, NOT: { username: { in: ["zuzhibu", "shenhe_a", "guanli_a"] } } }, select: { username: true } })).map((m) => m.username);
    expect(pages.length).toBe(Math.ceil(pages.flat().length / PAGE_SIZE));
    expect(pages.length).toBeGreaterThanOrEqual(3); // page 2 exists, and a last page
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(PAGE_SIZE);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(seen.length); // nobody twice
    for (const u of expected.filter((x) => /^(p\d\d|dy_)/.test(x))) expect(seen).toContain(u); // nobody lost
    expect(seen.some((u) => u.startsWith("c") || u.startsWith("gb_") || u.startsWith("sj_"))).toBe(false); // the role filter held on every page
    for (const u of urls.slice(1)) expect(u).toMatch(/role=MEMBER.*sort=name.*dir=desc|role=MEMBER[\s\S]*dir=desc/);
    // the whole order is the one sort: page 2 starts where page 1 ends
    const one = membersOn((await a.get("/review?year=2026&role=MEMBER&sort=name&dir=desc&page=1")).text);
    expect(one).toEqual(pages[0]);
    // a page past the last shows the last
    const far = await a.get("/review?year=2026&role=MEMBER&sort=name&dir=desc&page=999");
    expect(membersOn(far.text)).toEqual(pages[pages.length - 1]);
  });

  it("draws the week grids ten members a page on the weekly rule, every cadre once", async () => {
    const a = await as("zuzhibu");
    const { pages } = await allPages(a, "/review?year=2026&rule=WEEK_VISITS");
    const seen = pages.flat();
    expect(pages.map((p) => p.length)).toEqual([WEEK_PAGE_SIZE, CADRES - WEEK_PAGE_SIZE]);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: CADRES }, (_, i) => `c${String(i + 1).padStart(2, "0")}`)));
    const second = await a.get("/review?year=2026&rule=WEEK_VISITS&page=2");
    expect(second.text.match(/<tr class="weeks-row"/g)).toHaveLength(CADRES - WEEK_PAGE_SIZE);
  });

  it("summarizes each child org above a branch over the members the filters keep, each opening that org", async () => {
    const a = await as("zuzhibu");
    const page = await a.get("/review?year=2026&role=MEMBER");
    const row = (code: string) => page.text.match(new RegExp(`<tr data-org="${code}">([\\s\\S]*?)</tr>`))?.[1] ?? "";
    const cells = (code: string) => [...row(code).matchAll(/<td data-label="([^"]+)">([^<]*)</g)].map((m) => [m[1], m[2]]);
    expect(row("XZA")).toContain("org=XZA");
    expect(row("XZA")).toContain("role=MEMBER"); // the filters kept
    expect(Object.fromEntries(cells("XZA"))["党员"]).toBe(String(EXTRA + 4)); // the 45, dy_a1, dy_a2, shenhe_a (A1) and guanli_a (A2)
    expect(Object.fromEntries(cells("XZB"))["党员"]).toBe("2");
    const township = await a.get("/review?year=2026&role=MEMBER&org=XZA");
    expect(township.text).toContain('data-org="A1"');
    expect(township.text).not.toContain('data-org="XZB"');
    expect(township.text.match(/<tr data-org="A1">[\s\S]*?<td data-label="党员">(\d+)</)?.[1]).toBe(String(EXTRA + 2)); // the 45, dy_a1 and shenhe_a
    // a branch has no child orgs: no summary
    expect((await a.get("/review?year=2026&org=A1")).text).not.toContain('id="child-orgs"');
  });

  it("reads fresh sign-off states and records on every request (the kept selection is per report and sign-off states)", async () => {
    const a = await as("zuzhibu");
    const reviewed = async () => membersOn((await a.get("/review?year=2026&review=REVIEWED&role=MEMBER")).text);
    expect(await reviewed()).toEqual([]);
    await t.db.yearReview.create({ data: { memberId: c.branches.a1.member, year: 2026, state: "REVIEWED", reviewerId: c.branches.a1.secretary, reviewedAt: new Date() } });
    expect(await reviewed()).toEqual(["dy_a1"]);
    await t.db.yearReview.updateMany({ where: { memberId: c.branches.a1.member }, data: { state: "RETURNED" } });
    expect(await reviewed()).toEqual([]);
    // a new member (the ledger changed: a new report) appears on the next request
    const before = Number((await a.get("/review?year=2026&role=MEMBER")).text.match(/data-total="(\d+)"/)![1]);
    await t.member({ username: "p99", name: "新党员", role: "MEMBER", branchId: c.branches.b1.id, registeredOn: "2024-01-01" });
    expect(Number((await a.get("/review?year=2026&role=MEMBER")).text.match(/data-total="(\d+)"/)![1])).toBe(before + 1);
  });

  it("pages the zones' months and offers the org picker the way up and one level down", async () => {
    const a = await as("zuzhibu");
    const b1 = await a.get("/review?year=2026&org=B1");
    const zonesOn = (html: string) => [...html.matchAll(/>(乙区\d+号|b1责任区)<\/a>/g)].map((m) => m[1]);
    const first = zonesOn(b1.text);
    expect(first).toHaveLength(ZONE_PAGE_SIZE);
    expect(b1.text).toMatch(/href="\/review\?[^"]*org=B1[^"]*zpage=2[^"]*#zones"/);
    const second = zonesOn((await a.get("/review?year=2026&org=B1&zpage=2")).text);
    expect(second).toHaveLength(25 - ZONE_PAGE_SIZE);
    expect(new Set([...first, ...second]).size).toBe(25);
    // picker at the county: the county and the townships, not the branches; at A1: the way up and A1
    const select = (html: string) => html.match(/<select name="org">([\s\S]*?)<\/select>/)?.[1] ?? "";
    const root = select((await a.get("/review?year=2026")).text);
    expect(root).toContain('value="XZA"');
    expect(root).toContain('value="XZB"');
    expect(root).not.toContain('value="A1"');
    const a1 = select((await a.get("/review?year=2026&org=A1")).text);
    for (const code of ["XZA", "A1"]) expect(a1).toContain(`value="${code}"`);
    expect(a1).not.toContain('value="B1"');
    expect(a1).toMatch(/value="A1" selected/);
  });
});
