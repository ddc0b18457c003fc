/**
 * `ledger import stationing` and `ledger import training` (docs/FORMATS-stationing-training.md):
 * Chinese headers, all or nothing — a non-village org, an overlap (with a stored stationing or
 * another row), an attendee outside the session's org, a date in a closed year: the errors listed
 * with their rows and nothing written; a good file written once (a second import only duplicates).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { commitImport } from "../../src/import/engine.ts";
import type { ImportKind } from "../../src/import/types.ts";
import { csv, xlsx } from "../import/files.ts";

let t: TestApp;
let c: County;
const opts = () => ({ today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: c.people.rootAdmin });
const run = (kind: ImportKind, file: Buffer, name: string) => commitImport(t.kx, kind, file, name, opts());

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterEach(() => t.close());

describe("importing stationings", () => {
  const headers = ["登录名", "驻村组织", "开始日期", "结束日期", "职务", "类别", "说明"];

  it("a good file is written once with audit entries; a second import reports duplicates", async () => {
    const file = await xlsx(headers, [
      ["gb_a1", "B1", "2026-03-01", "", "书记助理", "驻村干部", ""],
      ["dy_a2", "B2", "2026-01-01", "2026-06-30", "", "大学生村官", "三支一扶"],
    ]);
    const first = await run("stationing", file, "s.xlsx");
    expect(first.plan.errors).toEqual([]);
    expect(first).toMatchObject({ committed: true, added: 2 });
    expect(await t.db.stationing.findFirst({ where: { memberId: c.branches.a2.member } })).toMatchObject({ post: "OTHER", kind: "GRADUATE_OFFICIAL", toOn: "2026-06-30" });
    expect(await t.db.auditEntry.count({ where: { action: "stationing.create" } })).toBe(2);
    const second = await run("stationing", file, "s.xlsx");
    expect(second).toMatchObject({ committed: true, added: 0 });
    expect(second.plan.duplicates.length).toBe(2);
  });

  it("a non-village org, overlaps and a closed year: every error listed, nothing written", async () => {
    await t.db.stationing.create({ data: { memberId: c.branches.b1.cadre, orgId: c.branches.a1.id, fromOn: "2026-01-01", post: "OTHER", kind: "VILLAGE_CADRE" } });
    await t.db.yearClosure.create({ data: { orgId: c.branches.b2.id, year: 2025, closedAt: new Date(), closedById: c.people.rootAdmin } });
    const file = csv(headers, [
      ["gb_a1", "XZB", "2026-03-01", "", "", "驻村干部", ""],
      ["gb_b1", "A2", "2026-05-01", "", "", "驻村干部", ""],
      ["dy_a1", "B1", "2026-03-01", "2026-05-31", "", "三支人员", ""],
      ["dy_a1", "B2", "2026-05-31", "", "", "三支人员", ""],
      ["gb_a2", "B2", "2025-06-01", "", "", "驻村干部", ""],
    ]);
    const before = await t.db.stationing.count();
    const out = await run("stationing", file, "s.csv");
    expect(out.committed).toBe(false);
    const reasons = out.plan.errors.map((e) => `${e.row}:${e.reason}`);
    expect(reasons.find((r) => r.startsWith("2:"))).toContain("不是村（社区）党支部");
    expect(reasons.find((r) => r.startsWith("3:"))).toContain("不能重叠");
    expect(reasons.find((r) => r.startsWith("5:"))).toContain("不能重叠");
    expect(reasons.find((r) => r.startsWith("6:"))).toContain("2025 年度已完成年终备查并关闭");
    expect(await t.db.stationing.count()).toBe(before);
  });
});

describe("importing training attendance", () => {
  const headers = ["日期", "层级", "主题", "组织单位", "参训人"];

  it("rows of one session make one session; an attendee outside the org refuses the whole file", async () => {
    const bad = csv(headers, [
      ["2026-05-20", "乡镇党校", "群众工作方法", "XZA", "gb_a1"],
      ["2026-05-20", "乡镇党校", "群众工作方法", "XZA", "gb_b1"],
    ]);
    const refused = await run("training", bad, "t.csv");
    expect(refused.committed).toBe(false);
    expect(refused.plan.errors.map((e) => e.reason).join()).toContain("不在「甲乡党委」范围内");
    expect(await t.db.trainingSession.count()).toBe(0);

    const good = await xlsx(headers, [
      ["2026-05-20", "乡镇党校", "群众工作方法", "XZA", "gb_a1"],
      ["2026-05-20", "乡镇党校", "群众工作方法", "XZA", "DY_A2"],
      ["2026-06-10", "县委党校", "党性教育", c.root.code, "gb_b1"],
    ]);
    const ok = await run("training", good, "t.xlsx");
    expect(ok.plan.errors).toEqual([]);
    expect(ok).toMatchObject({ committed: true, added: 3 });
    expect(await t.db.trainingSession.count()).toBe(2);
    expect(await t.db.trainingAttendance.count()).toBe(3);
    const again = await run("training", good, "t.xlsx");
    expect(again).toMatchObject({ added: 0 });
    expect(await t.db.trainingAttendance.count()).toBe(3);
  });

  it("a date in a year closed for the attendee's branch is refused", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: c.people.rootAdmin } });
    const out = await run("training", csv(headers, [["2025-05-20", "乡镇党校", "群众工作方法", "XZA", "gb_a1"]]), "t.csv");
    expect(out.committed).toBe(false);
    expect(out.plan.errors[0].reason).toContain("2025 年度已完成年终备查并关闭");
  });
});
