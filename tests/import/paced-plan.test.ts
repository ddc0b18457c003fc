/**
 * A preview of a big valid file gives the event loop a turn while its rows are checked (issue 11
 * item 2: "while any import is parsed, other pages keep answering"). No absolute timings: the
 * longest stretch without a timer tick is compared with the preview's own duration.
 */
import { afterEach, describe, expect, it } from "vitest";
import { planImport } from "../../src/import/engine.ts";
import { freshDb, type TestDb } from "../support/db.ts";
import { ensureBaseline } from "../../src/domain/baseline.ts";
import { csv } from "./files.ts";

let t: TestDb;
afterEach(() => t.close());

describe("planning an import", () => {
  it("checks 40,000 valid rows without holding the event loop for more than a small part of the preview", async () => {
    // A database only (no app): the preview is planImport on Kysely, on either engine.
    t = await freshDb();
    const { branchId } = await ensureBaseline(t.db);
    await t.db.member.create({ data: { branchId, username: "ganbu", name: "干部甲", role: "CADRE", registeredOn: "2020-01-01", passwordHash: "x" } });
    const rows = Array.from({ length: 40_000 }, (_, i) => [`2026-03-${String((i % 28) + 1).padStart(2, "0")}`, "ganbu", `群众${i}`, "生活困难", `了解情况${i}`]);
    const file = csv(["日期", "谈心人", "谈心对象", "谈心类型", "内容"], rows);
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    const plan = await planImport(t.kx, "talks", file, "谈心.csv", { today: "2026-11-18", now: new Date(), actorId: null });
    const ended = performance.now();
    clearInterval(timer);
    longest = Math.max(longest, ended - last);
    expect([plan.errors.length, plan.toAdd]).toEqual([0, 40_000]);
    expect(longest).toBeLessThan((ended - started) / 4);
  }, 120_000);
});
