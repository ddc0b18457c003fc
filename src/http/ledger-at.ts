/**
 * The ledger's versions as one request reads them: the LedgerVersion rows in one statement, read
 * at most once per request, the first time something asks (the account and reach in the common
 * path, before any of the page's own reads), and shared by every kept read of that request
 * (issue 16 item 2: a page read row 1 up to five times). A value loaded after this read is filed
 * under a version no newer than its rows, so a write between the two only costs a reload.
 * Only for reads: a request that writes must not serve its own later reads from these versions.
 */
import type { Request } from "express";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { pageVersions, type LedgerVersions } from "../domain/compliance/ledger-version.ts";

const reads = new WeakMap<Request, Promise<LedgerVersions>>();

/** The versions for `req` (read on the first call, then the same promise). */
export function versionsOf(req: Request, kx: Kysely<DB>): Promise<LedgerVersions> {
  let read = reads.get(req);
  if (!read) reads.set(req, (read = pageVersions(kx)));
  return read;
}

/** Row 1 for `req`: the `at` of ledger-version.ts `versioned` and dashboard/day-cache.ts `keptForDay`. */
export function ledgerAt(req: Request, kx: Kysely<DB>): Promise<number | null> {
  return versionsOf(req, kx).then((v) => v.ledger);
}

/**
 * The rows `rows` for `req` as one key ("v1:v2", ...) for reads that they guard together, or null
 * when any is missing (then nothing is kept): the `version` of db/kept.ts `keptAt`.
 */
export async function versionKey(req: Request, kx: Kysely<DB>, rows: ReadonlyArray<keyof LedgerVersions>): Promise<string | null> {
  const v = await versionsOf(req, kx);
  const parts = rows.map((r) => v[r]);
  return parts.some((p) => p === null) ? null : parts.join(":");
}

/** Rows 1 and 2 for `req` ("v1:v2"): requests, stays and writings beside members, zones and orgs. */
export const deskAt = (req: Request, kx: Kysely<DB>) => versionKey(req, kx, ["ledger", "desk"]);

/** Rows 1 and 5 for `req` ("v1:v5"): grants, sign-offs, closures, lines and departments beside members and orgs. */
export const accountsAt = (req: Request, kx: Kysely<DB>) => versionKey(req, kx, ["ledger", "accounts"]);
