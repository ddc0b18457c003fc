/**
 * Kysely queries compiled once (issue 16 item 2). Kysely builds and compiles a query's operation
 * tree on every call: for the small reads every page makes (session, account, reach, ledger
 * version) that was ~40 µs of CPU and a few hundred short-lived objects each, about 0.6 ms of the
 * cadre's dashboard's 4.4 ms per request (--cpu-prof: Kysely's builders and compiler ~9% of the
 * server's busy time). `prepared(build)` builds the query once with placeholder arguments, keeps
 * the compiled SQL per dialect, and runs it with each call's arguments in their places: the same
 * SQL text, the same parameters, the same rows as `build(kx, ...args).execute()`. On SQLite the
 * text then meets the handle's statement cache (db/kysely.ts `cachedPrepare`).
 *
 * `build` must use its arguments only as values (compared to, limited by), never to choose the
 * query's shape or inside a string it makes (a LIKE pattern is passed whole); an argument that does
 * not reach the compiled parameters throws at the first call. Arrays are not arguments (each item
 * is its own parameter): keep them constant inside `build`.
 */
import type { CompiledQuery, Kysely } from "kysely";
import type { DB } from "./kysely.ts";

/** A placeholder for argument `index` while the query is built once. */
class Slot {
  constructor(readonly index: number) {}
}

interface Built<R> {
  compile(): CompiledQuery<R>;
  execute(): Promise<R[]>;
}

interface Kept<R> {
  compiled: CompiledQuery<R>;
  /** Per parameter: the argument's index, or -1 for a constant of the query (kept in `compiled`). */
  slots: number[];
}

/**
 * The query `build` makes, compiled once per dialect; the returned function runs it on `kx` (the
 * app's instance or a transaction of it) with `args` and resolves to its rows.
 * @throws Error at the first call when an argument is not used as a plain value (see module comment).
 */
export function prepared<A extends unknown[], R>(build: (kx: Kysely<DB>, ...args: A) => Built<R>): (kx: Kysely<DB>, ...args: A) => Promise<R[]> {
  // Keyed by the executor's adapter: one per Kysely instance, shared by its transactions.
  const kept = new WeakMap<object, Kept<R>>();
  return async (kx, ...args) => {
    const executor = kx.getExecutor();
    if (executor.plugins.length) return build(kx, ...args).execute(); // plugins rewrite the tree per call
    let k = kept.get(executor.adapter);
    if (!k) {
      const compiled = build(kx, ...(args.map((_, i) => new Slot(i)) as A)).compile();
      const slots = compiled.parameters.map((p) => (p instanceof Slot ? p.index : -1));
      for (let i = 0; i < args.length; i++) if (!slots.includes(i)) throw new Error(`prepared: argument ${i} is not a plain value of the query: ${compiled.sql}`);
      k = { compiled, slots };
      kept.set(executor.adapter, k);
    }
    const { compiled, slots } = k;
    const parameters = slots.map((s, i) => (s < 0 ? compiled.parameters[i] : args[s]));
    return (await kx.executeQuery<R>({ ...compiled, parameters })).rows;
  };
}
