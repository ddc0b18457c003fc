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
import { ledgerVersions, versionedOn } from "../domain/compliance/ledger-version.ts";

/** Rows 1 and 2, as this module's comment describes. */
const ROWS = [1, 2] as const;
let stores = 0;

/**
 * A store of values kept at the ledger's versions: `(kx, key, build, owner)` answers `build(tx)`
 * run on one read snapshot `tx` of `kx` (with the versions; `kx` itself when it is one already),
 * or the value built earlier for `key` at the same versions (ledger-version.ts `versionedOn`, its
 * `max` most recently used). Values are kept per `owner` (default `kx`; pass the app's instance
 * when `kx` is a transaction, so they outlive it). Rethrows what `build` throws (nothing is kept then).
 */
export function ledgerKept<T>(max: number) {
  const family = `ledgerKept#${++stores}`;
  return (kx: Kysely<DB>, key: string, build: (tx: Kysely<DB>) => Promise<T>, owner: object = kx): Promise<T> =>
    readSnapshot(kx, async (tx) => versionedOn(await ledgerVersions(tx, ROWS), family, key, () => build(tx), owner, max));
}
