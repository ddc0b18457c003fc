/**
 * A small branch for the 年终备查 tests: shuji the secretary and ganbu the cadre (line 12路,
 * 县管领导干部) in 第一责任区, dangyuan the member in 第二责任区, guanli the admin. Records are
 * written straight through Prisma with the dates each test needs. Today is the testApp default
 * 2026-11-18 (Asia/Shanghai) unless a test sets the clock.
 */
import { instantOf } from "../../src/rules/index.ts";
import { testApp, type TestApp } from "../support/app.ts";

export interface ReviewWorld {
  t: TestApp;
  zoneA: number;
  zoneB: number;
  line: number;
  shuji: number;
  ganbu: number;
  dangyuan: number;
  guanli: number;
  talk(talkerId: number, occurredOn: string, o?: { reason?: string; name?: string; content?: string; createdAt?: Date }): Promise<number>;
  visit(cadreId: number, visitedOn: string, o?: { time?: string; createdAt?: Date }): Promise<number>;
}

export async function reviewWorld(now = "2026-11-18T10:00:00+08:00"): Promise<ReviewWorld> {
  const t = await testApp({ now });
  const zoneA = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2024-01-01" } })).id;
  const zoneB = (await t.db.zone.create({ data: { branchId: t.branchId, name: "第二责任区", establishedOn: "2024-01-01" } })).id;
  const line = (await t.db.line.create({ data: { name: "12路" } })).id;
  const person = async (username: string, name: string, role: "MEMBER" | "CADRE" | "SECRETARY" | "ADMIN", zoneId: number | null, cadreLevel: string | null = null) => {
    const m = await t.member({ username, name, role, cadreLevel, registeredOn: "2024-01-01" });
    if (zoneId) await t.db.zoneAssignment.create({ data: { memberId: m.id, zoneId, fromOn: "2024-01-01" } });
    return m.id;
  };
  const shuji = await person("shuji", "李书记", "SECRETARY", zoneA);
  const ganbu = await person("ganbu", "王干部", "CADRE", zoneA, "COUNTY_MANAGED");
  const dangyuan = await person("dangyuan", "张党员", "MEMBER", zoneB);
  const guanli = await person("guanli", "赵管理", "ADMIN", null);
  await t.db.lineAssignment.create({ data: { memberId: ganbu, lineId: line, fromOn: "2024-01-01" } });
  return {
    t,
    zoneA,
    zoneB,
    line,
    shuji,
    ganbu,
    dangyuan,
    guanli,
    async talk(talkerId, occurredOn, o = {}) {
      const row = await t.db.talk.create({
        data: {
          talkerId,
          occurredOn,
          counterpartKind: "RESIDENT",
          counterpartName: o.name ?? "群众甲",
          reason: o.reason ?? "ROUTINE",
          content: o.content ?? "了解生产生活情况",
          ...(o.createdAt ? { createdAt: o.createdAt } : { createdAt: instantOf(occurredOn, "20:00") }),
        },
      });
      return row.id;
    },
    async visit(cadreId, visitedOn, o = {}) {
      const row = await t.db.lineVisit.create({
        data: {
          cadreId,
          lineId: line,
          visitedAt: instantOf(visitedOn, o.time ?? "08:30"),
          visitedOn,
          purpose: "跟车了解运营",
          createdAt: o.createdAt ?? instantOf(visitedOn, "21:00"),
        },
      });
      return row.id;
    },
  };
}
