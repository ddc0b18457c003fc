/**
 * Compliance reports kept between requests while the ledger is unchanged. A county-wide report
 * costs hundreds of milliseconds (25,000 members); the secretary's overview pages, sorts and
 * filters the same year again and again, so it reads the report from here.
 *
 * Validity is exact, never a time-to-live: the one row of `LedgerVersion` is raised by triggers on
 * every insert, update and delete of the tables the report reads (Branch, Zone, Member, RoleTerm,
 * ZoneAssignment, LineAssignment, Talk, LineVisit, Meeting, Pairing, Resident, RuleSetting; Org and
 * OrgMembership, whose paths and dated memberships decide each branch's settings; migrations
 * *_ledger_version and *_org_tree), whichever connection or process writes. A cached report is
 * returned only when the version read in the same snapshot is the one it was built at; the
 * version and the build share one read transaction. Without the version row nothing is cached.
 *
 * Reports returned are shared between callers and frozen (the report, its arrays and each
 * member, zone and period result): read them, copy before changing.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";
import { buildComplianceReport, type ComplianceOptions, type ComplianceReport } from "./report.ts";
import { ledgerVersion } from "./ledger-version.ts";

export { ledgerVersion } from "./ledger-version.ts";

/** Reports kept per Kysely instance (a whole year, a zone or two: each is a few MB). */
const MAX_ENTRIES = 4;

interface Entry {
  version: number;
  report: ComplianceReport;
}

const caches = new WeakMap<object, Map<string, Entry>>();

function freeze(report: ComplianceReport): ComplianceReport {
  for (const m of report.members) Object.freeze(m);
  for (const z of report.zones) Object.freeze(z);
  Object.freeze(report.members);
  Object.freeze(report.zones);
  Object.freeze(report.branch);
  return Object.freeze(report);
}

/**
 * `buildComplianceReport(kx, opts)`, from the cache when the ledger has not changed since it was
 * built (same options). The result is frozen and shared. Reports are kept per `memoOwner`
 * (default `kx`; pass the app's instance when `kx` is a transaction). `at`: row 1 as the request
 * read it already (http/ledger-at.ts, read before this): a kept report is then found with no
 * statement, and a new one is built on its own snapshot and filed under `at` (no newer than its
 * rows). Throws what buildComplianceReport throws.
 */
export async function cachedComplianceReport(kx: Kysely<DB>, opts: ComplianceOptions, memoOwner: object = kx, at?: Promise<number | null>): Promise<ComplianceReport> {
  const key = JSON.stringify([opts.year, opts.asOf, opts.zoneId ?? null, opts.memberIds ?? null]);
  const known = at ? await at : undefined;
  if (known !== undefined) {
    const hit = known === null ? undefined : caches.get(memoOwner)?.get(key);
    if (hit && hit.version === known) return fresh(memoOwner, key, hit);
    const report = freeze(await readSnapshot(kx, (tx) => buildComplianceReport(tx, opts, memoOwner)));
    if (known !== null) keep(memoOwner, key, known, report);
    return report;
  }
  return readSnapshot(kx, async (tx) => {
    const version = await ledgerVersion(tx);
    const hit = caches.get(memoOwner)?.get(key);
    if (hit && version !== null && hit.version === version) return fresh(memoOwner, key, hit);
    const report = freeze(await buildComplianceReport(tx, opts, memoOwner));
    if (version !== null) keep(memoOwner, key, version, report);
    return report;
  });
}

/** A kept report, marked most recently used. */
function fresh(memoOwner: object, key: string, hit: Entry): ComplianceReport {
  const cache = caches.get(memoOwner)!;
  cache.delete(key);
  cache.set(key, hit);
  return hit.report;
}

/** Keeps `report` for `key` at `version` (at most MAX_ENTRIES, least recently used dropped). */
function keep(memoOwner: object, key: string, version: number, report: ComplianceReport): void {
  let cache = caches.get(memoOwner);
  if (!cache) caches.set(memoOwner, (cache = new Map()));
  cache.delete(key);
  cache.set(key, { version, report });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
}
