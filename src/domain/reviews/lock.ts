/**
 * The year lock of 年终备查, per branch (DOMAIN.md: "After the secretary closes a year, that
 * year's records are read-only until reopened with a reason"; "A branch's year is closed by its
 * secretary"). A record is read-only when the year of its date is closed (YearClosure) for the
 * branch that owns it ON THE RECORD'S DATE:
 *   { memberId }  the author's branch on that date (dated OrgMembership; transfers move it)
 *   { zoneId }    the zone's branch (meetings, requests, activists, the zone itself)
 *   { branchId }  that branch
 *   { orgId }     any branch of the org's subtree (rule settings, lines and departments, which
 *                 hold for a whole subtree); orgId null = any branch at all (system-wide data)
 * Every write path calls `assertYearOpen` with the owner and the record's date (on edit, its old
 * date too). Dates are Asia/Shanghai `YYYY-MM-DD`. Throws LockedError.
 */
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Db } from "../../db/client.ts";
import { LockedError } from "../../core/errors.ts";
import { heldOn } from "../held-on.ts";

type Reader = Db | Prisma.TransactionClient;

export type LockOwner = { memberId: number } | { zoneId: number } | { branchId: number } | { orgId: number | null };

const yearOf = (date: string) => Number(date.slice(0, 4));

/** The branch owning a record of `owner` dated `date` (null: no branch, e.g. before the first membership). */
async function branchOf(db: Reader, owner: { memberId: number } | { zoneId: number } | { branchId: number }, date: string): Promise<number | null> {
  if ("branchId" in owner) return owner.branchId;
  if ("zoneId" in owner) return (await db.zone.findUnique({ where: { id: owner.zoneId }, select: { branchId: true } }))?.branchId ?? null;
  // Before the first membership (or a broken account): the branch of the account today.
  const held = await db.orgMembership.findFirst({ where: { memberId: owner.memberId, ...heldOn(date) }, orderBy: { fromOn: "desc" }, select: { orgId: true } });
  return held?.orgId ?? (await db.member.findUnique({ where: { id: owner.memberId }, select: { branchId: true } }))?.branchId ?? null;
}

/** Is a record of `owner` dated `date` (YYYY-MM-DD) in a closed year? */
export async function isLocked(db: Reader, owner: LockOwner, date: string): Promise<boolean> {
  const year = yearOf(date);
  if ("orgId" in owner) {
    if (owner.orgId === null) return (await db.yearClosure.findFirst({ where: { year }, select: { id: true } })) !== null;
    const org = await db.org.findUnique({ where: { id: owner.orgId }, select: { path: true } });
    if (!org) return false;
    return (await db.yearClosure.findFirst({ where: { year, org: { path: { startsWith: org.path } } }, select: { id: true } })) !== null;
  }
  const orgId = await branchOf(db, owner, date);
  if (orgId === null) return false;
  return (await db.yearClosure.findUnique({ where: { orgId_year: { orgId, year } }, select: { id: true } })) !== null;
}

/** Throws LockedError if any of `dates` (YYYY-MM-DD) falls in a year closed for `owner` on that date. */
export async function assertYearOpen(db: Reader, owner: LockOwner, ...dates: string[]): Promise<void> {
  for (const date of new Set(dates)) {
    if (await isLocked(db, owner, date)) throw new LockedError(yearOf(date));
  }
}

/** Is `year` closed for branch `orgId`? */
export async function isBranchYearClosed(db: Reader, orgId: number, year: number): Promise<boolean> {
  return (await db.yearClosure.findUnique({ where: { orgId_year: { orgId, year } }, select: { id: true } })) !== null;
}

/** The closed years of any of the branches `orgIds` (a transfer touches the old and the new one). */
export async function closedYearsOf(db: Reader, orgIds: number[]): Promise<Set<number>> {
  const rows = await db.yearClosure.findMany({ where: { orgId: { in: orgIds } }, select: { year: true } });
  return new Set(rows.map((r) => r.year));
}

/** Every closure as "orgId:year" keys, for checks over many rows (imports). */
export async function closureKeys(db: Reader): Promise<Set<string>> {
  const rows = await db.yearClosure.findMany({ select: { orgId: true, year: true } });
  return new Set(rows.map((r) => `${r.orgId}:${r.year}`));
}

/**
 * For list pages that mark a member's own records read-only: a predicate "is a record of
 * `memberId` dated `date` locked?", from the member's dated memberships and their branches'
 * closures read once.
 */
export async function lockedForMember(db: Reader, memberId: number): Promise<(date: string) => boolean> {
  const [memberships, me] = await Promise.all([
    db.orgMembership.findMany({ where: { memberId }, orderBy: { fromOn: "asc" }, select: { orgId: true, fromOn: true, toOn: true } }),
    db.member.findUnique({ where: { id: memberId }, select: { branchId: true } }),
  ]);
  const orgIds = [...new Set([...memberships.map((m) => m.orgId), ...(me ? [me.branchId] : [])])];
  const closed = new Set((await db.yearClosure.findMany({ where: { orgId: { in: orgIds } }, select: { orgId: true, year: true } })).map((c) => `${c.orgId}:${c.year}`));
  return (date: string) => {
    const held = memberships.filter((m) => m.fromOn <= date && (m.toOn === null || m.toOn >= date)).at(-1);
    const orgId = held?.orgId ?? me?.branchId;
    return orgId !== undefined && closed.has(`${orgId}:${yearOf(date)}`);
  };
}
