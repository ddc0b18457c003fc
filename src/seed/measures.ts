/**
 * The demo county's 三万计划 stationings and 三项教育 sessions (issue 18 items 3, 4), written after
 * the rest of the county from what is already there (generated data only), with a random stream
 * of their own so that the rest of the county comes out exactly as before:
 * - about 3.5% of the cadres and secretaries (the source: 858 of 25,000 members) stationed in a
 *   village branch (a branch under a township) other than their own, one stationing each, begun in
 *   the last year (a third already ended), kinds weighted as the source's 316 / 298 / 244, a 大学生村官
 *   level cadre as 大学生村官;
 * - per year and township, three 乡镇党校 sessions, and per year two 县委党校 sessions for the
 *   county's departments; each takes about 40% of the members of its org's subtree on its date, so
 *   about four in five members are trained by the year's end.
 * Dates are Asia/Shanghai day numbers (`ds`), none after the last day of the range.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { SeedContext } from "./context.ts";
import { Rng } from "./random.ts";
import { ds, insertRows } from "./writer.ts";
import { rowsPerInsert } from "../db/dialect.ts";
import { toDayNumber } from "../rules/index.ts";

const KINDS = ["VILLAGE_CADRE", "GRADUATE_OFFICIAL", "THREE_SUPPORTS"] as const;
const KIND_W = [316, 298, 244];
const POSTS = ["DEPUTY_SECRETARY", "SECRETARY_ASSISTANT", "DIRECTOR_ASSISTANT", "CLERK", "OTHER"] as const;
const POST_W = [2, 3, 2, 2, 1];
const TOPICS = ["群众路线教育", "党性教育", "政策法规学习", "群众工作方法", "结穷亲帮扶实务", "院坝会组织与议事"];

/** Writes the stationings and sessions; returns how many of each (for the summary's counts). */
export async function seedMeasures(ctx: SeedContext, db: Kysely<DB>): Promise<{ Stationing: number; TrainingSession: number; TrainingAttendance: number }> {
  const rng = new Rng(`measures-${ctx.opts.year}-${ctx.opts.scale}`);
  const first = Math.max(ctx.rangeStart, ctx.rangeEnd - 330);
  // In id order, as SQLite's table scan gave them (the picks below depend on the order).
  const orgs = await db.selectFrom("Org").select(["id", "kind", "path", "parentId"]).orderBy("id").execute();
  const townships = orgs.filter((o) => o.kind === "TOWNSHIP");
  const villages = orgs.filter((o) => o.kind === "BRANCH" && townships.some((t) => o.path.startsWith(t.path)));
  const root = orgs.find((o) => o.parentId === null)!;
  const workCommittees = orgs.filter((o) => o.kind === "WORK_COMMITTEE");

  // 驻村
  const cadres = await db
    .selectFrom("Member")
    .select(["id", "branchId", "cadreLevel"])
    .where("role", "in", ["CADRE", "SECRETARY"])
    .where("active", "=", 1)
    .where("registeredOn", "<=", ds(first))
    .orderBy("id")
    .execute();
  const stations: unknown[][] = [];
  const counted = await db.selectFrom("Member").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "<>", "ADMIN").executeTakeFirstOrThrow();
  const members = Number(counted.n) || 0;
  const chance = cadres.length ? Math.min(0.5, (0.035 * members) / cadres.length) : 0;
  let stationed = 0;
  const stamp = new Date(`${ds(ctx.rangeEnd)}T02:00:00Z`).toISOString().replace("Z", "+00:00");
  for (const c of cadres) {
    if (!rng.chance(chance)) continue;
    const options = villages.filter((v) => v.id !== c.branchId);
    if (!options.length) continue;
    const village = options[rng.int(0, options.length - 1)];
    const from = first + rng.int(0, Math.max(0, ctx.rangeEnd - first - 30));
    const to = rng.chance(1 / 3) ? Math.min(ctx.rangeEnd, from + rng.int(30, 200)) : null;
    const kind = c.cadreLevel === "GRADUATE_OFFICIAL" ? "GRADUATE_OFFICIAL" : rng.weighted(KINDS, KIND_W);
    stations.push([c.id, village.id, ds(from), to === null ? null : ds(to), rng.weighted(POSTS, POST_W), kind, "", stamp]);
    stationed++;
  }
  await insertRows(db, "Stationing", ["memberId", "orgId", "fromOn", "toOn", "post", "kind", "note", "createdAt"], stations);

  // 三项教育
  /** The members of the subtree at `path` on day `d` (a member in two of its branches: twice), by id. */
  const membersOn = async (d: string, path: string) =>
    (
      await db
        .selectFrom("Member as m")
        .innerJoin("OrgMembership as om", (j) =>
          j.onRef("om.memberId", "=", "m.id").on("om.fromOn", "<=", d).on((eb) => eb.or([eb("om.toOn", "is", null), eb("om.toOn", ">=", d)])),
        )
        .innerJoin("Org as o", "o.id", "om.orgId")
        .select("m.id")
        .where("o.path", "like", `${path}%`) // paths hold digits and "/" only: no wildcard to escape
        .where("m.role", "<>", "ADMIN")
        .where("m.registeredOn", "<=", d)
        .where((eb) => eb.or([eb("m.deactivatedOn", "is", null), eb("m.deactivatedOn", ">=", d)]))
        .orderBy("m.id")
        .execute()
    ).map((r) => r.id);
  let sessions = 0;
  let attendances = 0;
  const session = async (day: number, level: string, org: { id: number; path: string }) => {
    if (day > ctx.rangeEnd || day < ctx.rangeStart) return;
    const made = await db
      .insertInto("TrainingSession")
      .values({ heldOn: ds(day), level, topic: TOPICS[rng.int(0, TOPICS.length - 1)], orgId: org.id, createdAt: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
    sessions++;
    const picked = (await membersOn(ds(day), org.path)).filter(() => rng.chance(0.4));
    const size = rowsPerInsert(db, 2);
    for (let i = 0; i < picked.length; i += size) {
      const rows = picked.slice(i, i + size).map((memberId) => ({ sessionId: made.id, memberId }));
      const res = await db.insertInto("TrainingAttendance").values(rows).onConflict((oc) => oc.doNothing()).executeTakeFirst();
      attendances += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
  };
  const firstYear = Number(ds(ctx.rangeStart).slice(0, 4));
  const lastYear = Number(ds(ctx.rangeEnd).slice(0, 4));
  for (let y = firstYear; y <= lastYear; y++) {
    const jan1 = toDayNumber(`${y}-01-01`);
    for (const t of townships) for (const month of [2, 5, 8]) await session(jan1 + month * 30 + rng.int(0, 20), "TOWNSHIP", t);
    for (const w of workCommittees.length ? workCommittees : [root]) for (const month of [3, 9]) await session(jan1 + month * 30 + rng.int(0, 20), "COUNTY", w.kind === "WORK_COMMITTEE" ? { id: root.id, path: w.path } : root);
  }
  return { Stationing: stationed, TrainingSession: sessions, TrainingAttendance: attendances };
}
