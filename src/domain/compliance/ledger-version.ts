/**
 * The ledger's version: the one row of `LedgerVersion`, raised by triggers on every insert,
 * update and delete of the tables the compliance report reads (Branch, Zone, Member, RoleTerm,
 * ZoneAssignment, LineAssignment, Talk, LineVisit, Meeting, Pairing, Resident, RuleSetting; Org and
 * OrgMembership, whose paths and dated memberships decide each branch's settings; migrations
 * *_ledger_version and *_org_tree), whichever connection or process writes. While it is unchanged,
 * anything read from those tables is still exact, so it can be kept between requests.
 * `versioned(kx, key, load)` keeps small lookups (zones, rule settings) that way, on either engine.
 *
 * Two more rows let the compliance report keep its parts apart (migration *_roster_version):
 * row 3 (`ROSTER_VERSION`) is raised by writes to the roster tables only (Org, OrgMembership, Zone,
 * Member, RoleTerm, ZoneAssignment, LineAssignment, RuleSetting), row 4 (`RECORDS_VERSION`) by
 * writes to the records besides talks (LineVisit, Meeting, Pairing, Resident). Talk raises row 1
 * only. `ledgerVersions(kx, ids)` reads several rows in one statement and `versionedOn` keeps a
 * value under such a tuple.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { prepared } from "../../db/prepared.ts";

/** A LedgerVersion row (compiled once: db/prepared.ts; read several times per page). */
const versionRow = prepared((kx: Kysely<DB>, id: number) => kx.selectFrom("LedgerVersion").select("version").where("id", "=", id));

/** The LedgerVersion rows in one statement (compiled once): what a request reads once for all its kept reads. */
const pageVersionRows = prepared((kx: Kysely<DB>) => kx.selectFrom("LedgerVersion").select(["id", "version"]).where("id", "in", [1, 2, ACCOUNTS_VERSION]));

/** LedgerVersion row raised by every write to grants, lines, departments, sign-offs and year closures (migration *_accounts_version). */
export const ACCOUNTS_VERSION = 5;

/**
 * Row 1 (the tables the compliance report reads), row 2 (requests, assistance, attendance, stays,
 * writings, stationing, training: migration *_desk_version and after) and row 5 (grants, lines,
 * departments, sign-offs, year closures: *_accounts_version); null where missing.
 */
export interface LedgerVersions {
  ledger: number | null;
  desk: number | null;
  accounts: number | null;
}

/**
 * The version rows in one read (a page's common path reads them once: src/http/ledger-at.ts),
 * each null when its row or the table is missing (then nothing guarded by it is kept).
 */
export async function pageVersions(kx: Kysely<DB>): Promise<LedgerVersions> {
  try {
    const rows = await pageVersionRows(kx);
    const of = (id: number) => {
      const row = rows.find((r) => Number(r.id) === id);
      return row ? Number(row.version) : null;
    };
    return { ledger: of(1), desk: of(2), accounts: of(ACCOUNTS_VERSION) };
  } catch {
    return { ledger: null, desk: null, accounts: null }; // a database from before the migration: nothing is kept
  }
}

const kMemos = new WeakMap<object, Map<string, { version: number; value: unknown }>>();

/** The ledger's version (LedgerVersion row 1), or null when the row or table is missing (then nothing is kept). */
export async function ledgerVersion(kx: Kysely<DB>): Promise<number | null> {
  try {
    const [row] = await versionRow(kx, 1);
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
 * transaction, so the memo outlives it). `at`: the version the caller read already in this request
 * (one `ledgerVersion(kx)` shared by a page's several kept reads, read before any of them, so a
 * value is never filed under a version newer than its rows); default: read it now.
 */
export async function versioned<T>(kx: Kysely<DB>, key: string, load: () => Promise<T>, memoOwner: object = kx, at?: Promise<number | null>): Promise<T> {
  const version = await (at ?? ledgerVersion(kx));
  if (version === null) return load();
  let memo = kMemos.get(memoOwner);
  if (!memo) kMemos.set(memoOwner, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && hit.version === version) return hit.value as T;
  const value = await load();
  memo.set(key, { version, value });
  return value;
}

/** LedgerVersion row raised by every write to the roster tables the compliance report reads (see the module comment). */
export const ROSTER_VERSION = 3;
/** LedgerVersion row raised by every write to line visits, meetings, pairings and residents (not talks). */
export const RECORDS_VERSION = 4;

/** `SELECT id, version FROM LedgerVersion WHERE id IN (…)`, compiled once per list of rows (constants of the query). */
const versionRows = new Map<string, (kx: Kysely<DB>) => Promise<Array<{ id: number; version: number | bigint }>>>();

/**
 * The versions of the LedgerVersion rows `ids`, in the order of `ids`, read in one statement (call
 * it inside the caller's `readSnapshot`, before the rows it guards); null when a row or the table
 * is missing (then nothing is kept).
 */
export async function ledgerVersions(kx: Kysely<DB>, ids: readonly number[]): Promise<number[] | null> {
  const listKey = ids.join(",");
  let read = versionRows.get(listKey);
  if (!read) {
    const list = [...ids];
    versionRows.set(listKey, (read = prepared((k: Kysely<DB>) => k.selectFrom("LedgerVersion").select(["id", "version"]).where("id", "in", list))));
  }
  try {
    const rows = await read(kx);
    const out: number[] = [];
    for (const id of ids) {
      const row = rows.find((r) => r.id === id);
      if (!row) return null;
      out.push(Number(row.version));
    }
    return out;
  } catch {
    return null; // a database from before the migration: nothing is kept
  }
}

const onMemos = new WeakMap<object, Map<string, Map<string, { at: string; value: unknown }>>>();

/**
 * `await load()`, or the value it gave earlier for `memoOwner` under the same `key` while the
 * versions `at` (as read by `ledgerVersions`, in the caller's snapshot, before `load` reads its
 * rows) are unchanged; `at` null: nothing is kept. `load` must read only tables whose writes raise
 * one of those rows. Values are kept per `family` of keys, the `max` most recently used (a whole
 * county's roster is tens of MB: keep a few). The value is shared: never change it.
 */
export async function versionedOn<T>(
  at: readonly number[] | null,
  family: string,
  key: string,
  load: () => Promise<T>,
  memoOwner: object,
  max = 2,
): Promise<T> {
  if (at === null) return load();
  const stamp = at.join(":");
  let families = onMemos.get(memoOwner);
  if (!families) onMemos.set(memoOwner, (families = new Map()));
  let memo = families.get(family);
  if (!memo) families.set(family, (memo = new Map()));
  const hit = memo.get(key);
  if (hit && hit.at === stamp) {
    memo.delete(key); // most recently used last
    memo.set(key, hit);
    return hit.value as T;
  }
  const value = await load();
  memo.delete(key);
  memo.set(key, { at: stamp, value });
  while (memo.size > max) memo.delete(memo.keys().next().value!);
  return value;
}
