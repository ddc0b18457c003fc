/**
 * The small branch the authorization matrix runs in: one person per role (all but the admin in
 * zone A, with line 1), and "qita", a cadre in zone B who owns every "other's" record. Fixture
 * makers create a fresh row per cell (a cell may delete or change it), straight through Prisma.
 * Today is 2026-11-18 (Asia/Shanghai), the testApp default.
 */
import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { TestApp } from "../../support/app.ts";

export const ROLES = ["member", "cadre", "secretary", "admin"] as const;
export type RoleName = (typeof ROLES)[number];

export interface Person {
  id: number;
  username: string;
  zoneId: number | null;
}

export interface World {
  t: TestApp;
  today: string;
  zoneA: number;
  zoneB: number;
  line: number;
  people: Record<RoleName | "other", Person>;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const today = "2026-11-18";
  const zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } })).id;
  const zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2020-01-01" } })).id;
  const line = (await t.db.line.create({ data: { name: "1路" } })).id;
  const make = async (username: string, role: "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN", zoneId: number | null, cadreLevel: string | null = null) => {
    const m = await t.member({ username, name: `${username}同志`, role, cadreLevel });
    if (zoneId) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId, fromOn: "2020-01-01" } });
    if (role === "CADRE" || role === "SECRETARY") await t.db.lineAssignment.create({ data: { memberId: m.id, lineId: line, fromOn: "2020-01-01" } });
    return { id: m.id, username, zoneId };
  };
  const people = {
    member: await make("dangyuan", "MEMBER", zoneA),
    cadre: await make("ganbu", "CADRE", zoneA, "GENERAL"),
    secretary: await make("shuji", "SECRETARY", zoneA),
    admin: await make("guanli", "ADMIN", null),
    other: await make("qita", "CADRE", zoneB, "GENERAL"),
  };
  return { t, today, zoneA, zoneB, line, people };
}

/** The zone that counts as the owner's: their own, or zone A for the admin (who has none). */
export const zoneOf = (w: World, p: Person) => p.zoneId ?? w.zoneA;

let n = 0;
const seq = () => ++n;

export async function talkOf(w: World, p: Person) {
  return (await w.t.db.talk.create({ data: { talkerId: p.id, occurredOn: "2026-11-10", counterpartKind: "RESIDENT", counterpartName: `群众${seq()}`, content: "谈心内容" } })).id;
}

export async function visitOf(w: World, p: Person) {
  const visitedAt = new Date("2026-11-10T01:30:00Z");
  return (await w.t.db.lineVisit.create({ data: { cadreId: p.id, lineId: w.line, visitedAt, visitedOn: "2026-11-10", purpose: "走访" } })).id;
}

export async function residentIn(w: World, zoneId: number) {
  const r = await w.t.db.resident.create({ data: { zoneId, name: `住户${seq()}`, phone: "13800138000", idNumber: "11010519491231002X", address: "某街 1 号" } });
  return r.id;
}

export async function meetingOf(w: World, p: Person) {
  const m = await w.t.db.meeting.create({ data: { kind: "COURTYARD", zoneId: zoneOf(w, p), heldOn: "2026-11-10", hostId: p.id, createdById: p.id, topics: "议题" } });
  return m.id;
}

export async function requestOf(w: World, p: Person) {
  const r = await w.t.db.request.create({
    data: { source: "WALK_IN", zoneId: zoneOf(w, p), residentName: `住户${seq()}`, raisedOn: "2026-11-10", content: "修路", ownerId: p.id, createdById: p.id },
  });
  return r.id;
}

const tableLists = new WeakMap<object, Promise<string[]>>();

/**
 * The app's tables but the sessions and the migrations' own, by name, on either engine (Kysely's
 * introspection of the test database; listed once per database).
 */
export function appTables(t: TestApp): Promise<string[]> {
  let list = tableLists.get(t.kx);
  if (!list) {
    list = t.kx.introspection.getTables().then((tables) =>
      tables
        .filter((x) => !x.isView)
        .map((x) => x.name)
        .filter((n) => n !== "Session" && !n.startsWith("_") && !n.startsWith("sqlite_"))
        .sort(),
    );
    tableLists.set(t.kx, list);
  }
  return list;
}

/** A digest of every table but the sessions: equal digests mean nothing was written (rows sorted by their JSON: no rowid on PostgreSQL). */
export async function fingerprint(t: TestApp): Promise<string> {
  const h = createHash("sha256");
  for (const name of await appTables(t)) {
    const rows = (await sql`SELECT * FROM ${sql.table(name)}`.execute(t.kx)).rows.map((r) => JSON.stringify(r)).sort();
    h.update(name).update(JSON.stringify(rows));
  }
  return h.digest("hex");
}
