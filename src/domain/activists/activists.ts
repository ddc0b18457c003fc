/**
 * 入党积极分子 of a zone and their cultivation notes (DOMAIN.md glossary: "the zone's members keep
 * cultivation notes"). Reads and writes are for the members of the activist's zone on today, the
 * secretary and the admin (NotFoundError outside, so an id reveals nothing). Notes are dated
 * (Asia/Shanghai `YYYY-MM-DD`), refused after today and in a closed year (LockedError), audited,
 * and soft-deleted by their author only. An activist listed (sinceOn) or ended (endedOn) on a day
 * of a closed year is refused the same way.
 */
import { pager, PAGE_SIZE } from "../paging.ts";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { f } from "../forms.ts";
import type { Viewer } from "../../auth/reach.ts";
import { audit } from "../audit/trail.ts";
import { assertFormTokenUnused, consumeFormToken } from "../form-tokens.ts";
import { DomainError, NotFoundError } from "../../core/errors.ts";
import { assertYearOpen } from "../reviews/lock.ts";
import { assertDateSane } from "../requests/commands.ts";
import { actsInZone, readsZone } from "../zones/reach.ts";

export const activistForm = z.object({ name: f.text("姓名", 50), sinceOn: f.date("列为积极分子日期") });
export const noteForm = z.object({ notedOn: f.date("日期"), content: f.text("培养情况", 5000) });
export const endForm = z.object({ endedOn: f.date("结束日期") });

/** The zone's activists: those still under cultivation first, then by name; with their note counts. */
export async function activistsOfZone(db: Db, zoneId: number) {
  const rows = await db.activist.findMany({
    where: { zoneId },
    include: { _count: { select: { notes: { where: { deletedAt: null } } } }, notes: { where: { deletedAt: null }, orderBy: { notedOn: "desc" }, take: 1, select: { notedOn: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return rows.sort((a, b) => Number(a.endedOn !== null) - Number(b.endedOn !== null));
}

/** An activist of a zone the actor reads (`act`: acts in, to write); NotFoundError otherwise. Notes: `notesPage`. */
export async function findReachableActivist(db: Db, actor: Viewer, id: number, today: string, act = false) {
  const a = await db.activist.findUnique({ where: { id }, include: { zone: { select: { id: true, name: true } } } });
  if (!a || !(await (act ? actsInZone : readsZone)(db, actor, a.zoneId, today))) throw new NotFoundError();
  return a;
}

/** One page (1-based, newest first, PAGE_SIZE rows) of an activist's live notes, with the pager (total, pages). */
export async function notesPage(db: Db, activistId: number, page: number) {
  const where = { activistId, deletedAt: null };
  const p = pager(await db.activistNote.count({ where }), page, PAGE_SIZE);
  const notes = await db.activistNote.findMany({
    where,
    orderBy: [{ notedOn: "desc" }, { id: "desc" }],
    include: { author: { select: { id: true, name: true } } },
    skip: p.offset,
    take: p.size,
  });
  return { notes, pager: p };
}

/** `once`: the form's single-use token (AlreadySubmittedError when used before). */
export async function addActivist(db: Db, actor: Viewer, zoneId: number, input: z.infer<typeof activistForm>, today: string, once?: string) {
  if (!(await actsInZone(db, actor, zoneId, today))) throw new NotFoundError();
  await assertFormTokenUnused(db, once, `/activists?zone=${zoneId}`);
  assertDateSane("sinceOn", "列为积极分子日期", input.sinceOn, today);
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, `/activists?zone=${zoneId}`);
    await assertYearOpen(tx, { zoneId }, input.sinceOn);
    const a = await tx.activist.create({ data: { zoneId, name: input.name, sinceOn: input.sinceOn } });
    await audit(tx, { actorId: actor.id, action: "activist.create", entity: "Activist", entityId: a.id, after: a });
    return a;
  });
}

export async function endCultivation(db: Db, actor: Viewer, id: number, input: z.infer<typeof endForm>, today: string) {
  const before = await findReachableActivist(db, actor, id, today, true);
  if (before.endedOn) throw new DomainError("endedOn", "培养已结束");
  assertDateSane("endedOn", "结束日期", input.endedOn, today);
  if (input.endedOn < before.sinceOn) throw new DomainError("endedOn", "结束日期不能早于列为积极分子日期");
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { zoneId: before.zoneId }, input.endedOn);
    const a = await tx.activist.update({ where: { id }, data: { endedOn: input.endedOn } });
    await audit(tx, { actorId: actor.id, action: "activist.end", entity: "Activist", entityId: id, before: { endedOn: null }, after: { endedOn: a.endedOn } });
  });
}

/** `once`: the form's single-use token (AlreadySubmittedError when used before). */
export async function addNote(db: Db, actor: Viewer, activistId: number, input: z.infer<typeof noteForm>, today: string, once?: string) {
  const a = await findReachableActivist(db, actor, activistId, today, true);
  await assertFormTokenUnused(db, once, `/activists/${activistId}`);
  assertDateSane("notedOn", "日期", input.notedOn, today);
  if (input.notedOn < a.sinceOn) throw new DomainError("notedOn", "日期不能早于列为积极分子日期");
  return db.$transaction(async (tx) => {
    await consumeFormToken(tx, once, actor.id, `/activists/${activistId}`);
    await assertYearOpen(tx, { zoneId: a.zoneId }, input.notedOn);
    const n = await tx.activistNote.create({ data: { activistId, authorId: actor.id, notedOn: input.notedOn, content: input.content } });
    await audit(tx, { actorId: actor.id, action: "activist_note.create", entity: "ActivistNote", entityId: n.id, after: n });
    return n;
  });
}

export async function deleteNote(db: Db, actor: Viewer, activistId: number, id: number, now: Date) {
  const before = await db.activistNote.findFirst({ where: { id, activistId, authorId: actor.id, deletedAt: null } });
  if (!before) throw new NotFoundError();
  await db.$transaction(async (tx) => {
    await assertYearOpen(tx, { zoneId: (await tx.activist.findUniqueOrThrow({ where: { id: activistId }, select: { zoneId: true } })).zoneId }, before.notedOn);
    await tx.activistNote.update({ where: { id }, data: { deletedAt: now } });
    await audit(tx, { actorId: actor.id, action: "activist_note.delete", entity: "ActivistNote", entityId: id, before });
  });
}
