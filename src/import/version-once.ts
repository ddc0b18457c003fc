/**
 * A bulk insert that raises the ledger's versions ONCE instead of once per row. The
 * `LedgerVersion_<Table>_insert` triggers (migrations *_ledger_version, *_desk_version: the
 * caches' validity, src/domain/compliance/ledger-version.ts) each run an UPDATE of the version row
 * for every inserted row: for a 100,000-row talk import that is 100,000 updates, 15–30% of the
 * insert's time (issue 16 item 4). Inside the import's write transaction, the table's AFTER INSERT
 * triggers whose whole body is such a version raise are dropped, the rows inserted, each of their
 * version rows raised once when anything was written, and the triggers re-created from their own
 * SQL (sqlite_master) — all in the same transaction, so other connections see either none of it
 * or the rows with the versions raised and the same triggers; a failed write is rolled back with
 * the rest. Any other trigger on the table is left in place and fires as usual.
 */
import type Database from "better-sqlite3";

const VERSION_BUMP = /^CREATE TRIGGER "?(\w+)"? AFTER INSERT ON "?\w+"?\s+BEGIN UPDATE "LedgerVersion" SET "version" = "version" \+ 1 WHERE "id" = (\d+); END;?$/;

/**
 * Runs `insert` (which inserts into `table` on `raw`) with the table's version-raising insert
 * triggers replaced by one raise of each of their versions at the end (see the module comment).
 * @throws Error when called outside a transaction; whatever `insert` throws (triggers restored).
 */
export function insertRaisingVersionsOnce<T>(raw: Database.Database, table: string, insert: () => T): T {
  if (!raw.inTransaction) throw new Error("insertRaisingVersionsOnce: only inside the import's transaction");
  const triggers = (raw.prepare(`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?`).pluck().all(table) as string[])
    .map((sql) => ({ sql, m: VERSION_BUMP.exec(sql.trim()) }))
    .filter((t): t is { sql: string; m: RegExpExecArray } => t.m !== null);
  const changes = raw.prepare(`SELECT total_changes()`).pluck();
  const before = changes.get() as number;
  for (const t of triggers) raw.exec(`DROP TRIGGER "${t.m[1]}"`);
  let restored = false;
  try {
    const out = insert();
    if ((changes.get() as number) > before) {
      const raise = raw.prepare(`UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" = ?`);
      for (const id of new Set(triggers.map((t) => Number(t.m[2])))) raise.run(id);
    }
    for (const t of triggers) raw.exec(t.sql);
    restored = true;
    return out;
  } finally {
    if (!restored) for (const t of triggers) raw.exec(t.sql);
  }
}
