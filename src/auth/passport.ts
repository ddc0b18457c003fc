/**
 * Login with passport-local. The session holds only the member id; each request reloads the
 * member so a deactivated account or a changed role takes effect at once. A failed login never
 * says whether the account exists (same message, and a hash check runs either way so the
 * timing does not tell either).
 */
import type { Request } from "express";
import type { Kysely } from "kysely";
import passport from "passport";
import { Strategy as LocalStrategy } from "passport-local";
import type { Db } from "../db/client.ts";
import type { DB } from "../db/kysely.ts";
import type { Actor } from "../core/actor.ts";
import type { Role } from "../core/labels.ts";
import type { Viewer } from "./reach.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { prepared } from "../db/prepared.ts";
import { keptAt } from "../db/kept.ts";

/** The account a session names (compiled once: db/prepared.ts). */
const accountById = prepared((kx: Kysely<DB>, id: number) =>
  kx.selectFrom("Member").select(["id", "username", "name", "role", "mustChangePassword", "active"]).where("id", "=", id),
);

export const LOGIN_FAILED = "登录名或密码不正确";

export interface SessionUser extends Actor {
  mustChangePassword: boolean;
}

/** The request's user once `reachLoader` ran: the session user with their reach (auth/reach.ts). */
export interface RequestUser extends SessionUser, Viewer {}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends RequestUser {}
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Configures and returns a passport instance bound to `db`. With `kx` (Kysely on the same
 * database, either engine), the session's account is read by one small Kysely read (a compiled
 * statement on SQLite) instead of a Prisma read (issue 16: milliseconds of CPU on every page).
 * With `versionOf` too (the ledger's version as the request read it: http/ledger-at.ts), the
 * account row is kept while that version is unchanged: LedgerVersion row 1 is raised by every
 * write to Member (a role change, a deactivation, a password change), so each still counts from
 * the next request on, whichever process wrote it.
 */
export function createPassport(db: Db, kx?: Kysely<DB>, versionOf?: (req: Request) => Promise<number | null>): passport.PassportStatic {
  const read = kx ? async (id: number) => (await accountById(kx, id))[0] : null;
  const byId =
    kx && read
      ? async (req: Request, id: number) => (versionOf ? keptAt(kx, "account", await versionOf(req), "", String(id), () => read(id)) : read(id))
      : null;
  const pp = new passport.Passport() as unknown as passport.PassportStatic;
  pp.use(
    new LocalStrategy({ usernameField: "username", passwordField: "password" }, async (username, password, done) => {
      try {
        const name = username.trim().normalize("NFC").toLowerCase();
        const m = await db.member.findUnique({ where: { username: name } });
        if (!m || !m.active) {
          dummyHash ??= hashPassword("timing-equaliser");
          await verifyPassword(await dummyHash, password);
          return done(null, false, { message: LOGIN_FAILED });
        }
        if (!(await verifyPassword(m.passwordHash, password))) return done(null, false, { message: LOGIN_FAILED });
        return done(null, toUser(m) as Express.User);
      } catch (e) {
        return done(e);
      }
    }),
  );
  pp.serializeUser((user, done) => done(null, (user as SessionUser).id));
  pp.deserializeUser(async (req: Request, id: number, done: (err: unknown, user?: Express.User | false) => void) => {
    try {
      const row = byId ? await byId(req, id) : undefined;
      const m = byId ? (row ? { ...row, mustChangePassword: Boolean(row.mustChangePassword), active: Boolean(row.active) } : null) : await db.member.findUnique({ where: { id } });
      // The reach is filled in by reachLoader (http/load-reach.ts), right after this, per request.
      done(null, m && m.active ? (toUser(m) as Express.User) : false);
    } catch (e) {
      done(e);
    }
  });
  return pp;
}

function toUser(m: { id: number; username: string; name: string; role: string; mustChangePassword: boolean }): SessionUser {
  return { id: m.id, username: m.username, name: m.name, role: m.role as Role, mustChangePassword: m.mustChangePassword };
}
