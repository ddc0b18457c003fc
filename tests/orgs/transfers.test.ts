import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { branchOn, recentTransfers, transferMember } from "../../src/domain/orgs/transfers.ts";
import { DomainError, NotFoundError } from "../../src/core/errors.ts";
import { loadReach } from "../../src/auth/reach.ts";
import { org, systemActor } from "./helpers.ts";

let t: TestApp;
let admin: ReturnType<typeof systemActor>;
let b2: { id: number; path: string };
let m: { id: number; username: string };
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  admin = systemActor((await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" })).id);
  await org(t.db, admin, "XZ01", "TOWNSHIP", "COUNTY", "东镇党委");
  b2 = await org(t.db, admin, "ZB11", "BRANCH", "XZ01", "东村党支部");
  m = await t.member({ username: "dangyuan", name: "党员甲", registeredOn: "2026-01-01" });
});
afterEach(() => t.close());

const today = "2026-11-18";
const refusal = async (p: Promise<unknown>) => {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(DomainError);
  return { field: (e as DomainError).field, message: (e as DomainError).message };
};

describe("组织关系转接", () => {
  it("closes the old membership on D−1 and opens the new on D: a talk dated D−1 is the old branch's, D the new's", async () => {
    const zoneA = await t.db.zone.create({ data: { branchId: t.branchId, name: "一区", establishedOn: "2020-01-01" } });
    const zoneB = await t.db.zone.create({ data: { branchId: b2.id, name: "一区", establishedOn: "2020-01-01" } });
    await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId: zoneA.id, fromOn: "2026-01-01" } });
    await transferMember(t.db, admin, { memberId: m.id, orgId: b2.id, on: "2026-07-01", zoneId: zoneB.id, note: "工作调动" }, today, null);

    expect(await branchOn(t.db, m.id, "2026-06-30")).toBe(t.branchId);
    expect(await branchOn(t.db, m.id, "2026-07-01")).toBe(b2.id);
    expect(await branchOn(t.db, m.id, "2025-12-31")).toBeNull();
    // Talks attributed through the dated memberships: D−1 to the old branch, D to the new.
    for (const d of ["2026-06-30", "2026-07-01"]) await t.db.talk.create({ data: { talkerId: m.id, occurredOn: d, counterpartKind: "RESIDENT", counterpartName: "某" } });
    const { rows } = await sql`SELECT t."occurredOn" AS d, o."orgId" AS org FROM "Talk" t JOIN "OrgMembership" o ON o."memberId" = t."talkerId" AND o."fromOn" <= t."occurredOn" AND (o."toOn" IS NULL OR o."toOn" >= t."occurredOn") ORDER BY d`.execute(t.kx);
    expect(rows).toEqual([{ d: "2026-06-30", org: t.branchId }, { d: "2026-07-01", org: b2.id }]);

    expect((await t.db.member.findUniqueOrThrow({ where: { id: m.id } })).branchId).toBe(b2.id);
    const zones = await t.db.zoneAssignment.findMany({ where: { memberId: m.id }, orderBy: { fromOn: "asc" } });
    expect(zones.map((z) => [z.zoneId, z.fromOn, z.toOn])).toEqual([[zoneA.id, "2026-01-01", "2026-06-30"], [zoneB.id, "2026-07-01", null]]);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "member.transfer" } });
    expect(JSON.parse(entry.after!)).toMatchObject({ orgId: b2.id, on: "2026-07-01" });
    const list = await recentTransfers(t.kx, () => true);
    expect(list.map((l) => [l.username, l.from.code, l.to.code, l.on])).toEqual([["dangyuan", "ZB01", "ZB11", "2026-07-01"]]);
  });

  it("refuses each bad transfer with a Chinese message and writes nothing", async () => {
    const town = await t.db.org.findUniqueOrThrow({ where: { code: "XZ01" } });
    expect(await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: town.id, on: "2026-07-01" }, today, null))).toEqual({ field: "orgId", message: "只能转入党支部，「东镇党委」是乡镇党委" });
    expect(await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: t.branchId, on: "2026-07-01" }, today, null))).toEqual({ field: "orgId", message: "该党员在 2026-07-01 已属于「示范党支部」" });
    expect(await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: b2.id, on: "2025-12-01" }, today, null))).toEqual({ field: "on", message: "转接日期应晚于该党员的登记日期 2026-01-01" });
    expect((await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: b2.id, on: "2026-12-01" }, today, null))).message).toContain("不能晚于今天");
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedById: admin.id, closedAt: new Date() } });
    const early = await t.member({ username: "laodangyuan", registeredOn: "2020-01-01" });
    expect((await refusal(transferMember(t.db, admin, { memberId: early.id, orgId: b2.id, on: "2025-05-01" }, today, null))).message).toContain("2025 年度已完成年终备查并关闭");
    const dissolved = await org(t.db, admin, "ZB12", "BRANCH", "XZ01", "西村党支部");
    await t.db.org.update({ where: { id: dissolved.id }, data: { dissolvedOn: "2026-03-01" } });
    expect((await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: dissolved.id, on: "2026-07-01" }, today, null))).message).toBe("「西村党支部」已于 2026-03-01 撤销");
    expect(await t.db.orgMembership.count({ where: { memberId: m.id } })).toBe(1);

    await transferMember(t.db, admin, { memberId: m.id, orgId: b2.id, on: "2026-07-01" }, today, null);
    const other = await org(t.db, admin, "ZB13", "BRANCH", "COUNTY");
    expect(await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: other.id, on: "2026-07-01" }, today, null))).toEqual({ field: "on", message: "该党员在 2026-07-01 已有一次组织关系转接，同一天不能再转" });
    expect((await refusal(transferMember(t.db, admin, { memberId: m.id, orgId: other.id, on: "2026-05-01" }, today, null))).message).toContain("不能转接到更早的日期");
    expect(await t.db.orgMembership.count({ where: { memberId: m.id } })).toBe(2);
  });

  it("is for an admin of the old or the new branch; anyone else gets not-found", async () => {
    const other = await org(t.db, admin, "XZ02", "TOWNSHIP", "COUNTY");
    const b3 = await org(t.db, admin, "ZB21", "BRANCH", "XZ02");
    const township = await t.member({ username: "xiangzhen", role: "MEMBER" });
    await t.db.grant.create({ data: { memberId: township.id, orgId: other.id, role: "ADMIN" } });
    const actor = { id: township.id, username: "xiangzhen", name: "x", role: "MEMBER" as const };
    const reach = await loadReach(t.db, actor, today);
    // XZ02's admin may neither move a ZB01 member into XZ01's branch ...
    expect(await transferMember(t.db, actor, { memberId: m.id, orgId: b2.id, on: "2026-07-01" }, today, reach).catch((e) => e)).toBeInstanceOf(NotFoundError);
    // ... but may receive one into their own branch.
    await transferMember(t.db, actor, { memberId: m.id, orgId: b3.id, on: "2026-07-01" }, today, reach);
    expect(await branchOn(t.db, m.id, "2026-07-01")).toBe(b3.id);
  });
});
