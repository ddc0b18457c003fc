/**
 * The ledger's version: the one row of `LedgerVersion`, raised by triggers on every insert,
 * update and delete of the tables the compliance report reads (Branch, Zone, Member, RoleTerm,
 * ZoneAssignment, LineAssignment, Talk, LineVisit, Meeting, Pairing, Resident, RuleSetting; Org and
 * OrgMembership, whose paths and dated memberships decide each branch's settings; migrations
 * *_ledger_version and *_org_tree), whichever connection or process writes. While it is unchanged,
 * anything read from those tables is still exact, so it can be kept between requests.
 * `versioned(kx, key, load)` keeps small lookups (zones, rule settings) that way, on either engine.
 * (`ledgerVersionSync` / `versionedSync`: the same on the raw SQLite handle, for the callers not
 * yet moved to Kysely, issue 17.)
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";

const kMemos = new WeakMap<object, Map<string, { version: number; value: unknown }>>();

/** The ledger's version (LedgerVersion row 1), or null when the row or table is missing (then nothing is kept). */
export async function ledgerVersion(kx: Kysely<DB>): Promise<number | null> {
  try {
    const row = await kx.selectFrom("LedgerVersion").select("version").where("id", "=", 1).executeTakeFirst();
    return row ? Number(row.version) : null;
  } catch {
    return null; // a database from before the migration: nothing is kept
  }
}

/**
 * `await load()`, or the value it gave earlier for this database at the same ledger version.
 * `load` must read only the tables the triggers watch; the value is shared: do not change it.
 * Call it inside the caller's `readSnapshot` so the version and the rows are one snapshot. Memos
 * are kept per Kysely instance (`memoOwner`, default `kx`: pass the app's instance when `kx` is a
 * transaction, so the memo outlives it).
 */
export async function versioned<T>(kx: Kysely<DB>, key: string, load: () => Promise<T>, memoOwner: object = kx): Promise<T> {
  const version = await ledgerVersion(kx);
  if (version === null) return load();
  let memo = kMemos.get(memoOwner);
  if (!memo) kMemos.set(memoOwner, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await load();
  memo.set(key, { version, value });
  return value;
}

const versionStmts = new WeakMap<Database.Database, Database.Statement>();
const memos = new WeakMap<Database.Database, Map<string, { version: number; value: unknown }>>();

/** The ledger's version (LedgerVersion row 1), or null when the row or table is missing (then nothing is kept). */
export function ledgerVersionSync(raw: Database.Database): number | null {
  let stmt = versionStmts.get(raw);
  if (!stmt) {
    try {
      stmt = raw.prepare(`SELECT "version" FROM "LedgerVersion" WHERE "id" = 1`).pluck();
    } catch {
      return null; // a file from before the migration: nothing is kept
    }
    versionStmts.set(raw, stmt);
  }
  const v = stmt.get() as number | undefined;
  return v ?? null;
}

/**
 * `load()`, or the value it returned earlier on this connection at the same ledger version.
 * `load` must read only the tables the triggers watch; the value is shared: do not change it.
 * Call it inside the caller's read transaction so the version and the rows are one snapshot.
 */
export function versionedSync<T>(raw: Database.Database, key: string, load: () => T): T {
  const version = ledgerVersionSync(raw);
  if (version === null) return load();
  let memo = memos.get(raw);
  if (!memo) memos.set(raw, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = load();
  memo.set(key, { version, value });
  return value;
}
