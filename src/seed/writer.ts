/**
 * How the generator writes: rows are buffered per seeded table and written by `flush()` as
 * multi-row Kysely INSERTs (src/db/kysely.ts; the same on SQLite and PostgreSQL; ENVIRONMENT.md:
 * createMany is ten times slower), parents before children (SEED_TABLES' order), inside the
 * caller's transaction. Row counts and the `onProgress` callback about every 100,000 rows, and
 * the date / DateTime text formats. DateTime columns are written exactly as Prisma 7's
 * better-sqlite3 adapter writes them (`2026-03-05T06:30:12.345+00:00`, text), so Prisma reads them
 * back and compares them right.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { excludedSet, rowsPerInsert } from "../db/dialect.ts";
import { fromDayNumber } from "../rules/index.ts";
import { SEED_TABLES, type SeedProgress, type SeedTable } from "./types.ts";

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The Shanghai date of day number `d` (cached: the same few thousand days recur). */
const dateCache = new Map<number, string>();
export function ds(d: number): string {
  let s = dateCache.get(d);
  if (s === undefined) {
    s = fromDayNumber(d);
    dateCache.set(d, s);
  }
  return s;
}

/** The instant at Shanghai day `d`, minute `minute` (may exceed a day), as the adapter writes it. */
export function at(d: number, minute: number, second = 0): string {
  return new Date(d * DAY_MS + minute * 60_000 + second * 1000 - SHANGHAI_MS).toISOString().replace("Z", "+00:00");
}

/** The columns of each seeded table, in the order `put` takes its values. */
const COLUMNS: Record<SeedTable, readonly string[]> = {
  Zone: ["id", "branchId", "name", "description", "leaderId", "establishedOn", "retiredOn", "createdAt"],
  Line: ["id", "name", "description", "retiredOn", "createdAt"],
  Department: ["id", "name", "description", "retiredOn", "createdAt"],
  Member: [
    "id", "branchId", "username", "name", "phone", "passwordHash", "mustChangePassword", "role", "cadreLevel",
    "joinedPartyOn", "registeredOn", "active", "deactivatedOn", "createdAt", "updatedAt",
  ],
  OrgMembership: ["memberId", "orgId", "fromOn", "toOn"],
  Grant: ["memberId", "orgId", "role", "createdAt"],
  RoleTerm: ["memberId", "role", "cadreLevel", "fromOn", "toOn"],
  ZoneAssignment: ["memberId", "zoneId", "fromOn", "toOn"],
  LineAssignment: ["memberId", "lineId", "fromOn", "toOn"],
  DepartmentAssignment: ["memberId", "departmentId", "fromOn", "toOn"],
  Resident: ["id", "zoneId", "name", "phone", "idNumber", "address", "householdSize", "tags", "createdAt", "updatedAt", "deletedAt"],
  Pairing: ["id", "cadreId", "residentId", "startedOn", "endedOn", "endReason", "createdAt"],
  Activist: ["id", "zoneId", "name", "sinceOn", "endedOn", "createdAt"],
  Talk: [
    "id", "talkerId", "occurredOn", "counterpartKind", "counterpartName", "counterpartMemberId",
    "counterpartResidentId", "reason", "content", "createdAt", "updatedAt", "deletedAt",
  ],
  LineVisit: [
    "id", "cadreId", "lineId", "departmentId", "visitedAt", "visitedOn", "purpose", "problemsFound", "handling",
    "createdAt", "updatedAt", "deletedAt",
  ],
  Meeting: [
    "id", "kind", "zoneId", "heldOn", "hostId", "place", "residentCount", "topics", "minutes", "createdById",
    "createdAt", "updatedAt", "deletedAt",
  ],
  MeetingAttendance: ["meetingId", "memberId"],
  MeetingResident: ["meetingId", "residentId"],
  Request: [
    "id", "source", "talkId", "lineVisitId", "meetingId", "zoneId", "residentId", "residentName", "raisedOn",
    "content", "ownerId", "status", "escalatedTo", "handling", "feedbackOn", "feedbackHow", "feedbackContent",
    "closedAt", "createdById", "createdAt", "updatedAt", "deletedAt",
  ],
  AssistanceRecord: ["id", "pairingId", "givenOn", "kind", "amountFen", "description", "createdById", "createdAt", "deletedAt"],
  ActivistNote: ["id", "activistId", "authorId", "notedOn", "content", "createdAt", "deletedAt"],
  SituationReport: [
    "id", "authorId", "reportedOn", "kind", "content", "status", "handledById", "handledAt", "handlingNote",
    "createdAt", "deletedAt",
  ],
  AuditEntry: ["id", "actorId", "action", "entity", "entityId", "before", "after", "reason", "at"],
};

const ORG_COLUMNS = ["id", "code", "name", "kind", "parentId", "path", "depth", "setUpOn", "population", "createdAt"] as const;

/** Rows held before `flushIfFull` writes them (about a few MB of values at county scale). */
const FLUSH_ROWS = 20_000;

/** `values` (in `columns` order) as the object Kysely inserts. */
function record(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) o[columns[i]] = values[i];
  return o;
}

/**
 * Writes `rows` (values in `columns` order) into `table` as multi-row INSERTs sized under the
 * engine's parameter limit, in the given order (tables without explicit ids number them so).
 */
export async function insertRows(db: Kysely<DB>, table: keyof DB & string, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void> {
  const size = rowsPerInsert(db, columns.length);
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size).map((r) => record(columns, r));
    await db.insertInto(table).values(chunk as never).execute();
  }
}

/** The seeded tables' buffered rows, written in order by `flush()`, with the rows written so far. */
export class SeedWriter {
  readonly counts = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  private rows = 0;
  private nextReport = 100_000;
  private buffered = 0;
  private readonly pending = Object.fromEntries(SEED_TABLES.map((t) => [t, []])) as unknown as Record<SeedTable, unknown[][]>;
  private orgs: unknown[][] = [];
  private leaders: [zoneId: number, memberId: number][] = [];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly onProgress: ((p: SeedProgress) => void) | undefined,
  ) {}

  /** Buffers one row of `table` (values in the column order of COLUMNS). */
  put(table: SeedTable, values: unknown[]): void {
    this.pending[table].push(values);
    this.counts[table]++;
    this.rows++;
    this.buffered++;
  }

  /** Buffers an org: inserted, or updating the one `ensureBaseline` made with the same id. */
  putOrg(values: unknown[]): void {
    this.orgs.push(values);
    this.buffered++;
  }

  /** Sets the leader of a zone (applied at the next flush, after the members are written). */
  setZoneLeader(zoneId: number, memberId: number): void {
    this.leaders.push([zoneId, memberId]);
  }

  /** Writes the buffer when it holds FLUSH_ROWS rows or more. */
  async flushIfFull(): Promise<void> {
    if (this.buffered >= FLUSH_ROWS) await this.flush();
  }

  /** Writes every buffered row: orgs, then the tables in SEED_TABLES' order, then zone leaders. */
  async flush(): Promise<void> {
    const db = this.db;
    if (this.orgs.length) {
      const size = rowsPerInsert(db, ORG_COLUMNS.length);
      for (let i = 0; i < this.orgs.length; i += size) {
        const chunk = this.orgs.slice(i, i + size).map((r) => record(ORG_COLUMNS, r));
        await db
          .insertInto("Org")
          .values(chunk as never)
          .onConflict((oc) => oc.column("id").doUpdateSet(excludedSet(ORG_COLUMNS.filter((c) => c !== "id" && c !== "createdAt"))))
          .execute();
      }
      this.orgs = [];
    }
    for (const t of SEED_TABLES) {
      const rows = this.pending[t];
      if (!rows.length) continue;
      await insertRows(db, t, COLUMNS[t], rows);
      this.pending[t] = [];
    }
    for (const [zoneId, memberId] of this.leaders) await db.updateTable("Zone").set({ leaderId: memberId }).where("id", "=", zoneId).execute();
    this.leaders = [];
    this.buffered = 0;
  }

  /** Reports progress when another 100,000 rows have been generated since the last report. */
  progress(day: number): void {
    if (this.rows >= this.nextReport) {
      this.nextReport = (Math.floor(this.rows / 100_000) + 1) * 100_000;
      this.onProgress?.({ rows: this.rows, date: ds(day), counts: { ...this.counts } });
    }
  }
}
