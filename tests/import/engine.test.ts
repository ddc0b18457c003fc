import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { commitImport, planImport } from "../../src/import/engine.ts";
import { verifyPassword } from "../../src/auth/password.ts";
import type { ImportKind } from "../../src/import/types.ts";
import { csv, excelDate, xlsx } from "./files.ts";

let t: TestDb;
let adminId: number;
let branchId: number;
const today = "2026-11-18";
const opts = () => ({ today, now: new Date("2026-11-18T10:00:00+08:00"), actorId: adminId });

async function person(username: string, name: string, role = "CADRE") {
  return t.db.member.create({ data: { branchId, username, name, role, registeredOn: "2020-01-01", passwordHash: "x" } });
}

beforeEach(async () => {
  t = await freshDb();
  ({ branchId } = await ensureBaseline(t.db));
  adminId = (await person("admin", "管理员甲", "ADMIN")).id;
  await person("ganbu", "干部甲");
  await person("ganbu2", "干部乙");
  await t.db.zone.create({ data: { branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
  await t.db.line.create({ data: { name: "1路" } });
});
afterEach(() => t.close());

const run = (kind: ImportKind, file: Buffer, name: string) => commitImport(t.kx, kind, file, name, opts());

describe("importing talks", () => {
  const headers = ["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"];
  const rows = [
    [excelDate("2026-03-05"), "ganbu", "群众甲", "群众", "生活困难", "了解困难"],
    [excelDate("2026-03-06"), "GANBU2", "干部甲", "党员", "", "交流思想"],
    ["2026年3月7日", "ganbu", "群众乙", "", "日常谈心", ""],
  ];

  it("an XLSX with Excel date cells imports every row once, and a second import adds nothing and reports duplicates", async () => {
    const file = await xlsx(headers, rows);
    const first = await run("talks", file, "talks.xlsx");
    expect(first.plan.errors).toEqual([]);
    expect(first).toMatchObject({ committed: true, added: 3 });
    const talks = await t.db.talk.findMany({ orderBy: { occurredOn: "asc" } });
    expect(talks.map((x) => x.occurredOn)).toEqual(["2026-03-05", "2026-03-06", "2026-03-07"]);
    expect(talks[1]).toMatchObject({ counterpartKind: "MEMBER", reason: "ROUTINE" });
    expect(talks[1].counterpartMemberId).not.toBeNull(); // 干部甲 is exactly one member
    expect(talks[0].reason).toBe("HARDSHIP");

    const second = await run("talks", file, "talks.xlsx");
    expect(second).toMatchObject({ committed: true, added: 0 });
    expect(second.plan.duplicates.map((d) => d.row)).toEqual([2, 3, 4]);
    expect(await t.db.talk.count()).toBe(3);
    expect(await t.db.auditEntry.count({ where: { action: "import.talks" } })).toBe(2);
  });

  it("a GB18030 CSV (Excel on Chinese Windows) imports with its Chinese intact", async () => {
    const file = csv(headers, rows, "gb18030");
    expect(file.includes(Buffer.from("群众甲", "utf8"))).toBe(false); // really not UTF-8
    const out = await run("talks", file, "talks.csv");
    expect(out.plan.encoding).toBe("gb18030");
    expect(out.added).toBe(3);
    expect((await t.db.talk.findMany()).map((x) => x.counterpartName).sort()).toEqual(["干部甲", "群众乙", "群众甲"].sort());
  });

  it("a bad file writes nothing and names every bad row: bad date, unknown talker, closed year, future date", async () => {
    await t.db.yearClosure.create({ data: { orgId: branchId, year: 2025, closedAt: new Date(), closedById: adminId } });
    const file = csv(headers, [
      ["2026-03-05", "ganbu", "群众甲", "群众", "", "好行"],
      ["2026-02-30", "ganbu", "群众甲", "群众", "", ""],
      ["2026-03-05", "nobody", "群众甲", "群众", "", ""],
      ["2025-12-31", "ganbu", "群众甲", "群众", "", ""],
      ["2026-12-01", "ganbu", "群众甲", "群众", "", ""],
      ["2026-03-05", "ganbu", "群众甲", "外星人", "五个必谈", ""],
    ]);
    const out = await run("talks", file, "bad.csv");
    expect(out.committed).toBe(false);
    expect(await t.db.talk.count()).toBe(0);
    const byRow = out.plan.errors.map((e) => [e.row, e.column, e.value]);
    expect(byRow).toEqual([
      [3, "日期", "2026-02-30"],
      [4, "谈心人", "nobody"],
      [5, "日期", "2025-12-31"],
      [6, "日期", "2026-12-01"],
      [7, "对象类型", "外星人"],
      [7, "谈心类型", "五个必谈"],
    ]);
    expect(out.plan.errors[0].reason).toContain("不是有效日期");
    expect(out.plan.errors[2].reason).toContain("2025 年度已完成年终备查");
    expect(await t.db.auditEntry.count()).toBe(0);
  });

  it("a missing required column is named, and an unknown column is reported and ignored", async () => {
    const missing = await planImport(t.kx, "talks", csv(["日期", "谈心对象"], [["2026-03-05", "某"]]), "x.csv", opts());
    expect(missing.errors.map((e) => e.reason)).toEqual(["缺少必填列「谈心人」"]);
    const extra = await planImport(t.kx, "talks", csv(["备注", ...headers], [["随便", ...rows[2].map(String)]]), "x.csv", opts());
    expect(extra.errors).toEqual([]);
    expect(extra.warnings[0]).toContain("备注");
    expect(extra.toAdd).toBe(1);
  });
});

describe("importing members", () => {
  const headers = ["姓名", "登录名", "手机号", "角色", "干部级别", "责任区", "挂钩线路", "登记日期"];

  it("a UTF-8 CSV with BOM creates accounts with one-time passwords, full-width phone digits folded, dated assignments", async () => {
    const file = csv(headers, [
      ["王示例", "WangSL", "＋86 １３９-００００-０００１", "党员干部", "中层干部", "第一责任区", "1路", "2026-03-01"],
      ["李示例", "lisl", "", "", "", "第一责任区", "", ""],
    ], "utf8bom");
    const out = await run("members", file, "名册.csv");
    expect(out.plan.errors).toEqual([]);
    expect(out.added).toBe(2);
    const wang = await t.db.member.findUniqueOrThrow({ where: { username: "wangsl" }, include: { roleTerms: true, zoneAssignments: true, lineAssignments: true } });
    expect(wang).toMatchObject({ name: "王示例", phone: "13900000001", role: "CADRE", cadreLevel: "MIDDLE", registeredOn: "2026-03-01", mustChangePassword: true });
    expect(wang.roleTerms).toMatchObject([{ role: "CADRE", cadreLevel: "MIDDLE", fromOn: "2026-03-01", toOn: null }]);
    expect(wang.zoneAssignments).toMatchObject([{ fromOn: "2026-03-01" }]);
    expect(wang.lineAssignments).toMatchObject([{ fromOn: "2026-03-01" }]);
    const li = await t.db.member.findUniqueOrThrow({ where: { username: "lisl" } });
    expect(li).toMatchObject({ role: "MEMBER", registeredOn: today });
    expect(out.passwords).toHaveLength(2);
    const pw = out.passwords!.find((p) => p.username === "wangsl")!;
    expect(await verifyPassword(wang.passwordHash, pw.password)).toBe(true);
    expect(wang.passwordHash).not.toContain(pw.password);
    expect(await t.db.auditEntry.count({ where: { action: "member.create" } })).toBe(2);

    const again = await run("members", file, "名册.csv");
    expect(again).toMatchObject({ committed: true, added: 0 });
    expect(again.plan.duplicates).toHaveLength(2);
    expect(await t.db.member.count()).toBe(5);
  });

  it("a duplicate login name, an unknown zone, a taken login name, a role mismatch and a closed year each fail their row; nothing is written", async () => {
    await t.db.yearClosure.create({ data: { orgId: branchId, year: 2025, closedAt: new Date(), closedById: adminId } });
    const file = await xlsx(headers, [
      ["甲", "jia", "１３９０００００００3", "", "", "第一责任区", "", excelDate("2026-03-01")],
      ["乙", "JIA", "", "", "", "", "", ""],
      ["丙", "bing", "", "", "", "第九责任区", "", ""],
      ["丁", "ganbu", "", "", "", "", "", ""],
      ["戊", "wu", "", "党员", "中层干部", "", "1路", ""],
      ["己", "ji", "", "", "", "", "", excelDate("2025-06-01")],
    ]);
    const out = await run("members", file, "bad.xlsx");
    expect(out.committed).toBe(false);
    expect(out.plan.errors.map((e) => [e.row, e.column])).toEqual([
      [3, "登录名"], // JIA repeats jia: reported under the column that repeats
      [4, "责任区"],
      [5, "登录名"],
      [6, "干部级别"],
      [6, "挂钩线路"],
      [7, "登记日期"],
    ]);
    expect(out.plan.errors[0].reason).toBe("与第 2 行重复");
    expect(out.plan.errors[1].reason).toContain("第九责任区");
    expect(out.plan.errors[2].reason).toContain("干部甲");
    expect(await t.db.member.count()).toBe(3);
  });
});

describe("importing zones, units, residents, visits and meetings", () => {
  it("zones and lines/departments import once each; the second time they are duplicates", async () => {
    const zones = csv(["名称", "负责人", "说明", "设立日期"], [["第二责任区", "ganbu", "城西", "2026/1/1"], ["第三责任区", "", "", ""]]);
    expect((await run("zones", zones, "z.csv")).added).toBe(2);
    expect(await t.db.zone.findFirstOrThrow({ where: { name: "第二责任区" } })).toMatchObject({ establishedOn: "2026-01-01", description: "城西" });
    expect((await run("zones", zones, "z.csv")).added).toBe(0);
    const units = csv(["类型", "名称", "说明"], [["线路", "2路"], ["科室", "办公室"], ["科室", "1路"]]);
    expect((await run("units", units, "u.csv")).added).toBe(3);
    expect(await t.db.department.count()).toBe(2);
    expect((await run("units", units, "u.csv")).plan.duplicates).toHaveLength(3);
  });

  it("residents: ID numbers are checked, tags split, the same person twice is one record", async () => {
    const headers = ["姓名", "责任区", "手机号", "身份证号", "标签", "家庭人口"];
    const good = csv(headers, [
      ["赵群众", "第一责任区", "13900000002", "", "生活困难, 空巢老人", "2"],
      ["钱群众", "第一责任区", "", "990000198001010012", "", ""],
      ["赵群众", "第一责任区", "139 0000 0002", "", "", ""],
    ]);
    const out = await run("residents", good, "r.csv");
    expect(out).toMatchObject({ added: 2 });
    expect(out.plan.duplicates.map((d) => d.row)).toEqual([4]);
    expect((await t.db.resident.findFirstOrThrow({ where: { name: "赵群众" } })).tags).toBe("生活困难、空巢老人");
    const bad = await run("residents", csv(headers, [["孙群众", "第一责任区", "1234", "990000198001010010", "", "0"]]), "r.csv");
    expect(bad.plan.errors.map((e) => e.column)).toEqual(["手机号", "身份证号", "家庭人口"]);
  });

  it("visits with Excel date-time cells land on the Shanghai date and time", async () => {
    const file = await xlsx(["日期", "干部", "线路", "事由"], [[excelDate("2026-03-05", "14:30"), "ganbu", "1路", "随车"]], { title: "2026年走访记录台账" });
    const out = await run("visits", file, "v.xlsx");
    expect(out.plan.errors).toEqual([]);
    const v = await t.db.lineVisit.findFirstOrThrow();
    expect(v.visitedOn).toBe("2026-03-05");
    expect(v.visitedAt.toISOString()).toBe("2026-03-05T06:30:00.000Z");
    expect((await run("visits", file, "v.xlsx")).added).toBe(0);
  });

  it("meetings record attendance; an unknown zone or attendee fails the row", async () => {
    const headers = ["日期", "类型", "责任区", "主持人", "参会党员", "参会群众人数"];
    const out = await run("meetings", csv(headers, [["2026-03-05", "院坝会", "第一责任区", "ganbu", "ganbu、ganbu2", "30"]]), "m.csv");
    expect(out.added).toBe(1);
    expect(await t.db.meetingAttendance.count()).toBe(2);
    const bad = await run("meetings", csv(headers, [["2026-03-06", "院坝会", "不存在区", "", "ganbu, ghost", ""]]), "m.csv");
    expect(bad.plan.errors.map((e) => [e.row, e.column])).toEqual([[2, "责任区"], [2, "参会党员"]]);
    expect(await t.db.meeting.count()).toBe(1);
  });
});
