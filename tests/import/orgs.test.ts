import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { commitImport } from "../../src/import/engine.ts";
import { run as cli } from "../../src/cli/commands/import.ts";
import type { CliContext } from "../../src/cli/ledger.ts";
import type { ImportKind } from "../../src/import/types.ts";
import { csv } from "./files.ts";

let t: TestDb;
let adminId: number;
let branchId: number;
const today = "2026-11-18";
const opts = () => ({ today, now: new Date("2026-11-18T10:00:00+08:00"), actorId: adminId });
const run = (kind: ImportKind, headers: string[], rows: string[][]) => commitImport(t.kx, kind, csv(headers, rows), `${kind}.csv`, opts());
const ORG_HEADERS = ["组织代码", "名称", "类型", "上级组织代码", "常住人口"];
const codes = async () => (await t.db.org.findMany({ orderBy: { path: "asc" } })).map((o) => `${o.code}@${o.depth}`);

beforeEach(async () => {
  t = await freshDb();
  ({ branchId } = await ensureBaseline(t.db));
  adminId = (await t.db.member.create({ data: { branchId, username: "admin", name: "管理员甲", role: "ADMIN", registeredOn: "2020-01-01", passwordHash: "x" } })).id;
});
afterEach(() => t.close());

describe("importing 组织", () => {
  const county = [
    ["XZ01-01", "东村党支部", "党支部", "XZ01", ""],
    ["XZ01", "东镇党委", "乡镇党委", "QX", "12000"],
    ["QX", "某某县委", "县委", "", ""],
    ["JD01", "城关街道党工委", "街道党工委", "QX", "30000"],
    ["JD01-01", "社区党支部", "党支部", "JD01", ""],
  ];

  it("recodes the default county, writes parents before children (a child may come first), and a second import adds nothing", async () => {
    const out = await run("orgs", ORG_HEADERS, county);
    expect(out.plan.errors).toEqual([]);
    expect([out.committed, out.added]).toEqual([true, 5]);
    const root = await t.db.org.findFirstOrThrow({ where: { parentId: null } });
    expect([root.code, root.name]).toEqual(["QX", "某某县委"]);
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    const village = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01-01" } });
    expect([town.kind, town.population, village.path]).toEqual(["TOWNSHIP", 12000, `${root.path}${town.id}/${village.id}/`]);
    expect((await t.db.org.findUniqueOrThrow({ where: { code: "JD01" } })).kind).toBe("TOWNSHIP");
    expect(await t.db.auditEntry.count({ where: { action: "org.create" } })).toBe(4);
    const again = await run("orgs", ORG_HEADERS, county);
    expect([again.committed, again.added, again.plan.duplicates.length]).toEqual([true, 0, 5]);
    expect(await t.db.org.count()).toBe(6);
  });

  it("reports every bad row with its column and a Chinese reason, and writes nothing", async () => {
    await run("orgs", ORG_HEADERS, [["XZ09", "西镇党委", "乡镇党委", "COUNTY", ""]]);
    const before = await codes();
    const out = await run("orgs", ORG_HEADERS, [
      ["A1", "甲", "党总支", "B1", ""],
      ["B1", "乙", "党总支", "A1", ""],
      ["XZ09", "西镇党委（改名）", "乡镇党委", "COUNTY", ""],
      ["ZB77", "某支部", "党支部", "NOPE", ""],
      ["XZ10", "镇", "乡镇党委", "ZB01", ""],
      ["C1", "丙", "村委", "COUNTY", ""],
      ["C2", "丁", "党支部", "", ""],
      ["C3", "戊", "党委", "COUNTY", ""],
      ["C3", "己", "党委", "COUNTY", ""],
    ]);
    expect(out.committed).toBe(false);
    expect(out.plan.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [2, "上级组织代码", "上级组织关系形成循环（某组织成了自己的下级）"],
      [3, "上级组织代码", "上级组织关系形成循环（某组织成了自己的下级）"],
      [4, "组织代码", "组织代码「XZ09」已存在，且名称、类型或上级与文件不同（改名或调整隶属请在组织管理页办理）"],
      [5, "上级组织代码", "上级组织代码「NOPE」不存在（文件中和系统中都没有）"],
      [6, "上级组织代码", "乡镇党委不能设在党支部之下"],
      [7, "类型", "应为以下之一：县委、乡镇党委、机关工委、党委、党总支、党支部、街道党工委"],
      [8, "上级组织代码", "必填：除县委外都要填写上级组织代码"],
      [10, "组织代码", "与第 9 行重复"],
    ]);
    expect(await codes()).toEqual(before);
  });

  it("refuses a county of another code once the tree is no longer the default", async () => {
    await run("orgs", ORG_HEADERS, [["XZ09", "西镇党委", "乡镇党委", "COUNTY", ""]]);
    const out = await run("orgs", ORG_HEADERS, [["QX", "某某县委", "县委", "", ""]]);
    expect(out.plan.errors.map((e) => e.reason)).toEqual(["组织树已有根组织「示范县委」（代码 COUNTY），文件中的县委应使用该代码"]);
  });
});

describe("importing 组织关系转接", () => {
  const TRANSFER_HEADERS = ["登录名", "转入组织", "转接日期", "说明"];
  let memberId: number;
  beforeEach(async () => {
    await run("orgs", ORG_HEADERS, [["XZ01", "东镇党委", "乡镇党委", "COUNTY", ""], ["ZB11", "东村党支部", "党支部", "XZ01", ""], ["ZB12", "西村党支部", "党支部", "XZ01", ""]]);
    memberId = (await t.db.member.create({ data: { branchId, username: "dangyuan", name: "党员甲", role: "MEMBER", registeredOn: "2026-01-01", passwordHash: "x" } })).id;
    await t.db.orgMembership.create({ data: { memberId, orgId: branchId, fromOn: "2026-01-01" } });
  });

  it("applies a member's transfers in date order, each closing the previous membership the day before", async () => {
    const out = await run("transfers", TRANSFER_HEADERS, [["dangyuan", "ZB12", "2026-09-01", "再调"], ["DangYuan", "ZB11", "2026-04-01", "调动"]]);
    expect(out.plan.errors).toEqual([]);
    expect(out.added).toBe(2);
    const spans = await t.db.orgMembership.findMany({ where: { memberId }, orderBy: { fromOn: "asc" }, include: { org: true } });
    expect(spans.map((s) => [s.org.code, s.fromOn, s.toOn])).toEqual([["ZB01", "2026-01-01", "2026-03-31"], ["ZB11", "2026-04-01", "2026-08-31"], ["ZB12", "2026-09-01", null]]);
    expect((await t.db.member.findUniqueOrThrow({ where: { id: memberId }, include: { branch: true } })).branch.code).toBe("ZB12");
    expect(await t.db.auditEntry.count({ where: { action: "member.transfer" } })).toBe(2);
    const again = await run("transfers", TRANSFER_HEADERS, [["dangyuan", "ZB12", "2026-09-01", "再调"]]);
    expect([again.committed, again.added, again.plan.duplicates.length]).toEqual([true, 0, 1]);
  });

  it("reports a non-branch, the same branch, a date before joining, in a closed year, the same date twice, a dissolved branch, and writes nothing", async () => {
    await t.db.org.update({ where: { code: "ZB12" }, data: { dissolvedOn: "2026-05-01" } });
    const old = (await t.db.member.create({ data: { branchId, username: "laodangyuan", name: "老党员", role: "MEMBER", registeredOn: "2020-01-01", passwordHash: "x" } })).id;
    await t.db.orgMembership.create({ data: { memberId: old, orgId: branchId, fromOn: "2020-01-01" } });
    await t.db.yearClosure.create({ data: { orgId: branchId, year: 2025, closedById: adminId, closedAt: new Date() } });
    const out = await run("transfers", TRANSFER_HEADERS, [
      ["dangyuan", "XZ01", "2026-04-01", ""],
      ["dangyuan", "ZB01", "2026-04-02", ""],
      ["dangyuan", "ZB11", "2025-12-01", ""],
      ["laodangyuan", "ZB11", "2025-06-01", ""],
      ["laodangyuan", "ZB12", "2026-06-01", ""],
      ["laodangyuan", "ZB11", "2026-07-01", ""],
      ["laodangyuan", "ZB01", "2026-08-01", ""],
      ["dangyuan", "ZB11", "2026-08-01", ""],
      ["dangyuan", "ZB11", "2026-08-01", ""],
      ["nobody", "ZB11", "2026-08-01", ""],
    ]);
    expect(out.committed).toBe(false);
    expect(out.plan.errors.map((e) => [e.row, e.column, e.reason])).toEqual([
      [2, "转入组织", "只能转入党支部，「东镇党委」是乡镇党委"],
      [3, "转入组织", "该党员在 2026-04-02 已属于「示范党支部」"],
      [4, "转接日期", "转接日期应晚于该党员的登记日期 2026-01-01"],
      [5, "转接日期", "2025 年度已完成年终备查并关闭，不能在该年度办理转接"],
      [6, "转入组织", "「西村党支部」已于 2026-05-01 撤销"],
      [10, "转接日期", "与第 9 行重复"],
      [11, "登录名", "没有登录名为「nobody」的账号"],
    ]);
    expect(await t.db.orgMembership.count()).toBe(2);
  });
});

describe("ledger import orgs|transfers", () => {
  let dir: string;
  const lines: string[] = [];
  const ctx = (): CliContext => ({ databaseUrl: t.url, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "ledger-orgs-"));
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, headers: string[], rows: string[][]) => {
    const p = path.join(dir, name);
    writeFileSync(p, csv(headers, rows));
    return p;
  };

  it("imports orgs then a transfer; a bad row exits 1 with its row and column; --dry-run writes nothing", async () => {
    const orgs = file("orgs.csv", ORG_HEADERS, [["ZB11", "东村党支部", "党支部", "XZ01", ""], ["XZ01", "东镇党委", "乡镇党委", "COUNTY", ""]]);
    expect(await cli(["orgs", orgs, "--dry-run"], ctx())).toBe(0);
    expect(await t.db.org.count()).toBe(2);
    expect(await cli(["orgs", orgs], ctx())).toBe(0);
    expect(await t.db.org.count()).toBe(4);
    await t.db.member.create({ data: { branchId, username: "dangyuan", name: "党员甲", role: "MEMBER", registeredOn: "2026-01-01", passwordHash: "x" } });
    expect(await cli(["transfers", file("t.csv", ["登录名", "转入组织", "转接日期"], [["dangyuan", "XZ01", "2026-03-01"]])], ctx())).toBe(1);
    expect(lines).toContain("第 2 行\t转入组织\tXZ01\t只能转入党支部，「东镇党委」是乡镇党委");
    expect(await cli(["transfers", file("t2.csv", ["登录名", "转入组织", "转接日期"], [["dangyuan", "ZB11", "2026-03-01"]])], ctx())).toBe(0);
    expect((await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" }, include: { branch: true } })).branch.code).toBe("ZB11");
  });
});

describe("所属组织 in the members, zones and residents imports", () => {
  it("defaults to the only branch; once there are two, a member needs it and a zone name used in both needs the branch", async () => {
    const z1 = await run("zones", ["名称"], [["一区"]]);
    expect([z1.committed, (await t.db.zone.findFirstOrThrow()).branchId]).toEqual([true, branchId]);
    await run("orgs", ORG_HEADERS, [["ZB11", "东村党支部", "党支部", "COUNTY", ""]]);
    const zb11 = await t.db.org.findUniqueOrThrow({ where: { code: "ZB11" } });

    const noBranch = await run("members", ["姓名", "登录名"], [["党员甲", "dy1"]]);
    expect(noBranch.plan.errors.map((e) => [e.row, e.column, e.reason])).toEqual([[2, "所属组织", "有多个党支部时必须填写所属组织（党支部的组织代码）"]]);

    const z2 = await run("zones", ["名称", "所属组织"], [["一区", "ZB11"], ["一区", "ZB01"], ["二区", "COUNTY"]]);
    expect(z2.plan.errors.map((e) => [e.row, e.column, e.reason])).toEqual([[4, "所属组织", "所属组织应为党支部，「示范县委」不是党支部"]]);
    const z3 = await run("zones", ["名称", "所属组织"], [["一区", "ZB11"], ["一区", "ZB01"]]);
    expect([z3.added, z3.plan.duplicates.map((d) => d.key)]).toEqual([1, ["一区（ZB01）（已存在）"]]);

    const members = await run("members", ["姓名", "登录名", "所属组织", "责任区"], [["党员甲", "dy1", "ZB11", "一区"]]);
    expect(members.plan.errors).toEqual([]);
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "dy1" }, include: { zoneAssignments: { include: { zone: true } }, memberships: true } });
    expect([m.branchId, m.memberships.map((x) => x.orgId), m.zoneAssignments.map((z) => z.zone.branchId)]).toEqual([zb11.id, [zb11.id], [zb11.id]]);

    const ambiguous = await run("residents", ["姓名", "责任区"], [["群众甲", "一区"]]);
    expect(ambiguous.plan.errors.map((e) => [e.column, e.reason])).toEqual([["责任区", "多个党支部都有名为「一区」的责任区，请填写所属组织"]]);
    const named = await run("residents", ["姓名", "责任区", "所属组织"], [["群众甲", "一区", "ZB11"]]);
    expect(named.plan.errors).toEqual([]);
    expect((await t.db.resident.findFirstOrThrow({ include: { zone: true } })).zone.branchId).toBe(zb11.id);
  });

  it("keeps a listed member in their branch: another 所属组织 is refused (a transfer), an empty one means theirs", async () => {
    await run("orgs", ORG_HEADERS, [["ZB11", "东村党支部", "党支部", "COUNTY", ""]]);
    await run("zones", ["名称", "所属组织"], [["一区", "ZB11"], ["一区", "ZB01"]]);
    const zb11 = await t.db.org.findUniqueOrThrow({ where: { code: "ZB11" } });
    expect((await run("members", ["姓名", "登录名", "所属组织"], [["党员甲", "dy1", "ZB11"]])).committed).toBe(true);

    const moved = await run("members", ["姓名", "登录名", "所属组织"], [["党员甲", "dy1", "ZB01"]]);
    expect([moved.committed, moved.plan.errors.map((e) => [e.row, e.column, e.reason])]).toEqual([
      false,
      [[2, "所属组织", "该党员现属「东村党支部」，调整所属组织请用组织关系转接"]],
    ]);
    const kept = await run("members", ["姓名", "登录名", "所属组织", "责任区"], [["党员甲", "dy1", "", "一区"]]);
    expect([kept.plan.errors, kept.committed]).toEqual([[], true]);
    const m = await t.db.member.findUniqueOrThrow({ where: { username: "dy1" }, include: { zoneAssignments: { include: { zone: true } }, memberships: true } });
    expect([m.branchId, m.memberships.map((x) => x.orgId), m.zoneAssignments.map((z) => z.zone.branchId)]).toEqual([zb11.id, [zb11.id], [zb11.id]]);
  });
});
