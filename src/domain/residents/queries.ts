/**
 * Reads of residents (群众台账). Every logged-in member may find a resident (names and zones are
 * not secret; the talk form links talks to residents), but personal data leaves here masked
 * unless `seesPersonalData` (the resident's zone's members on today, the secretary, the admin),
 * and even then only on the resident's own page; the full ID number only through the audited
 * reveal (commands.ts). Soft-deleted residents are never returned.
 */
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";
import { actsInZone, readsZone, zoneIdOn } from "../zones/reach.ts";
import { branchZoneWhere } from "../../auth/reach.ts";
import { foldName } from "../../core/names.ts";
import { maskAddress, maskIdNumber, maskPhone, PHONE_VISIBLE, splitTags } from "./mask.ts";
import { containsText, hasLikeWildcard } from "../../db/like.ts";

export const RESIDENTS_PAGE = 50;

/** Residents carrying exactly `tag` among their "、"-joined tags. */
export function tagWhere(tag: string): Prisma.ResidentWhereInput {
  return { OR: [{ tags: tag }, { tags: { startsWith: `${tag}、` } }, { tags: { endsWith: `、${tag}` } }, { tags: { contains: `、${tag}、` } }] };
}

export interface ResidentFilter {
  zoneId?: number;
  q: string;
  tag: string;
  page: number;
}

type Row = { id: number; zoneId: number; name: string; phone: string | null; idNumber: string | null; address: string | null; householdSize: number | null; tags: string };

/** A resident as a list shows it: always masked. */
export function masked<T extends Row>(r: T) {
  return { ...r, phone: maskPhone(r.phone), idNumber: maskIdNumber(r.idNumber), address: maskAddress(r.address), tagList: splitTags(r.tags) };
}

/**
 * Where a phone-tail search for `digits` may look, for `actor` on `today`. Search may only match
 * what the searcher may see in full (issue 11, item 5): the whole stored number for residents
 * whose personal data the actor sees (the actor's own zone; the zones of the branches they are
 * secretary or admin of), and otherwise only the visible tail of the masked form (maskPhone keeps
 * the last PHONE_VISIBLE.tail digits), so a longer tail never narrows hidden digits down.
 */
export async function phoneTailWhere(db: Db, actor: Viewer, today: string, digits: string): Promise<Prisma.ResidentWhereInput> {
  const tail: Prisma.ResidentWhereInput = { phone: { endsWith: digits } };
  const where: Prisma.ResidentWhereInput[] = [];
  const own = await zoneIdOn(db, actor.id, today);
  if (own !== null) where.push({ zoneId: own, ...tail });
  const full = actor.reach.subtrees.filter((s) => s.via !== "REVIEWER");
  if (full.length) where.push({ zone: { branch: { OR: full.map((s) => ({ path: { startsWith: s.path } })) } }, ...tail });
  if (digits.length <= PHONE_VISIBLE.tail) where.push(tail);
  return { OR: where }; // an empty OR matches nothing
}

/**
 * Residents by zone, name or phone tail (digits), and tag, as `actor` may search them on
 * `today` (the zones of their own branch, masked, and those they reach); masked; by name. The
 * query is folded like stored names (names.ts: `１２３４` is a phone tail, `第一　号` finds `第一号`).
 */
export async function searchResidents(db: Db, actor: Viewer, filter: ResidentFilter, today: string, pageSize = RESIDENTS_PAGE) {
  const and: Prisma.ResidentWhereInput[] = [{ deletedAt: null, zone: branchZoneWhere(actor.reach) }];
  if (filter.zoneId) and.push({ zoneId: filter.zoneId });
  // A typed % or _ is a character, not a LIKE wildcard (src/db/like.ts).
  if (filter.tag) and.push(hasLikeWildcard(filter.tag) ? await containsText(db, "Resident", "tags", filter.tag, "、") : tagWhere(filter.tag));
  const q = foldName(filter.q);
  if (q) and.push(/^\d{2,11}$/.test(q) ? await phoneTailWhere(db, actor, today, q) : await containsText(db, "Resident", "name", q));
  const rows = await db.resident.findMany({
    where: { AND: and },
    include: { zone: { select: { id: true, name: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    skip: (filter.page - 1) * pageSize,
    take: pageSize + 1,
  });
  return { rows: rows.slice(0, pageSize).map(masked), more: rows.length > pageSize };
}

/**
 * One resident for their own page: `full` tells whether phone and address are shown in full
 * (the ID number stays masked until revealed; a reviewer sees them as the secretary does), `acts`
 * whether the actor may edit it and reveal the ID number. NotFoundError when missing, deleted or
 * outside the actor's branch and reach.
 */
export async function findResident(db: Db, actor: Viewer, id: number, today: string) {
  const r = await db.resident.findFirst({ where: { id, deletedAt: null, zone: branchZoneWhere(actor.reach) }, include: { zone: { select: { id: true, name: true } } } });
  if (!r) throw new NotFoundError();
  const [full, acts] = await Promise.all([readsZone(db, actor, r.zoneId, today), actsInZone(db, actor, r.zoneId, today)]);
  const shown = full ? { ...r, idNumber: maskIdNumber(r.idNumber), tagList: splitTags(r.tags) } : masked(r);
  return { resident: shown, full, acts, hasIdNumber: !!r.idNumber };
}

/** Active pairings and latest requests of a resident, for their page. */
export async function residentLinks(db: Db, residentId: number, today: string) {
  const [pairings, requests] = await Promise.all([
    db.pairing.findMany({
      where: { residentId, startedOn: { lte: today }, OR: [{ endedOn: null }, { endedOn: { gt: today } }] },
      include: { cadre: { select: { id: true, name: true } } },
      orderBy: { startedOn: "asc" },
    }),
    db.request.findMany({ where: { residentId, deletedAt: null }, orderBy: [{ raisedOn: "desc" }, { id: "desc" }], take: 20, select: { id: true, raisedOn: true, content: true, status: true } }),
  ]);
  return { pairings, requests };
}
