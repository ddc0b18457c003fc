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
 * Returns how many sessions were ended.
 */
export async function endSessionsOf(db: Db | Prisma.TransactionClient, memberId: number, keepSid?: string): Promise<number> {
  return db.$executeRaw`DELETE FROM "Session"
    WHERE CASE WHEN json_valid("data") THEN json_extract("data", '$.passport.user') END = ${memberId}
      AND "sid" <> ${keepSid ?? ""}`;
}
