/**
 * How the generator writes: one prepared better-sqlite3 INSERT per seeded table (raw statements,
 * ENVIRONMENT.md: createMany is ten times slower), row counts and the `onProgress` callback about
 * every 100,000 rows, and the date / DateTime text formats. DateTime columns are written exactly
 * as Prisma 7's better-sqlite3 adapter writes them (`2026-03-05T06:30:12.345+00:00`, text), so
 * Prisma reads them back and compares them right.
 */
import type Database from "better-sqlite3";
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

type Stmt = Database.Statement;

/** The prepared INSERTs of the seeded tables, with the rows written so far. */
export class SeedWriter {
  readonly counts = Object.fromEntries(SEED_TABLES.map((t) => [t, 0])) as Record<SeedTable, number>;
  private rows = 0;
  private nextReport = 100_000;
  private readonly stmts: Record<SeedTable, Stmt>;
  private readonly setLeader: Stmt;
  private readonly upsertOrg: Stmt;

  constructor(
    raw: Database.Database,
    private readonly onProgress: ((p: SeedProgress) => void) | undefined,
  ) {
    const ins = (table: string, cols: string[]) =>
      raw.prepare(`INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`);
    this.stmts = {
      Zone: ins("Zone", ["id", "branchId", "name", "description", "leaderId", "establishedOn", "retiredOn", "createdAt"]),
      Line: ins("Line", ["id", "name", "description", "retiredOn", "createdAt"]),
      Department: ins("Department", ["id", "name", "description", "retiredOn", "createdAt"]),
      Member: ins("Member", [
        "id", "branchId", "username", "name", "phone", "passwordHash", "mustChangePassword", "role", "cadreLevel",
        "joinedPartyOn", "registeredOn", "active", "deactivatedOn", "createdAt", "updatedAt",
      ]),
      OrgMembership: ins("OrgMembership", ["memberId", "orgId", "fromOn", "toOn"]),
      Grant: ins("Grant", ["memberId", "orgId", "role", "createdAt"]),
      RoleTerm: ins("RoleTerm", ["memberId", "role", "cadreLevel", "fromOn", "toOn"]),
      ZoneAssignment: ins("ZoneAssignment", ["memberId", "zoneId", "fromOn", "toOn"]),
      LineAssignment: ins("LineAssignment", ["memberId", "lineId", "fromOn", "toOn"]),
      DepartmentAssignment: ins("DepartmentAssignment", ["memberId", "departmentId", "fromOn", "toOn"]),
      Resident: ins("Resident", [
        "id", "zoneId", "name", "phone", "idNumber", "address", "householdSize", "tags", "createdAt", "updatedAt", "deletedAt",
      ]),
      Pairing: ins("Pairing", ["id", "cadreId", "residentId", "startedOn", "endedOn", "endReason", "createdAt"]),
      Activist: ins("Activist", ["id", "zoneId", "name", "sinceOn", "endedOn", "createdAt"]),
      Talk: ins("Talk", [
        "id", "talkerId", "occurredOn", "counterpartKind", "counterpartName", "counterpartMemberId",
        "counterpartResidentId", "reason", "content", "createdAt", "updatedAt", "deletedAt",
      ]),
      LineVisit: ins("LineVisit", [
        "id", "cadreId", "lineId", "departmentId", "visitedAt", "visitedOn", "purpose", "problemsFound", "handling",
        "createdAt", "updatedAt", "deletedAt",
      ]),
      Meeting: ins("Meeting", [
        "id", "kind", "zoneId", "heldOn", "hostId", "place", "residentCount", "topics", "minutes", "createdById",
        "createdAt", "updatedAt", "deletedAt",
      ]),
      MeetingAttendance: ins("MeetingAttendance", ["meetingId", "memberId"]),
      MeetingResident: ins("MeetingResident", ["meetingId", "residentId"]),
      Request: ins("Request", [
        "id", "source", "talkId", "lineVisitId", "meetingId", "zoneId", "residentId", "residentName", "raisedOn",
        "content", "ownerId", "status", "escalatedTo", "handling", "feedbackOn", "feedbackHow", "feedbackContent",
        "closedAt", "createdById", "createdAt", "updatedAt", "deletedAt",
      ]),
      AssistanceRecord: ins("AssistanceRecord", [
        "id", "pairingId", "givenOn", "kind", "amountFen", "description", "createdById", "createdAt", "deletedAt",
      ]),
      ActivistNote: ins("ActivistNote", ["id", "activistId", "authorId", "notedOn", "content", "createdAt", "deletedAt"]),
      SituationReport: ins("SituationReport", [
        "id", "authorId", "reportedOn", "kind", "content", "status", "handledById", "handledAt", "handlingNote",
        "createdAt", "deletedAt",
      ]),
      AuditEntry: ins("AuditEntry", ["id", "actorId", "action", "entity", "entityId", "before", "after", "reason", "at"]),
    };
    this.upsertOrg = raw.prepare(
      `INSERT INTO "Org" ("id", "code", "name", "kind", "parentId", "path", "depth", "setUpOn", "population", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT ("id") DO UPDATE SET "code" = excluded."code", "name" = excluded."name", "kind" = excluded."kind", "parentId" = excluded."parentId",
         "path" = excluded."path", "depth" = excluded."depth", "setUpOn" = excluded."setUpOn", "population" = excluded."population"`,
    );
    this.setLeader = raw.prepare(`UPDATE "Zone" SET "leaderId" = ? WHERE "id" = ?`);
  }

  /** Inserts one row of `table` (values in the column order above). */
  put(table: SeedTable, values: unknown[]): void {
    this.stmts[table].run(values);
    this.counts[table]++;
    this.rows++;
  }

  /** Inserts an org, or updates the one `ensureBaseline` made with the same id. */
  putOrg(values: unknown[]): void {
    this.upsertOrg.run(values);
  }

  /** Sets the leader of a zone written earlier (the members are written after the zones). */
  setZoneLeader(zoneId: number, memberId: number): void {
    this.setLeader.run(memberId, zoneId);
  }

  /** Reports progress when another 100,000 rows have been written since the last report. */
  progress(day: number): void {
    if (this.rows >= this.nextReport) {
      this.nextReport = (Math.floor(this.rows / 100_000) + 1) * 100_000;
      this.onProgress?.({ rows: this.rows, date: ds(day), counts: { ...this.counts } });
    }
  }
}
