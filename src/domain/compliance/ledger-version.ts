/**
 * The ledger's version: the one row of `LedgerVersion`, raised by triggers on every insert,
 * update and delete of the tables the compliance report reads (Branch, Zone, Member, RoleTerm,
 * ZoneAssignment, LineAssignment, Talk, LineVisit, Meeting, Pairing, Resident, RuleSetting; Org and
 * OrgMembership, whose paths and dated memberships decide each branch's settings; migrations
 * *_ledger_version and *_org_tree), whichever connection or process writes. While it is unchanged,
 * anything read from those tables is still exact, so it can be kept between requests.
 * `versioned(kx, key, load)` keeps small lookups (zones, rule settings) that way, on either engine.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { prepared } from "../../db/prepared.ts";

/** A LedgerVersion row (compiled once: db/prepared.ts; read several times per page). */
const versionRow = prepared((kx: Kysely<DB>, id: number) => kx.selectFrom("LedgerVersion").select("version").where("id", "=", id));

/** The LedgerVersion rows in one statement (compiled once): what a request reads once for all its kept reads. */
const versionRows = prepared((kx: Kysely<DB>) => kx.selectFrom("LedgerVersion").select(["id", "version"]).where("id", "in", [1, 2, 3]));

/**
 * Row 1 (the tables the compliance report reads), row 2 (requests, assistance, attendance, stays,
 * writings, stationing, training: migration *_desk_version and after) and row 3 (grants, lines,
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
export async function ledgerVersions(kx: Kysely<DB>): Promise<LedgerVersions> {
  try {
    const rows = await versionRows(kx);
    const of = (id: number) => {
      const row = rows.find((r) => Number(r.id) === id);
      return row ? Number(row.version) : null;
    };
    return { ledger: of(1), desk: of(2), accounts: of(3) };
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
