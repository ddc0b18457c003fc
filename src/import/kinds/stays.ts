/**
 * 三进三同记录 stays (docs/FORMATS-stays-writings.md; issue 18 item 1): 开始日期, 结束日期, 干部
 * (login name of a 党员干部 or 支部书记), 住户 (the resident's name) and 方式 (any of 同吃、同住、同劳动,
 * separated by 、 , ， / or spaces) required; 责任区 (the household's zone; needed when the name is
 * not unique in the county) with 所属组织 (the zone's branch code, when zone names repeat), 民情日记,
 * 发现问题. Refused (row, column, reason): an end before the start or after today, a year closed
 * for the cadre's branch on either date, a stay overlapping another of the same cadre (stored or
 * in the file). Natural key: 干部 + 开始日期 + 住户 (the same stay imported again is a duplicate).
 */
import { STAY_WAY_LABELS, type StayWay } from "../../core/labels.ts";
import { overlaps, stayDatesProblem } from "../../domain/stays/rules.ts";
import type { KindSpec } from "../types.ts";
import type { Lookups } from "../lookups.ts";
import { insertMany } from "../lookups.ts";
import { jsonValues } from "../../db/dialect.ts";
import { SEP, branchAt, memberAt, zoneAt } from "./common.ts";

interface StayRow {
  cadreId: number;
  cadre: string;
  residentId: number;
  resident: string;
  fromOn: string;
  toOn: string;
  eat: boolean;
  live: boolean;
  work: boolean;
  diary: string;
  problems: string;
}

const keyOf = (cadreId: number, fromOn: string, residentId: number) => `${cadreId}${SEP}${fromOn}${SEP}${residentId}`;
const WAYS = Object.entries(STAY_WAY_LABELS) as [StayWay, string][];

export const staysSpec: KindSpec<StayRow> = {
  kind: "stays",
  label: "三进三同记录",
  columns: [
    { key: "fromOn", header: "开始日期", required: true, note: "如 2026-03-05" },
    { key: "toOn", header: "结束日期", required: true, note: "不早于开始日期，不晚于今天" },
    { key: "cadre", header: "干部", required: true, note: "党员干部或支部书记的登录名" },
    { key: "resident", header: "住户", required: true, note: "群众台账中的姓名" },
    { key: "zone", header: "责任区", note: "住户所在责任区；重名时必填" },
    { key: "branch", header: "所属组织", note: "责任区所属党支部的组织代码；责任区重名时必填" },
    { key: "ways", header: "方式", required: true, note: "同吃、同住、同劳动中的一项或多项，用顿号分隔" },
    { key: "diary", header: "民情日记", note: "了解到的情况" },
    { key: "problems", header: "发现问题", note: "" },
  ],
  example: [{ fromOn: "2026-03-05", toOn: "2026-03-07", cadre: "wangsl", resident: "赵大伯", zone: "第一责任区", branch: "", ways: "同吃、同住、同劳动", diary: "烤烟收购价偏低", problems: "村道破损" }],
  lookups: ["orgs", "members", "memberships", "branchToday", "zonesByName", "residentIdByName", "residentsByZone"],
  inFileDuplicate: "skip",
  check(row, look) {
    const from = row.date("fromOn", { required: true });
    const to = row.date("toOn", { required: true });
    const cadre = memberAt(row, "cadre", look, { required: true });
    if (cadre && cadre.role !== "CADRE" && cadre.role !== "SECRETARY") row.fail("cadre", "三进三同由党员干部或支部书记记录，该账号不是干部");
    let fromOn: string | null = null;
    let toOn: string | null = null;
    if (from && to) {
      const problem = stayDatesProblem({ fromOn: from, toOn: to }, look.today);
      if (problem) row.fail(problem[0], problem[1]);
      else if (cadre) {
        fromOn = row.open("fromOn", from, look.branchOn(cadre.id, from));
        toOn = row.open("toOn", to, look.branchOn(cadre.id, to));
      }
    }
    const branch = branchAt(row, "branch", look);
    const zone = zoneAt(row, "zone", look, null, { branch });
    const residentName = row.name("resident", { required: true, max: 50 });
    let residentId: number | null = null;
    if (residentName !== "") {
      const ids = zone ? residentsIn(look, zone.id, residentName) : null;
      residentId = ids ? (ids.length === 1 ? ids[0] : null) : look.residentIdByName.get(residentName) || null;
      if (residentId === null) {
        if (zone && ids!.length === 0) row.fail("resident", `责任区「${zone.name}」没有名为「${residentName}」的群众`);
        else if (zone || look.residentIdByName.has(residentName)) row.fail("resident", `有多名群众叫「${residentName}」，请填写责任区${zone ? "（或先区分姓名）" : ""}`);
        else row.fail("resident", `群众台账中没有「${residentName}」（请先导入群众）`);
      }
    }
    const words = row.text("ways", { required: true, max: 20 }).split(/[、,，/\s]+/).filter(Boolean);
    const picked = new Set<StayWay>();
    for (const w of words) {
      const way = WAYS.find(([, l]) => l === w);
      if (!way) row.fail("ways", `方式应为 同吃、同住、同劳动 中的一项或多项，「${w}」不是`);
      else picked.add(way[0]);
    }
    const diary = row.text("diary", { max: 10000 });
    const problems = row.text("problems", { max: 5000 });
    if (!row.ok || !cadre || !fromOn || !toOn || residentId === null || picked.size === 0) return null;
    return { cadreId: cadre.id, cadre: cadre.username, residentId, resident: residentName, fromOn, toOn, eat: picked.has("eat"), live: picked.has("live"), work: picked.has("work"), diary, problems };
  },
  key: (r) => keyOf(r.cadreId, r.fromOn, r.residentId),
  keyLabel: (r) => `${r.fromOn} ${r.cadre} 在 ${r.resident} 家`,
  async existingKeys(look, recs) {
    const keys = new Set<string>();
    for (const s of await cadresStays(look, recs.map((r) => r.cadreId))) keys.add(keyOf(s.cadreId, s.fromOn, s.residentId));
    return keys;
  },
  async finish(look, recs, fail) {
    // Overlaps with the cadre's stored stays and with the file's other rows (the duplicates are gone by now).
    const byCadre = new Map<number, { fromOn: string; toOn: string }[]>();
    for (const s of await cadresStays(look, recs.map((c) => c.rec.cadreId))) byCadre.set(s.cadreId, [...(byCadre.get(s.cadreId) ?? []), s]);
    const seen = new Map<number, { fromOn: string; toOn: string; row: number }[]>();
    for (const { row, rec: r } of recs) {
      const hit = (byCadre.get(r.cadreId) ?? []).find((s) => s.fromOn <= r.toOn && s.toOn >= r.fromOn);
      if (hit) fail(row, "fromOn", r.fromOn, `与该干部已有的 ${hit.fromOn} 至 ${hit.toOn} 三进三同记录时间重叠`);
      const mine = seen.get(r.cadreId) ?? [];
      const other = mine.find((o) => overlaps(o, r));
      if (other) fail(row, "fromOn", r.fromOn, `与本文件第 ${other.row} 行（${other.fromOn} 至 ${other.toOn}）时间重叠`);
      mine.push({ fromOn: r.fromOn, toOn: r.toOn, row });
      seen.set(r.cadreId, mine);
    }
    return recs;
  },
  async write(look, recs) {
    const stamp = look.stamp;
    await insertMany(
      look.kx,
      "Stay",
      recs.map(({ rec: r }) => ({ cadreId: r.cadreId, residentId: r.residentId, fromOn: r.fromOn, toOn: r.toOn, eat: r.eat ? 1 : 0, live: r.live ? 1 : 0, work: r.work ? 1 : 0, diary: r.diary, problems: r.problems, createdAt: stamp, updatedAt: stamp })),
    );
    return { added: recs.length };
  },
};

/** The ids of the residents named `name` (folded) in zone `zoneId` (the lookup `residentsByZone`). */
function residentsIn(look: Lookups, zoneId: number, name: string): number[] {
  return (look.residentsByZone.get(zoneId) ?? []).filter((r) => r.name === name).map((r) => r.id);
}

/** The stored stays (not deleted) of the cadres `cadreIds`, oldest id first. */
function cadresStays(look: Lookups, cadreIds: number[]): Promise<{ cadreId: number; fromOn: string; toOn: string; residentId: number }[]> {
  return look.kx
    .selectFrom("Stay")
    .select(["cadreId", "fromOn", "toOn", "residentId"])
    .where("cadreId", "in", jsonValues(look.kx, [...new Set(cadreIds)], "integer"))
    .where("deletedAt", "is", null)
    .orderBy("id")
    .execute();
}
