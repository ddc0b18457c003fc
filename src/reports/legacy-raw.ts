/**
 * A bridge while issue 17 moves the roll-up (src/domain/rollup/*) and the compliance report
 * (src/domain/compliance/*) to Kysely: the desk and the 三维考核 are already on Kysely but call
 * those reads, which still take the raw better-sqlite3 handle. `legacyRaw(kx)` gives the handle
 * under `kx` (the app's Kysely, or a transaction opened by `bridgedSnapshot` / `bridgedWrite`),
 * so those calls join the same transaction. On PostgreSQL it throws until those reads move; the
 * module goes when they have (each call site then passes `kx`).
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { sqliteHandleOf, type DB } from "../db/kysely.ts";
import { readSnapshot, writeTransaction } from "../db/dialect.ts";

const bridged = new WeakMap<Kysely<DB>, Database.Database>();

/**
 * The SQLite handle under `kx`, for the roll-up's and the compliance report's reads not yet on Kysely.
 * @throws Error on PostgreSQL, or for a transaction not opened through this module.
 */
export function legacyRaw(kx: Kysely<DB>): Database.Database {
  const raw = sqliteHandleOf(kx) ?? bridged.get(kx);
  if (!raw) throw new Error("the roll-up and the compliance report still read the SQLite handle only (issue 17: moving to Kysely)");
  return raw;
}

/** `readSnapshot(kx, fn)`, whose transaction `legacyRaw` knows. */
export function bridgedSnapshot<T>(kx: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  const raw = sqliteHandleOf(kx) ?? bridged.get(kx);
  return readSnapshot(kx, (tx) => {
    if (raw) bridged.set(tx, raw);
    return fn(tx);
  });
}

/** `writeTransaction(kx, fn)`, whose transaction `legacyRaw` knows. */
export function bridgedWrite<T>(kx: Kysely<DB>, fn: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  const raw = sqliteHandleOf(kx) ?? bridged.get(kx);
  return writeTransaction(kx, (tx) => {
    if (raw) bridged.set(tx, raw);
    return fn(tx);
  });
}
