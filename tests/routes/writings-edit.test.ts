/**
 * Editing a writing (issue 18 item 2, session 4) through the app: the author opens the edit page
 * from the writing's page (filled with it, its attachment named) and saves; the attachment is kept,
 * replaced (checked by content and size as on create) or removed; a bad date, a closed year (the
 * old date or the new), a missing title or a bad file: 422 with the Chinese message, the values
 * typed kept and nothing written; only the author edits (404 to everyone else); audited.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { buildCounty, type County } from "../support/county.ts";
import { MAX_ATTACHMENT_BYTES } from "../../src/domain/writings/attachment.ts";

let t: TestApp;
let c: County;
let writingId: number;
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082", "hex");
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  c = await buildCounty(t);
  writingId = (
    await t.db.writing.create({
      data: { authorId: c.branches.a1.member, writtenOn: "2026-11-10", kind: "SURVEY_REPORT", title: "原来的标题", content: "原来的正文", attachmentName: "原件.pdf", attachmentType: "application/pdf", attachmentSize: PDF.length, attachment: new Uint8Array(PDF) },
    })
  ).id;
});
afterEach(() => t.close());

const fields = { kind: "DEVELOPMENT_PLAN", writtenOn: "2026-11-12", title: "修改后的标题", content: "修改后的正文" };

/** A multipart edit as `username`, like the browser sends it. */
async function send(username: string, over: Record<string, string> = {}, file?: { data: Buffer; name: string }, id = writingId) {
  const a = await t.loginAs(username);
  let req = a.post(`/writings/${id}`).field("_csrf", await a.csrf());
  for (const [k, v] of Object.entries({ ...fields, ...over })) req = req.field(k, v);
  if (file) req = req.attach("attachment", file.data, file.name);
  return req;
}

const row = () => t.db.writing.findUniqueOrThrow({ where: { id: writingId } });
const snapshot = async () => JSON.stringify([await t.db.writing.findMany({ orderBy: { id: "asc" } }), await t.db.auditEntry.count()]);

describe("editing a writing", () => {
  it("the page links to the filled form; saving without a new file keeps the attachment; audited without the bytes", async () => {
    const a = await t.loginAs("dy_a1");
    expect((await a.get(`/writings/${writingId}`)).text).toContain(`href="/writings/${writingId}/edit"`);
    const form = await a.get(`/writings/${writingId}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('value="原来的标题"');
    expect(form.text).toContain("原来的正文");
    expect(form.text).toContain("原件.pdf");
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toMatch(/<option value="SURVEY_REPORT" selected>/);

    const res = await send("dy_a1");
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/writings/${writingId}`);
    const w = await row();
    expect(w).toMatchObject({ kind: "DEVELOPMENT_PLAN", writtenOn: "2026-11-12", title: "修改后的标题", content: "修改后的正文", attachmentName: "原件.pdf", attachmentType: "application/pdf" });
    expect(Buffer.compare(Buffer.from(w.attachment!), PDF)).toBe(0);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "writing.update" } });
    expect(entry).toMatchObject({ entity: "Writing", entityId: String(writingId), actorId: c.branches.a1.member });
    expect(entry.before).toContain("原来的标题");
    expect(entry.after).toContain("修改后的标题");
    expect(entry.after).toContain("原件.pdf");
    expect(entry.after).not.toContain("%PDF");
  });

  it("a plain form (no multipart) edits too, keeping the attachment", async () => {
    const a = await t.loginAs("dy_a1");
    const res = await a.post(`/writings/${writingId}`).type("form").send({ _csrf: await a.csrf(), ...fields });
    expect(res.status).toBe(303);
    expect(await row()).toMatchObject({ title: "修改后的标题", attachmentName: "原件.pdf" });
  });

  it("a new file replaces the attachment (type by content); the remove box removes it", async () => {
    expect((await send("dy_a1", {}, { data: PNG, name: "照片.exe" })).status).toBe(303);
    let w = await row();
    expect(w).toMatchObject({ attachmentName: "照片.exe", attachmentType: "image/png", attachmentSize: PNG.length });
    const dl = await (await t.loginAs("dy_a1")).get(`/writings/${writingId}/attachment`).buffer(true);
    expect(Buffer.compare(dl.body as Buffer, PNG)).toBe(0);

    expect((await send("dy_a1", { removeAttachment: "1" })).status).toBe(303);
    w = await row();
    expect(w).toMatchObject({ attachmentName: null, attachmentType: null, attachmentSize: null, attachment: null });
    expect((await (await t.loginAs("dy_a1")).get(`/writings/${writingId}/attachment`)).status).toBe(404);
  });

  it("a bad file (an executable named .pdf, or one over the limit) is refused with the values kept; the old attachment stays", async () => {
    const before = await snapshot();
    const bad = await send("dy_a1", {}, { data: EXE, name: "报告.pdf" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("附件只能是文档");
    expect(bad.text).toContain('value="修改后的标题"');
    expect(bad.text).toContain("原件.pdf"); // still named as the current attachment
    const big = await send("dy_a1", {}, { data: Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20)]), name: "大文件.pdf" });
    expect(big.status).toBe(422);
    expect(big.text).toContain(`附件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
    expect(big.text).toContain("修改后的标题");
    expect(await snapshot()).toBe(before);
  });

  it("a missing title, a date after today: 422, values kept, nothing written", async () => {
    const before = await snapshot();
    const noTitle = await send("dy_a1", { title: "" });
    expect(noTitle.status).toBe(422);
    expect(noTitle.text).toContain("请填写标题");
    expect(noTitle.text).toContain("修改后的正文");
    const future = await send("dy_a1", { writtenOn: "2026-12-01" });
    expect(future.status).toBe(422);
    expect(future.text).toContain('value="2026-12-01"');
    expect(await snapshot()).toBe(before);
  });

  it("a closed year: moving a writing into it, or editing one dated in it, is refused; the edit page sends back", async () => {
    await t.db.yearClosure.create({ data: { orgId: c.branches.a1.id, year: 2025, closedAt: new Date(), closedById: c.branches.a1.secretary } });
    let before = await snapshot();
    const into = await send("dy_a1", { writtenOn: "2025-12-01" });
    expect(into.status).toBe(422);
    expect(into.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(await snapshot()).toBe(before);

    const old = (await t.db.writing.create({ data: { authorId: c.branches.a1.member, writtenOn: "2025-06-01", kind: "DIARY", title: "旧日记" } })).id;
    before = await snapshot();
    const out = await send("dy_a1", {}, undefined, old);
    expect(out.status).toBe(422);
    expect(out.text).toContain("2025 年度已由支部书记完成年终备查并关闭");
    expect(await snapshot()).toBe(before);
    const page = await (await t.loginAs("dy_a1")).get(`/writings/${old}/edit`);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(`/writings/${old}`);
  });
});

describe("who edits", () => {
  it("only the author: a fellow member changing the id, the secretary, reviewers and the other township get 404; nothing written", async () => {
    const before = await snapshot();
    for (const u of ["gb_a1", "sj_a1", "shenhe_a", "zuzhibu", "guanli_a", "sj_b1", "dy_b1"]) {
      expect((await (await t.loginAs(u)).get(`/writings/${writingId}/edit`)).status, `${u} GET`).toBe(404);
      expect((await send(u, {}, { data: PNG, name: "x.png" })).status, `${u} POST`).toBe(404);
    }
    expect(await snapshot()).toBe(before);
    expect((await (await t.loginAs("sj_a1")).get(`/writings/${writingId}`)).text).not.toContain(`/writings/${writingId}/edit`);
  });
});
