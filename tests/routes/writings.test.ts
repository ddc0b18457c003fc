/**
 * Writings (issue 18 item 2) through the app: recorded with an optional attachment whose type is
 * decided by its content (a PNG named .exe is accepted as an image; an executable named .pdf is
 * refused), size-limited; a closed year refused; reach per role; the year binder carries them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { MAX_ATTACHMENT_BYTES } from "../../src/domain/writings/attachment.ts";

let t: TestApp;
let c: County;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
});
afterEach(() => t.close());

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

const fields = { kind: "SURVEY_REPORT", writtenOn: "2026-11-10", title: "关于村道建设的调研报告", content: "全村 12 个组，村道总长 18 公里……" };

async function send(username: string, over: Record<string, string> = {}, file?: { data: Buffer; name: string }) {
  const a = await t.loginAs(username);
  let req = a.post("/writings").field("_csrf", await a.csrf());
  for (const [k, v] of Object.entries({ ...fields, ...over })) req = req.field(k, v);
  if (file) req = req.attach("attachment", file.data, file.name);
  return req;
}

describe("recording a writing", () => {
  it("a member records one with a PDF; the attachment downloads with the sniffed type", async () => {
    const res = await send("dy_a1", {}, { data: PDF, name: "调研报告.pdf" });
    expect(res.status).toBe(303);
    const w = await t.db.writing.findFirstOrThrow();
    expect(w).toMatchObject({ authorId: c.branches.a1.member, kind: "SURVEY_REPORT", attachmentType: "application/pdf", attachmentSize: PDF.length, attachmentName: "调研报告.pdf" });
    const a = await t.loginAs("dy_a1");
    const dl = await a.get(`/writings/${w.id}/attachment`).buffer(true);
    expect(dl.status).toBe(200);
    expect(dl.headers["content-type"]).toContain("application/pdf");
    expect(dl.headers["content-disposition"]).toContain("attachment");
    expect(Buffer.compare(dl.body as Buffer, PDF)).toBe(0);
  });

  it("the type comes from the content, not the name: a PNG named .exe is an image; an executable named .pdf is refused", async () => {
    expect((await send("dy_a1", {}, { data: PNG, name: "照片.exe" })).status).toBe(303);
    expect((await t.db.writing.findFirstOrThrow()).attachmentType).toBe("image/png");
    const bad = await send("dy_a1", { title: "第二篇" }, { data: EXE, name: "报告.pdf" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("附件只能是文档");
    expect(bad.text).toContain('value="第二篇"');
    expect(await t.db.writing.count()).toBe(1);
  });

  it("an attachment over the limit is refused on the same form, nothing written", async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20)]);
    const res = await send("dy_a1", {}, { data: big, name: "大文件.pdf" });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    expect(res.text).toContain("关于村道建设的调研报告");
    expect(await t.db.writing.count()).toBe(0);
  });

  it("a writing dated in a closed year is refused; a missing title too", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: c.branches.a1.secretary } });
    const res = await send("dy_a1", { writtenOn: "2025-12-01" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    const noTitle = await send("dy_a1", { title: "" });
    expect(noTitle.status).toBe(422);
    expect(noTitle.text).toContain("请填写标题");
    expect(await t.db.writing.count()).toBe(0);
  });

  it("without an attachment, through a plain form too", async () => {
    const a = await t.loginAs("gb_a1");
    const res = await a.post("/writings").type("form").send({ _csrf: await a.csrf(), ...fields, kind: "PARTY_ANALYSIS" });
    expect(res.status).toBe(303);
    expect((await t.db.writing.findFirstOrThrow()).attachment).toBeNull();
  });
});

describe("reach and the binder", () => {
  it("own, the secretary, reviewers above read it and its attachment; others 404; the binder carries it", async () => {
    await send("dy_a1", {}, { data: PDF, name: "r.pdf" });
    const w = await t.db.writing.findFirstOrThrow();
    const status = async (u: string, path: string) => (await (await t.loginAs(u)).get(path)).status;
    for (const path of [`/writings/${w.id}`, `/writings/${w.id}/attachment`]) {
      expect(await status("dy_a1", path)).toBe(200);
      expect(await status("sj_a1", path)).toBe(200);
      expect(await status("shenhe_a", path)).toBe(200);
      expect(await status("zuzhibu", path)).toBe(200);
      expect(await status("sj_b1", path)).toBe(404);
      expect(await status("gb_a1", path)).toBe(404);
    }
    const sec = await t.loginAs("sj_a1");
    const binder = await sec.get(`/years/2026/members/${c.branches.a1.member}/print`);
    expect(binder.status).toBe(200);
    expect(binder.text).toContain(`data-writing="${w.id}"`);
    expect(binder.text).toContain("全村 12 个组");
    expect((await sec.post(`/writings/${w.id}/delete`).type("form").send({ _csrf: await sec.csrf() })).status).toBe(404);
    const own = await t.loginAs("dy_a1");
    expect((await own.post(`/writings/${w.id}/delete`).type("form").send({ _csrf: await own.csrf() })).status).toBe(303);
    expect(await status("sj_a1", `/writings/${w.id}`)).toBe(404);
  });
});
