/**
 * Compressed responses (issue 16, item 3; `compression` in src/app.ts): read on the wire through
 * node:http (which, unlike supertest and fetch, does not decode the body): a page asked for with
 * `Accept-Encoding: gzip` comes gzipped and decodes to the very page sent without it; a streamed
 * CSV download large enough to fill the gzip stream's buffer (backpressure) still arrives whole
 * and as an attachment; an .xlsx (already zipped) is sent as it is and opens; without
 * Accept-Encoding nothing is compressed.
 */
import http from "node:http";
import { gunzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import { afterAll, describe, expect, it } from "vitest";
import { PASSWORD } from "../support/app.ts";
import { serve } from "../support/browser.ts";
import { login } from "../bench/pages-bench.ts";
import { reviewWorld } from "../review/world.ts";
import { instantOf } from "../../src/rules/index.ts";

const w = await reviewWorld();
const server = await serve(w.t.app);
afterAll(async () => {
  await server.close();
  await w.t.close();
});

const TALKS = 3000; // ~150 KB of CSV: several times the gzip stream's 16 KB buffer
await w.t.db.talk.createMany({
  data: Array.from({ length: TALKS }, (_, i) => ({
    talkerId: w.ganbu,
    occurredOn: `2026-${String(1 + (i % 10)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`,
    counterpartKind: "RESIDENT",
    counterpartName: `群众${i}`,
    reason: "ROUTINE",
    content: `了解生产生活情况，第${i}次谈心，记录较长的一段内容以便压缩`,
    createdAt: instantOf("2026-11-01", "20:00"),
  })),
});

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  wire: Buffer;
}
/** GET `path` as the holder of `cookie`, the body as it came over the wire. */
function get(path: string, cookie: string, gzip: boolean): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { cookie, ...(gzip ? { "accept-encoding": "gzip" } : {}) };
    http
      .get(server.url + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, wire: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

describe("compressed responses", () => {
  it("sends a page gzipped to a browser that accepts it, decoding to the page sent without it", async () => {
    const cookie = await login(server.url, "shuji", PASSWORD);
    const plain = await get("/review?year=2026", cookie, false);
    const zipped = await get("/review?year=2026", cookie, true);
    expect(plain.status).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(zipped.status).toBe(200);
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/i);
    const page = gunzipSync(zipped.wire).toString("utf8");
    expect(page).toBe(plain.wire.toString("utf8"));
    expect(page).toContain('data-member="ganbu"');
    expect(zipped.wire.length).toBeLessThan(plain.wire.length / 3);
  });

  it("streams a large CSV download gzipped, whole, as an attachment", async () => {
    const cookie = await login(server.url, "ganbu", PASSWORD);
    const res = await get("/records/export.csv?kind=talks", cookie, true);
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["content-type"]).toContain("text/csv");
    expect(res.headers["content-disposition"]).toContain("attachment");
    const csv = gunzipSync(res.wire);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.toString("utf8");
    for (const i of [0, 1499, TALKS - 1]) expect(text).toContain(`群众${i}`);
    const rows = text.split("\r\n").filter((l) => l.startsWith("谈心,"));
    expect(rows).toHaveLength(TALKS);
    expect(new Set(rows.map((l) => l.match(/群众(\d+)/)![1])).size).toBe(TALKS); // none lost, none twice
  });

  it("sends an .xlsx as it is (already zipped), and it opens", async () => {
    const cookie = await login(server.url, "shuji", PASSWORD);
    const res = await get("/reports/compliance?year=2026&format=xlsx", cookie, true);
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    expect(res.wire.subarray(0, 2).toString("latin1")).toBe("PK");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.wire as never);
    expect(wb.worksheets.length).toBeGreaterThan(0);
    expect(JSON.stringify(wb.worksheets[0].getSheetValues())).toContain("王干部");
  });
});
