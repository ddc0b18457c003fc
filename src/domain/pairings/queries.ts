/**
 * Reads of 结穷亲: a cadre's own pairings with their quota (from the compliance report, so the
 * page, the dashboard and the report agree), one pairing with its assistance records, and the
 * residents a cadre may pair with. A pairing is within reach of its cadre and of those whose reach
 * holds the cadre's branch or the household's zone (NotFoundError otherwise). A pairing is active on a date when it started on or before
 * it and did not end on or before it (as the report counts). Dates: Asia/Shanghai `YYYY-MM-DD`.
 */
import { pager, PAGE_SIZE } from "../paging.ts";
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import type { Db } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { memberWhere, zoneWhere, type Viewer } from "../../auth/reach.ts";
import { readsZone } from "../zones/reach.ts";
import { NotFoundError } from "../../core/errors.ts";
import { HARDSHIP_TAG } from "../../core/labels.ts";
import { buildComplianceReport, type Tally } from "../compliance/report.ts";
import { splitTags } from "../residents/mask.ts";
import { zoneIdOn } from "../zones/reach.ts";

/** Pairings active on `date`. */
export const activeOn = (date: string): Prisma.PairingWhereInput => ({ startedOn: { lte: date }, OR: [{ endedOn: null }, { endedOn: { gt: date } }] });

/** The member's pairing quota on `today` (count, required by cadre level, met/missed), or null when the rule does not apply. */
export async function pairingQuota(kx: Kysely<DB>, memberId: number, today: string): Promise<Tally | null> {
  const report = await buildComplianceReport(kx, { year: Number(today.slice(0, 4)), asOf: today, memberIds: [memberId] });
  return report.members.find((m) => m.id === memberId)?.pairings ?? null;
}

/** The actor's pairings: active ones first (oldest first), then ended ones (latest first). */
export async function pairingsOf(db: Db, memberId: number, today: string) {
  const rows = await db.pairing.findMany({
    where: { cadreId: memberId },
    include: { resident: { select: { id: true, name: true, tags: true, deletedAt: true, zone: { select: { name: true } } } }, _count: { select: { assistance: { where: { deletedAt: null } } } } },
    orderBy: [{ startedOn: "asc" }, { id: "asc" }],
  });
  const active = rows.filter((p) => p.startedOn <= today && (p.endedOn === null || p.endedOn > today));
  const ended = rows.filter((p) => !active.includes(p)).reverse();
  return { active, ended };
}

/**
 * A pairing within reach, with its cadre, resident and one page (`page`, 1-based, newest first,
 * PAGE_SIZE rows) of its live assistance records: `assistancePage` has the total and pages,
 * `assistanceFen` the sum of all of them in fen.
 */
export async function findReadablePairing(db: Db, actor: Viewer, id: number, page = 1) {
  const p = await db.pairing.findFirst({
    where: { id, OR: [{ cadre: memberWhere(actor.reach) }, { resident: { zone: zoneWhere(actor.reach) } }] },
    include: {
      cadre: { select: { id: true, name: true, active: true, role: true, cadreLevel: true } },
      resident: { select: { id: true, name: true, tags: true, zoneId: true, deletedAt: true, zone: { select: { name: true, branch: { select: { path: true } } } } } },
    },
  });
  if (!p) throw new NotFoundError();
  const live = { pairingId: id, deletedAt: null };
  const sums = await db.assistanceRecord.aggregate({ where: live, _count: { _all: true }, _sum: { amountFen: true } });
  const assistancePage = pager(sums._count._all, page, PAGE_SIZE);
  const assistance = await db.assistanceRecord.findMany({
    where: live,
    orderBy: [{ givenOn: "desc" }, { id: "desc" }],
    include: { createdBy: { select: { name: true } } },
    skip: assistancePage.offset,
    take: assistancePage.size,
  });
  return { ...p, assistance, assistancePage, assistanceFen: sums._sum.amountFen ?? 0 };
}

/**
 * Residents the actor may pair with on `today`: those of the actor's zone (any zone for the
 * secretary and admin — who act in it — when `zoneId` is given), not deleted and not already actively paired with
 * the actor; households tagged 困难户 first, then by name.
 */
export async function pairingCandidates(db: Db, actor: Viewer, today: string, zoneId?: number) {
  const own = await zoneIdOn(db, actor.id, today);
  const zone = zoneId && (await readsZone(db, actor, zoneId, today)) ? zoneId : own;
  if (zone === null || zone === undefined) return [];
  const rows = await db.resident.findMany({
    where: { zoneId: zone, deletedAt: null, pairings: { none: { cadreId: actor.id, ...activeOn(today) } } },
    select: { id: true, name: true, tags: true, _count: { select: { pairings: { where: activeOn(today) } } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 1000,
  });
  const hard = (r: { tags: string }) => (splitTags(r.tags).includes(HARDSHIP_TAG) ? 0 : 1);
  return rows.sort((a, b) => hard(a) - hard(b));
}
