/**
 * The session store: @quixo3/prisma-session-store over the `Session` table, with a lazy touch.
 * express-session calls `store.touch` after every request whose session did not change (with or
 * without `rolling`), and the library's touch reads and rewrites the row each time: two queries
 * and a write per page view just to push the idle expiry forward. (A logged-in session is also
 * renewed by `renewOncePerMinute` below, which saves it a minute after the last renewal; the
 * lazy touch then finds the row fresh and writes nothing.) Like connect-mongo's `touchAfter`,
 * this store skips the touch while the stored expiry is less than `touchAfterMs` (default one
 * minute) older than the new one, so a busy user costs one write a minute (issue 16, item 2).
 * The idle timeout is therefore kept to within `touchAfterMs`: a session may end up to a minute
 * before SESSION_IDLE_MINUTES of true inactivity, never after.
 */
import type { SessionData } from "express-session";
import type { NextFunction, Request, Response } from "express";
import { PrismaSessionStore } from "@quixo3/prisma-session-store";
import type { Kysely } from "kysely";
import type { Db } from "../db/client.ts";
import { BusyError, isBusy } from "../db/busy.ts";
import type { DB } from "../db/kysely.ts";
import { prepared } from "../db/prepared.ts";

/** A session's row, by sid (compiled once: db/prepared.ts). */
const sessionRow = prepared((kx: Kysely<DB>, sid: string) => kx.selectFrom("Session").select(["data", "expiresAt"]).where("sid", "=", sid));

/** How old a session's stored expiry may grow before it is written again: the lazy touch and the renewal agree. */
const RENEW_AFTER_MS = 60_000;

type Callback = (err?: unknown, session?: SessionData | null) => void;

export class LazyTouchSessionStore extends PrismaSessionStore {
  /** sid → the expiry (ms since epoch) stored in the row the last `get` read; read once by `touch`. */
  private readonly storedExpiry = new Map<string, number>();

  /**
   * With `opts.kx` (Kysely on the same database, either engine) a live session is read by one
   * small Kysely read (a compiled statement on SQLite) instead of the library's Prisma read (~1 ms of CPU on every page, the most
   * of the cadre's dashboard once its figures were kept; issue 16); a missing or expired row
   * still goes through the library (which deletes the expired one).
   */
  constructor(db: Db, opts: { checkPeriod: number; touchAfterMs?: number; kx?: Kysely<DB> }) {
    super(db as never, { checkPeriod: opts.checkPeriod, dbRecordIdIsSessionId: true, logger: false });
    pruneWhileReachable(this, opts.checkPeriod);
    const touchAfterMs = opts.touchAfterMs ?? RENEW_AFTER_MS;
    // The library assigns its methods as instance properties in its constructor, so they are
    // wrapped here rather than overridden on the prototype.
    const libraryGet = this.get.bind(this);
    const kx = opts.kx;
    const readRow = async (sid: string): Promise<{ data: string; expiresAt: string | number } | undefined> =>
      kx ? (await sessionRow(kx, sid))[0] : undefined;
    const get = async (sid: string, cb: Callback) => {
      let row: { data: string; expiresAt: string | number } | undefined;
      try {
        row = await readRow(sid);
      } catch (e) {
        return cb(e);
      }
      if (!row || Date.now() >= new Date(row.expiresAt).valueOf()) return libraryGet(sid, cb);
      let sess: SessionData;
      try {
        sess = JSON.parse(row.data || "{}") as SessionData;
      } catch (e) {
        return process.nextTick(cb, e);
      }
      process.nextTick(cb, undefined, sess);
    };
    const touch = this.touch.bind(this);
    const set = this.set.bind(this);
    const destroy = this.destroy.bind(this);
    const self = this as unknown as Record<"get" | "touch" | "set" | "destroy", unknown>;
    self.get = (sid: string, cb?: Callback) =>
      get(sid, (err?: unknown, sess?: SessionData | null) => {
        const at = sess?.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
        if (!err && Number.isFinite(at)) this.storedExpiry.set(sid, at);
        else this.storedExpiry.delete(sid);
        cb?.(err, sess);
      });
    self.touch = (sid: string, sess: SessionData, cb?: (err?: unknown) => void) => {
      const stored = this.storedExpiry.get(sid);
      this.storedExpiry.delete(sid);
      const wanted = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : NaN;
      if ((sess as { [SAVED_BEFORE_REDIRECT]?: boolean })[SAVED_BEFORE_REDIRECT] || (stored !== undefined && Number.isFinite(wanted) && wanted - stored < touchAfterMs)) {
        cb?.();
        return Promise.resolve();
      }
      // Best effort: a touch that fails (the database busy past its timeout: BusyError) must not
      // fail the page already rendered (express-session would hand the error to next() after the
      // response began, and the connection would be cut); the expiry moves on the next request.
      return touch(sid, sess, () => cb?.());
    };
    self.set = (sid: string, sess: SessionData, cb?: (err?: unknown) => void) => {
      this.storedExpiry.delete(sid);
      // A save the busy database refuses (BusyError) is dropped rather than failing a page already
      // half written (express-session sends all but the last byte before saving): the page is
      // served, the session keeps its stored state. Other errors still fail the request.
      return set(sid, sess, (err?: unknown) => cb?.(err instanceof BusyError || isBusy(err) ? undefined : err));
    };
    self.destroy = (sid: string | string[], cb?: (err?: unknown) => void) => {
      for (const s of ([] as string[]).concat(sid)) this.storedExpiry.delete(s);
      return destroy(sid, cb);
    };
  }
}

/**
 * Replaces the library's pruning timer (started in its constructor, every `checkPeriod` ms) by one
 * that holds the store only weakly and does not keep the process alive. The library's timer held
 * the store, so its Prisma client, its Kysely instance and every value kept in a WeakMap under
 * that instance (reports, rosters, pages) for as long as the process ran: one app per process in
 * production, but one per test file in a shared test worker, where a worker's heap reached V8's
 * ~4 GB limit. When the app that uses the store is gone, the timer stops at its next tick. The
 * library's `stopInterval` (on a failed connect) still clears it: it is the store's `checkInterval`,
 * which also keeps the library's later `startInterval` from starting another.
 */
function pruneWhileReachable(store: PrismaSessionStore, checkPeriod: number): void {
  const fields = store as unknown as { checkInterval?: ReturnType<typeof setInterval>; prune(): Promise<void> };
  store.stopInterval();
  if (!checkPeriod) return;
  const ref = new WeakRef(store);
  const timer = setInterval(() => {
    const live = ref.deref() as unknown as typeof fields | undefined;
    if (!live) return clearInterval(timer);
    void live.prune().catch(() => undefined); // as the library's timer: a failed prune waits for the next
  }, Math.floor(checkPeriod));
  timer.unref();
  fields.checkInterval = timer;
}

declare module "express-session" {
  interface SessionData {
    /** When a logged-in session was last renewed (ms since epoch): renewOncePerMinute. */
    renewedAt?: number;
  }
}

/**
 * Middleware after `session()` (which runs with `rolling: false`): a logged-in session is renewed
 * at most once a minute (issue 16, item 2: rolling expiry without a write per request). The first
 * request a minute or more after the last renewal marks the session, so express-session saves it
 * (the row's expiry moves to now + SESSION_IDLE_MINUTES) and sends the cookie again with the same
 * expiry; requests in between send no Set-Cookie and write nothing. `rolling: true` re-signed and
 * re-sent the cookie on every response. A clock set back (renewedAt in the future) renews at once.
 */
export function renewOncePerMinute(everyMs = RENEW_AFTER_MS) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const sess = req.session as (SessionData & { passport?: { user?: unknown } }) | undefined;
    if (sess?.passport?.user != null) {
      const now = Date.now();
      const last = sess.renewedAt;
      if (typeof last !== "number" || now - last >= everyMs || last > now) sess.renewedAt = now;
    }
    next();
  };
}

/** Marks (not enumerable: never stored) a session that `saveBeforeRedirect` has just written: no touch follows. */
const SAVED_BEFORE_REDIRECT = Symbol("savedBeforeRedirect");

/**
 * Middleware after `session()`: a redirect whose request changed the session (a flash, a pending
 * import dropped, a login) is sent only once the session is saved. express-session saves at
 * `res.end`, after the 303's headers are out, and a browser follows a redirect on its headers:
 * the next page could read the old session (the flash lost, a confirmed import still shown as
 * pending) and write it back. On SQLite the save was nearly always first; on PostgreSQL it is a
 * round trip, and the race was lost. The session is then not written a second time (nor touched)
 * at the end of the response. A failed save goes to the error handler, as express-session would.
 */
export function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const before = req.session ? JSON.stringify(req.session) : undefined;
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    const sess = req.session;
    if (!sess || JSON.stringify(sess) === before) return redirect(...args);
    sess.save((err?: unknown) => {
      if (err) return next(err);
      Object.defineProperty(sess, SAVED_BEFORE_REDIRECT, { value: true, enumerable: false, configurable: true });
      redirect(...args);
    });
  }) as Response["redirect"];
  next();
}
