/**
 * 三项教育 reads (issue 18 item 4).
 * - `sessionsFor`: the sessions an actor sees — those organized by an org in their reach, and
 *   those they attended — newest first, optionally one member's or one year's.
 * - `sessionDetail`: one session with its attendees, if the actor sees it (else null → 404).
 * - `coverage`: an org's coverage in a year up to `asOf`: the members counted as the roll-up counts
 *   `members` (not ADMIN, registered and active on the last day, placed by the one dated-membership
 *   model, src/domain/orgs/memberships.ts, on that day in the org's subtree), those of them who
 *   attended at least one session dated in the year up to that day, the share (from the counts,
 *   as the roll-up's `trainedShare`), one row per child org, and who is still untrained.
 * Dates: Asia/Shanghai `YYYY-MM-DD`.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../db/kysely.ts";
import { readSnapshot } from "../../db/dialect.ts";
import type { Db } from "../../db/client.ts";
import { isWithin } from "../../core/org-tree.ts";
import { orgWhere, reachesOrg, type Reach } from "../../auth/reach.ts";
import { branchOf, loadMembershipTimeline } from "../orgs/memberships.ts";
import { shareOf, TRAINING_LEVEL_LABELS, type TrainingLevel } from "./rules.ts";

export interface SessionLine {
  id: number;
  heldOn: string;
  level: string;
  levelLabel: string;
  topic: string;
  orgName: string;
  attendees: number;
}

/** Sessions the actor sees, newest first (at most `limit`). */
export async function sessionsFor(db: Db, reach: Reach, opts: { memberId?: number; year?: number } = {}, limit = 200): Promise<SessionLine[]> {
  const yearWhere = opts.year ? { heldOn: { gte: `${opts.year}-01-01`, lte: `${opts.year}-12-31` } } : {};
  const orgIds = reach.subtrees.length ? (await db.org.findMany({ where: orgWhere(reach), select: { id: true } })).map((o) => o.id) : [];
  const seen = { OR: [{ orgId: { in: orgIds } }, { attendees: { some: { memberId: reach.self } } }] };
  const rows = await db.trainingSession.findMany({
    where: { AND: [seen, yearWhere, ...(opts.memberId ? [{ attendees: { some: { memberId: opts.memberId } } }] : [])] },
    orderBy: [{ heldOn: "desc" }, { id: "desc" }],
    take: limit,
    include: { _count: { select: { attendees: true } } },
  });
  const orgs = new Map((await db.org.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.orgId))] } }, select: { id: true, name: true } })).map((o) => [o.id, o.name]));
  return rows.map((r) => ({ id: r.id, heldOn: r.heldOn, level: r.level, levelLabel: TRAINING_LEVEL_LABELS[r.level as TrainingLevel] ?? r.level, topic: r.topic, orgName: orgs.get(r.orgId) ?? "", attendees: r._count.attendees }));
}

/** Session `id` with its attendees, when the actor sees it; null otherwise. */
export async function sessionDetail(db: Db, reach: Reach, id: number) {
  const s = await db.trainingSession.findUnique({ where: { id }, include: { attendees: { select: { memberId: true } } } });
  if (!s) return null;
  const org = await db.org.findUnique({ where: { id: s.orgId }, select: { name: true, code: true, path: true } });
  if (!org) return null;
  const attended = s.attendees.some((a) => a.memberId === reach.self);
  if (!attended && !reachesOrg(reach, org.path)) return null;
  const people = await db.member.findMany({ where: { id: { in: s.attendees.map((a) => a.memberId) } }, select: { id: true, name: true, username: true, branch: { select: { name: true, path: true } } }, orderBy: { username: "asc" } });
  // A member sees the list of who attended; the links to people open for those in reach only.
  return {
    id: s.id,
    heldOn: s.heldOn,
    level: s.level,
    levelLabel: TRAINING_LEVEL_LABELS[s.level as TrainingLevel] ?? s.level,
    topic: s.topic,
    org,
    attendees: people.map((p) => ({ id: p.id, name: p.name, username: p.username, branchName: p.branch.name, open: p.id === reach.self || reachesOrg(reach, p.branch.path) })),
  };
}

export interface CoverageRow {
  code: string;
  name: string;
  members: number;
  trained: number;
  share: number;
}

export interface Coverage extends CoverageRow {
  year: number;
  lastDay: string;
  children: CoverageRow[];
  untrained: { id: number; name: string; username: string; branchName: string }[];
}

/** The coverage of org `org` (see the module comment); its reads on one snapshot. */
export async function coverage(kx: Kysely<DB>, org: { id: number; code: string; name: string; path: string }, year: number, asOf: string): Promise<Coverage> {
  const lastDay = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const { timeline, branches, childOrgs, people, trained } = await readSnapshot(kx, async (tx) => ({
    timeline: await loadMembershipTimeline(tx),
    // Paths are digits and slashes (core/org-tree.ts): no LIKE wildcard to escape.
    branches: new Map((await tx.selectFrom("Org").select(["id", "name", "path"]).where("path", "like", `${org.path}%`).execute()).map((b) => [b.id, b])),
    childOrgs: await tx.selectFrom("Org").select(["id", "code", "name", "path"]).where("parentId", "=", org.id).orderBy("code").execute(),
    people: await tx
      .selectFrom("Member")
      .select(["id", "name", "username"])
      .where("role", "<>", "ADMIN")
      .where("registeredOn", "<=", lastDay)
      .where((eb) => eb.or([eb("deactivatedOn", "is", null), eb("deactivatedOn", ">=", lastDay)]))
      .orderBy("username")
      .execute(),
    trained: new Set(
      lastDay < `${year}-01-01`
        ? []
        : (
            await tx
              .selectFrom("TrainingAttendance as ta")
              .innerJoin("TrainingSession as s", "s.id", "ta.sessionId")
              .select("ta.memberId")
              .distinct()
              .where("s.heldOn", ">=", `${year}-01-01`)
              .where("s.heldOn", "<=", lastDay)
              .execute()
          ).map((r) => r.memberId),
    ),
  }));
  const rows = childOrgs.map((c) => ({ code: c.code, name: c.name, path: c.path, members: 0, trained: 0, share: 0 }));
  let members = 0;
  let done = 0;
  const untrained: Coverage["untrained"] = [];
  for (const p of people) {
    const b = branches.get(branchOf(timeline, p.id, lastDay) ?? -1);
    if (!b) continue;
    members++;
    const yes = trained.has(p.id);
    if (yes) done++;
    else untrained.push({ id: p.id, name: p.name, username: p.username, branchName: b.name });
    const row = rows.find((c) => isWithin(b.path, c.path));
    if (row) {
      row.members++;
      if (yes) row.trained++;
    }
  }
  return {
    year,
    lastDay,
    code: org.code,
    name: org.name,
    members,
    trained: done,
    share: shareOf(done, members),
    children: rows.map(({ path: _path, ...c }) => ({ ...c, share: shareOf(c.trained, c.members) })),
    untrained,
  };
}
