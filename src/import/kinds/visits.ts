/**
 * 走访记录 line visits (FORMATS.md): 日期 (a date-time, Asia/Shanghai, e.g. `2026-03-05 14:30`;
 * without a time, 00:00), 干部 (login name), 线路 (a line's, else a department's name) required;
 * 事由, 发现问题, 处理情况. Not later than now, not in a closed year, not to a line retired by then.
 * Natural key: 日期时间 + 干部 + 线路.
 */
import { instantOf, localDateTimeOf } from "../../rules/index.ts";
import type { KindSpec } from "../types.ts";
import { insertMany } from "../lookups.ts";
import { SEP, dateRange, memberAt, unitAt } from "./common.ts";

interface VisitRow {
  cadreId: number;
  cadre: string;
  visitedOn: string;
  time: string;
  at: string; // instant as stored
  lineId: number | null;
  departmentId: number | null;
  target: string;
  purpose: string;
  problemsFound: string;
  handling: string;
}

const keyOf = (cadreId: number, localDateTime: string, lineId: number | null, departmentId: number | null) =>
  `${cadreId}${SEP}${localDateTime}${SEP}${lineId ?? ""}${SEP}${departmentId ?? ""}`;

export const visitsSpec: KindSpec<VisitRow> = {
  kind: "visits",
  label: "走访记录",
  columns: [
    { key: "date", header: "日期", required: true, note: "日期和时间，如 2026-03-05 14:30" },
    { key: "cadre", header: "干部", required: true, note: "干部的登录名" },
    { key: "line", header: "线路", required: true, note: "线路（或科室）名称，须已存在" },
    { key: "purpose", header: "事由", note: "" },
    { key: "problemsFound", header: "发现问题", note: "" },
    { key: "handling", header: "处理情况", note: "" },
  ],
  example: [{ date: "2026-03-05 14:30", cadre: "wangsl", line: "1路", purpose: "随车了解乘客意见", problemsFound: "早高峰车次不足", handling: "已反映公司调度" }],
  lookups: ["members", "memberships", "branchToday", "lines", "departments"],
  inFileDuplicate: "skip",
  check(row, look) {
    const dt = row.dateTime("date", { required: true });
    const dated = row.notFuture("date", dt?.date ?? null, look.today);
    const cadre = memberAt(row, "cadre", look, { required: true });
    const visitedOn = row.open("date", dated, cadre && dated ? look.branchOn(cadre.id, dated) : null);
    let at: Date | null = null;
    if (dt && visitedOn) {
      at = instantOf(dt.date, dt.time);
      if (at.getTime() > look.now.getTime() + 5 * 60_000) row.fail("date", "走访时间晚于现在");
    }
    const unit = unitAt(row, "line", look, visitedOn, "either", { required: true });
    const purpose = row.text("purpose", { max: 1000 });
    const problemsFound = row.text("problemsFound", { max: 5000 });
    const handling = row.text("handling", { max: 5000 });
    if (!row.ok || !dt || !visitedOn || !at || !cadre || !unit) return null;
    return {
      cadreId: cadre.id,
      cadre: cadre.username,
      visitedOn,
      time: dt.time,
      at: at.toISOString().replace("Z", "+00:00"),
      lineId: unit.kind === "line" ? unit.id : null,
      departmentId: unit.kind === "department" ? unit.id : null,
      target: unit.name,
      purpose,
      problemsFound,
      handling,
    };
  },
  key: (r) => keyOf(r.cadreId, `${r.visitedOn} ${r.time}`, r.lineId, r.departmentId),
  keyLabel: (r) => `${r.visitedOn} ${r.time} ${r.cadre} ${r.target}`,
  async existingKeys(look, recs) {
    const keys = new Set<string>();
    const range = dateRange(recs.map((r) => r.visitedOn));
    if (!range) return keys;
    const cadres = new Set(recs.map((r) => r.cadreId));
    const stored = await look.kx
      .selectFrom("LineVisit")
      .select(["cadreId", "visitedAt", "lineId", "departmentId"])
      .where("visitedOn", ">=", range[0])
      .where("visitedOn", "<=", range[1])
      .where("deletedAt", "is", null)
      .execute();
    for (const v of stored as { cadreId: number; visitedAt: string | number; lineId: number | null; departmentId: number | null }[]) {
      if (!cadres.has(v.cadreId)) continue;
      keys.add(keyOf(v.cadreId, localDateTimeOf(new Date(v.visitedAt)), v.lineId, v.departmentId));
    }
    return keys;
  },
  async write(look, recs) {
    const stamp = look.stamp;
    await insertMany(
      look.kx,
      "LineVisit",
      recs.map(({ rec: r }) => ({ cadreId: r.cadreId, lineId: r.lineId, departmentId: r.departmentId, visitedAt: r.at, visitedOn: r.visitedOn, purpose: r.purpose, problemsFound: r.problemsFound, handling: r.handling, createdAt: stamp, updatedAt: stamp })),
    );
    return { added: recs.length };
  },
};
