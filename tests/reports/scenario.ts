/**
 * Small named scenarios for the compliance report tests: a branch, then members, zones, lines,
 * talks, visits, meetings and pairings written through Prisma on a fresh SQLite file (freshDb()).
 */
import { instantOf } from "../../src/rules/index.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import type { TestDb } from "../support/db.ts";

type Role = "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN";

export interface MemberOpts {
  name?: string;
  role?: Role;
  cadreLevel?: string | null;
  registeredOn?: string;
  deactivatedOn?: string | null;
  /** Role terms to write; default: one term of `role` from `registeredOn` (none for MEMBER/ADMIN). */
  terms?: Array<{ role: Role; cadreLevel?: string | null; fromOn: string; toOn?: string | null }>;
}

export async function scenario(t: TestDb) {
  const { db } = t;
  const { branchId } = await ensureBaseline(db);
  const branch = await db.org.findUniqueOrThrow({ where: { id: branchId } });

  const api = {
    branch,
    async member(username: string, o: MemberOpts = {}) {
      const role = o.role ?? "MEMBER";
      const registeredOn = o.registeredOn ?? "2025-01-01";
      const m = await db.member.create({
        data: {
          branchId: branch.id,
          username,
          name: o.name ?? username,
          passwordHash: "x",
          role,
          cadreLevel: o.cadreLevel ?? null,
          registeredOn,
          deactivatedOn: o.deactivatedOn ?? null,
          active: !o.deactivatedOn,
        },
      });
      await db.orgMembership.create({ data: { memberId: m.id, orgId: branch.id, fromOn: registeredOn } });
      const terms = o.terms ?? (role === "CADRE" || role === "SECRETARY" ? [{ role, cadreLevel: o.cadreLevel ?? null, fromOn: registeredOn }] : []);
      for (const term of terms) {
        await db.roleTerm.create({
          data: { memberId: m.id, role: term.role, cadreLevel: term.cadreLevel ?? null, fromOn: term.fromOn, toOn: term.toOn ?? null },
        });
      }
      return m;
    },
    async cadre(username: string, o: MemberOpts = {}) {
      return api.member(username, { role: "CADRE", ...o });
    },
    async zone(name: string, establishedOn = "2025-01-01", retiredOn: string | null = null) {
      return db.zone.create({ data: { branchId: branch.id, name, establishedOn, retiredOn } });
    },
    async assignZone(memberId: number, zoneId: number, fromOn: string, toOn: string | null = null) {
      return db.zoneAssignment.create({ data: { memberId, zoneId, fromOn, toOn } });
    },
    async line(name: string) {
      return db.line.create({ data: { name } });
    },
    async department(name: string) {
      return db.department.create({ data: { name } });
    },
    async assignLine(memberId: number, lineId: number, fromOn: string, toOn: string | null = null) {
      return db.lineAssignment.create({ data: { memberId, lineId, fromOn, toOn } });
    },
    /** One talk per date (repeat a date for several). */
    async talks(talkerId: number, dates: string[], o: { deleted?: boolean } = {}) {
      await db.talk.createMany({
        data: dates.map((occurredOn, i) => ({
          talkerId,
          occurredOn,
          counterpartKind: "RESIDENT",
          counterpartName: `群众${i + 1}`,
          deletedAt: o.deleted ? new Date() : null,
        })),
      });
    },
    /** One visit per date, to `lineId` (or to a department when `departmentId` is given). */
    async visits(cadreId: number, lineId: number | null, dates: string[], o: { departmentId?: number; deleted?: boolean } = {}) {
      await db.lineVisit.createMany({
        data: dates.map((visitedOn) => ({
          cadreId,
          lineId,
          departmentId: o.departmentId ?? null,
          visitedAt: instantOf(visitedOn, "10:00"),
          visitedOn,
          deletedAt: o.deleted ? new Date() : null,
        })),
      });
    },
    async meeting(kind: string, zoneId: number, heldOn: string, createdById: number, o: { deleted?: boolean } = {}) {
      return db.meeting.create({ data: { kind, zoneId, heldOn, createdById, deletedAt: o.deleted ? new Date() : null } });
    },
    async resident(zoneId: number, name: string) {
      return db.resident.create({ data: { zoneId, name } });
    },
    async pairing(cadreId: number, residentId: number, startedOn: string, endedOn: string | null = null) {
      return db.pairing.create({ data: { cadreId, residentId, startedOn, endedOn } });
    },
    async setting(rule: string, value: number, effectiveFrom: string, cadreLevel: string | null = null) {
      return db.ruleSetting.create({ data: { rule, value, effectiveFrom, cadreLevel } });
    },
  };
  return api;
}

/** `n` dates of `month` (`2026-03`), from day 1 on. */
export function daysOf(month: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, "0")}`);
}
