/**
 * `ledger import stays` and `ledger import writings` (docs/FORMATS-stays-writings.md): all rows or
 * none, each error with its row and column; a second import of the same file adds nothing
 * (duplicates reported); overlaps (stored and within the file), ends before starts, closed years
 * and unknown households refused.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { commitImport } from "../../src/import/engine.ts";
import type { ImportKind } from "../../src/import/types.ts";
import { csv, excelDate, xlsx } from "./files.ts";

let t: TestDb;
let adminId: number;
let branchId: number;
let cadreId: number;
const today = "2026-11-18";
const opts = () => ({ today, now: new Date("2026-11-18T10:00:00+08:00"), actorId: adminId });

async function person(username: string, name: string, role = "CADRE") {
  const m = await t.db.member.create({ data: { branchId, username, name, role, registeredOn: "2020-01-01", passwordHash: "x" } });
  await t.db.orgMembership.create({ data: { memberId: m.id, orgId: branchId, fromOn: "2020-01-01" } });
  return m;
}

beforeEach(async () => {
  t = await freshDb();
  ({ branchId } = await ensureBaseline(t.db));
  adminId = (await person("admin", "管理员甲", "ADMIN")).id;
  cadreId = (await person("ganbu", "干部甲")).id;
  await person("dangyuan", "党员甲", "MEMBER");
  const z1 = await t.db.zone.create({ data: { branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  const z2 = await t.db.zone.create({ data: { branchId, name: "第二责任区", establishedOn: "2020-01-01" } });
  await t.db.resident.create({ data: { zoneId: z1.id, name: "赵大伯" } });
  await t.db.resident.create({ data: { zoneId: z1.id, name: "钱大妈" } });
  await t.db.resident.create({ data: { zoneId: z2.id, name: "钱大妈" } });
});
afterEach(() => t.close());

const run = (kind: ImportKind, file: Buffer, name: string) => commitImport(t.kx, kind, file, name, opts());
const STAY_HEAD = ["开始日期", "结束日期", "干部", "住户", "责任区", "所属组织", "方式", "民情日记", "发现问题"];

describe("importing stays", () => {
  it("an XLSX imports every row once; a second import adds nothing and reports duplicates", async () => {
    const rows = [
      [excelDate("2026-03-05"), excelDate("2026-03-07"), "ganbu", "赵大伯", "", "", "同吃、同住、同劳动", "烤烟收购价偏低", "村道破损"],
      ["2026-04-01", "2026-04-01", "GANBU", "钱大妈", "第二责任区", "", "同劳动", "", ""],
    ];
    const file = await xlsx(STAY_HEAD, rows);
    const first = await run("stays", file, "stays.xlsx");
    expect(first.plan.errors).toEqual([]);
    expect(first).toMatchObject({ committed: true, added: 2 });
    const stays = await t.db.stay.findMany({ orderBy: { fromOn: "asc" }, include: { resident: { include: { zone: true } } } });
    expect(stays[0]).toMatchObject({ cadreId, fromOn: "2026-03-05", toOn: "2026-03-07", eat: true, live: true, work: true, diary: "烤烟收购价偏低" });
    expect(stays[1]).toMatchObject({ eat: false, live: false, work: true });
    expect(stays[1].resident.zone.name).toBe("第二责任区");
    const again = await run("stays", file, "stays.xlsx");
    expect(again).toMatchObject({ committed: true, added: 0 });
    expect(again.plan.duplicates).toHaveLength(2);
    expect(await t.db.stay.count()).toBe(2);
  });

  it("all or nothing: one bad row and nothing is written, every error with its row and column", async () => {
    await t.db.yearClosure.create({ data: { orgId: branchId, year: 2025, closedAt: new Date(), closedById: adminId } });
    await t.db.stay.create({ data: { cadreId, residentId: (await t.db.resident.findFirstOrThrow({ where: { name: "赵大伯" } })).id, fromOn: "2026-05-01", toOn: "2026-05-03", eat: true } });
    const rows = [
      ["2026-03-05", "2026-03-07", "ganbu", "赵大伯", "", "", "同吃", "", ""], // fine
      ["2026-03-09", "2026-03-08", "ganbu", "赵大伯", "", "", "同住", "", ""], // ends before it starts
      ["2026-03-07", "2026-03-08", "ganbu", "赵大伯", "", "", "同住", "", ""], // overlaps row 2 of the file
      ["2026-05-03", "2026-05-04", "ganbu", "赵大伯", "", "", "同住", "", ""], // overlaps the stored stay
      ["2025-12-30", "2026-01-02", "ganbu", "赵大伯", "", "", "同住", "", ""], // starts in a closed year
      ["2026-06-01", "2026-06-02", "ganbu", "钱大妈", "", "", "同住", "", ""], // two households of that name
      ["2026-06-05", "2026-06-06", "dangyuan", "赵大伯", "", "", "同吃", "", ""], // not a cadre
      ["2026-06-07", "2026-06-08", "ganbu", "赵大伯", "", "", "同喝", "", ""], // not a way
      ["2026-06-09", "2026-06-10", "ganbu", "孙某", "", "", "同吃", "", ""], // unknown household
    ];
    const out = await run("stays", csv(STAY_HEAD, rows), "stays.csv");
    expect(out.committed).toBe(false);
    expect(await t.db.stay.count()).toBe(1);
    const at = (row: number) => out.plan.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.reason}`).join("|");
    expect(at(2)).toBe("");
    expect(at(3)).toContain("结束日期:结束日期不能早于开始日期");
    expect(at(4)).toContain("开始日期:与本文件第 2 行（2026-03-05 至 2026-03-07）时间重叠");
    expect(at(5)).toContain("开始日期:与该干部已有的 2026-05-01 至 2026-05-03 三进三同记录时间重叠");
    expect(at(6)).toContain("2025 年度已完成年终备查并关闭");
    expect(at(7)).toContain("住户:有多名群众叫「钱大妈」");
    expect(at(8)).toContain("干部:三进三同由党员干部或支部书记记录");
    expect(at(9)).toContain("方式:方式应为 同吃、同住、同劳动");
    expect(at(10)).toContain("住户:群众台账中没有「孙某」");
  });
});

describe("importing writings", () => {
  const HEAD = ["日期", "作者", "类型", "标题", "正文"];
  it("imports once, duplicates reported on the second run; bad rows refuse the whole file", async () => {
    const good = csv(HEAD, [
      ["2026-03-05", "ganbu", "调研报告", "关于村道建设的调研报告", "全村 12 个组"],
      ["2026-04-05", "dangyuan", "民情日记", "四月民情日记", ""],
    ]);
    expect(await run("writings", good, "w.csv")).toMatchObject({ committed: true, added: 2 });
    const again = await run("writings", good, "w.csv");
    expect(again).toMatchObject({ committed: true, added: 0 });
    expect(again.plan.duplicates).toHaveLength(2);
    await t.db.yearClosure.create({ data: { orgId: branchId, year: 2025, closedAt: new Date(), closedById: adminId } });
    const bad = await run("writings", csv(HEAD, [
      ["2026-05-05", "ganbu", "发展规划", "五年规划", ""],
      ["2025-05-05", "ganbu", "党性分析", "党性分析材料", ""],
      ["2026-12-05", "ganbu", "党性分析", "未来", ""],
      ["2026-05-06", "ganbu", "心得体会", "心得", ""],
      ["2026-05-07", "admin", "调研报告", "管理员", ""],
      ["2026-05-08", "ganbu", "调研报告", "", ""],
    ]), "w2.csv");
    expect(bad.committed).toBe(false);
    expect(await t.db.writing.count()).toBe(2);
    const at = (row: number) => bad.plan.errors.filter((e) => e.row === row).map((e) => `${e.column}:${e.reason}`).join("|");
    expect(at(2)).toBe("");
    expect(at(3)).toContain("2025 年度已完成年终备查并关闭");
    expect(at(4)).toContain("日期晚于今天");
    expect(at(5)).toContain("类型:应为以下之一：调研报告、党性分析、民情日记、发展规划");
    expect(at(6)).toContain("作者:管理员账号不记录个人材料");
    expect(at(7)).toContain("标题:");
  });
});
