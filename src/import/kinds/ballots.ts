/**
 * 民主测评票 ballots (FORMATS.md): 年度, 被测评单位 (an assessed unit's code), 测评层面 (上级/下级/
 * 平级), 评价 (优秀/称职/基本称职/不称职) required; 测评人 optional. Identical anonymous ballots are
 * legitimate, so only a ballot naming its 测评人 has a natural key (年度 + 单位 + 层面 + 测评人: a
 * rater rates a unit once per level); a file with 测评人 imported twice adds nothing the second time.
 */
import { GRADE_LABELS, LEVEL_LABELS, type Grade, type Level } from "../../domain/assessment/scores.ts";
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { SEP } from "./common.ts";
import { ASSESSMENT_LOOKUPS, unitAtYear, yearAt } from "./assessment-common.ts";

interface BallotRow {
  year: number;
  orgId: number;
  code: string;
  level: Level;
  grade: Grade;
  rater: string;
  row: number;
}

export const ballotsSpec: KindSpec<BallotRow> = {
  kind: "ballots",
  label: "民主测评票",
  columns: [
    { key: "year", header: "年度", required: true, note: "如 2026" },
    { key: "org", header: "被测评单位", required: true, note: "被考核单位的组织代码（乡镇党委或部门）" },
    { key: "level", header: "测评层面", required: true, note: "上级 / 下级 / 平级" },
    { key: "grade", header: "评价", required: true, note: "优秀 / 称职 / 基本称职 / 不称职" },
    { key: "rater", header: "测评人", note: "可不填（匿名）" },
  ],
  example: [{ year: "2026", org: "XZ01", level: "上级", grade: "优秀", rater: "" }],
  lookups: ASSESSMENT_LOOKUPS,
  inFileDuplicate: "error",
  keyColumn: "rater",
  check(row, look) {
    const year = yearAt(row, "year", look);
    const unit = unitAtYear(row, "org", look, year);
    const level = row.choice("level", LEVEL_LABELS);
    const grade = row.choice("grade", GRADE_LABELS);
    const rater = row.name("rater", { max: 50 });
    if (!row.ok || year === null || unit === null || level === null || grade === null) return null;
    return { year, orgId: unit.id, code: unit.code, level, grade, rater, row: row.number };
  },
  key: (r) => (r.rater ? `${r.year}${SEP}${r.orgId}${SEP}${r.level}${SEP}${r.rater}` : `row${SEP}${r.row}`),
  keyLabel: (r) => `${r.year} 年 ${r.code} ${LEVEL_LABELS[r.level]} 测评人「${r.rater}」`,
  async existingKeys(look, recs) {
    const keys = new Set<string>();
    const years = [...new Set(recs.filter((r) => r.rater).map((r) => r.year))];
    for (const y of years) {
      const stored = await look.kx.selectFrom("Ballot").select(["year", "orgId", "level", "rater"]).where("year", "=", y).where("rater", "<>", "").execute();
      for (const b of stored) keys.add(`${b.year}${SEP}${b.orgId}${SEP}${b.level}${SEP}${b.rater}`);
    }
    return keys;
  },
  async write(look, recs) {
    await insertMany(look.kx, "Ballot", recs.map(({ rec: r }) => ({ year: r.year, orgId: r.orgId, level: r.level, grade: r.grade, rater: r.rater, enteredById: look.actorId, enteredAt: look.stamp })));
    return { added: recs.length };
  },
};
