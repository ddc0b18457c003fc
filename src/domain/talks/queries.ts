/**
 * Scoped reads of talks: a record outside the actor's reach is simply not found (NotFoundError →
 * 404), so changing an id in the URL reveals nothing. Soft-deleted talks are never returned.
 */
import type { Db } from "../../db/client.ts";
import type { Actor } from "../../core/actor.ts";
import { memberWhere, type Viewer } from "../../auth/reach.ts";
import { NotFoundError } from "../../core/errors.ts";

/** A talk the actor may read: their own, or one whose talker is within their reach. */
export async function findReadableTalk(db: Db, actor: Viewer, id: number) {
  const talk = await db.talk.findFirst({
    where: { id, deletedAt: null, talker: memberWhere(actor.reach) },
    include: { talker: { select: { id: true, name: true, username: true } } },
  });
  if (!talk) throw new NotFoundError();
  return talk;
}

/** A talk the actor may change: only their own, whatever their role. */
export async function findOwnTalk(db: Db, actor: Actor, id: number) {
  const talk = await db.talk.findFirst({ where: { id, talkerId: actor.id, deletedAt: null } });
  if (!talk) throw new NotFoundError();
  return talk;
}
