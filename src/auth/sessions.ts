/**
 * Ending an account's sessions. Sessions live in the `Session` table (@quixo3/prisma-session-store,
 * app.ts); each row's `data` is the express-session JSON, whose `passport.user` is the member id
 * (passport.ts serializeUser). A password change ends every other session of the account so a
 * stolen session dies with the old password (issue 11, item 6).
 */
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/**
 * Deletes the sessions logged in as `memberId`, except the one whose id is `keepSid` (the session
 * making the change; undefined = end them all). Rows whose data is not JSON are left alone.
 * Returns how many sessions were ended. Either engine: the rows that may hold the id are found
 * with a plain `contains` on the compact JSON the store writes (`"user":42`, JSON.stringify), and
 * each is checked by parsing it (so `"user":420` or a text id never counts).
 */
export async function endSessionsOf(db: Db | Prisma.TransactionClient, memberId: number, keepSid?: string): Promise<number> {
  const rows = await db.session.findMany({ where: { data: { contains: `"user":${memberId}` }, sid: { not: keepSid ?? "" } }, select: { sid: true, data: true } });
  const sids = rows.filter((r) => userOf(r.data) === memberId).map((r) => r.sid);
  if (!sids.length) return 0;
  return (await db.session.deleteMany({ where: { sid: { in: sids } } })).count;
}

/** The `passport.user` of a session's JSON data, or undefined (not JSON, logged out). */
function userOf(data: string): unknown {
  try {
    return (JSON.parse(data) as { passport?: { user?: unknown } } | null)?.passport?.user;
  } catch {
    return undefined;
  }
}
