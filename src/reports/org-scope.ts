/**
 * The secretary's desk per org (FORMATS.md "Organization reports"; issue 12 item 4): which org a
 * page, export or binder covers (`org=CODE`, default the widest org the actor reaches — a plain
 * secretary's is their branch; 404 for an unknown org or one out of reach), and that org's part of
 * the ledger cut in the queries:
 * - its members: those whose branch on the report's last day (`asOf`, or 31 Dec when later) lies
 *   in the subtree (their latest OrgMembership starting by then; an account with none yet is
 *   placed by Member.branchId), each judged over the whole period wherever they were — the same
 *   people as the org's compliance report (src/domain/compliance/org.ts);
 * - its zones: those of the subtree's branches; the half-year meetings (有关工作制度 2) are counted
 *   over those zones' meetings.
 * The root org (the county) covers everyone: its reports are the whole ledger's, unchanged, so a
 * single-branch database reads exactly as before. Dates are Asia/Shanghai `YYYY-MM-DD`.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import { NotFoundError } from "../core/errors.ts";
import { reachesOrg, topSubtrees, widestOrg, type Reach } from "../auth/reach.ts";
import { evaluatePeriods, listedPeriods, yearPeriod, type Interval, type LocalDate, type PeriodResult } from "../rules/index.ts";
import { buildComplianceReport, reportSettings, type ComplianceOptions, type ComplianceReport, type ZoneCompliance } from "../domain/compliance/report.ts";
import { countMeetings, loadZones } from "../domain/compliance/queries.ts";
import { zoneResults } from "../domain/compliance/zones.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { ledgerVersionSync } from "../domain/compliance/ledger-version.ts";
import type { OrgRef } from "../domain/compliance/org.ts";

export type { OrgRef } from "../domain/compliance/org.ts";

const OUT_OF_REACH = "组织不存在或不在您的管辖范围内";

/** Is `org` the root of the tree (everyone: nothing to cut)? */
export function isRoot(org: Pick<OrgRef, "path">): boolean {
  return org.path.split("/").filter(Boolean).length === 1;
}

/** The org with `code`, or null. */
export function orgOfCode(raw: Database.Database, code: string): OrgRef | null {
  return (raw.prepare(`SELECT "id", "code", "name", "kind", "path" FROM "Org" WHERE "code" = ?`).get(code) as OrgRef | undefined) ?? null;
}

/**
 * The org a request covers: `code` when given, else the widest org the actor reaches.
 * @throws NotFoundError for an unknown code, an org out of reach, or an actor who reaches none.
 */
export function resolveOrg(raw: Database.Database, reach: Reach, code: string | undefined): OrgRef {
  if (code !== undefined) {
    const org = orgOfCode(raw, code);
    if (!org || !reachesOrg(reach, org.path)) throw new NotFoundError(OUT_OF_REACH);
    return org;
  }
  const w = widestOrg(reach);
  if (!w) throw new NotFoundError(OUT_OF_REACH);
  return { id: w.orgId, code: w.code, name: w.name, kind: w.kind, path: w.path };
}

/** An org offered by a page's org picker. */
export interface OrgChoice {
  code: string;
  name: string;
  kind: string;
  depth: number;
  dissolvedOn: string | null;
}

/** The orgs the actor reaches (their subtrees' orgs), tree order (a parent before its children). */
export function orgsWithin(raw: Database.Database, reach: Reach): OrgChoice[] {
  const stmt = raw.prepare(`SELECT "code", "name", "kind", "depth", "dissolvedOn", "path" FROM "Org" WHERE "path" LIKE ? || '%'`);
  const rows = topSubtrees(reach).flatMap((s) => stmt.all(s.path) as (OrgChoice & { path: string })[]);
  // paths of numbers: order by each segment as a number so /1/9/ comes before /1/10/
  const key = (p: string) => p.split("/").filter(Boolean).map(Number);
  rows.sort((a, b) => {
    const x = key(a.path);
    const y = key(b.path);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  });
  return rows.map(({ path: _path, ...o }) => o);
}

/** An `org=` query value: a code of 1–64 characters, else undefined (absent). */
export function orgParam(v: unknown): string | undefined {
  return typeof v === "string" && v.trim().length > 0 && v.length <= 64 ? v.trim() : undefined;
}

/** The last day a report of `year` as of `asOf` places people by. */
export const lastDayOf = (year: number, asOf: LocalDate): LocalDate => (asOf < `${year}-12-31` ? asOf : `${year}-12-31`);

/** Subtrees' member ids kept per connection: key → the ledger version they were read at (at most MEMBER_IDS_KEPT, least recently used dropped). */
const MEMBER_IDS_KEPT = 32;
const memberIdsKept = new WeakMap<Database.Database, Map<string, { version: number; ids: number[] }>>();

/**
 * Ids of the members whose branch on `day` lies in the subtree at `path`, by id. Kept while the
 * ledger's version is unchanged (it reads Member, OrgMembership and Org, all watched): at county
 * scale the statement walks every member's membership (~11 ms of CPU on each view of the
 * overview, a quarter of the branch secretary's /review; issue 16). The array is shared: do not change it.
 */
export function subtreeMemberIds(raw: Database.Database, path: string, day: LocalDate): number[] {
  const version = ledgerVersionSync(raw);
  if (version === null) return readSubtreeMemberIds(raw, path, day);
  let kept = memberIdsKept.get(raw);
  if (!kept) memberIdsKept.set(raw, (kept = new Map()));
  const key = `${path}|${day}`;
  const hit = kept.get(key);
  kept.delete(key);
  if (hit && hit.version === version) {
    kept.set(key, hit);
    return hit.ids;
  }
  const ids = readSubtreeMemberIds(raw, path, day);
  kept.set(key, { version, ids });
  while (kept.size > MEMBER_IDS_KEPT) kept.delete(kept.keys().next().value!);
  return ids;
}

function readSubtreeMemberIds(raw: Database.Database, path: string, day: LocalDate): number[] {
  return raw
    .prepare(
      `SELECT m."id" FROM "Member" m JOIN "Org" o ON o."id" = coalesce(
         (SELECT om."orgId" FROM "OrgMembership" om WHERE om."memberId" = m."id" AND om."fromOn" <= @day ORDER BY om."fromOn" DESC, om."id" DESC LIMIT 1),
         m."branchId")
       WHERE o."path" LIKE @path || '%' ORDER BY m."id"`,
    )
    .pluck()
    .all({ day, path }) as number[];
}

/** Ids of the zones of the branches in the subtree at `path`, by id. */
export function subtreeZoneIds(raw: Database.Database, path: string): number[] {
  return raw.prepare(`SELECT z."id" FROM "Zone" z JOIN "Org" o ON o."id" = z."branchId" WHERE o."path" LIKE ? || '%' ORDER BY z."id"`).pluck().all(path) as number[];
}

/** Does zone `zoneId` belong to a branch in `org`'s subtree? */
export function zoneInOrg(raw: Database.Database, zoneId: number, org: Pick<OrgRef, "path">): boolean {
  return Boolean(raw.prepare(`SELECT 1 FROM "Zone" z JOIN "Org" o ON o."id" = z."branchId" WHERE z."id" = ? AND o."path" LIKE ? || '%'`).get(zoneId, org.path));
}

/** Is member `memberId` in `org`'s subtree on `day` (their branch then)? */
export function memberInOrg(raw: Database.Database, memberId: number, org: Pick<OrgRef, "path">, day: LocalDate): boolean {
  if (isRoot(org)) return true;
  return Boolean(
    raw
      .prepare(
        `SELECT 1 FROM "Member" m JOIN "Org" o ON o."id" = coalesce(
           (SELECT om."orgId" FROM "OrgMembership" om WHERE om."memberId" = m."id" AND om."fromOn" <= ? ORDER BY om."fromOn" DESC, om."id" DESC LIMIT 1),
           m."branchId")
         WHERE m."id" = ? AND o."path" LIKE ? || '%'`,
      )
      .get(day, memberId, org.path),
  );
}

/**
 * The 院坝会 months of `zoneIds` and the half-year meetings counted over those zones' meetings (the
 * org's `branch` part, named `name`), as of `asOf`.
 */
export async function subtreeZoneResults(kx: Kysely<DB>, opts: { year: number; asOf: LocalDate; zoneIds: readonly number[]; name: string | null }, memoOwner: object = kx): Promise<{ zones: ZoneCompliance[]; branch: { name: string | null; halfYearMeetings: PeriodResult[] } }> {
  const { year, asOf, zoneIds } = opts;
  const yp = yearPeriod(year);
  const ref = lastDayOf(year, asOf);
  const range = ref >= yp.start ? { from: yp.start, to: ref } : null;
  const settings = await reportSettings(kx, memoOwner);
  const wanted = new Set(zoneIds);
  const zones = (await loadZones(kx)).filter((z) => wanted.has(z.id));
  const { zones: results } = await zoneResults(kx, { year, asOf, range, settings, zones, zoneIds, branch: false });
  const halves: Record<string, number> = {};
  if (range && zoneIds.length) {
    for (const r of await countMeetings(kx, range, zoneIds)) {
      const half = `${r.month.slice(0, 4)}-H${Number(r.month.slice(5, 7)) <= 6 ? 1 : 2}`;
      halves[half] = (halves[half] ?? 0) + r.other;
    }
  }
  const first = zones.reduce<LocalDate | null>((a, z) => (a === null || z.establishedOn < a ? z.establishedOn : a), null);
  const subject: Interval[] = first === null ? [] : [{ from: first, to: null }];
  const periods = subject.length ? listedPeriods("half", year, subject, asOf) : [];
  const halfYearMeetings = evaluatePeriods({ rule: "HALF_MEETINGS", periods, settings, subject, counts: halves, today: asOf });
  return { zones: results, branch: { name: opts.name, halfYearMeetings } };
}

/** A compliance report builder: `memoOwner` keeps its memos past a snapshot (the app's Kysely instance). */
type Builder = (kx: Kysely<DB>, opts: ComplianceOptions, memoOwner?: object) => Promise<ComplianceReport>;

/** Org reports made from one (cached) member report: kept while it is, so sorting ranks stay cached too. */
const cutOf = new WeakMap<ComplianceReport, Map<string, ComplianceReport>>();

/**
 * The compliance report of `org`'s subtree (members and zones as the module comment says; with
 * `zoneId`, only that zone and its members). The root's is the whole ledger's report itself.
 * `build` defaults to the cache (src/domain/compliance/cache.ts); the result is shared and frozen then.
 */
export async function orgCompliance(
  raw: Database.Database,
  kx: Kysely<DB>,
  opts: { year: number; asOf: LocalDate; org: OrgRef; zoneId?: number },
  build: Builder = cachedComplianceReport,
): Promise<ComplianceReport> {
  const { year, asOf, org, zoneId } = opts;
  const zone = zoneId !== undefined ? { zoneId } : {};
  if (isRoot(org)) return build(kx, { year, asOf, ...zone });
  return readSnapshot(kx, async (tx) => {
    const memberIds = subtreeMemberIds(raw, org.path, lastDayOf(year, asOf));
    const base = await build(tx, { year, asOf, memberIds, ...zone }, kx);
    const key = `${org.path}|${zoneId ?? ""}`;
    let cuts = cutOf.get(base);
    const hit = cuts?.get(key);
    if (hit) return hit;
    const zoneIds = zoneId !== undefined ? [zoneId] : subtreeZoneIds(raw, org.path);
    const { zones, branch } = await subtreeZoneResults(tx, { year, asOf, zoneIds, name: org.name }, kx);
    const report = Object.freeze({ ...base, zones: Object.freeze(zones) as ZoneCompliance[], branch: Object.freeze(branch) });
    if (!cuts) cutOf.set(base, (cuts = new Map()));
    cuts.set(key, report);
    return report;
  });
}

/** The uncached builder, for callers that build once (reminders). */
export const freshReport: Builder = buildComplianceReport;
