/**
 * Demo 三进三同 stays and writings (issue 18), generated after the other records from their own
 * fork of the random stream (the rest of the county is unchanged by them). Generated data only.
 * - Stays: each cadre and secretary, per year, 0–3 stays of 1–3 days (about 1.3 on average) with
 *   one of their 结穷亲 households or a household of their zone, in distinct months so that one
 *   cadre's stays never overlap, each begun while they held the role and ended by today.
 * - Writings: each person (not the operator) per year 0–2 (leaders 1–3) of 调研报告, 党性分析,
 *   民情日记 and 发展规划, dated while registered and not after today; no attachments.
 * Writes with its own prepared statements in the caller's transaction.
 */
import type { Kysely } from "kysely";
import type { DB } from "../db/kysely.ts";
import type { SeedContext } from "./context.ts";
import { isLeader, roleAt, zoneAt } from "./people.ts";
import type { Rng } from "./random.ts";
import { at, ds, insertRows } from "./writer.ts";
import { toDayNumber } from "../rules/index.ts";

const DIARIES = [
  "白天和老乡一起下地干活，晚上围着火塘拉家常，了解到今年烤烟收购价偏低，群众希望能引进新品种。",
  "同吃同住三天，看到村里年轻人大多外出务工，留守老人看病不方便，建议村卫生室增加巡诊次数。",
  "帮助农户采摘核桃，听群众反映通组道路雨季泥泞，运输农产品困难。",
  "和房东一起喂猪、砍柴，了解到孩子上学路远，希望增开校车。",
  "参加农户家的劳动，了解到合作社分红情况，群众对产业发展信心较足。",
];
const PROBLEMS = ["通组道路破损，雨季难行", "饮水管道老化，时有断水", "缺少技术培训，种植效益不高", "留守老人就医不便", ""];
const KINDS = ["DIARY", "SURVEY_REPORT", "PARTY_ANALYSIS", "DEVELOPMENT_PLAN"] as const;
const TITLES: Record<(typeof KINDS)[number], string[]> = {
  DIARY: ["民情日记", "入户走访日记", "三进三同民情日记"],
  SURVEY_REPORT: ["关于村级集体经济发展的调研报告", "关于农村饮水安全的调研报告", "关于留守老人生活状况的调研报告", "关于产业结构调整的调研报告"],
  PARTY_ANALYSIS: ["个人党性分析材料", "党性分析报告"],
  DEVELOPMENT_PLAN: ["村级发展规划", "联系点三年发展规划", "产业发展规划（草案）"],
};
const BODIES: Record<(typeof KINDS)[number], string> = {
  DIARY: "今天到联系户家中走访，了解生产生活情况，记录群众所思所盼。",
  SURVEY_REPORT: "一、基本情况；二、存在的主要问题；三、原因分析；四、对策建议。",
  PARTY_ANALYSIS: "对照党章党规，从理想信念、宗旨意识、工作作风等方面查找不足，明确整改措施。",
  DEVELOPMENT_PLAN: "立足资源禀赋，围绕产业发展、基础设施、公共服务三个方面，提出今后三年的目标和措施。",
};

/** The stays and writings of every year of the range (inside the caller's transaction). */
export async function generateStaysAndWritings(ctx: SeedContext, db: Kysely<DB>): Promise<{ stays: number; writings: number }> {
  const rng = ctx.rng.fork("stays-writings");
  // Ids are assigned in row order, as the one-row INSERTs did: the rows are written in that order.
  const stayRows: unknown[][] = [];
  const writingRows: unknown[][] = [];
  const firstYear = Number(ds(ctx.rangeStart).slice(0, 4));
  const lastYear = Number(ds(ctx.rangeEnd).slice(0, 4));
  for (let y = firstYear; y <= lastYear; y++) {
    const yearStart = Math.max(ctx.rangeStart, toDayNumber(`${y}-01-01`));
    const yearEnd = Math.min(ctx.rangeEnd, ctx.todayDay, toDayNumber(`${y}-12-31`));
    if (yearEnd < yearStart) continue;
    for (const p of ctx.persons) {
      if (p.special === "admin") continue;
      const leaderAll = isLeader(p.roles[p.roles.length - 1].role);
      // Stays: distinct months, so one cadre's stays never overlap.
      const n = leaderAll ? rng.weighted([0, 1, 2, 3], [20, 40, 30, 10]) : 0;
      const months = new Set<number>();
      for (let i = 0; i < n; i++) months.add(rng.int(0, 11));
      for (const m of months) {
        const from = yearStart + Math.floor(((yearEnd - yearStart + 1) * m) / 12) + rng.int(0, 20);
        const to = from + rng.int(0, 2);
        if (to > yearEnd || !isLeader(roleAt(p, from)?.role) || !roleAt(p, to)) continue;
        const household = pickHousehold(ctx, rng, p.idx, zoneAt(p, from));
        if (household === null) continue;
        const ways = rng.weighted([[1, 1, 1], [1, 1, 0], [1, 0, 1], [0, 0, 1]], [60, 20, 15, 5]);
        const stamp = at(Math.min(to + rng.int(0, 3), ctx.todayDay), rng.int(19 * 60, 22 * 60));
        stayRows.push([p.id, household, ds(from), ds(to), ways[0], ways[1], ways[2], rng.pick(DIARIES), rng.pick(PROBLEMS), stamp, stamp]);
      }
      // Writings: while registered, not after today.
      const w = leaderAll ? rng.int(1, 3) : rng.weighted([0, 1, 2], [45, 40, 15]);
      for (let i = 0; i < w; i++) {
        const d = rng.int(yearStart, yearEnd);
        if (!roleAt(p, d)) continue;
        const kind = rng.weighted(KINDS, leaderAll ? [35, 30, 20, 15] : [50, 15, 30, 5]);
        writingRows.push([p.id, ds(d), kind, `${y}年${rng.pick(TITLES[kind])}`, BODIES[kind], at(d, rng.int(8 * 60, 22 * 60))]);
      }
    }
  }
  await insertRows(db, "Stay", ["cadreId", "residentId", "fromOn", "toOn", "eat", "live", "work", "diary", "problems", "createdAt", "updatedAt"], stayRows);
  await insertRows(db, "Writing", ["authorId", "writtenOn", "kind", "title", "content", "createdAt"], writingRows);
  return { stays: stayRows.length, writings: writingRows.length };
}

/** One of the cadre's 结穷亲 households, else a household of their zone; null when there is none. */
function pickHousehold(ctx: SeedContext, rng: Rng, personIdx: number, zone: number): number | null {
  const paired = ctx.pairingsByCadre.get(personIdx);
  if (paired && paired.length && rng.chance(0.7)) return rng.pick(paired);
  if (zone < 0 || !ctx.zoneResCount[zone]) return paired?.length ? rng.pick(paired) : null;
  return ctx.residentOfZone(rng, zone);
}
