/**
 * 组织关系转接 transfers (FORMATS.md): 登录名, 转入组织 (a branch's 组织代码), 转接日期 required; 说明.
 * Each row is judged by the same rules as the admin's transfer page (domain/orgs/transfer-rules.ts:
 * a 党支部, not dissolved, not the member's branch on the date, after the 登记日期, not in a closed
 * year or the future, no other transfer on or after the date), a member's rows in date order,
 * each seeing the ones before it. Written like the page does (domain/orgs/transfers.ts): the
 * membership in force on D closes on D − 1, a new one opens on D, the zone held on D ends on
 * D − 1, Member.branchId follows; audited per row (member.transfer).
 * Natural key: 登录名 + 转接日期; a stored membership opening that day in that branch is a duplicate.
 */
import { addDays } from "../../rules/index.ts";
import { membershipOn, transferProblem } from "../../domain/orgs/transfer-rules.ts";
import type { KindSpec } from "../types.ts";
import { memberAt, SEP } from "./common.ts";

interface TransferRow {
  memberId: number;
  username: string;
  name: string;
  orgCode: string;
  orgId: number;
  on: string;
  note: string;
}

const FIELD_COLUMN = { orgId: "org", on: "on", memberId: "username" } as const;

export const transfersSpec: KindSpec<TransferRow> = {
  kind: "transfers",
  label: "组织关系转接",
  columns: [
    { key: "username", header: "登录名", required: true, note: "转接党员的登录名" },
    { key: "org", header: "转入组织", required: true, note: "转入党支部的组织代码" },
    { key: "on", header: "转接日期", required: true, note: "在新支部的第一天，如 2026-07-01" },
    { key: "note", header: "说明", note: "转接原因等" },
  ],
  example: [{ username: "wangsl", org: "XZ01-01", on: "2026-07-01", note: "工作调动" }],
  lookups: ["orgs", "members", "memberships", "branchToday"],
  inFileDuplicate: "error",
  check(row, look) {
    const member = memberAt(row, "username", look, { required: true });
    const code = row.text("org", { required: true, max: 32 });
    const org = code === "" ? undefined : look.orgs.get(code);
    if (code !== "" && !org) row.fail("org", `没有组织代码为「${code}」的组织`);
    const on = row.date("on", { required: true });
    const note = row.text("note", { max: 500 });
    if (!row.ok || !member || !org || on === null) return null;
    return { memberId: member.id, username: member.username, name: member.name, orgCode: code, orgId: org.id, on, note };
  },
  key: (r) => `${r.username}${SEP}${r.on}`,
  keyColumn: "on",
  keyLabel: (r) => `${r.username} ${r.on} 转入 ${r.orgCode}`,
  existingKeys: (look, recs) =>
    new Set(recs.filter((r) => (look.memberships.get(r.memberId) ?? []).some((m) => m.fromOn === r.on && m.orgId === r.orgId)).map((r) => `${r.username}${SEP}${r.on}`)),
  finish(look, recs, fail) {
    const ordered = [...recs].sort((a, b) => (a.rec.on < b.rec.on ? -1 : a.rec.on > b.rec.on ? 1 : a.row - b.row));
    const byId = new Map([...look.orgs.values()].map((o) => [o.id, o]));
    const state = new Map<number, { orgId: number; fromOn: string; toOn: string | null }[]>();
    for (const c of ordered) {
      const r = c.rec;
      const ref = look.members.get(r.username)!;
      if (!state.has(r.memberId)) state.set(r.memberId, (look.memberships.get(r.memberId) ?? []).map((m) => ({ ...m })));
      const memberships = state.get(r.memberId)!;
      const problem = transferProblem({ member: ref, memberships, target: byId.get(r.orgId) ?? null, closedYears: look.closedYearsOf([membershipOn(memberships, r.on)?.orgId, r.orgId]), today: look.today }, r.on);
      if (problem) {
        const key = FIELD_COLUMN[problem.field];
        fail(c.row, key, key === "org" ? r.orgCode : key === "on" ? r.on : r.username, problem.reason);
        continue;
      }
      const current = membershipOn(memberships, r.on);
      if (current) current.toOn = addDays(r.on, -1);
      memberships.push({ orgId: r.orgId, fromOn: r.on, toOn: null });
    }
    return ordered;
  },
  async write(look, recs) {
    // Row by row: a member's second transfer in the file closes the membership its first opened.
    const kx = look.kx;
    for (const { rec } of recs) {
      const before = await kx
        .selectFrom("OrgMembership")
        .select(["id", "orgId"])
        .where("memberId", "=", rec.memberId)
        .where("fromOn", "<=", rec.on)
        .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", rec.on)]))
        .orderBy("fromOn", "desc")
        .limit(1)
        .executeTakeFirst();
      const dayBefore = addDays(rec.on, -1);
      if (before) await kx.updateTable("OrgMembership").set({ toOn: dayBefore }).where("id", "=", before.id).execute();
      await kx.insertInto("OrgMembership").values({ memberId: rec.memberId, orgId: rec.orgId, fromOn: rec.on, note: rec.note }).execute();
      await kx.deleteFrom("ZoneAssignment").where("memberId", "=", rec.memberId).where("fromOn", ">=", rec.on).execute();
      await kx
        .updateTable("ZoneAssignment")
        .set({ toOn: dayBefore })
        .where("memberId", "=", rec.memberId)
        .where("fromOn", "<", rec.on)
        .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", rec.on)]))
        .execute();
      await kx.updateTable("Member").set({ branchId: rec.orgId }).where("id", "=", rec.memberId).execute();
      look.audit("member.transfer", "Member", rec.memberId, { orgId: rec.orgId, on: rec.on, note: rec.note, from: before?.orgId ?? null }, rec.note || "导入组织关系转接");
    }
    return { added: recs.length };
  },
};
