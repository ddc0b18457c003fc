/**
 * The admin's writes on accounts (管理员 manages accounts, DOMAIN.md "Who uses it"). Each runs in
 * one transaction with an audit entry. Nothing is ever deleted with a person: an account is
 * deactivated (can no longer log in; stops being subject to the rules after its last day) and can
 * be reactivated. Role / cadre level, zone, line and department changes are dated (dated.ts);
 * `Member.role` / `cadreLevel` keep the values in force today. Passwords set by the admin are
 * one-time passwords, returned once in clear to show, stored only as a hash, and must be changed
 * at the next login. Throws DomainError (field, Chinese message), NotFoundError, LockedError.
 */
import { endSessionsOf } from "../../auth/sessions.ts";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { hashPassword, oneTimePassword } from "../../auth/password.ts";
import type { Actor } from "../../core/actor.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { cancelFuture, changeFrom, moveStart, type DatedKind } from "./dated.ts";
import { cadreGaps, GAP_MESSAGES, holdsLineOrDepartment } from "./cadre-duties.ts";
import type { AccountCreateInput, AccountEditInput, AssignInput, RoleChangeInput } from "./schema.ts";

type Tx = Prisma.TransactionClient;

async function member(db: Db | Tx, id: number) {
  const m = await db.member.findUnique({ where: { id } });
  if (!m) throw new NotFoundError();
  return m;
}

async function assertOpenUnit(tx: Tx, kind: "zone" | "line" | "department", id: number, on: string, field: string) {
  const unit =
    kind === "zone" ? await tx.zone.findUnique({ where: { id } }) : kind === "line" ? await tx.line.findUnique({ where: { id } }) : await tx.department.findUnique({ where: { id } });
  if (!unit) throw new DomainError(field, "所选项不存在");
  if (unit.retiredOn !== null && unit.retiredOn <= on) throw new DomainError(field, `「${unit.name}」已于 ${unit.retiredOn} 撤销`);
}

/** Creates an account with a one-time password; returns the member and the password to show once. */
/** `scope`: the orgs the acting admin manages; the account goes into the first branch there. */
export async function createAccount(db: Db, actor: Actor, input: AccountCreateInput, today: string, once?: string, scope: Prisma.OrgWhereInput = {}) {
  await assertFormTokenUnused(db, once, "/admin/accounts");
  if (input.registeredOn > today) throw new DomainError("registeredOn", "登记日期不能晚于今天");
  if (input.joinedPartyOn && input.joinedPartyOn > today) throw new DomainError("joinedPartyOn", "入党日期不能晚于今天");
  if (await db.member.findUnique({ where: { username: input.username } })) throw new DomainError("username", "该登录名已被使用");
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  const branch = await db.org.findFirst({ where: { kind: "BRANCH", AND: [scope] }, orderBy: { id: "asc" } });
  if (!branch) throw new DomainError("username", "您管理的范围内没有党支部，无法新建账号");
  const created = await db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, "/admin/accounts");
    await assertYearOpen(tx, { branchId: branch.id }, input.registeredOn);
    const on = input.registeredOn;
    if (input.zoneId !== undefined) await assertOpenUnit(tx, "zone", input.zoneId, on, "zoneId");
    if (input.lineId !== undefined) await assertOpenUnit(tx, "line", input.lineId, on, "lineId");
    if (input.departmentId !== undefined) await assertOpenUnit(tx, "department", input.departmentId, on, "departmentId");
    const m = await tx.member.create({
      data: {
        branchId: branch.id,
        username: input.username,
        name: input.name,
        phone: input.phone,
        role: input.role,
        cadreLevel: input.cadreLevel,
        registeredOn: on,
        joinedPartyOn: input.joinedPartyOn,
        notApplicableReason: input.notApplicableReason || null,
        passwordHash,
        mustChangePassword: true,
      },
    });
    await tx.orgMembership.create({ data: { memberId: m.id, orgId: branch.id, fromOn: on } });
    if (input.role === "ADMIN") {
      // An ADMIN account administers the whole system: a grant at the root (DOMAIN.md "Who uses it").
      const root = await tx.org.findFirstOrThrow({ where: { parentId: null }, orderBy: { id: "asc" } });
      await tx.grant.create({ data: { memberId: m.id, orgId: root.id, role: "ADMIN", grantedById: actor.id } });
    }
    await tx.roleTerm.create({ data: { memberId: m.id, role: input.role, cadreLevel: input.cadreLevel, fromOn: on } });
    if (input.zoneId !== undefined) await tx.zoneAssignment.create({ data: { memberId: m.id, zoneId: input.zoneId, fromOn: on } });
    if (input.lineId !== undefined) await tx.lineAssignment.create({ data: { memberId: m.id, lineId: input.lineId, fromOn: on } });
    if (input.departmentId !== undefined) await tx.departmentAssignment.create({ data: { memberId: m.id, departmentId: input.departmentId, fromOn: on } });
    const { passwordHash: _h, ...shown } = m;
    await audit(tx, { actorId: actor.id, action: "member.create", entity: "Member", entityId: m.id, after: { ...shown, zoneId: input.zoneId, lineId: input.lineId, departmentId: input.departmentId } });
    return m;
  });
  return { member: created, password };
}

/**
 * Edits name, phone, dates and the 不适用原因. Moving 登记日期 moves the history that began on it.
 * A 党员干部 still lacking a cadre level or a line/department keeps a reason (cadre-duties.ts).
 */
export async function updateAccount(db: Db, actor: Actor, id: number, input: AccountEditInput, today: string) {
  const before = await member(db, id);
  const gaps = cadreGaps(before.role, before.cadreLevel, await holdsLineOrDepartment(db, id, today));
  // an account from before the rule may be edited without one (it is listed on /review/reminders); a reason given is not cleared
  if (gaps.length && before.notApplicableReason && !input.notApplicableReason) throw new DomainError("notApplicableReason", `该党员干部${gaps.map((g) => g === "line" ? "未挂钩线路或科室" : "无干部级别").join("、")}，须填写不适用原因`);
  if (input.registeredOn > today) throw new DomainError("registeredOn", "登记日期不能晚于今天");
  if (input.joinedPartyOn && input.joinedPartyOn > today) throw new DomainError("joinedPartyOn", "入党日期不能晚于今天");
  if (before.deactivatedOn && input.registeredOn > before.deactivatedOn) throw new DomainError("registeredOn", "登记日期不能晚于停用日期");
  return db.$transaction(async (tx) => {
    if (input.registeredOn !== before.registeredOn) {
      await assertYearOpen(tx, { memberId: id }, before.registeredOn, input.registeredOn);
      await moveStart(tx, id, before.registeredOn, input.registeredOn);
    }
    const after = await tx.member.update({ where: { id }, data: { ...input, notApplicableReason: input.notApplicableReason || null } });
    await audit(tx, { actorId: actor.id, action: "member.update", entity: "Member", entityId: id, before: pick(before), after: pick(after) });
    return after;
  });
}

const pick = (m: { name: string; phone: string | null; registeredOn: string; joinedPartyOn: string | null; notApplicableReason: string | null }) => ({
  name: m.name,
  phone: m.phone,
  registeredOn: m.registeredOn,
  joinedPartyOn: m.joinedPartyOn,
  notApplicableReason: m.notApplicableReason,
});

/** Role and cadre level from a date (not after today, so Member.role stays "today's role"). */
export async function changeRole(db: Db, actor: Actor, id: number, input: RoleChangeInput, today: string) {
  const m = await member(db, id);
  if (input.fromOn > today) throw new DomainError("fromOn", "角色变动的生效日期不能晚于今天");
  if (input.fromOn < m.registeredOn) throw new DomainError("fromOn", `生效日期不能早于登记日期 ${m.registeredOn}`);
  if (m.id === actor.id && input.role !== "ADMIN") throw new DomainError("role", "不能取消自己的管理员角色");
  const reason = input.notApplicableReason || m.notApplicableReason;
  if (input.role === "CADRE" && !input.cadreLevel && !reason) throw new DomainError("cadreLevel", GAP_MESSAGES.cadreLevel);
  await db.$transaction(async (tx) => {
    const change = await changeFrom(tx, "role", id, [input.role, input.cadreLevel], input.fromOn);
    if (!change.after && reason === m.notApplicableReason) return;
    await tx.member.update({ where: { id }, data: { role: input.role, cadreLevel: input.cadreLevel, notApplicableReason: reason } });
    await audit(tx, {
      actorId: actor.id, action: "member.role", entity: "Member", entityId: id,
      before: { ...(change.before as object), notApplicableReason: m.notApplicableReason }, after: { ...(change.after as object), notApplicableReason: reason },
    });
  });
}

/** Zone, line or department from a date (`targetId` undefined: none from that date). */
export async function assign(db: Db, actor: Actor, id: number, kind: Exclude<DatedKind, "role">, input: AssignInput) {
  const m = await member(db, id);
  if (input.fromOn < m.registeredOn) throw new DomainError("fromOn", `生效日期不能早于登记日期 ${m.registeredOn}`);
  if (kind !== "zone" && input.targetId !== undefined && m.role !== "CADRE" && m.role !== "SECRETARY") {
    throw new DomainError("targetId", "只有党员干部、支部书记可挂钩线路或科室");
  }
  await db.$transaction(async (tx) => {
    if (input.targetId !== undefined) await assertOpenUnit(tx, kind, input.targetId, input.fromOn, "targetId");
    const change = await changeFrom(tx, kind, id, input.targetId === undefined ? null : [input.targetId], input.fromOn);
    if (!change.before && !change.after) return;
    await audit(tx, { actorId: actor.id, action: `member.${kind}`, entity: "Member", entityId: id, before: change.before, after: change.after });
  });
}

/**
 * Cancels member `id`'s zone, line or department change that has not taken effect yet (dated
 * after `today`), audited as member.<kind>.cancel. DomainError when there is none. An account
 * deactivated keeps its history as it is.
 */
export async function cancelAssignment(db: Db, actor: Actor, id: number, kind: Exclude<DatedKind, "role">, today: string) {
  const m = await member(db, id);
  if (!m.active) throw new DomainError("", "该账号已停用，不能撤销调整");
  await db.$transaction(async (tx) => {
    const undone = await cancelFuture(tx, kind, id, today);
    if (!undone) throw new DomainError("", "没有尚未生效的调整可以撤销");
    await audit(tx, { actorId: actor.id, action: `member.${kind}.cancel`, entity: "Member", entityId: id, before: undone.before, after: undone.after, reason: "撤销尚未生效的调整" });
  });
}

/** Deactivates: no more login; subject to the rules up to and including `lastOn`. */
export async function deactivate(db: Db, actor: Actor, id: number, lastOn: string) {
  const m = await member(db, id);
  if (m.id === actor.id) throw new DomainError("lastOn", "不能停用自己的账号");
  if (!m.active) throw new DomainError("lastOn", "该账号已停用");
  if (lastOn < m.registeredOn) throw new DomainError("lastOn", `不能早于登记日期 ${m.registeredOn}`);
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { memberId: m.id }, lastOn);
    await tx.member.update({ where: { id }, data: { active: false, deactivatedOn: lastOn } });
    await audit(tx, { actorId: actor.id, action: "member.deactivate", entity: "Member", entityId: id, before: { active: true, deactivatedOn: m.deactivatedOn }, after: { active: false, deactivatedOn: lastOn } });
  });
}

/**
 * Reactivates: can log in again and is subject to the rules again. The schema keeps one active
 * interval per person, so the gap between deactivation and now counts as active again; the
 * audit log keeps the dates of both steps.
 */
export async function reactivate(db: Db, actor: Actor, id: number) {
  const m = await member(db, id);
  if (m.active) throw new DomainError("", "该账号未停用");
  await db.$transaction(async (tx) => {
    if (m.deactivatedOn) await assertYearOpen(tx, { memberId: m.id }, m.deactivatedOn);
    await tx.member.update({ where: { id }, data: { active: true, deactivatedOn: null } });
    await audit(tx, { actorId: actor.id, action: "member.reactivate", entity: "Member", entityId: id, before: { active: false, deactivatedOn: m.deactivatedOn }, after: { active: true, deactivatedOn: null } });
  });
}

/**
 * A new one-time password (returned once, to show); the old one stops working at once and the
 * account's sessions end (but `keepSid`, the admin's own when resetting their own account).
 */
export async function resetPassword(db: Db, actor: Actor, id: number, keepSid?: string): Promise<string> {
  const m = await member(db, id);
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.member.update({ where: { id: m.id }, data: { passwordHash, mustChangePassword: true } });
    await endSessionsOf(tx, m.id, keepSid);
    await audit(tx, { actorId: actor.id, action: "member.password_reset", entity: "Member", entityId: m.id, after: { mustChangePassword: true } });
  });
  return password;
}
