import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { createOrg, dissolveOrg, moveOrg, renameOrg } from "../../src/domain/orgs/commands.ts";
import { ancestorsOf, childrenOf, orgByCode, subtreeOf, treeWithCounts } from "../../src/domain/orgs/queries.ts";
import { DomainError } from "../../src/core/errors.ts";
import { org, systemActor } from "./helpers.ts";

let t: TestApp;
let admin: ReturnType<typeof systemActor>;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  admin = systemActor((await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" })).id);
});
afterEach(() => t.close());

const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return { field: (e as DomainError).field, message: (e as DomainError).message };
};

describe("the org tree's commands", () => {
  it("creates a township and a branch under it with paths and depths from the root, audited", async () => {
    const town = await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY", "东镇党委");
    const branch = await org(t.db, admin, "XZ01-01", "BRANCH", "XZ01", "东村党支部");
    const root = await orgByCode(t.db, "COUNTY");
    expect(town.path).toBe(`${root!.path}${town.id}/`);
    expect([branch.path, branch.depth]).toEqual([`${town.path}${branch.id}/`, 2]);
    expect((await childrenOf(t.db, town.id)).map((o) => o.code)).toEqual(["XZ01-01"]);
    expect((await subtreeOf(t.db, town.path)).map((o) => o.code)).toEqual(["XZ01", "XZ01-01"]);
    expect((await ancestorsOf(t.db, branch.path)).map((o) => o.code)).toEqual(["COUNTY", "XZ01"]);
    expect(await t.db.auditEntry.count({ where: { action: "org.create" } })).toBe(2);
  });

  it("refuses an existing code, a kind not allowed under the parent, and a second county", async () => {
    await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY");
    expect(await refusal(org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY"))).toEqual({ field: "code", message: "组织代码「XZ01」已存在" });
    expect(await refusal(org(t.db, admin, "XZ02", "TOWNSHIP", "XZ01"))).toEqual({ field: "parentId", message: "乡镇党委不能设在乡镇党委之下" });
    expect((await refusal(org(t.db, admin, "C2", "COUNTY", "COUNTY"))).field).toBe("kind");
    expect((await refusal(org(t.db, admin, "ZB02", "BRANCH", "ZB01"))).field).toBe("parentId");
    expect(await t.db.org.count()).toBe(3);
  });

  it("moves a township's branch to another township, rewriting the subtree's paths and depths", async () => {
    const a = await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY");
    const b = await org(t.db, admin, "XZ02", "TOWNSHIP", "COUNTY");
    const gb = await org(t.db, admin, "ZZ01", "GENERAL_BRANCH", "XZ01");
    const br = await org(t.db, admin, "ZB11", "BRANCH", "ZZ01");
    await moveOrg(t.db, admin, gb.id, b.id, "2026-11-18");
    const moved = await t.db.org.findUniqueOrThrow({ where: { id: br.id } });
    expect([moved.path, moved.depth]).toEqual([`${b.path}${gb.id}/${br.id}/`, 3]);
    expect((await subtreeOf(t.db, a.path)).map((o) => o.code)).toEqual(["XZ01"]);
    expect((await subtreeOf(t.db, b.path)).map((o) => o.code)).toEqual(["XZ02", "ZZ01", "ZB11"]);
    // and back up directly under the county: depth shrinks by one
    await moveOrg(t.db, admin, gb.id, (await orgByCode(t.db, "COUNTY"))!.id, "2026-11-18");
    expect((await t.db.org.findUniqueOrThrow({ where: { id: br.id } })).depth).toBe(2);
    expect(await t.db.auditEntry.count({ where: { action: "org.move" } })).toBe(2);
  });

  it("refuses a move under the org itself or its own subtree (a cycle), and writes nothing", async () => {
    const gb = await org(t.db, admin, "ZZ01", "GENERAL_BRANCH", "COUNTY");
    const c = await org(t.db, admin, "DW01", "COMMITTEE", "COUNTY");
    const inner = await org(t.db, admin, "ZZ02", "GENERAL_BRANCH", "DW01");
    expect(await refusal(moveOrg(t.db, admin, c.id, inner.id, "2026-11-18"))).toEqual({ field: "parentId", message: "不能移到本组织或其下级组织之下（会形成循环）" });
    expect((await refusal(moveOrg(t.db, admin, c.id, c.id, "2026-11-18"))).field).toBe("parentId");
    expect((await t.db.org.findUniqueOrThrow({ where: { id: c.id } })).parentId).toBe(gb.parentId);
  });

  it("renames, keeping the code", async () => {
    const a = await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY", "东镇");
    await renameOrg(t.db, admin, a.id, { name: "东城街道党工委", population: 12000 });
    expect(await orgByCode(t.db, "XZ01")).toMatchObject({ name: "东城街道党工委", population: 12000 });
  });

  it("refuses to dissolve a branch with members or an org with open children; then dissolves and keeps the history", async () => {
    const town = await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY");
    const br = await org(t.db, admin, "ZB11", "BRANCH", "XZ01");
    const m = await t.member({ username: "dangyuan", registeredOn: "2026-01-01" });
    const ms = await t.db.orgMembership.findFirstOrThrow({ where: { memberId: m.id } });
    await t.db.orgMembership.update({ where: { id: ms.id }, data: { orgId: br.id } });
    expect(await refusal(dissolveOrg(t.db, admin, br.id, "2026-11-18", ""))).toEqual({ field: "dissolvedOn", message: "该组织在 2026-11-18 及以后还有 1 名党员，请先办理组织关系转接" });
    expect((await refusal(dissolveOrg(t.db, admin, town.id, "2026-11-18", ""))).message).toContain("下级组织未撤销");
    // the member left before: the membership ended on 2026-06-30
    await t.db.orgMembership.update({ where: { id: ms.id }, data: { toOn: "2026-06-30" } });
    await dissolveOrg(t.db, admin, br.id, "2026-11-18", "合并");
    await dissolveOrg(t.db, admin, town.id, "2026-11-18", "撤乡并镇");
    expect((await orgByCode(t.db, "ZB11"))!.dissolvedOn).toBe("2026-11-18");
    expect(await t.db.orgMembership.count({ where: { orgId: br.id } })).toBe(1);
    expect((await refusal(org(t.db, admin, "ZB12", "BRANCH", "XZ01"))).message).toContain("已于 2026-11-18 撤销");
    expect((await refusal(dissolveOrg(t.db, admin, (await orgByCode(t.db, "COUNTY"))!.id, "2026-11-18", ""))).field).toBe("dissolvedOn");
  });

  it("counts today's members per org and per subtree", async () => {
    const town = await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY");
    const br = await org(t.db, admin, "ZB11", "BRANCH", "XZ01");
    const m = await t.member({ username: "dangyuan", registeredOn: "2026-01-01" });
    await t.db.orgMembership.updateMany({ where: { memberId: m.id }, data: { orgId: br.id } });
    const tree = await treeWithCounts(t.db, "/", "2026-11-18");
    const by = Object.fromEntries(tree.map((l) => [l.code, [l.members, l.subtreeMembers]]));
    expect(by).toEqual({ COUNTY: [0, 2], ZB01: [1, 1], XZ01: [0, 1], ZB11: [1, 1] });
    expect(tree.map((l) => l.code)).toEqual(["COUNTY", "XZ01", "ZB11", "ZB01"]);
    expect(town.id).toBeGreaterThan(0);
  });
});
