import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { commitImport } from "../../src/import/engine.ts";
import { csv } from "./files.ts";

let t: TestDb;
let ganbu: number;
let other: number;
const opts = () => ({ today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: null });
const headers = ["日期", "谈心人", "谈心对象", "对象类型", "谈心类型", "内容"];

beforeEach(async () => {
  t = await freshDb();
  const { branchId } = await ensureBaseline(t.db);
  const person = (username: string) => t.db.member.create({ data: { branchId, username, name: username, role: "CADRE", registeredOn: "2020-01-01", passwordHash: "x" } });
  ganbu = (await person("ganbu")).id;
  other = (await person("ganbu2")).id;
});
afterEach(() => t.close());

const stored = (talkerId: number, occurredOn: string, counterpartName: string, content: string, deletedAt: Date | null = null) =>
  t.db.talk.create({ data: { talkerId, occurredOn, counterpartKind: "RESIDENT", counterpartName, content, deletedAt } });

describe("a talk import compared with the stored talks", () => {
  it("skips only a row whose date, talker, counterpart and content are all stored (and not deleted)", async () => {
    await stored(ganbu, "2026-03-05", "群众甲", "了解困难");
    await stored(ganbu, "2026-03-05", "群众乙", "了解困难"); // same day, another counterpart
    await stored(other, "2026-03-06", "群众甲", "了解困难"); // another talker
    await stored(ganbu, "2026-03-07", "群众甲", "了解困难", new Date()); // deleted: does not count
    const file = csv(headers, [
      ["2026-03-05", "ganbu", "群众甲", "", "", "了解困难"], // stored → duplicate
      ["2026-03-05", "ganbu", "群众甲", "", "", "了解困难，已帮助"], // other content
      ["2026-03-06", "ganbu", "群众甲", "", "", "了解困难"], // other day for this talker
      ["2026-03-07", "ganbu", "群众甲", "", "", "了解困难"], // the stored one is deleted
      ["2026-03-06", "ganbu2", "群众甲", "", "", "了解困难"], // stored → duplicate
    ]);
    const out = await commitImport(t.kx, "talks", file, "talks.csv", opts());
    expect(out.plan.errors).toEqual([]);
    expect(out.plan.duplicates.map((d) => d.row)).toEqual([2, 6]);
    expect(out).toMatchObject({ committed: true, added: 3 });
    expect(await t.db.talk.count({ where: { deletedAt: null } })).toBe(3 + 3);
  });
});
