import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";

let t: TestApp;
let admin: Agent;
let cadreId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-05-20T10:00:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  cadreId = (await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", registeredOn: "2026-01-01" })).id;
  // Three talks in every month of the year up to September.
  for (let m = 1; m <= 9; m++) {
    for (const d of [3, 10, 17]) {
      await t.db.talk.create({ data: { talkerId: cadreId, occurredOn: `2026-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`, counterpartKind: "RESIDENT", counterpartName: "某" } });
    }
  }
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

const setRule = async (rule: string, value: string, effectiveFrom: string, cadreLevel = "") =>
  admin.post("/admin/rules").type("form").send({ _csrf: await admin.csrf(), rule, value, effectiveFrom, cadreLevel });

async function months(asOf: string) {
  const r = (await buildComplianceReport(t.kx, { year: 2026, asOf }));
  return Object.fromEntries(r.members.find((m) => m.username === "ganbu")!.monthlyTalks!.map((p) => [p.period, [p.required, p.status]]));
}

describe("rule settings", () => {
  it("a threshold changed from a date changes the periods that start from it and none before", async () => {
    expect((await setRule("MONTH_TALKS", "3", "2026-06-01")).status).toBe(303);
    const m = (await months("2026-09-30"));
    for (const p of ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"]) expect(m[p]).toEqual([5, "missed"]);
    for (const p of ["2026-06", "2026-07", "2026-08", "2026-09"]) expect(m[p]).toEqual([3, "met"]);
  });

  it("a change effective mid-month leaves the running month on the old value", async () => {
    t.clock.set("2026-06-10T10:00:00+08:00");
    expect((await setRule("MONTH_TALKS", "3", "2026-06-15")).status).toBe(303);
    const m = (await months("2026-09-30"));
    expect(m["2026-06"]).toEqual([5, "missed"]);
    expect(m["2026-07"]).toEqual([3, "met"]);
  });

  it("a change dated before today is refused, so no past or running period is judged anew", async () => {
    const res = await setRule("MONTH_TALKS", "3", "2026-05-01");
    expect(res.status).toBe(422);
    expect(res.text).toContain("生效日期不能早于今天");
    expect(await t.db.ruleSetting.count({ where: { createdById: { not: null } } })).toBe(0);
  });

  it("pairings are set per cadre level, and only pairings take a level", async () => {
    expect((await setRule("PAIRINGS", "3", "2026-06-01")).status).toBe(422);
    expect((await setRule("YEAR_TALKS", "12", "2026-06-01", "MIDDLE")).status).toBe(422);
    expect((await setRule("PAIRINGS", "3", "2026-06-01", "CITY_MANAGED")).status).toBe(303);
    const row = await t.db.ruleSetting.findFirstOrThrow({ where: { createdById: { not: null } } });
    expect(row).toMatchObject({ rule: "PAIRINGS", cadreLevel: "CITY_MANAGED", value: 3, effectiveFrom: "2026-06-01" });
    expect(await t.db.auditEntry.count({ where: { action: "rule.set" } })).toBe(1);
  });

  it("the page explains the rule of periods and shows today's value, the scheduled change and the history", async () => {
    await setRule("MONTH_TALKS", "6", "2026-07-01");
    const page = await admin.get("/admin/rules");
    expect(page.status).toBe(200);
    expect(page.text).toContain("按它第一天有效的标准考核");
    expect(page.text).toMatch(/月度谈心[\s\S]*?≥ 5 次[\s\S]*?2026-07-01 起：6 次/);
    expect(page.text).toContain("管理员甲");
  });
});
