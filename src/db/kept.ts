/**
 * Values kept while a version is unchanged (issue 16 item 2): each `space` of a `memoOwner` (the
 * app's Kysely instance) holds values under their keys for one version and one `day`; a different
 * version or day starts the space over, so nothing stale is ever served. The version is whatever
 * the caller read before loading (a LedgerVersion row, or two as "v1:v2"); null keeps nothing.
 * At most `MAX_ENTRIES` per space (then it starts over). Values are shared: do not change them.
 */
const MAX_ENTRIES = 20_000;

interface Space {
  version: number | string;
  day: string;
  values: Map<string, unknown>;
}

const owners = new WeakMap<object, Map<string, Space>>();

/**
 * `await load()`, or what it gave for `key` in `space` earlier at the same `version` and `day`.
 * `version` must be read before `load` reads its rows (then a value is never filed under a
 * version newer than its rows). Errors of `load` are thrown and nothing is kept.
 */
export async function keptAt<T>(memoOwner: object, space: string, version: number | string | null, day: string, key: string, load: () => Promise<T>): Promise<T> {
  if (version === null) return load();
  let spaces = owners.get(memoOwner);
  if (!spaces) owners.set(memoOwner, (spaces = new Map()));
  let s = spaces.get(space);
  if (!s || s.version !== version || s.day !== day || s.values.size >= MAX_ENTRIES) {
    s = { version, day, values: new Map() };
    spaces.set(space, s);
  }
  if (s.values.has(key)) return s.values.get(key) as T;
  const value = await load();
  // The space may have started over while `load` ran (another request saw a newer version): keep the value only in the one it was read for.
  if (spaces.get(space) === s) s.values.set(key, value);
  return value;
}
