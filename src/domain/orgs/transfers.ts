/**
 * 组织关系转接 (DOMAIN.md "Organizations"): `transferMember` moves a member to another branch on
 * date D in one transaction — the membership in force on D closes on D − 1 and a new one opens on
 * D; the zone assignment held on D closes on D − 1 (zones belong to branches) and, when given, a
 * zone of the new branch is assigned from D; Member.branchId (the branch today) is set to the new
 * branch (D ≤ today always: future transfers are refused, transfer-rules.ts); audit
 * `member.transfer`. Dated questions ("which branch on date X") read OrgMembership (`branchOn`).
 *
 * Who: an admin of the old or of the new branch (`reach`, auth/reach.ts); a member outside both
 * answers NotFoundError. Throws DomainError(field, Chinese reason) for the refusals of
 * transfer-rules.ts and for a zone not of the new branch.
 */
import type { Db } from "../../db/client.ts";
import { sql, type Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { addDays as addDaysSql } from "../../db/dialect.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { addDays } from "../../rules/index.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { heldOn } from "../held-on.ts";
import { closedYearsOf } from "../reviews/lock.ts";
import { administersOrg, type Reach } from "../../auth/reach.ts";
import { membershipOn, transferProblem } from "./transfer-rules.ts";

type Reader = Db | Prisma.TransactionClient;

export interface TransferInput {
  memberId: number;
  orgId: number;
  on: string;
  zoneId?: number;
  note?: string;
}

/** The branch (org id) member `memberId` belongs to on `on`, by dated OrgMembership; null outside any. */
export async function branchOn(db: Reader, memberId: number, on: string): Promise<number | null> {
  const m = await db.orgMembership.findFirst({ where: { memberId, ...heldOn(on) }, orderBy: { fromOn: "desc" }, select: { orgId: true } });
  return m?.orgId ?? null;
}

/** Transfers per `input` (see the module comment). Returns the new membership's id. */
export async function transferMember(db: Db, actor: Actor, input: TransferInput, today: string, reach: Reach | null): Promise<{ id: number }> {
  return db.$transaction(async (tx) => {
    const member = await tx.member.findUnique({ where: { id: input.memberId }, select: { id: true, name: true, username: true, registeredOn: true, active: true, branch: { select: { path: true } } } });
    if (!member) throw new NotFoundError();
    const memberships = await tx.orgMembership.findMany({ where: { memberId: member.id }, orderBy: { fromOn: "asc" }, include: { org: { select: { path: true, name: true } } } });
    const target = await tx.org.findUnique({ where: { id: input.orgId }, select: { id: true, name: true, kind: true, path: true, dissolvedOn: true, setUpOn: true } });
    const current = membershipOn(memberships, input.on);
    // Either side's admin may transfer: the old branch (on D) or the new one.
    const oldPath = current?.org.path ?? member.branch.path;
    if (reach && !administersOrg(reach, oldPath) && !(target && administersOrg(reach, target.path))) throw new NotFoundError();
    const problem = transferProblem({ member, memberships, target, closedYears: await closedYearsOf(tx, [current?.orgId, target?.id].filter((x): x is number => x != null)), today }, input.on);
    if (problem) throw new DomainError(problem.field, problem.reason);
    const dayBefore = addDays(input.on, -1);
    if (current) await tx.orgMembership.update({ where: { id: current.id }, data: { toOn: dayBefore } });
    const opened = await tx.orgMembership.create({ data: { memberId: member.id, orgId: target!.id, fromOn: input.on, note: input.note ?? "" } });

    // Zones belong to branches: the zone held on D ends on D − 1; one starting later is dropped.
    const zones = await tx.zoneAssignment.findMany({ where: { memberId: member.id, OR: [{ toOn: null }, { toOn: { gte: input.on } }] } });
    for (const z of zones) {
      if (z.fromOn >= input.on) await tx.zoneAssignment.delete({ where: { id: z.id } });
      else await tx.zoneAssignment.update({ where: { id: z.id }, data: { toOn: dayBefore } });
    }
    if (input.zoneId !== undefined) {
      const zone = await tx.zone.findUnique({ where: { id: input.zoneId }, select: { branchId: true, name: true, retiredOn: true } });
      if (!zone || zone.branchId !== target!.id) throw new DomainError("zoneId", "只能分配转入支部的责任区");
      if (zone.retiredOn !== null && zone.retiredOn <= input.on) throw new DomainError("zoneId", `责任区「${zone.name}」已于 ${zone.retiredOn} 撤销`);
      await tx.zoneAssignment.create({ data: { memberId: member.id, zoneId: input.zoneId, fromOn: input.on } });
    }
    await tx.member.update({ where: { id: member.id }, data: { branchId: target!.id } });
    await audit(tx, {
      actorId: actor.id,
      action: "member.transfer",
      entity: "Member",
      entityId: member.id,
      before: { orgId: current?.orgId ?? null, zones: zones.map((z) => z.zoneId) },
      after: { orgId: target!.id, on: input.on, zoneId: input.zoneId ?? null, note: input.note ?? "" },
      reason: input.note || undefined,
    });
    return { id: opened.id };
  });
}

export interface TransferLine {
  id: number;
  memberId: number;
  memberName: string;
  username: string;
  on: string;
  note: string;
  from: { id: number; name: string; code: string; path: string };
  to: { id: number; name: string; code: string; path: string };
}

/**
 * The latest transfers (a membership opened the day after another of the same member closed),
 * newest first; `visible` filters by the old and new branch's paths (reach).
 */
export async function recentTransfers(kx: Kysely<DB>, visible: (fromPath: string, toPath: string) => boolean, limit = 100): Promise<TransferLine[]> {
  const rows = await kx
    .selectFrom("OrgMembership as n")
    // the membership closed the day before this one opened (dialect.ts addDays: date arithmetic differs per engine)
    .innerJoin("OrgMembership as p", (j) => j.onRef("p.memberId", "=", "n.memberId").on("p.toOn", "=", addDaysSql(kx, sql.ref("n.fromOn"), -1)))
    .innerJoin("Member as m", "m.id", "n.memberId")
    .innerJoin("Org as fo", "fo.id", "p.orgId")
    .innerJoin("Org as t", "t.id", "n.orgId")
    .select([
      "n.id as id", "n.memberId as memberId", "n.fromOn as on", "n.note as note", "m.name as memberName", "m.username as username",
      "fo.id as fromId", "fo.name as fromName", "fo.code as fromCode", "fo.path as fromPath",
      "t.id as toId", "t.name as toName", "t.code as toCode", "t.path as toPath",
    ])
    .orderBy("n.fromOn", "desc")
    .orderBy("n.id", "desc")
    .limit(2000)
    .execute();
  return rows
    .filter((r) => visible(r.fromPath, r.toPath))
    .slice(0, limit)
    .map((r) => ({
      id: Number(r.id),
      memberId: Number(r.memberId),
      memberName: r.memberName,
      username: r.username,
      on: r.on,
      note: r.note,
      from: { id: Number(r.fromId), name: r.fromName, code: r.fromCode, path: r.fromPath },
      to: { id: Number(r.toId), name: r.toName, code: r.toCode, path: r.toPath },
    }));
}
