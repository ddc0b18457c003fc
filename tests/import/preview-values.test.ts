/**
 * Issue 15 (minor): the import preview shows each value as it will be stored — an Excel date cell
 * (a serial such as 40360) as 2010-07-01, a full-width phone folded to ASCII digits, a role word
 * as its label — not as typed.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { planImport } from "../../src/import/engine.ts";
import { csv, xlsx } from "./files.ts";

let t: TestDb;
let adminId: number;
beforeEach(async () => {
  t = await freshDb();
  const { branchId } = await ensureBaseline(t.db);
  adminId = (await t.db.member.create({ data: { branchId, username: "admin", name: "管理员甲", role: "ADMIN", registeredOn: "2020-01-01", passwordHash: "x" } })).id;
  await t.db.zone.create({ data: { branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
});
afterEach(() => t.close());

const opts = () => ({ today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: adminId });
const headers = ["姓名", "登录名", "手机号", "角色", "责任区", "入党日期"];

describe("the import preview", () => {
  it("shows an Excel date serial as the date and a full-width phone folded, as they will be stored", async () => {
    const file = await xlsx(headers, [["王示例", "WangSL", "１３９０００００００１", "", "第一责任区", 40360]]);
    const plan = await planImport(t.kx, "members", file, "m.xlsx", opts());
    expect(plan.errors).toEqual([]);
    const columns = plan.columns;
    const row = Object.fromEntries(columns.map((c, i) => [c, plan.sample[0].values[i]]));
    expect(row).toMatchObject({ 登录名: "wangsl", 手机号: "13900000001", 角色: "党员", 入党日期: "2010-07-01" });
  });

  it("a CSV's date written 2010/7/1 is shown as 2010-07-01", async () => {
    const plan = await planImport(t.kx, "members", csv(headers, [["李示例", "lisl", "", "党员", "", "2010/7/1"]]), "m.csv", opts());
    expect(plan.sample[0].values[plan.columns.indexOf("入党日期")]).toBe("2010-07-01");
  });
});
