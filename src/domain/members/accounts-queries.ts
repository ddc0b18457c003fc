/**
 * The admin's reads of accounts: a searchable, paged roster (name, login name or phone; role;
 * active or not; zone today) and one person with the whole dated history of role, zone, line and
 * department. Admin-only pages call these; `scope` (auth/reach.ts adminOrgWhere) keeps an admin
 * to the branches of their subtree.
 */
import { containsText } from "../../db/like.ts";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { NotFoundError } from "../../core/errors.ts";
import { heldOn } from "../held-on.ts";
import { byNaturalName } from "../natural-order.ts";

export const PAGE_SIZE = 50;

export interface AccountFilters {
  q?: string;
  role?: string;
  status?: "active" | "inactive" | "";
  zoneId?: number;
  page?: number;
}

/** Accounts matching the filters, by login name, with the zone each holds on `today`. */
export async function listAccounts(db: Db, filters: AccountFilters, today: string, scope: Prisma.OrgWhereInput = {}) {
  const q = (filters.q ?? "").trim().slice(0, 50);
  const zoneOn = heldOn(today);
  const where: Prisma.MemberWhereInput = {
    branch: scope,
    ...(q ? { OR: [await containsText(db, "Member", "username", q.toLowerCase()), await containsText(db, "Member", "name", q), await containsText(db, "Member", "phone", q)] } : {}),
    ...(filters.role ? { role: filters.role } : {}),
    ...(filters.status === "active" ? { active: true } : filters.status === "inactive" ? { active: false } : {}),
    ...(filters.zoneId ? { zoneAssignments: { some: { zoneId: filters.zoneId, ...zoneOn } } } : {}),
  };
  const page = Math.max(1, filters.page ?? 1);
  const [total, rows] = await Promise.all([
    db.member.count({ where }),
    db.member.findMany({
      where,
      orderBy: { username: "asc" },
      skip: (page - 1) * PAGE_SIZE,
      take: PAGE_SIZE,
      select: {
        id: true,
        username: true,
        name: true,
        phone: true,
        role: true,
        cadreLevel: true,
        active: true,
        registeredOn: true,
        deactivatedOn: true,
        mustChangePassword: true,
        zoneAssignments: { where: zoneOn, select: { zone: { select: { name: true } } }, take: 1 },
      },
    }),
  ]);
  return { total, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), rows };
}

/** One account with its dated history (oldest first). NotFoundError when there is none. */
export async function findAccount(db: Db, id: number) {
  const m = await db.member.findUnique({
    where: { id },
    select: {
      id: true,
      username: true,
      name: true,
      phone: true,
      role: true,
      cadreLevel: true,
      notApplicableReason: true,
      active: true,
      registeredOn: true,
      deactivatedOn: true,
      joinedPartyOn: true,
      mustChangePassword: true,
      createdAt: true,
      roleTerms: { orderBy: [{ fromOn: "asc" }, { id: "asc" }] },
      zoneAssignments: { orderBy: [{ fromOn: "asc" }, { id: "asc" }], include: { zone: { select: { name: true } } } },
      lineAssignments: { orderBy: [{ fromOn: "asc" }, { id: "asc" }], include: { line: { select: { name: true } } } },
      departmentAssignments: { orderBy: [{ fromOn: "asc" }, { id: "asc" }], include: { department: { select: { name: true } } } },
    },
  });
  if (!m) throw new NotFoundError();
  return m;
}

/** Zones (of the branches in `scope`), lines and departments not retired by `today`, for the pickers: [id, name] pairs in natural order. */
export async function openUnits(db: Db, today: string, scope: Prisma.OrgWhereInput = {}) {
  const open = { OR: [{ retiredOn: null }, { retiredOn: { gt: today } }] };
  const [zones, lines, departments] = await Promise.all([
    db.zone.findMany({ where: { ...open, branch: scope }, select: { id: true, name: true } }).then(byNaturalName),
    db.line.findMany({ where: open, select: { id: true, name: true } }).then(byNaturalName),
    db.department.findMany({ where: open, select: { id: true, name: true } }).then(byNaturalName),
  ]);
  // [id, name] pairs, not an object: an object's numeric keys would come back in id order, not in natural order
  const options = (rows: { id: number; name: string }[]): [string, string][] => rows.map((r) => [String(r.id), r.name]);
  return { zones: options(zones), lines: options(lines), departments: options(departments) };
}
