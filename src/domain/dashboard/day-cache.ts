/**
 * A cache for figures that change only when the ledger does or the day turns: each value is kept
 * under its key while the ledger's version (compliance/ledger-version.ts, raised by triggers on
 * every write to the tables the compliance report reads) and `today` (YYYY-MM-DD, Asia/Shanghai)
 * are the ones it was computed at. Any write or a new day drops every entry at once, so nothing
 * stale is ever served; at most `MAX_ENTRIES` per connection (then it starts over).
 * `load` must read only the tables the triggers watch. Values are shared: do not change them.
 */
import type Database from "better-sqlite3";
import { ledgerVersionSync } from "../compliance/ledger-version.ts";

const MAX_ENTRIES = 20_000;
const caches = new WeakMap<Database.Database, { version: number; today: string; values: Map<string, unknown> }>();

/** `load()`, or what it returned for `key` earlier today at the same ledger version. */
export function keptForDay<T>(raw: Database.Database, today: string, key: string, load: () => T): T {
  const version = ledgerVersionSync(raw);
  if (version === null) return load();
  let c = caches.get(raw);
  if (!c || c.version !== version || c.today !== today || c.values.size >= MAX_ENTRIES) {
    c = { version, today, values: new Map() };
    caches.set(raw, c);
  }
  if (c.values.has(key)) return c.values.get(key) as T;
  const value = load();
  c.values.set(key, value);
  return value;
}
