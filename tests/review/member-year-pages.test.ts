/**
 * A member's year page stays bounded however many records the year holds (issue 11, item 3):
 * 20,000 talks (and thousands of visits and assistance records) give a page of one screenful per
 * list — a summary of counts per month, then each list paged with links — instead of tens of MB.
 * The printed binder holds the first PRINT_CAP rows of each list with a note.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reviewWorld, type ReviewWorld } from "./world.ts";
import { PAGE_SIZE, PRINT_CAP } from "../../src/domain/paging.ts";
import { sql } from "kysely";
import { rowsPerInsert } from "../../src/db/dialect.ts";

let w: ReviewWorld;
beforeEach(async () => {
  w = await reviewWorld();
});
afterEach(() => w.t.close());

const TALKS = 20_000;

/** Rows inserted through Kysely in multi-row statements (both engines). */
async function insertMany<T extends "Talk" | "AssistanceRecord" | "Meeting" | "ActivistNote">(table: T, rows: Record<string, unknown>[]) {
  const kx = w.t.kx;
  const per = rowsPerInsert(kx, Object.keys(rows[0]).length);
  for (let i = 0; i < rows.length; i += per) await kx.insertInto(table).values(rows.slice(i, i + per) as never).execute();
}

/** Bulk rows straight into the tables: `n` talks spread over 2026, plus visits and assistance. */
async function bigYear() {
  const kx = w.t.kx;
  const zoneA = w.zoneA;
  const talks: Record<string, unknown>[] = [];
  for (let i = 0; i < TALKS; i++) {
    const month = String((i % 12) + 1).padStart(2, "0");
    const day = String((i % 28) + 1).padStart(2, "0");
    const on = `2026-${month}-${day}`;
    const at = `${on}T02:00:00.000+00:00`;
    talks.push({ talkerId: w.ganbu, occurredOn: on, counterpartKind: "RESIDENT", counterpartName: `群众${i}号`, reason: "ROUTINE", content: `谈心内容第${i}条`, createdAt: at, updatedAt: at });
  }
  await insertMany("Talk", talks);
  const r = (await kx.insertInto("Resident").values({ zoneId: zoneA, name: "困难户丙", updatedAt: sql`CURRENT_TIMESTAMP` as never }).returning("id").executeTakeFirstOrThrow()).id;
  const p = (await kx.insertInto("Pairing").values({ cadreId: w.ganbu, residentId: r, startedOn: "2025-06-01", createdAt: "2025-06-01T02:00:00.000+00:00" }).returning("id").executeTakeFirstOrThrow()).id;
  const assistance: Record<string, unknown>[] = [];
  for (let i = 0; i < 3000; i++) {
    const on = `2026-${String((i % 12) + 1).padStart(2, "0")}-10`;
    assistance.push({ pairingId: p, givenOn: on, kind: "FUNDS", amountFen: 100, description: `帮扶第${i}次`, createdById: w.ganbu, createdAt: `${on}T02:00:00.000+00:00` });
  }
  await insertMany("AssistanceRecord", assistance);
}

describe("a member's year with very many records", () => {
  it("shows counts per month and one page of each list, with links to the next pages", async () => {
    await bigYear();
    const shuji = await w.t.loginAs("shuji");
    const res = await shuji.get(`/years/2026/members/${w.ganbu}`);
    expect(res.status).toBe(200);
    expect(res.text.length).toBeLessThan(400_000); // one screenful per list, not tens of MB
    expect(res.text).toContain(`谈心记录 <small>${TALKS} 次</small>`);
    expect(res.text).toContain(`第 1 / ${Math.ceil(TALKS / PAGE_SIZE)} 页，共 ${TALKS} 条`);
    expect((res.text.match(/谈心内容第\d+条/g) ?? []).length).toBe(PAGE_SIZE);
    expect((res.text.match(/帮扶第\d+次/g) ?? []).length).toBe(PAGE_SIZE);
    // The summary: 20,000 talks over 12 months, each month linking to its period.
    expect(res.text).toMatch(/<a href="\/years\/2026\/members\/\d+\?period=2026-03">2026-03<\/a><\/td><td>1667<\/td>/);
    expect(res.text).toMatch(/href="\/years\/2026\/members\/\d+\?talksPage=2#talks"/);

    const page2 = await shuji.get(`/years/2026/members/${w.ganbu}?talksPage=2&assistancePage=3`);
    expect(page2.text).toContain(`第 2 / ${Math.ceil(TALKS / PAGE_SIZE)} 页`);
    const shown = (html: string): string[] => html.match(/谈心内容第\d+条/g) ?? [];
    expect(shown(page2.text)).toHaveLength(PAGE_SIZE);
    expect(shown(page2.text).filter((x) => shown(res.text).includes(x))).toEqual([]); // the next rows, not the first again
    expect(page2.text).toContain(`第 3 / ${Math.ceil(3000 / PAGE_SIZE)} 页`);
    // A link to another list's next page keeps this list's page.
    expect(page2.text).toMatch(/href="\/years\/2026\/members\/\d+\?talksPage=2&amp;assistancePage=3&amp;visitsPage=|talksPage=3&amp;assistancePage=3#talks/);

    const far = await shuji.get(`/years/2026/members/${w.ganbu}?talksPage=999999`);
    expect(far.status).toBe(200);
    expect(far.text).toContain(`第 ${Math.ceil(TALKS / PAGE_SIZE)} / ${Math.ceil(TALKS / PAGE_SIZE)} 页`);
  });

  it("prints the first rows of each list with a note that says how many there are", async () => {
    await bigYear();
    const res = await (await w.t.loginAs("shuji")).get(`/years/2026/members/${w.ganbu}/print`);
    expect(res.status).toBe(200);
    expect((res.text.match(/谈心内容第\d+条/g) ?? []).length).toBe(PRINT_CAP);
    expect(res.text).toContain(`仅打印前 ${PRINT_CAP} 条，共 ${TALKS} 条`);
    expect(res.text).toContain("帮扶第0次");
  });

  it("counts 补录 over the whole year, not just the page", async () => {
    await bigYear(); // every row entered on its own day: none late
    const late = { talkerId: w.ganbu, occurredOn: "2026-12-01", counterpartKind: "RESIDENT", counterpartName: "补录的人", reason: "ROUTINE", content: "补录", createdAt: "2026-12-20T01:00:00.000+00:00", updatedAt: sql`CURRENT_TIMESTAMP` };
    await insertMany("Talk", [late, late]);
    const res = await (await w.t.loginAs("shuji")).get(`/years/2026/members/${w.ganbu}`);
    expect(res.text).toContain("2 条补录");
  });
});

describe("a zone's year with very many meetings", () => {
  it("pages the meetings with links, and says how many there are", async () => {
    const meetings: Record<string, unknown>[] = [];
    for (let i = 0; i < 600; i++) {
      const on = `2026-${String((i % 12) + 1).padStart(2, "0")}-15`;
      meetings.push({ kind: "COURTYARD", zoneId: w.zoneA, heldOn: on, place: `院坝${i}号`, topics: "议题", createdById: w.shuji, createdAt: `${on}T02:00:00.000+00:00`, updatedAt: `${on}T02:00:00.000+00:00` });
    }
    await insertMany("Meeting", meetings);
    const shuji = await w.t.loginAs("shuji");
    const res = await shuji.get(`/years/2026/zones/${w.zoneA}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("会议记录 <small>600 次</small>");
    expect((res.text.match(/院坝\d+号/g) ?? []).length).toBe(PAGE_SIZE);
    expect(res.text).toContain(`第 1 / ${600 / PAGE_SIZE} 页，共 600 条`);
    expect(res.text).toMatch(/href="\/years\/2026\/zones\/\d+\?page=2#meetings"/);
    const last = await shuji.get(`/years/2026/zones/${w.zoneA}?page=${600 / PAGE_SIZE}`);
    expect(last.text).toContain(`第 ${600 / PAGE_SIZE} / ${600 / PAGE_SIZE} 页`);
  });
});

describe("a pairing's assistance and an activist's notes", () => {
  it("page the assistance records of one pairing, newest first, and sum all of them", async () => {
    const kx = w.t.kx;
    const r = (await kx.insertInto("Resident").values({ zoneId: w.zoneA, name: "困难户丁", updatedAt: sql`CURRENT_TIMESTAMP` as never }).returning("id").executeTakeFirstOrThrow()).id;
    const p = (await kx.insertInto("Pairing").values({ cadreId: w.ganbu, residentId: r, startedOn: "2025-06-01" }).returning("id").executeTakeFirstOrThrow()).id;
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 120; i++) rows.push({ pairingId: p, givenOn: `2026-${String((i % 12) + 1).padStart(2, "0")}-01`, kind: "FUNDS", amountFen: 100, description: `物资第${i}批`, createdById: w.ganbu });
    await insertMany("AssistanceRecord", rows);
    const ganbu = await w.t.loginAs("ganbu");
    const res = await ganbu.get(`/pairings/${p}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("帮扶记录（120）");
    expect((res.text.match(/物资第\d+批/g) ?? []).length).toBe(PAGE_SIZE);
    expect(res.text).toContain("合计 120.00 元"); // all 120 records of 1 yuan, not the page's 50
    expect(res.text).toContain(`href="/pairings/${p}?page=2#assistance"`);
    const last = await ganbu.get(`/pairings/${p}?page=3`);
    expect((last.text.match(/物资第\d+批/g) ?? []).length).toBe(120 - 2 * PAGE_SIZE);
  });

  it("page an activist's cultivation notes", async () => {
    const act = (await w.t.kx.insertInto("Activist").values({ zoneId: w.zoneA, name: "积极分子甲", sinceOn: "2025-01-01" }).returning("id").executeTakeFirstOrThrow()).id;
    const notes: Record<string, unknown>[] = [];
    for (let i = 0; i < 75; i++) notes.push({ activistId: act, authorId: w.ganbu, notedOn: "2026-03-01", content: `培养情况第${i}条` });
    await insertMany("ActivistNote", notes);
    const res = await (await w.t.loginAs("ganbu")).get(`/activists/${act}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("培养记录（75）");
    expect((res.text.match(/培养情况第\d+条/g) ?? []).length).toBe(PAGE_SIZE);
    expect(res.text).toContain(`href="/activists/${act}?page=2#notes"`);
  });
});
