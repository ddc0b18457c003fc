/**
 * The roll-up (src/domain/rollup/report.ts) at county scale against its floor (issue 12; issue 16 item 1):
 * the whole county (the root) and one township (the one with the most branches), each as JSON the
 * way the route serves it (`rollupOf` + `JSON.stringify`) and as the function alone.
 *
 * The floor is a bare GROUP BY over the same rows: each record table the roll-up counts (talks,
 * line visits, requests, assistance) joined to the dated membership (OrgMembership in force on the
 * record's date) and grouped by branch; courtyard meetings grouped by their zone's branch; members
 * and running pairings by their branch on the last day; the county's other measures (issue 18) the
 * same way: stays and writings by their author's branch on their date, stationings running and
 * distinct trained members by their branch on the last day (assistance's projects and employment and
 * the answered requests are the same rows as the assistance and requests floors). Nothing else: no ADMIN filter, no
 * attendance count, no feedback rule, no compliance status, no tree. For the township the floor
 * is the same GROUP BYs limited to the township's branches (the township's rows). For the record,
 * the same rows read with no membership join at all (`bare`), i.e. what the dated join costs.
 *
 * `yearTalksMet` comes from the compliance report, which the app keeps while the ledger is
 * unchanged (src/domain/compliance/cache.ts): the judged figures use that cache (built once in the warm-up);
 * `countyCold` is the first county roll-up after a write (the ledger version raised, so the
 * compliance report is rebuilt), printed for information. All timed interleaved, median of `runs`.
 */
import type Database from "better-sqlite3";
import type { Kysely } from "kysely";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { openKysely, type DB } from "../../src/db/kysely.ts";
import { planOf } from "./report-bench.ts";
import { median, type Sample, timeInterleavedAsync, timeOnceAsync } from "./stats.ts";

/** Kysely over the bench's better-sqlite3 handle (lent: destroying it leaves the handle open). */
const kyselyOver = (raw: Database.Database): Kysely<DB> => openKysely(`file:${raw.name}`, { sqlite: raw });

/** The dated membership `d` (OrgMembership) in force on `day` for member `who`: a join condition. */
const held = (who: string, day: string) => `d.memberId = ${who} AND d.fromOn <= ${day} AND (d.toOn IS NULL OR d.toOn >= ${day})`;
/** Limits a query to the branches in @branches (a JSON array) when `scoped`. */
const inScope = (col: string, scoped: boolean) => (scoped ? `AND ${col} IN (SELECT value FROM json_each(@branches))` : "");

/**
 * The floor's GROUP BYs, by name: over every row of the county, or (scoped) of the branches in
 * @branches. Each on its best plan with the schema's indexes: `CROSS JOIN` keeps the dated
 * membership outermost, so each member's records are a range of the (author, date[, deletedAt])
 * index (covering for talks and line visits); requests, with no index by author, are read by date.
 */
export function floorSql(scoped: boolean): Record<string, string> {
  return {
    talks: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Talk t ON ${held("t.talkerId", "t.occurredOn")}
      WHERE t.occurredOn BETWEEN @from AND @to AND t.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    lineVisits: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN LineVisit v ON ${held("v.cadreId", "v.visitedOn")}
      WHERE v.visitedOn BETWEEN @from AND @to AND v.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    requests: `SELECT d.orgId, count(*) FROM Request q JOIN OrgMembership d ON ${held("q.createdById", "q.raisedOn")}
      WHERE q.raisedOn BETWEEN @from AND @to AND q.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    assistance: `SELECT d.orgId, sum(ar.amountFen) FROM OrgMembership d CROSS JOIN Pairing p ON p.cadreId = d.memberId CROSS JOIN AssistanceRecord ar
      ON ar.pairingId = p.id AND d.fromOn <= ar.givenOn AND (d.toOn IS NULL OR d.toOn >= ar.givenOn)
      WHERE ar.givenOn BETWEEN @from AND @to AND ar.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    courtyard: `SELECT z.branchId, count(*), sum(mt.residentCount) FROM Meeting mt JOIN Zone z ON z.id = mt.zoneId
      WHERE mt.kind = 'COURTYARD' AND mt.heldOn BETWEEN @from AND @to AND mt.deletedAt IS NULL ${inScope("z.branchId", scoped)} GROUP BY z.branchId`,
    members: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Member m ON ${held("m.id", "@to")} WHERE 1 ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    pairings: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Pairing p ON ${held("p.cadreId", "@to")}
      WHERE p.startedOn <= @to AND (p.endedOn IS NULL OR p.endedOn > @to) ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    // The county's other measures (issue 18): the same rows the roll-up reads for them.
    stays: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Stay s ON ${held("s.cadreId", "s.fromOn")}
      WHERE s.fromOn BETWEEN @from AND @to AND s.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    writings: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Writing w ON ${held("w.authorId", "w.writtenOn")}
      WHERE w.writtenOn BETWEEN @from AND @to AND w.deletedAt IS NULL ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    stationed: `SELECT d.orgId, count(*) FROM OrgMembership d CROSS JOIN Stationing st ON ${held("st.memberId", "@to")}
      WHERE st.fromOn <= @to AND (st.toOn IS NULL OR st.toOn >= @to) ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
    trained: `SELECT d.orgId, count(DISTINCT ta.memberId) FROM TrainingAttendance ta JOIN TrainingSession s ON s.id = ta.sessionId
      JOIN OrgMembership d ON ${held("ta.memberId", "@to")} WHERE s.heldOn BETWEEN @from AND @to ${inScope("d.orgId", scoped)} GROUP BY d.orgId`,
  };
}

/** The same rows read with no membership join (grouped by author, zone or pairing): the cheapest read, for the record. */
export const BARE = [
  `SELECT talkerId, count(*) FROM Talk WHERE occurredOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY talkerId`,
  `SELECT cadreId, count(*) FROM LineVisit WHERE visitedOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY cadreId`,
  `SELECT createdById, count(*) FROM Request WHERE raisedOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY createdById`,
  `SELECT pairingId, sum(amountFen) FROM AssistanceRecord WHERE givenOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY pairingId`,
  `SELECT zoneId, count(*), sum(residentCount) FROM Meeting WHERE kind = 'COURTYARD' AND heldOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY zoneId`,
  `SELECT count(*) FROM Member`,
  `SELECT cadreId, count(*) FROM Pairing WHERE startedOn <= @to AND (endedOn IS NULL OR endedOn > @to) GROUP BY cadreId`,
  `SELECT cadreId, count(*) FROM Stay WHERE fromOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY cadreId`,
  `SELECT authorId, count(*) FROM Writing WHERE writtenOn BETWEEN @from AND @to AND deletedAt IS NULL GROUP BY authorId`,
  `SELECT memberId, count(*) FROM Stationing WHERE fromOn <= @to AND (toOn IS NULL OR toOn >= @to) GROUP BY memberId`,
  `SELECT count(DISTINCT ta.memberId) FROM TrainingAttendance ta JOIN TrainingSession s ON s.id = ta.sessionId WHERE s.heldOn BETWEEN @from AND @to`,
];

/** One statement, run alone with the parameters it was given: rows, median ms of 3, plan. */
export interface StatementFigure {
  name: string;
  rows: number;
  ms: number;
  plan: string[];
}

export interface RollupFigures {
  /** The county's floor (every branch) and the township's (its branches only). */
  floor: Sample;
  townshipFloor: Sample;
  bare: Sample;
  county: Sample;
  countyFn: Sample;
  township: Sample;
  townshipFn: Sample;
  /** First county roll-up after a write (compliance report rebuilt): median of `coldRuns`. */
  countyCold: Sample;
  coldRuns: number;
  countyBytes: number;
  townshipBytes: number;
  townshipCode: string;
  townshipBranches: number;
  branches: number;
  children: number;
  /** The floors' statements and the roll-up's own (as `rollupOf` prepares them), each alone. */
  floorQueries: StatementFigure[];
  rollupQueries: { county: StatementFigure[]; township: StatementFigure[] };
}

function timeAlone(raw: Database.Database, name: string, sql: string, params: unknown[]): StatementFigure {
  const stmt = raw.prepare(sql);
  const reader = stmt.reader ? stmt.raw() : null;
  let rows = 0;
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    if (reader) rows = reader.all(...params).length;
    else stmt.run(...params);
    ms.push(performance.now() - t0);
  }
  return { name, rows, ms: median(ms), plan: planOf(raw, sql, ...params) };
}

/**
 * A stand-in for `raw` that records every statement prepared on it and the parameters of its
 * first run (nothing in src/ is changed for it). The ledger version lookup is left out.
 */
function recorder(raw: Database.Database): { db: Database.Database; seen: Array<{ sql: string; params: unknown[] }> } {
  const seen: Array<{ sql: string; params: unknown[] }> = [];
  const chain = new Set(["raw", "pluck", "expand", "safeIntegers", "bind"]);
  const runs = new Set(["all", "get", "iterate", "run"]);
  const db = new Proxy(raw, {
    get(target, prop) {
      if (prop === "prepare") {
        return (sql: string) => {
          let first = true;
          const stmt = target.prepare(sql);
          const proxy: Database.Statement = new Proxy(stmt, {
            get(s, p) {
              const v = Reflect.get(s, p, s);
              if (typeof v !== "function") return v;
              if (chain.has(p as string)) return (...a: unknown[]) => (v.apply(s, a), proxy);
              if (runs.has(p as string))
                return (...a: unknown[]) => {
                  if (first && !/LedgerVersion/.test(sql)) seen.push({ sql, params: a });
                  first = false;
                  return v.apply(s, a);
                };
              return v.bind(s);
            },
          });
          return proxy;
        };
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
  return { db, seen };
}

/**
 * The statements `rollupOf(orgId)` runs, in order, each alone with the parameters it was given
 * (median of 3) and its EXPLAIN QUERY PLAN. The compliance report is built (and cached) in a
 * first call and not listed: the report bench profiles it.
 */
async function rollupStatements(raw: Database.Database, orgId: number, year: number, asOf: string): Promise<StatementFigure[]> {
  const { db, seen } = recorder(raw);
  const kx = kyselyOver(db);
  await rollupOf(kx, orgId, year, asOf);
  seen.length = 0;
  await rollupOf(kx, orgId, year, asOf);
  await kx.destroy();
  // Named by the first table read outside subqueries.
  const table = (sql: string) => /FROM\s+"?(\w+)"?/.exec(sql.replace(/\(SELECT[^()]*\)/g, ""))?.[1] ?? "?";
  return seen.map((s, i) => timeAlone(raw, `${i + 1}. ${table(s.sql)}`, s.sql, s.params));
}

/**
 * What the roll-up bench times on either engine (the floors differ): the county's and the township's
 * roll-up as JSON and as the function alone. `sizes` is filled by the JSON runs (bytes, children).
 */
export function rollupSubjects(kx: Kysely<DB>, rootId: number, townshipId: number, year: number, asOf: string) {
  const sizes = { children: 0, countyBytes: 0, townshipBytes: 0 };
  const subjects = {
    county: async () => {
      const report = (await rollupOf(kx, rootId, year, asOf))!;
      sizes.children = report.children.length;
      sizes.countyBytes = Buffer.byteLength(JSON.stringify(report));
    },
    countyFn: () => rollupOf(kx, rootId, year, asOf),
    township: async () => {
      sizes.townshipBytes = Buffer.byteLength(JSON.stringify(await rollupOf(kx, townshipId, year, asOf)));
    },
    townshipFn: () => rollupOf(kx, townshipId, year, asOf),
  };
  return { subjects, sizes };
}

export async function benchRollup(raw: Database.Database, year: number, asOf: string, runs: number, coldRuns = 3): Promise<RollupFigures> {
  const kx = kyselyOver(raw);
  const from = `${year}-01-01`;
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const root = raw.prepare(`SELECT id, path FROM Org WHERE parentId IS NULL ORDER BY id LIMIT 1`).get() as { id: number; path: string };
  const township = raw
    .prepare(
      `SELECT o.id, o.code, o.path, (SELECT count(*) FROM Org c WHERE c.kind = 'BRANCH' AND c.path LIKE o.path || '%') AS n
       FROM Org o WHERE o.kind = 'TOWNSHIP' ORDER BY n DESC, o.id LIMIT 1`,
    )
    .get() as { id: number; code: string; path: string; n: number };
  const branchesOf = (path: string) => raw.prepare(`SELECT id FROM Org WHERE kind = 'BRANCH' AND path LIKE ? || '%'`).pluck().all(path) as number[];
  const townshipBranches = JSON.stringify(branchesOf(township.path));
  const range = { from, to };

  const county = Object.entries(floorSql(false)).map(([name, sql]) => ({ name, sql, stmt: raw.prepare(sql), params: range }));
  const scoped = Object.entries(floorSql(true)).map(([name, sql]) => ({ name, sql, stmt: raw.prepare(sql), params: { ...range, branches: townshipBranches } }));
  const bare = BARE.map((s) => raw.prepare(s));
  const bareParams = (s: Database.Statement) => (s.source.includes("@from") ? range : s.source.includes("@to") ? { to } : {});

  const { subjects, sizes } = rollupSubjects(kx, root.id, township.id, year, asOf);
  const t = await timeInterleavedAsync(
    {
      floor: () => county.forEach((f) => f.stmt.all(f.params)),
      townshipFloor: () => scoped.forEach((f) => f.stmt.all(f.params)),
      bare: () => bare.forEach((s) => s.all(bareParams(s))),
      ...subjects,
    },
    runs,
  );

  // After a write: raise the ledger version (what every write's trigger does; no figure changes),
  // then the county roll-up as JSON, which rebuilds the compliance report.
  // Rows 1, 3 and 4 (a roster write raises all three): the report re-reads everything, not only the talks.
  const bump = raw.prepare(`UPDATE "LedgerVersion" SET "version" = "version" + 1 WHERE "id" IN (1, 3, 4)`);
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    bump.run();
    cold.push(await timeOnceAsync(async () => JSON.stringify(await rollupOf(kx, root.id, year, asOf))));
  }
  const rollupQueries = { county: await rollupStatements(raw, root.id, year, asOf), township: await rollupStatements(raw, township.id, year, asOf) };
  await kx.destroy();

  return {
    ...(t as Pick<RollupFigures, "floor" | "townshipFloor" | "bare" | "county" | "countyFn" | "township" | "townshipFn">),
    countyCold: { wallMs: median(cold.map((s) => s.wallMs)), cpuMs: median(cold.map((s) => s.cpuMs)) },
    coldRuns,
    countyBytes: sizes.countyBytes,
    townshipBytes: sizes.townshipBytes,
    townshipCode: township.code,
    townshipBranches: township.n,
    branches: branchesOf(root.path).length,
    children: sizes.children,
    floorQueries: [
      ...county.map((f) => timeAlone(raw, `county ${f.name}`, f.sql, [f.params])),
      ...scoped.map((f) => timeAlone(raw, `township ${f.name}`, f.sql, [f.params])),
    ],
    rollupQueries,
  };
}
