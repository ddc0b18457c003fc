/**
 * 民意调查 survey answers (FORMATS.md): 年度, 单位 (an assessed unit's code), 调查方式 (电话问卷/
 * 入户访谈/会议调查), 受访编号 required; one column per indicator, answered 满意/基本满意/不满意 or
 * empty. The indicator headers follow the settings (src/domain/assessment/indicators.ts): the
 * county-wide names in force this year, any earlier name of the same position accepted too; a
 * unit answers the indicators in force for it and the year (an answer past them is an error).
 * Natural key: 年度 + 单位 + 受访编号: a respondent twice in one file is an error (counted twice);
 * one already stored with the same method and answers is reported as a duplicate and not added
 * again (the same file imported twice), one stored with other answers is an error (counted twice).
 */
import { ANSWER_LABELS, METHOD_LABELS, type Answer, type Method } from "../../domain/assessment/scores.ts";
import { DEFAULT_INDICATORS, MAX_INDICATORS, indicatorAliasesIn, indicatorsIn } from "../../domain/assessment/indicators.ts";
import type { Column, KindSpec } from "../types.ts";
import { insertMany, type Lookups } from "../lookups.ts";
import { jsonValues } from "../../db/dialect.ts";
import { SEP } from "./common.ts";
import { ASSESSMENT_LOOKUPS, unitAtYear, yearAt } from "./assessment-common.ts";

interface AnswerRow {
  year: number;
  orgId: number;
  code: string;
  method: Method;
  respondentNo: string;
  answers: (Answer | null)[];
}

const FIXED: Column[] = [
  { key: "year", header: "年度", required: true, note: "如 2026" },
  { key: "org", header: "单位", required: true, note: "被考核单位的组织代码" },
  { key: "method", header: "调查方式", required: true, note: "电话问卷 / 入户访谈 / 会议调查" },
  { key: "respondentNo", header: "受访编号", required: true, note: "抽样名单中的受访编号（同一单位同一年度不能重复）" },
];

const ANSWER_BY_LABEL = new Map(Object.entries(ANSWER_LABELS).map(([k, v]) => [v, k as Answer]));
const indicatorCache = new WeakMap<Lookups, Map<string, number>>();

function indicatorColumns(current: readonly string[], aliases: string[][]): Column[] {
  const n = Math.max(current.length, aliases.length);
  return Array.from({ length: n }, (_, i) => {
    const header = current[i] ?? aliases[i][0];
    return { key: `q${i + 1}`, header, note: "满意 / 基本满意 / 不满意，或不填", aliases: (aliases[i] ?? []).filter((a) => a !== header) };
  });
}

/** A sheet's method and answers as stored (to tell the same sheet again from another one). */
const sheetOf = (r: { method: string; answers: (Answer | null)[] | string }) => `${r.method}${SEP}${typeof r.answers === "string" ? r.answers : JSON.stringify(r.answers)}`;

/** The stored sheets of `years`, by natural key (read once per import and year). */
async function storedSheets(look: Lookups, years: number[]): Promise<Map<string, string>> {
  let byYear = storedCache.get(look);
  if (!byYear) storedCache.set(look, (byYear = new Map()));
  const out = new Map<string, string>();
  for (const y of new Set(years)) {
    let rows = byYear.get(y);
    if (!rows) {
      rows = new Map();
      const stored = await look.kx.selectFrom("SurveyAnswer").select(["year", "orgId", "respondentNo", "method", "answers"]).where("year", "=", y).execute();
      for (const a of stored) rows.set(`${a.year}${SEP}${a.orgId}${SEP}${a.respondentNo}`, sheetOf(a));
      byYear.set(y, rows);
    }
    for (const [k, v] of rows) out.set(k, v);
  }
  return out;
}
const storedCache = new WeakMap<Lookups, Map<number, Map<string, string>>>();

export const surveySpec: KindSpec<AnswerRow> = {
  kind: "survey",
  label: "民意调查结果",
  columns: [...FIXED, ...indicatorColumns(DEFAULT_INDICATORS, DEFAULT_INDICATORS.map((n) => [n]))],
  // Needs the lookup indicatorSettings (the engine reads the lookups before calling it).
  columnsFor: (look) => [...FIXED, ...indicatorColumns(indicatorsIn(look.indicatorSettings, Number(look.today.slice(0, 4)), null), indicatorAliasesIn(look.indicatorSettings))],
  example: [{ year: "2026", org: "XZ01", method: "电话问卷", respondentNo: "1", q1: "满意", q2: "基本满意", q3: "" }],
  lookups: [...ASSESSMENT_LOOKUPS, "indicatorSettings"],
  inFileDuplicate: "error",
  keyColumn: "respondentNo",
  check(row, look) {
    const year = yearAt(row, "year", look);
    const unit = unitAtYear(row, "org", look, year);
    const method = row.choice("method", METHOD_LABELS);
    const respondentNo = row.text("respondentNo", { required: true, max: 20 });
    if (respondentNo !== "" && !/^[0-9A-Za-z\-_]{1,20}$/.test(respondentNo)) row.fail("respondentNo", "受访编号应为 1 到 20 位字母或数字");
    let count = 0;
    if (unit && year !== null) {
      let byUnit = indicatorCache.get(look);
      if (!byUnit) indicatorCache.set(look, (byUnit = new Map()));
      const k = `${year}${SEP}${unit.path}`;
      if (!byUnit.has(k)) byUnit.set(k, indicatorsIn(look.indicatorSettings, year, unit.path).length);
      count = byUnit.get(k)!;
    }
    const answers: (Answer | null)[] = [];
    for (let i = 1; i <= MAX_INDICATORS; i++) {
      const s = row.cell(`q${i}`) === null ? "" : row.text(`q${i}`);
      const a = s === "" ? null : ANSWER_BY_LABEL.get(s);
      if (a === undefined) row.fail(`q${i}`, "只能是 满意、基本满意 或 不满意（或不填）");
      else if (i > count && a !== null && count > 0) row.fail(`q${i}`, `该单位 ${year} 年度只有 ${count} 项调查指标`);
      else if (i <= count) answers.push(a);
    }
    if (!row.ok || year === null || unit === null || method === null || respondentNo === "") return null;
    return { year, orgId: unit.id, code: unit.code, method, respondentNo, answers };
  },
  key: (r) => `${r.year}${SEP}${r.orgId}${SEP}${r.respondentNo}`,
  keyLabel: (r) => `${r.year} 年 ${r.code} 受访编号 ${r.respondentNo}`,
  async existingKeys(look, recs) {
    // Only the stored sheets identical to the file's (the same file again): others are `finish`'s errors.
    const keys = new Set<string>();
    const stored = await storedSheets(look, recs.map((r) => r.year));
    for (const r of recs) if (stored.get(surveySpec.key(r)) === sheetOf(r)) keys.add(surveySpec.key(r));
    return keys;
  },
  async finish(look, recs, fail) {
    const stored = await storedSheets(look, recs.map((c) => c.rec.year));
    return recs.filter((c) => {
      if (!stored.has(surveySpec.key(c.rec))) return true;
      fail(c.row, "respondentNo", c.rec.respondentNo, `${c.rec.code} ${c.rec.year} 年度受访编号 ${c.rec.respondentNo} 的调查结果已经录入（内容不同），同一受访者不能计入两次`);
      return false;
    });
  },
  async write(look, recs) {
    // The drawn respondents of the file's years (one read), by year, unit and number.
    const drawn = new Map<string, number>();
    const years = [...new Set(recs.map((c) => c.rec.year))];
    const respondents = await look.kx
      .selectFrom("SurveyRespondent as sr")
      .innerJoin("SurveyDraw as d", "d.id", "sr.drawId")
      .select(["d.year", "d.orgId", "sr.number", "sr.residentId"])
      .where("d.year", "in", jsonValues(look.kx, years, "integer"))
      .orderBy("sr.id")
      .execute();
    for (const s of respondents) {
      const k = `${s.year}${SEP}${s.orgId}${SEP}${s.number}`;
      if (!drawn.has(k)) drawn.set(k, s.residentId);
    }
    await insertMany(
      look.kx,
      "SurveyAnswer",
      recs.map(({ rec: r }) => ({
        year: r.year, orgId: r.orgId, respondentNo: r.respondentNo, method: r.method, answers: JSON.stringify(r.answers),
        residentId: drawn.get(`${r.year}${SEP}${r.orgId}${SEP}${r.respondentNo}`) ?? null, enteredById: look.actorId, enteredAt: look.stamp,
      })),
    );
    return { added: recs.length };
  },
};
