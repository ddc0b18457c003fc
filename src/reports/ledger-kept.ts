/**
 * Page data kept between requests while the ledger is unchanged (issue 16 item 2: a page's own
 * reads against its no-database floor). Validity is exact, never a time-to-live: a value is
 * returned only while both version rows of `LedgerVersion` are the ones it was built at — row 1,
 * raised by triggers on the tables the compliance report reads (src/domain/compliance/ledger-version.ts),
 * and row 2, raised on Request, AssistanceRecord, MeetingAttendance, Stay, Writing, Stationing and
 * training (migrations *_desk_version, *_stays_writings, *_stationing_training). The two rows are
 * read in one statement, in the same read snapshot as the build (dialect.ts readSnapshot); without
 * them nothing is kept. A builder may read only tables those triggers watch.
 *
 * Each `ledgerKept(max)` is its own least-recently-used store of at most `max` values per Kysely
 * instance. Values are shared between requests: read them, never change them.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import { prepared } from "../db/prepared.ts";

/** Both version rows in one read (compiled once: db/prepared.ts). */
const versionRows = prepared((kx: Kysely<DB>) => kx.selectFrom("LedgerVersion").select(["id", "version"]).where("id", "in", [1, 2]));

/** Rows 1 and 2 as one key ("v1:v2"), or null when either row (or the table) is missing. */
export async function ledgerVersions(kx: Kysely<DB>): Promise<string | null> {
  let rows: { id: number; version: number | bigint | string }[];
  try {
    rows = await versionRows(kx);
  } catch {
    return null; // a database from before the migrations: nothing is kept
  }
  const v1 = rows.find((r) => Number(r.id) === 1);
  const v2 = rows.find((r) => Number(r.id) === 2);
  return v1 && v2 ? `${Number(v1.version)}:${Number(v2.version)}` : null;
}

/**
 * A store of values kept at the ledger's versions: `(kx, key, build, owner)` answers `build(tx)`
 * run on one read snapshot `tx` of `kx` (with the versions; `kx` itself when it is one already),
 * or the value built earlier for `key` at the same versions. Values are kept per `owner` (default
 * `kx`; pass the app's instance when `kx` is a transaction, so they outlive it). Rethrows what
 * `build` throws (nothing is kept then).
 */
export function ledgerKept<T>(max: number) {
  const caches = new WeakMap<object, Map<string, { version: string; value: T }>>();
  return (kx: Kysely<DB>, key: string, build: (tx: Kysely<DB>) => Promise<T>, owner: object = kx): Promise<T> =>
    readSnapshot(kx, async (tx) => {
      const version = await ledgerVersions(tx);
      let cache = caches.get(owner);
      const hit = cache?.get(key);
      if (hit && version !== null && hit.version === version) {
        cache!.delete(key); // most recently used last
        cache!.set(key, hit);
        return hit.value;
      }
      const value = await build(tx);
      if (version === null) return value;
      if (!cache) caches.set(owner, (cache = new Map()));
      cache.delete(key);
      cache.set(key, { version, value });
      while (cache.size > max) cache.delete(cache.keys().next().value!);
      return value;
    });
}
