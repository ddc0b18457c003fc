/**
 * The real app on a fresh migrated SQLite file, for supertest: `testApp({ now })` gives the app,
 * its database, factories for named people (like fixtures: ganbu the cadre, dangyuan the member…)
 * and `loginAs(username)` returning a logged-in agent with a `csrf()` helper.
 */
import request from "supertest";
import type { Express } from "express";
import type { DestinationStream } from "pino";
import { createApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { fixedClock, type Clock } from "../../src/http/clock.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { hashPassword } from "../../src/auth/password.ts";
import { freshDb, type TestDb } from "./db.ts";

export const PASSWORD = "test-pass-123";
let hashed: Promise<string> | undefined;

export interface TestApp extends TestDb {
  app: Express;
  clock: Clock & { set(iso: string): void };
  branchId: number;
  /** The root of the org tree (the default county). */
  countyId: number;
  member(opts: MemberOpts): Promise<{ id: number; username: string }>;
  loginAs(username: string, password?: string): Promise<Agent>;
}

export type Agent = ReturnType<typeof request.agent> & { csrf(path?: string): Promise<string> };

export interface MemberOpts {
  username: string;
  name?: string;
  role?: "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN";
  cadreLevel?: string | null;
  registeredOn?: string;
  active?: boolean;
  /** The member's branch (default: the default branch). */
  branchId?: number;
}

/** Extracts the CSRF token from a page's hidden `_csrf` input. */
export function tokenFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error("no CSRF token on the page");
  return m[1];
}

export interface TestAppOptions {
  now?: string;
  /** How long a write waits for a write lock held elsewhere before the app answers 503 (default 10 s). */
  busyTimeoutMs?: number;
  /** Environment overrides for loadConfig, e.g. { SESSION_IDLE_MINUTES: "5", COOKIE_SECURE: "true" }. */
  env?: Record<string, string>;
  /** Captures the request logs (pino destination). */
  logDestination?: DestinationStream;
}

export async function testApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const t = await freshDb({ busyTimeoutMs: opts.busyTimeoutMs });
  let current = fixedClock(opts.now ?? "2026-11-18T10:00:00+08:00");
  const clock = { now: () => current.now(), set: (iso: string) => (current = fixedClock(iso)) };
  // No service worker unless a test builds one and passes its PWA_DIR (tests/browser/offline-outbox.test.ts).
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", SESSION_SECRET: "test-secret-test-secret", PWA_DIR: ".tmp/no-service-worker", DATABASE_URL: t.url, ...opts.env });
  const { branchId, countyId } = await ensureBaseline(t.db);
  // On PostgreSQL the app gets no raw handle, as src/server.ts gives it none.
  const app = createApp({ db: t.db, kx: t.kx, clock, config, logDestination: opts.logDestination });
  hashed ??= hashPassword(PASSWORD);

  async function member(o: MemberOpts) {
    const role = o.role ?? "MEMBER";
    const registeredOn = o.registeredOn ?? "2020-01-01";
    const m = await t.db.member.create({
      data: {
        branchId: o.branchId ?? branchId,
        username: o.username,
        name: o.name ?? o.username,
        role,
        cadreLevel: o.cadreLevel ?? null,
        registeredOn,
        active: o.active ?? true,
        passwordHash: await hashed!,
      },
    });
    await t.db.orgMembership.create({ data: { memberId: m.id, orgId: o.branchId ?? branchId, fromOn: registeredOn } });
    if (role === "ADMIN") await t.db.grant.create({ data: { memberId: m.id, orgId: countyId, role: "ADMIN" } });
    await t.db.roleTerm.create({ data: { memberId: m.id, role, cadreLevel: o.cadreLevel ?? null, fromOn: registeredOn } });
    return { id: m.id, username: m.username };
  }

  async function loginAs(username: string, password = PASSWORD): Promise<Agent> {
    const agent = request.agent(app) as Agent;
    const page = await agent.get("/login");
    const res = await agent.post("/login").type("form").send({ _csrf: tokenFrom(page.text), username, password });
    if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status}`);
    agent.csrf = async (path = "/account/password") => tokenFrom((await agent.get(path)).text);
    return agent;
  }

  return { ...t, app, clock, branchId, countyId, member, loginAs };
}
