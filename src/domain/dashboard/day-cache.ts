/**
 * A cache for figures that change only when the ledger does or the day turns: each value is kept
 * under its key while the ledger's version (compliance/ledger-version.ts, raised by triggers on
 * every write to the tables the compliance report reads) and `today` (YYYY-MM-DD, Asia/Shanghai)
 * are the ones it was computed at. Any write or a new day drops every entry at once, so nothing
 * stale is ever served; at most `MAX_ENTRIES` per connection (then it starts over).
 * `load` must read only the tables the triggers watch. Values are shared: do not change them.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { ledgerVersion } from "../compliance/ledger-version.ts";

const MAX_ENTRIES = 20_000;
const caches = new WeakMap<object, { version: number; today: string; values: Map<string, unknown> }>();

/**
 * `await load()`, or what it gave for `key` earlier today at the same ledger version. Kept per
 * Kysely instance (`memoOwner`, default `kx`: pass the app's instance when `kx` is a transaction).
 * `at`: the ledger version already read for this request (ledger-version.ts `versioned`), else read now.
 */
export async function keptForDay<T>(kx: Kysely<DB>, today: string, key: string, load: () => Promise<T>, memoOwner: object = kx, at?: Promise<number | null>): Promise<T> {
  const version = await (at ?? ledgerVersion(kx));
  if (version === null) return load();
  let c = caches.get(memoOwner);
  if (!c || c.version !== version || c.today !== today || c.values.size >= MAX_ENTRIES) {
    c = { version, today, values: new Map() };
    caches.set(memoOwner, c);
  }
  if (c.values.has(key)) return c.values.get(key) as T;
  const value = await load();
  c.values.set(key, value);
  return value;
}
