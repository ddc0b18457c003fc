/**
 * What an import looks names up in, loaded ONCE per import through Kysely (never one query per
 * row; ENVIRONMENT.md) by `load(...)` before the rows are checked, so each kind reads only what it
 * declares (KindSpec.lookups) and the checks stay synchronous: accounts by login name, member and resident ids by name (for 谈心对象), zones, lines,
 * departments by name, closed years, and for the 三维考核 kinds the assessed units, finalized years
 * and indicator settings (src/domain/assessment). Also carries the import's clock (`today` Asia/Shanghai,
 * `now` instant), the acting admin and, for members, the pre-hashed one-time passwords.
 */
import { foldName } from "../core/names.ts";
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import { loadHistories, type Histories } from "./kinds/member-changes.ts";
import { insertValues } from "../db/dialect.ts";
import { assessedUnits, finalizedYears, type AssessedUnit } from "../domain/assessment/units.ts";
import { indicatorSettings, type SettingRow } from "../domain/assessment/indicators.ts";

/** The first 年度 the ballots and survey imports accept (kinds/assessment-common.ts `yearAt`). */
export const FIRST_ASSESSMENT_YEAR = 2000;

export interface MemberRef {
  id: number;
  name: string;
  role: string;
  active: boolean;
  registeredOn: string;
  /** The member's branch today (Member.branchId). */
  branchId: number;
}

export interface UnitRef {
  id: number;
  retiredOn: string | null;
}

/** An org of the tree as imports see it (FORMATS.md 组织). */
export interface OrgRef {
  id: number;
  code: string;
  name: string;
  kind: string;
  parentId: number | null;
  path: string;
  depth: number;
  setUpOn: string | null;
  dissolvedOn: string | null;
}

export interface LookupOpts {
  today: string;
  now: Date;
  actorId: number | null;
}

/** What `Lookups.load` can read (each once per import). */
export type LookupKey =
  | "orgs"
  | "zonesByName"
  | "memberships"
  | "closures"
  | "branchToday"
  | "members"
  | "histories"
  | "memberIdByName"
  | "residentIdByName"
  | "residentsByZone"
  | "lines"
  | "departments"
  | "assessedUnits"
  | "finalizedYears"
  | "indicatorSettings";

type Membership = { id: number; orgId: number; fromOn: string; toOn: string | null };

/** Ids by folded name (names.ts; rows stored before folding match too): 0 marks a name held by more than one (never linked). */
function byName(rows: { id: number; name: string }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const name = foldName(r.name);
    m.set(name, m.has(name) ? 0 : r.id);
  }
  return m;
}

export class Lookups {
  readonly today: string;
  readonly now: Date;
  readonly actorId: number | null;
  /** Members import: login name → { password, hash } made before the transaction (Argon2 is async). */
  passwords = new Map<string, { password: string; hash: string }>();
  private cache = new Map<string, unknown>();
  private audits: Record<string, unknown>[] = [];

  constructor(
    /** The database, or the import's transaction when writing. */
    readonly kx: Kysely<DB>,
    opts: LookupOpts,
  ) {
    this.today = opts.today;
    this.now = opts.now;
    this.actorId = opts.actorId;
  }

  /** Reads the lookups `keys` not read yet (one query each; `closures` is always read: Row needs it). */
  async load(keys: readonly LookupKey[]): Promise<void> {
    for (const key of new Set<LookupKey>(["closures", ...keys])) {
      if (!this.cache.has(key)) this.cache.set(key, await this.read(key));
    }
  }

  private async read(key: LookupKey): Promise<unknown> {
    const kx = this.kx;
    switch (key) {
      case "orgs": {
        const rows = (await kx.selectFrom("Org").select(["id", "code", "name", "kind", "parentId", "path", "depth", "setUpOn", "dissolvedOn"]).execute()) as OrgRef[];
        return new Map(rows.map((r) => [r.code, r]));
      }
      case "zonesByName": {
        const rows = await kx.selectFrom("Zone").select(["id", "name", "retiredOn", "branchId"]).orderBy("id").execute();
        const m = new Map<string, (UnitRef & { branchId: number })[]>();
        for (const r of rows) {
          const name = foldName(r.name); // names compare folded (core/names.ts)
          if (!m.has(name)) m.set(name, []);
          m.get(name)!.push({ id: r.id, retiredOn: r.retiredOn, branchId: r.branchId });
        }
        return m;
      }
      case "memberships": {
        const rows = await kx.selectFrom("OrgMembership").select(["id", "memberId", "orgId", "fromOn", "toOn"]).orderBy("fromOn").orderBy("id").execute();
        const m = new Map<number, Membership[]>();
        for (const r of rows) {
          if (!m.has(r.memberId)) m.set(r.memberId, []);
          m.get(r.memberId)!.push({ id: r.id, orgId: r.orgId, fromOn: r.fromOn, toOn: r.toOn });
        }
        return m;
      }
      case "closures":
        return new Set((await kx.selectFrom("YearClosure").select(["orgId", "year"]).execute()).map((r) => `${r.orgId}:${r.year}`));
      // branchToday and memberIdByName are columns of every Member, which `members` has read
      // already when loaded first (talks: 40-120 ms each of a 25,000-member county; issue 16 item 4).
      case "branchToday": {
        const members = this.cache.get("members") as Map<string, MemberRef> | undefined;
        if (members) return new Map([...members.values()].map((m) => [m.id, m.branchId]));
        return new Map((await kx.selectFrom("Member").select(["id", "branchId"]).execute()).map((r) => [r.id, r.branchId]));
      }
      case "members": {
        const rows = await kx.selectFrom("Member").select(["id", "username", "name", "role", "active", "registeredOn", "branchId"]).execute();
        return new Map(rows.map((r) => [r.username, { id: r.id, name: r.name, role: r.role, active: Boolean(r.active), registeredOn: r.registeredOn, branchId: r.branchId }]));
      }
      case "histories":
        return loadHistories(kx);
      case "memberIdByName": {
        const members = this.cache.get("members") as Map<string, MemberRef> | undefined;
        return byName(members ? [...members.values()] : await kx.selectFrom("Member").select(["id", "name"]).execute()); // order-free: a name held twice is 0 either way
      }
      case "residentIdByName":
        return byName(await kx.selectFrom("Resident").select(["id", "name"]).where("deletedAt", "is", null).execute());
      case "residentsByZone": {
        const m = new Map<number, { id: number; name: string }[]>();
        for (const r of await kx.selectFrom("Resident").select(["id", "name", "zoneId"]).where("deletedAt", "is", null).orderBy("id").execute()) {
          if (!m.has(r.zoneId)) m.set(r.zoneId, []);
          m.get(r.zoneId)!.push({ id: r.id, name: foldName(r.name) });
        }
        return m;
      }
      case "lines":
        return this.units("Line");
      case "departments":
        return this.units("Department");
      case "assessedUnits":
        return assessedUnits(kx, FIRST_ASSESSMENT_YEAR);
      case "finalizedYears":
        return finalizedYears(kx);
      case "indicatorSettings":
        return indicatorSettings(kx);
    }
  }

  private async units(table: "Line" | "Department"): Promise<Map<string, UnitRef>> {
    const rows = await this.kx.selectFrom(table).select(["id", "name", "retiredOn"]).execute();
    return new Map(rows.map((r) => [foldName(r.name), { id: r.id, retiredOn: r.retiredOn }]));
  }

  /** A lookup read by `load`. @throws Error when the kind did not declare it (a programming error). */
  private got<T>(key: LookupKey): T {
    if (!this.cache.has(key)) throw new Error(`import lookup "${key}" was not loaded (KindSpec.lookups)`);
    return this.cache.get(key) as T;
  }

  private once<T>(key: string, make: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, make());
    return this.cache.get(key) as T;
  }

  /** The instant as Prisma 7's SQLite adapter writes DateTime text (`2026-03-05T06:30:12.345+00:00`). */
  get stamp(): string {
    return this.now.toISOString().replace("Z", "+00:00");
  }

  /** Every org by code (dissolved ones included). */
  get orgs(): Map<string, OrgRef> {
    return this.got("orgs");
  }

  /** An org by id (null when none). */
  orgById(id: number): OrgRef | null {
    const byId = this.once("orgsById", () => new Map([...this.orgs.values()].map((o) => [o.id, o])));
    return byId.get(id) ?? null;
  }

  /** The number of branches (党支部) not dissolved by `today`: one means 所属组织 may be left out. */
  get openBranches(): OrgRef[] {
    return this.once("openBranches", () => [...this.orgs.values()].filter((o) => o.kind === "BRANCH" && (o.dissolvedOn === null || o.dissolvedOn > this.today)));
  }

  /** Every OrgMembership by member id, oldest first. */
  get memberships(): Map<number, Membership[]> {
    return this.got("memberships");
  }

  /** Zones by name, each with its branch: a name may be used in several branches. */
  get zonesByName(): Map<string, (UnitRef & { branchId: number })[]> {
    return this.got("zonesByName");
  }

  /** The closed years of branches (年终备查, per branch), as "orgId:year" keys. */
  get closures(): Set<string> {
    return this.got("closures");
  }

  /** The closed years of any of the branches `orgIds` (a transfer touches the old and the new one). */
  closedYearsOf(orgIds: (number | null | undefined)[]): Set<number> {
    const years = new Set<number>();
    for (const k of this.closures) {
      const [orgId, year] = k.split(":").map(Number);
      if (orgIds.includes(orgId)) years.add(year);
    }
    return years;
  }

  /**
   * The branch member `memberId` belonged to on `date` (dated OrgMembership); outside every
   * membership (before registration) the branch of the account today, as the web lock does.
   * Needs the lookups `memberships` and `branchToday`.
   */
  branchOn(memberId: number, date: string): number | null {
    const held = (this.memberships.get(memberId) ?? []).filter((m) => m.fromOn <= date && (m.toOn === null || m.toOn >= date)).at(-1);
    return held?.orgId ?? this.got<Map<number, number>>("branchToday").get(memberId) ?? null;
  }

  get members(): Map<string, MemberRef> {
    return this.got("members");
  }

  /**
   * The account of login name `username` (lower-case) with its username, or undefined: one object
   * per account for the whole import (a copy per row was a tenth of checking 100,000 talks, issue
   * 16 item 4). Callers read it only.
   */
  memberRef(username: string): (MemberRef & { username: string }) | undefined {
    const refs = this.once("memberRefs", () => new Map<string, MemberRef & { username: string }>());
    let ref = refs.get(username);
    if (ref === undefined) {
      const m = this.members.get(username);
      if (m === undefined) return undefined;
      ref = { ...m, username };
      refs.set(username, ref);
    }
    return ref;
  }

  /** Members import: every member's dated role, zone, line and department history. */
  get histories(): Histories {
    return this.got("histories");
  }

  get memberIdByName(): Map<string, number> {
    return this.got("memberIdByName");
  }

  get residentIdByName(): Map<string, number> {
    return this.got("residentIdByName");
  }

  /** The residents (not deleted) of each zone, names folded, oldest first. */
  get residentsByZone(): Map<number, { id: number; name: string }[]> {
    return this.got("residentsByZone");
  }

  get lines(): Map<string, UnitRef> {
    return this.got("lines");
  }

  get departments(): Map<string, UnitRef> {
    return this.got("departments");
  }

  /**
   * The assessed units of the 三维考核 of any year an import accepts (those not dissolved by 1 Jan
   * of FIRST_ASSESSMENT_YEAR), in path order: a later year's are those not dissolved by its 1 Jan.
   */
  get assessedUnits(): AssessedUnit[] {
    return this.got("assessedUnits");
  }

  /** The years whose 三维考核 is finalized (定稿). */
  get finalizedYears(): Set<number> {
    return this.got("finalizedYears");
  }

  /** Every 民意调查 indicator setting, oldest first (src/domain/assessment/indicators.ts). */
  get indicatorSettings(): SettingRow[] {
    return this.got("indicatorSettings");
  }

  /**
   * Records one audit entry (same shape as src/domain/audit/trail.ts), written in order with the
   * import's others by `flushAudit` in the running transaction.
   */
  audit(action: string, entity: string, entityId: number | string, after: unknown, reason?: string): void {
    this.audits.push({ actorId: this.actorId, action, entity, entityId: String(entityId), before: null, after: JSON.stringify(after), reason: reason ?? null, at: this.stamp });
  }

  /** Writes the audit entries recorded so far (multi-row INSERTs, in the order recorded). */
  async flushAudit(): Promise<void> {
    const rows = this.audits;
    this.audits = [];
    await insertMany(this.kx, "AuditEntry", rows);
  }
}

/**
 * Inserts `rows` (objects with the same keys, the columns) into `table` in order, as multi-row
 * INSERTs sized under the engine's parameter limit (dialect.ts `insertValues`).
 */
export async function insertMany(kx: Kysely<DB>, table: keyof DB & string, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  await insertValues(kx, table, columns, rows.map((r) => columns.map((c) => r[c])));
}
