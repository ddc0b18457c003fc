/**
 * Logged-in agents kept between the cells of a matrix. `reusableSessions(t, login)` returns
 * `sessionOf(actor)`: the actor's last session while its stored row (the `Session` table, read
 * through t.kx on either engine) is exactly as that login left it — same data, the cookie's expiry
 * aside — and the agent still sends that session's id; otherwise a fresh `login(actor)`. So a
 * route that ended, regenerated or changed the session (logout, a password change, a flash, a
 * pending import…) costs the next cell a login, and every cell still starts from a fresh login's
 * state without paying for one (an Argon2 check and two pages) each time.
 */
import { isDeepStrictEqual } from "node:util";
import { CookieAccessInfo } from "cookiejar";
import type { TestApp } from "../../support/app.ts";

/** The agent's session id (the signed `ledger.sid` cookie in its jar), or undefined without one. */
function sidOf(agent: unknown): string | undefined {
  const jar = (agent as { jar?: { getCookie(name: string, access: CookieAccessInfo): { value: string } | undefined } }).jar;
  const value = jar?.getCookie("ledger.sid", CookieAccessInfo.All)?.value;
  if (!value) return undefined;
  const signed = decodeURIComponent(value);
  return signed.startsWith("s:") ? signed.slice(2, signed.lastIndexOf(".")) : undefined;
}

/** The live session `sid` as stored, without its cookie (whose expiry moves); undefined when gone or expired. */
async function stored(t: TestApp, sid: string): Promise<Record<string, unknown> | undefined> {
  const row = await t.kx.selectFrom("Session").select(["data", "expiresAt"]).where("sid", "=", sid).executeTakeFirst();
  if (!row || new Date(row.expiresAt).valueOf() <= Date.now()) return undefined;
  const { cookie: _cookie, ...data } = JSON.parse(row.data) as Record<string, unknown>;
  return data;
}

/** See the module comment; `login` makes a new session for the actor (a visitor's too). */
export function reusableSessions<A, S extends { agent: unknown; token: string }>(t: TestApp, login: (actor: A) => Promise<S>): (actor: A) => Promise<S> {
  const kept = new Map<A, { session: S; sid: string; data: Record<string, unknown> }>();
  return async (actor) => {
    const k = kept.get(actor);
    if (k && sidOf(k.session.agent) === k.sid && isDeepStrictEqual(await stored(t, k.sid), k.data)) return k.session;
    const session = await login(actor);
    const sid = sidOf(session.agent);
    const data = sid === undefined ? undefined : await stored(t, sid);
    if (sid !== undefined && data !== undefined) kept.set(actor, { session, sid, data });
    else kept.delete(actor);
    return session;
  };
}
