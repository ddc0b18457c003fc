/**
 * What an import looks names up in, loaded ONCE per import from the raw better-sqlite3
 * connection (never one query per row; ENVIRONMENT.md), lazily so each kind reads only what it
 * uses: accounts by login name, member and resident ids by name (for 谈心对象), zones, lines,
 * departments by name, closed years. Also carries the import's clock (`today` Asia/Shanghai,
 * `now` instant), the acting admin and, for members, the pre-hashed one-time passwords.
 */
import { foldName } from "../core/names.ts";
import type Database from "better-sqlite3";
import { loadHistories, type Histories } from "./kinds/member-changes.ts";

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

  constructor(
    readonly raw: Database.Database,
    opts: LookupOpts,
  ) {
    this.today = opts.today;
    this.now = opts.now;
    this.actorId = opts.actorId;
  }

  private once<T>(key: string, load: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, load());
    return this.cache.get(key) as T;
  }

  /** The instant as Prisma 7's SQLite adapter writes DateTime text (`2026-03-05T06:30:12.345+00:00`). */
  get stamp(): string {
    return this.now.toISOString().replace("Z", "+00:00");
  }

  get branchId(): number {
    return this.once("branch", () => {
      const row = this.raw.prepare(`SELECT "id" FROM "Org" WHERE "kind" = 'BRANCH' ORDER BY "id" LIMIT 1`).get() as { id: number } | undefined;
      if (!row) throw new Error("no branch: run ensureBaseline first");
      return row.id;
    });
  }

  /** Every org by code (dissolved ones included). */
  get orgs(): Map<string, OrgRef> {
    return this.once("orgs", () => {
      const rows = this.raw.prepare(`SELECT "id", "code", "name", "kind", "parentId", "path", "depth", "setUpOn", "dissolvedOn" FROM "Org"`).all() as OrgRef[];
      return new Map(rows.map((r) => [r.code, r]));
    });
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

  /** Zones by branch id and name: `${branchId}\u0000${name}`. */
  get zonesByBranch(): Map<string, UnitRef & { branchId: number }> {
    return this.once("zonesByBranch", () => {
      const rows = this.raw.prepare(`SELECT "id", "name", "retiredOn", "branchId" FROM "Zone"`).all() as (UnitRef & { name: string; branchId: number })[];
      return new Map(rows.map((r) => [`${r.branchId}\u0000${foldName(r.name)}`, { id: r.id, retiredOn: r.retiredOn, branchId: r.branchId }]));
    });
  }

  /** Every OrgMembership by member id, oldest first. */
  get memberships(): Map<number, { id: number; orgId: number; fromOn: string; toOn: string | null }[]> {
    return this.once("memberships", () => {
      const rows = this.raw.prepare(`SELECT "id", "memberId", "orgId", "fromOn", "toOn" FROM "OrgMembership" ORDER BY "fromOn", "id"`).all() as { id: number; memberId: number; orgId: number; fromOn: string; toOn: string | null }[];
      const m = new Map<number, { id: number; orgId: number; fromOn: string; toOn: string | null }[]>();
      for (const r of rows) {
        if (!m.has(r.memberId)) m.set(r.memberId, []);
        m.get(r.memberId)!.push({ id: r.id, orgId: r.orgId, fromOn: r.fromOn, toOn: r.toOn });
      }
      return m;
    });
  }

  /** Zones by name, each with its branch: a name may be used in several branches. */
  get zonesByName(): Map<string, (UnitRef & { branchId: number })[]> {
    return this.once("zonesByName", () => {
      const rows = this.raw.prepare(`SELECT "id", "name", "retiredOn", "branchId" FROM "Zone" ORDER BY "id"`).all() as (UnitRef & { name: string; branchId: number })[];
      const m = new Map<string, (UnitRef & { branchId: number })[]>();
      for (const r of rows) {
        const name = foldName(r.name); // names compare folded (core/names.ts)
        if (!m.has(name)) m.set(name, []);
        m.get(name)!.push({ id: r.id, retiredOn: r.retiredOn, branchId: r.branchId });
      }
      return m;
    });
  }

  /** The closed years of branches (年终备查, per branch), as "orgId:year" keys. */
  get closures(): Set<string> {
    return this.once("closed", () => new Set((this.raw.prepare(`SELECT "orgId", "year" FROM "YearClosure"`).all() as { orgId: number; year: number }[]).map((r) => `${r.orgId}:${r.year}`)));
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
   */
  branchOn(memberId: number, date: string): number | null {
    const held = (this.memberships.get(memberId) ?? []).filter((m) => m.fromOn <= date && (m.toOn === null || m.toOn >= date)).at(-1);
    return held?.orgId ?? this.branchToday.get(memberId) ?? null;
  }

  /** Member.branchId (the branch today) by member id. */
  private get branchToday(): Map<number, number> {
    return this.once("branchToday", () => new Map((this.raw.prepare(`SELECT "id", "branchId" FROM "Member"`).all() as { id: number; branchId: number }[]).map((r) => [r.id, r.branchId])));
  }

  get members(): Map<string, MemberRef> {
    return this.once("members", () => {
      const rows = this.raw.prepare(`SELECT "id", "username", "name", "role", "active", "registeredOn", "branchId" FROM "Member"`).all() as {
        id: number;
        branchId: number;
        username: string;
        name: string;
        role: string;
        active: number;
        registeredOn: string;
      }[];
      return new Map(rows.map((r) => [r.username, { id: r.id, name: r.name, role: r.role, active: Boolean(r.active), registeredOn: r.registeredOn, branchId: r.branchId }]));
    });
  }

  /** Members import: every member's dated role, zone, line and department history. */
  get histories(): Histories {
    return this.once("histories", () => loadHistories(this.raw));
  }

  get memberIdByName(): Map<string, number> {
    return this.once("memberNames", () => byName(this.raw.prepare(`SELECT "id", "name" FROM "Member"`).all() as { id: number; name: string }[]));
  }

  get residentIdByName(): Map<string, number> {
    return this.once("residentNames", () =>
      byName(this.raw.prepare(`SELECT "id", "name" FROM "Resident" WHERE "deletedAt" IS NULL`).all() as { id: number; name: string }[]),
    );
  }

  get zones(): Map<string, UnitRef> {
    return this.once("zones", () => this.units("Zone"));
  }

  get lines(): Map<string, UnitRef> {
    return this.once("lines", () => this.units("Line"));
  }

  get departments(): Map<string, UnitRef> {
    return this.once("departments", () => this.units("Department"));
  }

  private units(table: "Zone" | "Line" | "Department"): Map<string, UnitRef> {
    const rows = this.raw.prepare(`SELECT "id", "name", "retiredOn" FROM "${table}"`).all() as (UnitRef & { name: string })[];
    return new Map(rows.map((r) => [foldName(r.name), { id: r.id, retiredOn: r.retiredOn }]));
  }

  /** Writes one audit entry (same shape as src/domain/audit/trail.ts) in the running transaction. */
  audit(action: string, entity: string, entityId: number | string, after: unknown, reason?: string): void {
    const stmt = this.once("auditStmt", () =>
      this.raw.prepare(`INSERT INTO "AuditEntry" ("actorId", "action", "entity", "entityId", "before", "after", "reason", "at") VALUES (?, ?, ?, ?, NULL, ?, ?, ?)`),
    );
    stmt.run(this.actorId, action, entity, String(entityId), JSON.stringify(after), reason ?? null, this.stamp);
  }
}
