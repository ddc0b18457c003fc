/**
 * The report, roll-up and 三维考核 sections of `npm run bench` on PostgreSQL (issue 17 item 5,
 * BENCH_ENGINE=postgres): the same work as report-bench.ts, rollup-bench.ts and
 * assessment-bench.ts (the app's functions on Kysely), against the same floors, i.e. the same bare
 * reads written in PostgreSQL's SQL, so each ratio compares like with like on that engine.
 *
 * The floors are the SQLite floors' text translated by `pgSql`, and nothing else changes: `@name`
 * and `?` become `$n`, mixed-case identifiers are double-quoted (PostgreSQL folds unquoted names
 * to lower case), `json_each(@x)` becomes `jsonb_array_elements_text` as src/db/dialect.ts
 * `jsonValues` writes it, `WHERE 1` becomes `WHERE TRUE`; SQLite's planner hints have no
 * PostgreSQL counterpart and are dropped (`INDEXED BY`; `CROSS JOIN … ON`, which fixes SQLite's
 * join order, is a plain `JOIN`): PostgreSQL plans each floor itself, with the statistics ANALYZE
 * gathered (tests/bench/county-pg.ts). They run on the same Kysely and pool as the app's code
 * (`executeQuery` of the text, so only PostgreSQL's work and the driver's are timed), and their
 * plans are PostgreSQL's EXPLAIN (plan nodes only).
 */
import { CompiledQuery, sql, type Kysely, type KyselyPlugin } from "kysely";
import type { DB } from "../../src/db/kysely.ts";
import { buildComplianceReport } from "../../src/domain/compliance/report.ts";
import { complianceReportJson } from "../../src/domain/compliance/report-json.ts";
import { rollupOf } from "../../src/domain/rollup/report.ts";
import { assessmentJson, assessmentOf } from "../../src/reports/assessment.ts";
import { periodsOfYear } from "../../src/rules/index.ts";
import { FLOOR_SQL, reportStatements, type ReportFigures, type QueryFigure } from "./report-bench.ts";
import { floorSql, BARE, rollupSubjects, type RollupFigures, type StatementFigure } from "./rollup-bench.ts";
import { ASSESSMENT_FLOOR_SQL, assessmentSubjects, type AssessmentFigures } from "./assessment-bench.ts";
import { median, type Sample, timeInterleavedAsync, timeOnceAsync } from "./stats.ts";

/** A SQLite floor's text in PostgreSQL's SQL, and the parameter names in `$n` order (`?` ones are "?1", "?2", …). */
export function pgSql(sqlite: string): { text: string; names: string[] } {
  const names: string[] = [];
  let anon = 0;
  const slot = (name: string) => {
    const i = names.indexOf(name);
    return `$${i >= 0 ? i + 1 : names.push(name)}`;
  };
  const src = sqlite
    .replace(/\s+INDEXED BY\s+\w+/g, "")
    .replace(/\bCROSS JOIN\b/g, "JOIN")
    .replace(/\bWHERE 1\b/g, "WHERE TRUE")
    .replace(/SELECT value FROM json_each\((@\w+)\)/g, "SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST($1 AS jsonb)) AS j(value)");
  const text = src.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|@\w+|\?|[A-Za-z_]\w*/g, (tok) => {
    if (tok.startsWith("'") || tok.startsWith('"')) return tok;
    if (tok.startsWith("@")) return slot(tok.slice(1));
    if (tok === "?") return slot(`?${++anon}`);
    return /[a-z]/.test(tok) && /[A-Z]/.test(tok) ? `"${tok}"` : tok;
  });
  return { text, names };
}

/** The positional parameters of a translated statement from named (`{from, to}`) or positional ones. */
function bind(names: string[], params: Record<string, unknown> | unknown[]): unknown[] {
  if (Array.isArray(params)) return params;
  return names.map((n) => params[n]);
}

/** Runs a statement's text on `kx`: its rows. */
async function all(kx: Kysely<DB>, text: string, params: readonly unknown[]): Promise<unknown[]> {
  return (await kx.executeQuery(CompiledQuery.raw(text, [...params]))).rows;
}

/** PostgreSQL's plan of a statement: its nodes, estimates left out, one per line. */
export async function pgPlan(kx: Kysely<DB>, text: string, params: readonly unknown[]): Promise<string[]> {
  const rows = (await all(kx, `EXPLAIN ${text}`, params)) as Array<{ "QUERY PLAN": string }>;
  return rows
    .map((r) => r["QUERY PLAN"])
    .filter((l, i) => i === 0 || l.includes("->"))
    .map((l) => l.replace(/\s+\(cost=[^)]*\)/, "").replace(/^\s*->\s*/, "").trim());
}

/** A statement run alone 3 times: rows, median ms and plan. */
async function timeAlone(kx: Kysely<DB>, name: string, text: string, params: readonly unknown[]): Promise<StatementFigure> {
  let rows = 0;
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    rows = (await all(kx, text, params)).length;
    ms.push(performance.now() - t0);
  }
  return { name, rows, ms: median(ms), plan: await pgPlan(kx, text, params) };
}

/** A floor: its statements translated, with their parameters bound. */
function floorOf(sqls: Record<string, string>, params: Record<string, unknown>) {
  return Object.entries(sqls).map(([name, s]) => {
    const { text, names } = pgSql(s);
    return { name, text, params: bind(names, params) };
  });
}
const readAll = (kx: Kysely<DB>, floor: ReturnType<typeof floorOf>) => async () => {
  for (const f of floor) await all(kx, f.text, f.params);
};

const yearRange = (year: number, asOf: string) => ({ from: `${year}-01-01`, to: asOf < `${year}-12-31` ? asOf : `${year}-12-31` });

/** report-bench.ts `benchReport` on PostgreSQL: the same figures; `floorUnaided` is the same query (PostgreSQL has no INDEXED BY). */
export async function benchReportPg(kx: Kysely<DB>, year: number, asOf: string, runs: number, coldRuns = 3): Promise<ReportFigures> {
  const { from, to } = yearRange(year, asOf);
  const floor = pgSql(FLOOR_SQL);
  const floorParams = bind(floor.names, [from, to]);
  const zone = await kx
    .selectFrom("ZoneAssignment")
    .select("zoneId")
    .where("fromOn", "<=", asOf)
    .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", asOf)]))
    .groupBy("zoneId")
    .orderBy(sql`count(*)`, "desc")
    .orderBy("zoneId")
    .limit(1)
    .executeTakeFirstOrThrow();
  let members = 0;
  let zoneMembers = 0;
  let jsonBytes = 0;
  // As report-bench.ts: each timed whole-year build follows a talk write (row 1), `yearCold` a roster write (rows 1 and 3); no-op updates, the triggers fire.
  const afterTalk = () => sql`UPDATE "Talk" SET "deletedAt" = "deletedAt" WHERE "id" = (SELECT min("id") FROM "Talk")`.execute(kx);
  const afterRoster = () => sql`UPDATE "Member" SET "deactivatedOn" = "deactivatedOn" WHERE "id" = (SELECT min("id") FROM "Member")`.execute(kx);
  const t = await timeInterleavedAsync(
    {
      floor: () => all(kx, floor.text, floorParams),
      yearJson: async () => {
        const report = await buildComplianceReport(kx, { year, asOf });
        members = report.members.length;
        jsonBytes = complianceReportJson(report).length; // UTF-8 bytes, as the route sends them
      },
      zoneJson: async () => {
        const report = await buildComplianceReport(kx, { year, asOf, zoneId: zone.zoneId });
        zoneMembers = report.members.length;
        complianceReportJson(report);
      },
      yearBuild: () => buildComplianceReport(kx, { year, asOf }),
      floorUnaided: () => all(kx, floor.text, floorParams),
    },
    runs,
    { yearJson: afterTalk, yearBuild: afterTalk },
  );
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    await afterRoster();
    cold.push(await timeOnceAsync(async () => complianceReportJson(await buildComplianceReport(kx, { year, asOf }))));
  }
  return {
    queries: await reportQueriesPg(kx, year, asOf),
    floor: t.floor,
    floorUnaided: t.floorUnaided,
    floorPlan: await pgPlan(kx, floor.text, floorParams),
    yearJson: t.yearJson,
    yearBuild: t.yearBuild,
    yearCold: { wallMs: median(cold.map((x) => x.wallMs)), cpuMs: median(cold.map((x) => x.cpuMs)) },
    coldRuns,
    zoneJson: t.zoneJson,
    zoneId: zone.zoneId,
    members,
    zoneMembers,
    jsonMB: jsonBytes / 1024 / 1024,
  };
}

/** report-bench.ts `reportQueries` on PostgreSQL: the report's queries as `kx` compiles them, each alone, with EXPLAIN. */
async function reportQueriesPg(kx: Kysely<DB>, year: number, asOf: string): Promise<QueryFigure[]> {
  const weeks = periodsOfYear("isoWeek", year);
  const leaders = (await kx.selectFrom("RoleTerm").select("memberId").distinct().where("role", "in", ["CADRE", "SECRETARY"]).execute()).map((r) => r.memberId);
  const liners = (
    await kx
      .selectFrom("LineAssignment")
      .select("memberId")
      .distinct()
      .where("fromOn", "<=", weeks[weeks.length - 1].end)
      .where((eb) => eb.or([eb("toOn", "is", null), eb("toOn", ">=", weeks[0].start)]))
      .execute()
  ).map((r) => r.memberId);
  const runs = reportStatements(kx, year, asOf, leaders, liners);
  const out: QueryFigure[] = [];
  for (const [name, query] of runs) {
    const { sql: text, parameters } = query.compile(kx);
    out.push(await timeAlone(kx, name, text, parameters));
  }
  return out;
}

/**
 * The statements `rollupOf(orgId)` runs on `kx`, in order (compiled by a plugin that records
 * each query's SQL and parameters, the ledger version lookup left out), each alone with EXPLAIN;
 * the first call builds the compliance report and is not listed, as on SQLite.
 */
async function rollupStatementsPg(kx: Kysely<DB>, orgId: number, year: number, asOf: string): Promise<StatementFigure[]> {
  const seen: Array<{ text: string; params: readonly unknown[] }> = [];
  const executor = kx.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      const c = executor.compileQuery(args.node, args.queryId);
      if (!/LedgerVersion|^(BEGIN|COMMIT|ROLLBACK|START|SET)/i.test(c.sql)) seen.push({ text: c.sql, params: c.parameters });
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const rec = kx.withPlugin(recorder);
  await rollupOf(rec, orgId, year, asOf);
  seen.length = 0;
  await rollupOf(rec, orgId, year, asOf);
  const table = (s: string) => /FROM\s+"?(\w+)"?/i.exec(s.replace(/\(SELECT[^()]*\)/g, ""))?.[1] ?? "?";
  const out: StatementFigure[] = [];
  for (const [i, s] of seen.entries()) out.push(await timeAlone(kx, `${i + 1}. ${table(s.text)}`, s.text, s.params));
  return out;
}

/** rollup-bench.ts `benchRollup` on PostgreSQL: the same figures against the same GROUP BYs in PostgreSQL's SQL. */
export async function benchRollupPg(kx: Kysely<DB>, year: number, asOf: string, runs: number, coldRuns = 3): Promise<RollupFigures> {
  const range = yearRange(year, asOf);
  const root = await kx.selectFrom("Org").select(["id", "path"]).where("parentId", "is", null).orderBy("id").limit(1).executeTakeFirstOrThrow();
  const branchesOf = async (prefix: string) =>
    (await kx.selectFrom("Org").select("id").where("kind", "=", "BRANCH").where("path", "like", `${prefix}%`).execute()).map((r) => r.id);
  const townships = await kx.selectFrom("Org").select(["id", "code", "path"]).where("kind", "=", "TOWNSHIP").orderBy("id").execute();
  let township = { id: 0, code: "", path: "", n: -1 };
  for (const t of townships) {
    const n = (await branchesOf(t.path)).length;
    if (n > township.n) township = { ...t, n }; // the most branches, the lowest id on ties (as on SQLite)
  }
  const townshipBranches = JSON.stringify(await branchesOf(township.path));
  const county = floorOf(floorSql(false), range);
  const scoped = floorOf(floorSql(true), { ...range, branches: townshipBranches });
  const bare = floorOf(Object.fromEntries(BARE.map((s, i) => [String(i), s])), range);

  const { subjects, sizes } = rollupSubjects(kx, root.id, township.id, year, asOf);
  const t = await timeInterleavedAsync(
    {
      floor: readAll(kx, county),
      townshipFloor: readAll(kx, scoped),
      bare: readAll(kx, bare),
      ...subjects,
    },
    runs,
  );
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    await bumpVersion(kx);
    cold.push(await timeOnceAsync(async () => JSON.stringify(await rollupOf(kx, root.id, year, asOf))));
  }
  const rollupQueries = { county: await rollupStatementsPg(kx, root.id, year, asOf), township: await rollupStatementsPg(kx, township.id, year, asOf) };
  const floorQueries: StatementFigure[] = [];
  for (const f of county) floorQueries.push(await timeAlone(kx, `county ${f.name}`, f.text, f.params));
  for (const f of scoped) floorQueries.push(await timeAlone(kx, `township ${f.name}`, f.text, f.params));
  return {
    ...(t as Pick<RollupFigures, "floor" | "townshipFloor" | "bare" | "county" | "countyFn" | "township" | "townshipFn">),
    countyCold: { wallMs: median(cold.map((s) => s.wallMs)), cpuMs: median(cold.map((s) => s.cpuMs)) },
    coldRuns,
    countyBytes: sizes.countyBytes,
    townshipBytes: sizes.townshipBytes,
    townshipCode: township.code,
    townshipBranches: township.n,
    branches: (await branchesOf(root.path)).length,
    children: sizes.children,
    floorQueries,
    rollupQueries,
  };
}

/** What a roster write's triggers do to the compliance report's versions (rows 1, 3 and 4: everything re-read; no figure changes). */
async function bumpVersion(kx: Kysely<DB>): Promise<void> {
  await kx.updateTable("LedgerVersion").set((eb) => ({ version: eb("version", "+", 1) })).where("id", "in", [1, 3, 4]).execute();
}

/** assessment-bench.ts `benchAssessment` on PostgreSQL: the same figures against the same bare reads in PostgreSQL's SQL. */
export async function benchAssessmentPg(kx: Kysely<DB>, year: number, asOf: string, runs: number, coldRuns = 3): Promise<AssessmentFigures> {
  const floor = floorOf(ASSESSMENT_FLOOR_SQL, { ...yearRange(year, asOf), year });
  const { subjects, sizes } = assessmentSubjects(kx, year, asOf);
  const t = await timeInterleavedAsync({ floor: readAll(kx, floor), ...subjects }, runs);
  const cold: Sample[] = [];
  for (let i = 0; i < coldRuns; i++) {
    await bumpVersion(kx);
    cold.push(await timeOnceAsync(async () => JSON.stringify(assessmentJson(await assessmentOf(kx, year, asOf)))));
  }
  const count = async (table: "Ballot" | "SurveyAnswer") =>
    Number((await kx.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).where("year", "=", year).executeTakeFirstOrThrow()).n);
  return {
    floor: t.floor,
    json: t.json,
    fn: t.fn,
    cold: { wallMs: median(cold.map((s) => s.wallMs)), cpuMs: median(cold.map((s) => s.cpuMs)) },
    coldRuns,
    units: sizes.units,
    complete: sizes.complete,
    ballots: await count("Ballot"),
    answers: await count("SurveyAnswer"),
    bytes: sizes.bytes,
  };
}
