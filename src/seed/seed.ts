/**
 * The demo county generator behind `ledger seed` (FORMATS.md, "Command line"): the public entry.
 *
 * `seedDatabase(url, opts)` fills an EMPTY database with a deterministic made-up county: zones,
 * bus lines, departments, members with their dated role / zone / line history, residents,
 * pairings and assistance, and — from 1 January of the first year up to `today` (Asia/Shanghai,
 * never later) — talks, line visits, meetings with attendance, requests with feedback, activists'
 * notes and situation reports. Same options → same rows (ids, dates, texts, timestamps); only the
 * password hash differs between runs, since Argon2 salts it.
 *
 * How it writes: `ensureBaseline` (Prisma) for the branch and the default rule settings, then
 * batched multi-row Kysely INSERTs (writer.ts; src/db/kysely.ts, the same SQL on SQLite and
 * PostgreSQL) in ONE transaction. Records are generated month by month and written in date order
 * about every 20,000 rows (generate.ts), so memory stays bounded at county scale.
 * The 三维考核 inputs are recorded through the domain's commands (assessment.ts) on the same
 * transaction, on either engine.
 *
 * Who does how much: every person gets a diligence class (60% on pace, 25% a little behind, 15%
 * well behind), which sets their talks per month / year, visits per ISO week, pairings and
 * assistance, so compliance statuses come out mixed. The four demo accounts are fixed:
 * admin (管理员), shuji (支部书记), ganbu (党员干部, 县管领导干部, 3 of 4 pairings, this month's talks
 * behind pace, this week's visits on pace) and dangyuan (党员, talks on pace).
 *
 * The parts: types.ts (options, summary, tables, demo accounts — re-exported here), scales.ts,
 * writer.ts, people.ts, context.ts (one run's state), roster.ts, residents.ts, talks.ts,
 * meetings.ts and generate.ts (the order of work), assessment.ts (the last year's 三维考核 inputs,
 * through the domain's commands); random.ts and names.ts for chance and texts.
 */
import type { Kysely } from "kysely";
import type Database from "better-sqlite3";
import { openDb } from "../db/client.ts";
import { engineOfUrl, openKysely, openSqliteHandle, type DB } from "../db/kysely.ts";
import { ensureBaseline } from "../domain/baseline.ts";
import { hashPassword } from "../auth/password.ts";
import { isValidLocalDate } from "../rules/index.ts";
import { SeedContext } from "./context.ts";
import { generate } from "./generate.ts";
import { seedAssessment } from "./assessment.ts";
import { generateStaysAndWritings } from "./stays.ts";
import { planOrgs, writeOrgs } from "./orgs.ts";
import { SCALES } from "./scales.ts";
import { resetIdSequence, writeTransaction } from "../db/dialect.ts";
import { ROLE_LABELS, type SeedOptions, type SeedSummary } from "./types.ts";
import { ds } from "./writer.ts";
import { seedMeasures } from "./measures.ts";

export {
  DEMO_ACCOUNTS, ROLE_LABELS, SEED_TABLES,
  type Role, type SeedLogin, type SeedOptions, type SeedProgress, type SeedScale, type SeedSummary, type SeedTable,
} from "./types.ts";

/** What the oversight accounts do (they are 党员 in their own branch). */
export const OVERSIGHT_LABELS: Record<string, string> = { zuzhibu: "县委组织部 · 审核全县", xiangzhen: "乡镇组织委员 · 审核大观镇" };

const SEED_CACHE_KIB = Number(process.env.SEED_CACHE_KIB ?? -65536);

/** Tables the seed writes with explicit ids (PostgreSQL's sequences are moved past them). */
const ID_TABLES = [
  "Org", "Zone", "Line", "Department", "Member", "Resident", "Pairing", "Activist", "Talk", "LineVisit", "Meeting",
  "Request", "AssistanceRecord", "ActivistNote", "SituationReport", "AuditEntry",
] as const;

/** Throws unless the database has no members, zones, residents or records. */
async function assertEmpty(db: Kysely<DB>): Promise<void> {
  for (const table of ["Member", "Zone", "Line", "Department", "Resident", "Talk"] as const) {
    const row = await db.selectFrom(table).select("id").limit(1).executeTakeFirst();
    if (row) {
      throw new Error(
        `数据库不是空的（已有${table === "Member" ? "党员" : "数据"}），不能生成演示数据。` +
          ` The database is not empty (table ${table} has rows); seed only fills an empty database.`,
      );
    }
  }
}

function checkOptions(opts: SeedOptions): void {
  if (!(opts.scale in SCALES)) throw new Error(`未知规模 (unknown scale): ${opts.scale}`);
  if (!Number.isInteger(opts.year) || opts.year < 2000 || opts.year > 9000) {
    throw new Error(`年份无效 (invalid year): ${opts.year}`);
  }
  const years = opts.years ?? 1;
  if (!Number.isInteger(years) || years < 1 || years > 20) throw new Error(`年数无效 (invalid years): ${years}`);
  if (!isValidLocalDate(opts.today)) throw new Error(`日期无效 (invalid today, YYYY-MM-DD): ${opts.today}`);
  if (opts.today < `${opts.year - years + 1}-01-01`) {
    throw new Error(`今天 ${opts.today} 早于生成的第一年 (today is before the first generated year ${opts.year - years + 1})`);
  }
  if (!opts.demoPassword) throw new Error("演示密码不能为空 (demo password is empty)");
}

/**
 * Fills the empty database at `url` with a generated county (see the module comment).
 * @throws Error (Chinese and English) when the database already has members or data, or on bad options.
 */
export async function seedDatabase(url: string, opts: SeedOptions): Promise<SeedSummary> {
  checkOptions(opts);
  const raw: Database.Database | null = engineOfUrl(url) === "sqlite" ? openSqliteHandle(url) : null;
  const kdb = openKysely(url, raw ? { sqlite: raw, poolSize: 1 } : { poolSize: 1 });
  try {
    await assertEmpty(kdb);
    const passwordHash = await hashPassword(opts.demoPassword);
    const db = openDb(url);
    let branchId: number;
    let countyId: number;
    try {
      ({ branchId, countyId } = await ensureBaseline(db));
    } finally {
      await db.$disconnect();
    }
    // A smaller page cache than openRaw's 256 MB keeps the county run's memory bounded; the
    // indexes being filled stay well inside it (measured: same speed).
    raw?.pragma(`cache_size = ${SEED_CACHE_KIB}`);
    // BEGIN IMMEDIATE on SQLite: the emptiness check and the writes hold the write lock throughout.
    const { ctx, measures } = await writeTransaction(kdb, async (trx) => {
      await assertEmpty(trx);
      const ctx = new SeedContext(trx, opts, branchId, passwordHash, countyId);
      const max = await trx.selectFrom("Org").select((eb) => eb.fn.max("id").as("m")).executeTakeFirstOrThrow();
      planOrgs(ctx, branchId, Number(max.m ?? 0) + 1);
      writeOrgs(ctx);
      await generate(ctx);
      await seedAssessment(ctx, trx); // the same transaction, on either engine
      await generateStaysAndWritings(ctx, trx); // issue 18: its own random fork, after the rest
      const measures = await seedMeasures(ctx, trx);
      for (const t of ID_TABLES) await resetIdSequence(trx, t);
      return { ctx, measures };
    });
    const counts = { ...ctx.writer.counts, ...measures };
    return {
      scale: opts.scale,
      from: ds(ctx.rangeStart),
      to: ds(ctx.rangeEnd),
      years: Array.from({ length: opts.years ?? 1 }, (_, i) => opts.year - (opts.years ?? 1) + 1 + i),
      counts,
      totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
      logins: ctx.persons.filter((p) => p.special !== "").map((p) => {
        const role = p.roles[p.roles.length - 1].role;
        const roleLabel = OVERSIGHT_LABELS[p.special] ?? ROLE_LABELS[role];
        return { username: p.username, password: opts.demoPassword, role, roleLabel, name: p.name };
      }),
    };
  } finally {
    await kdb.destroy();
    raw?.close();
  }
}
