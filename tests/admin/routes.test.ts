import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { Router } from "express";
import { testApp, type TestApp } from "../support/app.ts";
import { adminRouter, adminRoutes } from "../../src/routes/admin/index.ts";

let t: TestApp;
let ids: { member: number; zone: number; line: number; stationing: number };
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  await t.member({ username: "shuji", name: "书记甲", role: "SECRETARY" });
  const cadre = await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  const line = await t.db.line.create({ data: { name: "1路" } });
  const stationing = await t.db.stationing.create({ data: { memberId: cadre.id, orgId: t.branchId, fromOn: "2026-01-01", post: "OTHER", kind: "VILLAGE_CADRE" } });
  ids = { member: cadre.id, zone: zone.id, line: line.id, stationing: stationing.id };
});
afterEach(() => t.close());

/** Every route of the admin router, with its parameters filled with rows that exist. */
function allRoutes() {
  const router = adminRouter({ db: t.db, kx: t.kx, raw: t.raw, clock: t.clock } as never) as Router;
  const routes = adminRoutes(router);
  return routes.map((r) => ({
    method: r.method,
    path:
      "/admin" +
      (r.path === "/" ? "" : r.path)
        .replace(":kind/:id", `line/${ids.line}`)
        .replace("assign/:kind", "assign/zone")
        .replace("templates/:kind", "templates/talks")
        .replace(":id", String(r.path.startsWith("/zones") ? ids.zone : r.path.startsWith("/orgs") ? t.branchId : r.path.startsWith("/stationings") ? ids.stationing : ids.member)),
  }));
}

describe("the admin's route table", () => {
  it("lists every route of the desk (so a new one is walked by the tests below)", () => {
    const routes = allRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.every((r) => !r.path.includes(":"))).toBe(true);
    for (const p of ["/admin", "/admin/accounts", "/admin/zones", "/admin/units", "/admin/rules", "/admin/imports", "/admin/audit"]) {
      expect(routes.some((r) => r.method === "GET" && r.path === p)).toBe(true);
    }
  });

  it.each(["dangyuan", "ganbu", "shuji"])("every admin route answers 403 to %s and writes nothing", async (who) => {
    const a = await t.loginAs(who);
    const csrf = await a.csrf();
    const audits = await t.db.auditEntry.count();
    for (const r of allRoutes()) {
      const res = r.method === "GET" ? await a.get(r.path) : await a.post(r.path).type("form").send({ _csrf: csrf, name: "x", fromOn: "2026-11-18" });
      expect([r.method, r.path, res.status]).toEqual([r.method, r.path, 403]);
    }
    expect(await t.db.auditEntry.count()).toBe(audits);
  });

  it("every admin page sends an anonymous visitor to the login page, and every post is refused", async () => {
    for (const r of allRoutes()) {
      const res = r.method === "GET" ? await request(t.app).get(r.path) : await request(t.app).post(r.path).type("form").send({});
      if (r.method === "GET") {
        expect([r.path, res.status, res.headers.location]).toEqual([r.path, 303, "/login"]);
      } else {
        expect([r.path, res.status >= 400 && res.status < 500]).toEqual([r.path, true]);
      }
    }
  });

  it("the admin reaches every page (200 or a redirect) and no post fails with a server error", async () => {
    const a = await t.loginAs("guanli");
    const csrf = await a.csrf();
    for (const r of allRoutes()) {
      const res = r.method === "GET" ? await a.get(r.path) : await a.post(r.path).type("form").send({ _csrf: csrf });
      if (r.method === "GET") expect([r.path, [200, 303].includes(res.status)]).toEqual([r.path, true]);
      else expect([r.path, res.status < 500 && res.status !== 403 && res.status !== 404]).toEqual([r.path, true]);
    }
  });
});
