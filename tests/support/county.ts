/**
 * A small county for reach tests (DOMAIN.md "Organizations"), on top of testApp's default county
 * and branch: two townships (乡镇党委 XZA, XZB), each with two branches (A1, A2 / B1, B2), each
 * branch with one zone and a secretary, a cadre and a member assigned to it; a REVIEWER and an
 * ADMIN at township A, a REVIEWER at the county (zuzhibu) and a root admin (guanli, ADMIN role).
 * Logins: `sj_a1` (secretary of A1), `gb_a1` (cadre), `dy_a1` (member), likewise for a2, b1, b2;
 * `shenhe_a` (reviewer at XZA, a MEMBER of A1), `guanli_a` (admin at XZA, a MEMBER of A2).
 * Straight through Prisma; reuse it in any test that needs more than one branch.
 */
import type { TestApp } from "./app.ts";
import { childPath } from "../../src/core/org-tree.ts";

export interface OrgRow {
  id: number;
  code: string;
  name: string;
  path: string;
}

export interface BranchRow extends OrgRow {
  zoneId: number;
  secretary: number;
  cadre: number;
  member: number;
}

export interface County {
  root: OrgRow;
  townships: { A: OrgRow; B: OrgRow };
  branches: { a1: BranchRow; a2: BranchRow; b1: BranchRow; b2: BranchRow };
  people: { reviewerA: number; adminA: number; countyReviewer: number; rootAdmin: number };
}

/** Creates an org under `parent` with its materialized path. */
export async function addOrg(t: TestApp, parent: OrgRow, code: string, name: string, kind: string): Promise<OrgRow> {
  const depth = parent.path.split("/").filter(Boolean).length;
  const o = await t.db.org.create({ data: { code, name, kind, parentId: parent.id, path: parent.path, depth, setUpOn: "2000-01-01" } });
  const path = childPath(parent.path, o.id);
  await t.db.org.update({ where: { id: o.id }, data: { path } });
  return { id: o.id, code, name, path };
}

/** Gives `memberId` a grant at `orgId`. */
export async function grant(t: TestApp, memberId: number, orgId: number, role: "REVIEWER" | "ADMIN") {
  await t.db.grant.create({ data: { memberId, orgId, role } });
}

export async function buildCounty(t: TestApp): Promise<County> {
  const c = await t.db.org.findUniqueOrThrow({ where: { id: t.countyId } });
  const root: OrgRow = { id: c.id, code: c.code, name: c.name, path: c.path };
  const A = await addOrg(t, root, "XZA", "甲乡党委", "TOWNSHIP");
  const B = await addOrg(t, root, "XZB", "乙镇党委", "TOWNSHIP");
  const branch = async (parent: OrgRow, key: string): Promise<BranchRow> => {
    const o = await addOrg(t, parent, key.toUpperCase(), `${key.toUpperCase()}村党支部`, "BRANCH");
    const zoneId = (await t.db.zone.create({ data: { branchId: o.id, name: `${key}责任区`, establishedOn: "2020-01-01" } })).id;
    const person = async (prefix: string, role: "MEMBER" | "CADRE" | "SECRETARY") => {
      const m = await t.member({ username: `${prefix}_${key}`, name: `${prefix}${key}`, role, cadreLevel: role === "MEMBER" ? null : "GENERAL", branchId: o.id });
      await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId, fromOn: "2020-01-01" } });
      return m.id;
    };
    return { ...o, zoneId, secretary: await person("sj", "SECRETARY"), cadre: await person("gb", "CADRE"), member: await person("dy", "MEMBER") };
  };
  const branches = { a1: await branch(A, "a1"), a2: await branch(A, "a2"), b1: await branch(B, "b1"), b2: await branch(B, "b2") };
  const reviewerA = (await t.member({ username: "shenhe_a", name: "甲乡组织委员", branchId: branches.a1.id })).id;
  await grant(t, reviewerA, A.id, "REVIEWER");
  const adminA = (await t.member({ username: "guanli_a", name: "甲乡管理员", branchId: branches.a2.id })).id;
  await grant(t, adminA, A.id, "ADMIN");
  const countyReviewer = (await t.member({ username: "zuzhibu", name: "县委组织部" })).id;
  await grant(t, countyReviewer, root.id, "REVIEWER");
  const rootAdmin = (await t.member({ username: "guanli", name: "县管理员", role: "ADMIN" })).id;
  return { root, townships: { A, B }, branches, people: { reviewerA, adminA, countyReviewer, rootAdmin } };
}
