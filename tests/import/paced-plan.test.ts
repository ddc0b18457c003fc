/**
 * A preview of a big valid file gives the event loop a turn while its rows are checked (issue 11
 * item 2: "while any import is parsed, other pages keep answering"). No absolute timings: the
 * longest stretch without a timer tick is compared with the preview's own duration.
 */
import { afterEach, describe, expect, it } from "vitest";
import { planImport } from "../../src/import/engine.ts";
import { testApp, type TestApp } from "../support/app.ts";
import { csv } from "./files.ts";

let t: TestApp;
afterEach(() => t.close());

describe("planning an import", () => {
  it("checks 40,000 valid rows without holding the event loop for more than a small part of the preview", async () => {
    t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
    await t.member({ username: "ganbu", role: "CADRE" });
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
