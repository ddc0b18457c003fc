/**
 * A cache for figures that change only when the ledger does or the day turns: each value is kept
 * under its key while the ledger's version (compliance/ledger-version.ts, raised by triggers on
 * every write to the tables the compliance report reads) and `today` (YYYY-MM-DD, Asia/Shanghai)
 * are the ones it was computed at (db/kept.ts). Any write or a new day drops every entry at once,
 * so nothing stale is ever served; at most 20,000 entries per connection (then it starts over).
 * `load` must read only the tables the triggers watch. Values are shared: do not change them.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { keptAt } from "../../db/kept.ts";
import { ledgerVersion } from "../compliance/ledger-version.ts";

/**
 * `await load()`, or what it gave for `key` earlier today at the same ledger version. Kept per
 * Kysely instance (`memoOwner`, default `kx`: pass the app's instance when `kx` is a transaction).
 * `at`: the ledger version already read for this request (ledger-version.ts `versioned`), else read now.
 */
export async function keptForDay<T>(kx: Kysely<DB>, today: string, key: string, load: () => Promise<T>, memoOwner: object = kx, at?: Promise<number | null>): Promise<T> {
  return keptAt(memoOwner, "day", await (at ?? ledgerVersion(kx)), today, key, load);
}

/**
 * As `keptForDay` for reads that several LedgerVersion rows guard together: `at` is their
 * versions as one key (http/ledger-at.ts `versionKey`, e.g. "v1:v2" for requests, stays and
 * writings beside members and zones), read before `load`; null keeps nothing. Each `space` holds
 * one version key at a time, so reads guarded by different rows take different spaces.
 */
export async function keptForDayAt<T>(space: string, at: Promise<string | null>, today: string, key: string, load: () => Promise<T>, memoOwner: object): Promise<T> {
  return keptAt(memoOwner, space, await at, today, key, load);
}
