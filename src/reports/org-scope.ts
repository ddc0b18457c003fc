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
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { readSnapshot } from "../db/dialect.ts";
import { NotFoundError } from "../core/errors.ts";
import { reachesOrg, topSubtrees, widestOrg, type Reach } from "../auth/reach.ts";
import { evaluatePeriods, listedPeriods, yearPeriod, type Interval, type LocalDate, type PeriodResult } from "../rules/index.ts";
import { buildComplianceReport, reportSettings, type ComplianceOptions, type ComplianceReport, type ZoneCompliance } from "../domain/compliance/report.ts";
import { countMeetings, loadZones } from "../domain/compliance/queries.ts";
import { zoneResults } from "../domain/compliance/zones.ts";
import { cachedComplianceReport } from "../domain/compliance/cache.ts";
import { ledgerVersion } from "../domain/compliance/ledger-version.ts";
import type { OrgRef } from "../domain/compliance/org.ts";
import { orgByCode } from "../domain/rollup/queries.ts";

export type { OrgRef } from "../domain/compliance/org.ts";

const OUT_OF_REACH = "组织不存在或不在您的管辖范围内";

/** Is `org` the root of the tree (everyone: nothing to cut)? */
export function isRoot(org: Pick<OrgRef, "path">): boolean {
  return org.path.split("/").filter(Boolean).length === 1;
}

/** The org with `code` (null when none): the roll-up's one lookup (src/domain/rollup/queries.ts), under this module's name. */
export const orgOfCode = (kx: Kysely<DB>, code: string): Promise<OrgRef | null> => orgByCode(kx, code);

/** `"path" LIKE` the subtree at `path`: paths are digits and slashes only (no wildcards to escape). */
const under = (path: string) => `${path}%`;

/**
 * The org a request covers: `code` when given, else the widest org the actor reaches.
 * @throws NotFoundError for an unknown code, an org out of reach, or an actor who reaches none.
 */
export async function resolveOrg(kx: Kysely<DB>, reach: Reach, code: string | undefined): Promise<OrgRef> {
  if (code !== undefined) {
    const org = await orgOfCode(kx, code);
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
export async function orgsWithin(kx: Kysely<DB>, reach: Reach): Promise<OrgChoice[]> {
  const rows: (OrgChoice & { path: string })[] = [];
  for (const s of topSubtrees(reach)) {
    rows.push(...((await kx.selectFrom("Org").select(["code", "name", "kind", "depth", "dissolvedOn", "path"]).where("path", "like", under(s.path)).execute()) as (OrgChoice & { path: string })[]));
  }
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

/** Subtrees' member ids kept per Kysely instance: key → the ledger version they were read at (at most MEMBER_IDS_KEPT, least recently used dropped). */
const MEMBER_IDS_KEPT = 32;
const memberIdsKept = new WeakMap<object, Map<string, { version: number; ids: number[] }>>();

/**
 * Ids of the members whose branch on `day` lies in the subtree at `path`, by id. Kept while the
 * ledger's version is unchanged (it reads Member, OrgMembership and Org, all watched): at county
 * scale the statement walks every member's membership (~11 ms of CPU on each view of the
 * overview, a quarter of the branch secretary's /review; issue 16). The array is shared: do not change it.
 * Kept per `memoOwner` (default `kx`; pass the app's instance when `kx` is a transaction). `at`:
 * row 1 as the request read it already (http/ledger-at.ts, read before this), else read now.
 */
export async function subtreeMemberIds(kx: Kysely<DB>, path: string, day: LocalDate, memoOwner: object = kx, at?: Promise<number | null>): Promise<number[]> {
  const version = await (at ?? ledgerVersion(kx));
  if (version === null) return readSubtreeMemberIds(kx, path, day);
  let kept = memberIdsKept.get(memoOwner);
  if (!kept) memberIdsKept.set(memoOwner, (kept = new Map()));
  const key = `${path}|${day}`;
  const hit = kept.get(key);
  kept.delete(key);
  if (hit && hit.version === version) {
    kept.set(key, hit);
    return hit.ids;
  }
  const ids = await readSubtreeMemberIds(kx, path, day);
  kept.set(key, { version, ids });
  while (kept.size > MEMBER_IDS_KEPT) kept.delete(kept.keys().next().value!);
  return ids;
}

/**
 * The org id a member's branch on `day` is (their latest OrgMembership starting by then, else
 * Member.branchId), as an SQL expression over `m` (shared with overview-orgs.ts's memberChildren).
 */
export const branchOnDay = (day: LocalDate) =>
  sql<number>`coalesce(
    (SELECT om."orgId" FROM "OrgMembership" om WHERE om."memberId" = m."id" AND om."fromOn" <= ${day} ORDER BY om."fromOn" DESC, om."id" DESC LIMIT 1),
    m."branchId")`;

async function readSubtreeMemberIds(kx: Kysely<DB>, path: string, day: LocalDate): Promise<number[]> {
  const rows = await kx
    .selectFrom("Member as m")
    .innerJoin("Org as o", (j) => j.on("o.id", "=", branchOnDay(day)))
    .select("m.id")
    .where("o.path", "like", under(path))
    .orderBy("m.id")
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the zones of the branches in the subtree at `path`, by id. */
export async function subtreeZoneIds(kx: Kysely<DB>, path: string): Promise<number[]> {
  const rows = await kx.selectFrom("Zone as z").innerJoin("Org as o", "o.id", "z.branchId").select("z.id").where("o.path", "like", under(path)).orderBy("z.id").execute();
  return rows.map((r) => r.id);
}

/** Does zone `zoneId` belong to a branch in `org`'s subtree? */
export async function zoneInOrg(kx: Kysely<DB>, zoneId: number, org: Pick<OrgRef, "path">): Promise<boolean> {
  const row = await kx.selectFrom("Zone as z").innerJoin("Org as o", "o.id", "z.branchId").select("z.id").where("z.id", "=", zoneId).where("o.path", "like", under(org.path)).executeTakeFirst();
  return Boolean(row);
}

/** Is member `memberId` in `org`'s subtree on `day` (their branch then)? */
export async function memberInOrg(kx: Kysely<DB>, memberId: number, org: Pick<OrgRef, "path">, day: LocalDate): Promise<boolean> {
  if (isRoot(org)) return true;
  const row = await kx
    .selectFrom("Member as m")
    .innerJoin("Org as o", (j) => j.on("o.id", "=", branchOnDay(day)))
    .select("m.id")
    .where("m.id", "=", memberId)
    .where("o.path", "like", under(org.path))
    .executeTakeFirst();
  return Boolean(row);
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
 * The subtree's ids are read with `kx`, in one snapshot with the report.
 */
export async function orgCompliance(kx: Kysely<DB>, opts: { year: number; asOf: LocalDate; org: OrgRef; zoneId?: number }, build: Builder = cachedComplianceReport): Promise<ComplianceReport> {
  const { year, asOf, org, zoneId } = opts;
  const zone = zoneId !== undefined ? { zoneId } : {};
  if (isRoot(org)) return build(kx, { year, asOf, ...zone });
  return readSnapshot(kx, async (tx) => {
    const memberIds = await subtreeMemberIds(tx, org.path, lastDayOf(year, asOf), kx);
    const base = await build(tx, { year, asOf, memberIds, ...zone }, kx);
    const key = `${org.path}|${zoneId ?? ""}`;
    let cuts = cutOf.get(base);
    const hit = cuts?.get(key);
    if (hit) return hit;
    const zoneIds = zoneId !== undefined ? [zoneId] : await subtreeZoneIds(tx, org.path);
    const { zones, branch } = await subtreeZoneResults(tx, { year, asOf, zoneIds, name: org.name }, kx);
    const report = Object.freeze({ ...base, zones: Object.freeze(zones) as ZoneCompliance[], branch: Object.freeze(branch) });
    if (!cuts) cutOf.set(base, (cuts = new Map()));
    cuts.set(key, report);
    return report;
  });
}

/** The uncached builder, for callers that build once (reminders). */
export const freshReport: Builder = buildComplianceReport;
