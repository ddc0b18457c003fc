/**
 * A county for the 三维考核 tests, on top of buildCounty (townships XZA, XZB with branches
 * a1, a2 / b1, b2): a 机关工委 (JGGW) with two department branches (BM1, BM2, one zone each);
 * 常住人口 XZA 30,000 (sample 60) and XZB 5,000 (sample 20) and BM1 1,000; BM2 none. Residents
 * (generated names 居民A1-001…): a1 40, a2 30 (XZA: 70), b1 12 (XZB: 12, fewer than 20),
 * BM1 25, BM2 5. Straight inserts through Kysely (either engine).
 */
import type { TestApp } from "./app.ts";
import { addOrg, buildCounty, type County, type OrgRow } from "./county.ts";

export interface AssessmentCounty extends County {
  wc: OrgRow;
  depts: { d1: OrgRow & { zoneId: number }; d2: OrgRow & { zoneId: number } };
}

export async function addResidents(t: TestApp, zoneId: number, prefix: string, n: number): Promise<number[]> {
  const stamp = "2026-01-01T00:00:00.000+00:00";
  const rows = Array.from({ length: n }, (_, i) => ({ zoneId, name: `${prefix}-${String(i + 1).padStart(3, "0")}`, phone: `139${String(10000000 + i).slice(-8)}`, tags: "", createdAt: stamp, updatedAt: stamp }));
  const ids = await t.kx.insertInto("Resident").values(rows).returning("id").execute();
  return ids.map((r) => Number(r.id)).sort((a, b) => a - b);
}

export async function buildAssessmentCounty(t: TestApp): Promise<AssessmentCounty> {
  const c = await buildCounty(t);
  const wc = await addOrg(t, c.root, "JGGW", "县直机关工委", "WORK_COMMITTEE");
  const dept = async (code: string, name: string) => {
    const o = await addOrg(t, wc, code, name, "BRANCH");
    const zoneId = (await t.db.zone.create({ data: { branchId: o.id, name: `${code}责任区`, establishedOn: "2020-01-01" } })).id;
    return { ...o, zoneId };
  };
  const depts = { d1: await dept("BM1", "县农业局党支部"), d2: await dept("BM2", "县交通局党支部") };
  const pop = (population: number, code: string) => t.kx.updateTable("Org").set({ population }).where("code", "=", code).execute();
  await pop(30000, "XZA");
  await pop(5000, "XZB");
  await pop(1000, "BM1");
  await addResidents(t, c.branches.a1.zoneId, "居民A1", 40);
  await addResidents(t, c.branches.a2.zoneId, "居民A2", 30);
  await addResidents(t, c.branches.b1.zoneId, "居民B1", 12);
  await addResidents(t, depts.d1.zoneId, "居民D1", 25);
  await addResidents(t, depts.d2.zoneId, "居民D2", 5);
  return { ...c, wc, depts };
}
