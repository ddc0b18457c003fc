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
 * *_desk_version) and on Stationing, TrainingSession and TrainingAttendance (*_stationing_training). Versions and build share one read snapshot (dialect.ts readSnapshot). Without the rows nothing is
 * kept. Dashboards returned are shared between callers: read them, never change them.
 */
import { readSnapshot } from "../db/dialect.ts";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { ledgerVersion } from "../domain/compliance/ledger-version.ts";
import { buildDesk, type DeskReport } from "./desk.ts";
import { stationedTable, type StationedTable } from "./desk-stationing.ts";
import { scopeFigures, type DrillScope } from "./stays-writings.ts";

/** Dashboards and stationed tables kept per Kysely instance (a few KB each: one per org, year and day viewed). */
const MAX_ENTRIES = 256;
const caches = new WeakMap<Kysely<DB>, Map<string, { version: string; value: unknown }>>();

/** Both version rows as one key, or null when either is missing (then nothing is kept). */
async function deskVersion(kx: Kysely<DB>): Promise<string | null> {
  const first = await ledgerVersion(kx);
  if (first === null) return null;
  const second = await kx.selectFrom("LedgerVersion").select("version").where("id", "=", 2).executeTakeFirst();
  return second === undefined ? null : `${first}:${Number(second.version)}`;
}

/** `buildDesk(kx, orgId, year, asOf)`, from the cache while the ledger is unchanged. */
export async function cachedDesk(kx: Kysely<DB>, orgId: number, year: number, asOf: string, at?: Promise<string | null>): Promise<DeskReport | null> {
  return kept(kx, `desk|${orgId}|${year}|${asOf}`, (tx) => buildDesk(tx, orgId, year, asOf), at);
}

/**
 * `stationedTable(kx, orgId, lastDay)` kept the same way: at county scale it walks every
 * branch's membership timeline (~100 ms of CPU per view, the most of /desk once the report was
 * kept; issue 16). It reads Org, OrgMembership (row 1) and Stationing (row 2).
 */
export async function cachedStationed(kx: Kysely<DB>, orgId: number, lastDay: string, at?: Promise<string | null>): Promise<StationedTable> {
  return kept(kx, `stationed|${orgId}|${lastDay}`, (tx) => stationedTable(tx, orgId, lastDay), at);
}

/**
 * `scopeFigures(kx, scope, year, asOf)` (stays and writings of a zone or subtree: a zone's year
 * page) kept the same way: ~6 ms of CPU per view at county scale (rollup/stays.ts firstStays).
 * Stay and Writing raise row 2; zones, memberships and orgs row 1.
 */
export async function cachedScopeFigures(kx: Kysely<DB>, scope: DrillScope, year: number, asOf: string, at?: Promise<string | null>): Promise<ReturnType<typeof scopeFigures>> {
  const where = "zone" in scope ? `zone:${scope.zone.id}:${scope.zone.branchId}` : `org:${scope.org.id}:${scope.org.path}`;
  return kept(kx, `scope|${where}|${year}|${asOf}`, async (tx) => scopeFigures(tx, scope, year, asOf), at); // k-rollup: scopeFigures takes kx
}

/**
 * `build(tx)` on one snapshot with the versions, or the value kept for `key` at the same versions.
 * `at`: rows 1 and 2 as the request read them already ("v1:v2", http/ledger-at.ts `deskAt`, read
 * before this): a kept value is then found with no statement at all, and a new one is built on
 * its snapshot and filed under `at` (no newer than its rows: a write in between costs a rebuild).
 */
async function kept<T>(kx: Kysely<DB>, key: string, build: (tx: Kysely<DB>) => Promise<T>, at?: Promise<string | null>): Promise<T> {
  const known = at ? await at : undefined;
  if (known !== undefined) {
    const hit = known === null ? undefined : caches.get(kx)?.get(key);
    if (hit && hit.version === known) return fresh(kx, key, hit) as T;
    const value = await readSnapshot(kx, build);
    if (known !== null) keep(kx, key, known, value);
    return value;
  }
  return readSnapshot(kx, async (tx) => {
    const version = await deskVersion(tx);
    const hit = caches.get(kx)?.get(key);
    if (hit && version !== null && hit.version === version) return fresh(kx, key, hit) as T;
    const value = await build(tx);
    if (version !== null) keep(kx, key, version, value);
    return value;
  });
}

/** A kept entry's value, marked most recently used. */
function fresh(kx: Kysely<DB>, key: string, hit: { version: string; value: unknown }): unknown {
  const cache = caches.get(kx)!;
  cache.delete(key);
  cache.set(key, hit);
  return hit.value;
}

/** Keeps `value` for `key` at `version` (at most MAX_ENTRIES, least recently used dropped). */
function keep(kx: Kysely<DB>, key: string, version: string, value: unknown): void {
  let cache = caches.get(kx);
  if (!cache) caches.set(kx, (cache = new Map()));
  cache.delete(key);
  cache.set(key, { version, value });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}
