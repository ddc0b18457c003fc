/**
 * County dashboards kept between requests while the ledger is unchanged (issue 13: the dashboard
 * page at county scale against its no-database floor). A dashboard reads the roll-up, the
 * compliance report and the monthly counts: hundreds of milliseconds for the whole county, the
 * same for every reviewer who opens it, sorts it or prints it.
 *
 * Validity is exact, never a time-to-live: a kept dashboard is returned only while both version
 * rows of `LedgerVersion` are the ones it was built at — row 1, raised by triggers on the tables
 * the compliance report reads (src/domain/compliance/ledger-version.ts; Org and OrgMembership included),
 * and row 2, raised on Request, AssistanceRecord and MeetingAttendance (migration
 * *_desk_version) and on Stationing, TrainingSession and TrainingAttendance (*_stationing_training). Versions and build share one read transaction. Without the rows nothing is
 * kept. Dashboards returned are shared between callers: read them, never change them.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import { ledgerVersionSync } from "../domain/compliance/ledger-version.ts";
import { buildDesk, type DeskReport } from "./desk.ts";
import { stationedTable, type StationedTable } from "./desk-stationing.ts";
import { scopeFigures, type DrillScope } from "./stays-writings.ts";

/** Dashboards and stationed tables kept per connection (a few KB each: one per org, year and day viewed). */
const MAX_ENTRIES = 256;

const caches = new WeakMap<Database.Database, Map<string, { version: string; value: unknown }>>();
const stmts = new WeakMap<Database.Database, Database.Statement | null>();

function deskVersion(raw: Database.Database): string | null {
  let stmt = stmts.get(raw);
  if (stmt === undefined) {
    try {
      stmt = raw.prepare(`SELECT "version" FROM "LedgerVersion" WHERE "id" = 2`).pluck();
    } catch {
      stmt = null;
    }
    stmts.set(raw, stmt);
  }
  const second = stmt?.get() as number | undefined;
  const first = ledgerVersionSync(raw);
  return first === null || second === undefined ? null : `${first}:${second}`;
}

/** `buildDesk(raw, orgId, year, asOf)`, from the cache while the ledger is unchanged. */
export function cachedDesk(raw: Database.Database, kx: Kysely<DB>, orgId: number, year: number, asOf: string): Promise<DeskReport | null> {
  return kept(raw, kx, `desk|${orgId}|${year}|${asOf}`, (tx) => buildDesk(raw, tx, orgId, year, asOf));
}

/**
 * `stationedTable(raw, orgId, lastDay)` kept the same way: at county scale it walks every
 * branch's membership timeline (~100 ms of CPU per view, the most of /desk once the report was
 * kept; issue 16). It reads Org, OrgMembership (row 1) and Stationing (row 2).
 */
export function cachedStationed(raw: Database.Database, kx: Kysely<DB>, orgId: number, lastDay: string): Promise<StationedTable> {
  return kept(raw, kx, `stationed|${orgId}|${lastDay}`, (tx) => stationedTable(raw, tx, orgId, lastDay));
}

/**
 * `scopeFigures(raw, scope, year, asOf)` (stays and writings of a zone or subtree: a zone's year
 * page) kept the same way: ~6 ms of CPU per view at county scale (rollup/stays.ts firstStays).
 * Stay and Writing raise row 2; zones, memberships and orgs row 1.
 */
export function cachedScopeFigures(raw: Database.Database, kx: Kysely<DB>, scope: DrillScope, year: number, asOf: string): ReturnType<typeof scopeFigures> {
  const where = "zone" in scope ? `zone:${scope.zone.id}:${scope.zone.branchId}` : `org:${scope.org.id}:${scope.org.path}`;
  return kept(raw, kx, `scope|${where}|${year}|${asOf}`, (tx) => scopeFigures(tx, scope, year, asOf));
}

/** `build(tx)` on one snapshot of kx (the raw reads on the same SQLite handle join it), or its kept value. */
async function kept<T>(raw: Database.Database, kx: Kysely<DB>, key: string, build: (tx: Kysely<DB>) => Promise<T>): Promise<T> {
  const read = async (tx: Kysely<DB>) => {
    const version = deskVersion(raw);
    let cache = caches.get(raw);
    const hit = cache?.get(key);
    if (hit && version !== null && hit.version === version) {
      cache!.delete(key); // most recently used last
      cache!.set(key, hit);
      return hit.value as T;
    }
    const value = await build(tx);
    if (version === null) return value;
    if (!cache) caches.set(raw, (cache = new Map()));
    cache.delete(key);
    cache.set(key, { version, value });
    while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    return value;
  };
  return readSnapshot(kx, read);
}
