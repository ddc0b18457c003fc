/**
 * The admin's audit log and import history read in Chinese and Beijing time (QA 7, QA 8):
 * actions, record kinds and before/after field names carry Chinese labels with the raw code kept
 * small beside them (title attribute), unknown codes fall back to the raw code, and 最近的导入
 * shows Asia/Shanghai wall-clock time, not UTC.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { auditActionLabel, auditEntityLabel, auditFieldLabel } from "../../src/domain/audit/labels.ts";

let t: TestApp;
let admin: Agent;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-29T23:30:00+08:00" });
  await t.member({ username: "guanli", name: "管理员甲", role: "ADMIN" });
  admin = await t.loginAs("guanli");
});
afterEach(() => t.close());

describe("the audit log's labels", () => {
  it("names actions, record kinds and fields in Chinese and keeps the raw codes in title attributes", async () => {
    await t.db.auditEntry.create({
      data: {
        action: "talk.create",
        entity: "Talk",
        entityId: "7",
        after: JSON.stringify({ occurredOn: "2026-11-03", counterpartName: "张师傅", reason: "HARDSHIP" }),
      },
    });
    const page = await admin.get("/admin/audit");
    expect(page.status).toBe(200);
    expect(page.text).toContain('<strong class="audit-action" title="talk.create">新增谈心记录</strong>');
    expect(page.text).toContain('<span title="Talk">谈心记录</span> #7');
    expect(page.text).toContain('<code class="audit-code">talk.create</code>');
    expect(page.text).toMatch(/<td title="occurredOn">谈心日期<\/td><td class="pre"><\/td><td class="pre">2026-11-03<\/td>/);
    expect(page.text).toContain('<td title="counterpartName">谈心对象</td>');
    // the record-kind filter lists kinds by their Chinese names, filtering by the code
    expect(page.text).toContain('<option value="Talk">谈心记录</option>');
  });

  it("labels an import's summary (kind, file, rows) and the import action", async () => {
    await t.db.auditEntry.create({
      data: { action: "import.talks", entity: "Import", entityId: "talks.csv", after: JSON.stringify({ kind: "talks", file: "talks.csv", rows: 3, added: 2, duplicates: 1 }) },
    });
    const page = await admin.get("/admin/audit?entity=Import");
    expect(page.text).toContain('title="import.talks">导入谈心记录</strong>');
    expect(page.text).toContain('<td title="kind">导入类型</td>');
    expect(page.text).toContain('<td title="file">文件</td>');
    expect(page.text).toContain('<td title="rows">数据行数</td>');
  });

  it("falls back to the raw code for an action, kind or field it does not know", async () => {
    await t.db.auditEntry.create({
      data: { action: "gadget.polish", entity: "Gadget", entityId: "1", after: JSON.stringify({ shine: "high", constructor: "x" }) },
    });
    const page = await admin.get("/admin/audit");
    expect(page.text).toContain('<strong class="audit-action" title="gadget.polish">gadget.polish</strong>');
    expect(page.text).toContain('<span title="Gadget">Gadget</span>');
    expect(page.text).toContain('<td title="shine">shine</td>');
    expect(page.text).toContain('<td title="constructor">constructor</td>');
  });

  it("reads a field by its record kind: a member's name is 姓名, a zone's is 名称", () => {
    expect(auditFieldLabel("name", "Member")).toBe("姓名");
    expect(auditFieldLabel("name", "Zone")).toBe("名称");
    expect(auditActionLabel("member.password_reset")).toBe("重置密码");
    expect(auditActionLabel("activist_note.delete")).toBe("删除积极分子记事");
    expect(auditActionLabel("import.nothing")).toBe("import.nothing");
    expect(auditActionLabel("toString")).toBe("toString");
    expect(auditEntityLabel("hasOwnProperty")).toBe("hasOwnProperty");
  });
});

describe("最近的导入", () => {
  it("shows when an import ran in Beijing time, not UTC", async () => {
    const { id } = await t.member({ username: "guanli2", name: "管理员乙", role: "ADMIN" });
    await t.db.auditEntry.create({
      data: {
        actorId: id,
        action: "import.talks",
        entity: "Import",
        entityId: "talks.csv",
        after: JSON.stringify({ kind: "talks", file: "talks.csv", rows: 3, added: 2, duplicates: 1 }),
        at: new Date("2026-11-29T15:07:00Z"), // 23:07 in Beijing
      },
    });
    const page = await admin.get("/admin/imports");
    expect(page.status).toBe(200);
    expect(page.text).toContain("<td>2026-11-29 23:07</td><td>管理员乙</td>");
    expect(page.text).not.toContain("UTC");
  });
});
