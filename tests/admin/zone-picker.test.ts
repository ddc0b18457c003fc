/**
 * The admin forms' zone picker (issue 16 item 3): with more zones than a select should carry,
 * /admin/accounts/new and /admin/zones/move offer at most ZONE_PICK_MAX of them, a plain GET
 * search (zq) finds the others, a chosen zone stays offered, and the forms still post any zone
 * in scope without JavaScript. /admin/orgs shows its tree in pages.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { ZONE_PICK_MAX } from "../../src/routes/admin/zone-picker.ts";

let t: TestApp;
let admin: Agent;
let far: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.db.zone.createMany({ data: Array.from({ length: ZONE_PICK_MAX + 20 }, (_, i) => ({ branchId: t.branchId, name: `责任区${String(i).padStart(3, "0")}`, establishedOn: "2020-01-01" })) });
  far = (await t.db.zone.create({ data: { branchId: t.branchId, name: "最远的河湾责任区", establishedOn: "2020-01-01" } })).id;
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const zoneOptions = (html: string, name: string) => {
  const select = html.match(new RegExp(`<select id="f-${name}"[\\s\\S]*?</select>`))![0];
  return [...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1]));
};

describe("the zone picker of the admin forms", () => {
  it("the new-account form offers at most ZONE_PICK_MAX zones and the search finds the others", async () => {
    const page = await admin.get("/admin/accounts/new");
    expect(page.status).toBe(200);
    expect(zoneOptions(page.text, "zoneId")).toHaveLength(ZONE_PICK_MAX);
    expect(zoneOptions(page.text, "zoneId")).not.toContain(far);
    expect(page.text).toContain(`共 ${ZONE_PICK_MAX + 21} 个责任区`);
    const found = await admin.get("/admin/accounts/new?zq=" + encodeURIComponent("河湾"));
    expect(zoneOptions(found.text, "zoneId")).toEqual([far]);
  });

  it("a zone picked outside the first ones is kept when the form comes back with an error, and posts without the search", async () => {
    const bad = await admin.post("/admin/accounts").type("form").send({ _csrf: await admin.csrf(), username: "", name: "王示例", role: "MEMBER", zoneId: String(far), registeredOn: "2026-11-18" });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(new RegExp(`<option value="${far}" selected>`));
    const ok = await admin.post("/admin/accounts").type("form").send({ _csrf: await admin.csrf(), username: "wangsl", name: "王示例", role: "MEMBER", zoneId: String(far), registeredOn: "2026-11-18" });
    expect(ok.status).toBe(201); // the page with the one-time password
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "wangsl" } });
    expect(await t.db.zoneAssignment.count({ where: { memberId: m.id, zoneId: far } })).toBe(1);
  });

  it("the move page's zone selects follow the search in its filter form", async () => {
    const page = await admin.get("/admin/zones/move");
    expect(zoneOptions(page.text, "zoneId")).toHaveLength(ZONE_PICK_MAX);
    const found = await admin.get("/admin/zones/move?zq=" + encodeURIComponent("河湾"));
    expect(zoneOptions(found.text, "zoneId")).toEqual([far]);
    expect(found.text).toContain('name="zq" value="河湾"');
  });
});

describe("the org tree in pages", () => {
  it("shows 200 lines a page with a pager", async () => {
    const county = await t.db.org.findFirstOrThrow({ where: { parentId: null } });
    const rows = Array.from({ length: 230 }, (_, i) => ({ code: `B${i}`, name: `支部${i}`, kind: "BRANCH", parentId: county.id, path: `${county.path}${9000 + i}/`, depth: county.depth + 1, setUpOn: "2020-01-01" }));
    await t.db.org.createMany({ data: rows });
    const first = await admin.get("/admin/orgs");
    expect(first.status).toBe(200);
    expect(first.text).toContain("第 1 / 2 页");
    const second = await admin.get("/admin/orgs?page=2");
    expect(second.text).toContain("第 2 / 2 页");
  });
});
