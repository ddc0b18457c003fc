/**
 * The rules of a transfer (组织关系转接, DOMAIN.md "Organizations"), pure so that the web command
 * (transfers.ts, Prisma) and the import (import/kinds/transfers.ts, raw SQLite) judge alike.
 *
 * A transfer of a member to branch B on date D: D is the first day in B and the first day not in
 * the old branch, so the membership in force on D is closed on D − 1 and a new one opens on D.
 * Refused (field, Chinese reason): B is not a 党支部, is dissolved on D, or is the branch the member
 * is in on D; D is before the member's 登记日期 (or on it: the first membership starts that day);
 * D is in a closed year; another transfer already starts on D (an overlapping second transfer) or
 * later; D is after today (a transfer is recorded when it happens, so Member.branchId, the branch
 * today, stays right without a scheduled job). Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import { ORG_KIND_LABELS, type OrgKind } from "../../core/org-tree.ts";

export interface TransferFacts {
  member: { name: string; registeredOn: string; active: boolean };
  /** Every OrgMembership of the member. */
  memberships: { orgId: number; fromOn: string; toOn: string | null }[];
  /** The target org, or null when the code/id is unknown. */
  target: { id: number; name: string; kind: string; dissolvedOn: string | null; setUpOn: string | null } | null;
  closedYears: Set<number>;
  today: string;
}

export interface TransferProblem {
  field: "orgId" | "on" | "memberId";
  reason: string;
}

/** The membership in force on `on` (fromOn ≤ on ≤ toOn, toOn null = still), or undefined. */
export function membershipOn<M extends { fromOn: string; toOn: string | null }>(memberships: M[], on: string): M | undefined {
  return memberships.find((m) => m.fromOn <= on && (m.toOn === null || m.toOn >= on));
}

/** The first problem with transferring per `facts` on `on`, or null when the transfer may go ahead. */
export function transferProblem(facts: TransferFacts, on: string): TransferProblem | null {
  const { member, target } = facts;
  if (!member.active) return { field: "memberId", reason: `「${member.name}」的账号已停用，不能转接` };
  if (!target) return { field: "orgId", reason: "转入组织不存在" };
  if (target.kind !== "BRANCH") return { field: "orgId", reason: `只能转入党支部，「${target.name}」是${ORG_KIND_LABELS[target.kind as OrgKind] ?? target.kind}` };
  if (target.dissolvedOn !== null && target.dissolvedOn <= on) return { field: "orgId", reason: `「${target.name}」已于 ${target.dissolvedOn} 撤销` };
  if (target.setUpOn !== null && target.setUpOn > on) return { field: "on", reason: `「${target.name}」于 ${target.setUpOn} 设立，转接日期不能早于此日` };
  if (on > facts.today) return { field: "on", reason: `转接日期不能晚于今天（${facts.today}）：请在转接当天或之后登记` };
  if (on <= member.registeredOn) return { field: "on", reason: `转接日期应晚于该党员的登记日期 ${member.registeredOn}` };
  const year = Number(on.slice(0, 4));
  if (facts.closedYears.has(year)) return { field: "on", reason: `${year} 年度已完成年终备查并关闭，不能在该年度办理转接` };
  const later = facts.memberships.filter((m) => m.fromOn >= on).sort((a, b) => (a.fromOn < b.fromOn ? -1 : 1))[0];
  if (later) {
    return { field: "on", reason: later.fromOn === on ? `该党员在 ${on} 已有一次组织关系转接，同一天不能再转` : `该党员在 ${later.fromOn} 已有一次组织关系转接，不能转接到更早的日期` };
  }
  const current = membershipOn(facts.memberships, on);
  if (current && current.orgId === target.id) return { field: "orgId", reason: `该党员在 ${on} 已属于「${target.name}」` };
  return null;
}
