/**
 * One connection, one writer at a time. The better-sqlite3 adapter shares a single connection
 * between plain queries and interactive transactions, and only makes transactions wait for each
 * other: a plain query arriving while another request's transaction is open (between its BEGIN
 * and its COMMIT, while it awaits) runs INSIDE that transaction. If that transaction then rolls
 * back, the plain write — already answered as a success (a session saved at login, any write
 * made outside `$transaction`) — silently disappears, and plain reads see uncommitted rows.
 *
 * `serialized(factory)` wraps the adapter so that every plain query and every transaction (from
 * BEGIN to COMMIT/ROLLBACK) holds one FIFO lock. Consequence for callers: inside a
 * `db.$transaction(async (tx) => …)` callback, use `tx`, never `db` — a query on `db` there waits
 * for the transaction that is waiting for it (Prisma's transaction timeout then ends it).
 * Proved by tests/ops/db-serialize.test.ts.
 */
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/** A FIFO mutex: `acquire()` resolves with the release function when the lock is ours. */
class Lock {
  #tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const before = this.#tail;
    this.#tail = before.then(() => held);
    return before.then(() => release);
  }
}

function serializeTx(tx: Transaction, release: () => void): Transaction {
  let done = false;
  const finish = () => {
    if (!done) {
      done = true;
      release();
    }
  };
  const end = (how: "commit" | "rollback") => async () => {
    try {
      await tx[how]();
    } finally {
      finish();
    }
  };
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === "commit" || prop === "rollback") return end(prop);
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

function serializeAdapter(inner: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Lock();
  const alone = async <T>(fn: () => Promise<T>): Promise<T> => {
    const release = await lock.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (q: SqlQuery) => alone(() => inner.queryRaw(q)),
    executeRaw: (q: SqlQuery) => alone(() => inner.executeRaw(q)),
    executeScript: (script: string) => alone(() => inner.executeScript(script)),
    async startTransaction(isolationLevel) {
      const release = await lock.acquire();
      try {
        return serializeTx(await inner.startTransaction(isolationLevel), release);
      } catch (e) {
        release();
        throw e;
      }
    },
    ...(inner.getConnectionInfo ? { getConnectionInfo: () => inner.getConnectionInfo!() } : {}),
    dispose: () => inner.dispose(),
  };
}

/** Wraps a driver adapter factory so that plain queries never run inside another's transaction. */
export function serialized<F extends SqlDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(target, prop) {
      if (prop === "connect") return async () => serializeAdapter(await target.connect());
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}
