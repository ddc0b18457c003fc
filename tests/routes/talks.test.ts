import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "COUNTY_MANAGED" });
  await t.member({ username: "ganbu2", name: "干部乙", role: "CADRE" });
  await t.member({ username: "dangyuan", name: "党员甲" });
});
afterEach(() => t.close());

const talk = (over: Record<string, string> = {}) => ({
  occurredOn: "2026-11-17",
  counterpartKind: "RESIDENT",
  counterpartName: "群众甲",
  reason: "HARDSHIP",
  content: "了解家庭困难情况",
  ...over,
});

describe("logging a talk", () => {
  it("a member logs a talk and it is saved with them as talker, with an audit entry", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk() });
    expect(res.status).toBe(303);
    const rows = await t.db.talk.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ occurredOn: "2026-11-17", counterpartName: "群众甲", reason: "HARDSHIP" });
    expect(await t.db.auditEntry.count({ where: { action: "talk.create" } })).toBe(1);
  });

  it("a bad date re-renders the form with a Chinese message, the values kept, and writes nothing", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ occurredOn: "2026-02-30", content: "保留我" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("谈心日期不是有效日期");
    expect(res.text).toContain("保留我");
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a talk dated after today is refused", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ occurredOn: "2026-11-19" }) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("不能晚于今天");
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a picked counterpart id that is not an id (-5) is refused with a message under the name field", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ counterpartId: "-5" }) });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="f-counterpartName-err">请选择有效的谈心对象</);
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a counterpart name made only of zero-width, other format characters or NUL counts as empty and is refused; such characters inside a name are dropped", async () => {
    const a = await t.loginAs("dangyuan");
    for (const name of ["\u200B", "\u200B\u200C\u200D\uFEFF", "\u0000", " \u202E\u2060\u00AD "]) {
      const res = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ counterpartName: name }) });
      expect(res.status).toBe(422);
      expect(res.text).toMatch(/id="f-counterpartName-err">请填写谈心对象</);
    }
    expect(await t.db.talk.count()).toBe(0);
    expect((await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ counterpartName: "群\u200B众\u0000乙" }) })).status).toBe(303);
    expect((await t.db.talk.findFirstOrThrow()).counterpartName).toBe("群众乙");
  });

  it("a post without the CSRF token is refused and writes nothing", async () => {
    const a = await t.loginAs("dangyuan");
    const res = await a.post("/talks").type("form").send(talk());
    expect(res.status).toBe(403);
    expect(await t.db.talk.count()).toBe(0);
  });

  it("a typed name links to the resident when exactly one has it", async () => {
    const zone = await t.db.zone.create({ data: { branchId: t.branchId, name: "第一责任区", establishedOn: "2020-01-01" } });
    const r = await t.db.resident.create({ data: { zoneId: zone.id, name: "群众甲" } });
    const a = await t.loginAs("dangyuan");
    await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk() });
    expect((await t.db.talk.findFirstOrThrow()).counterpartResidentId).toBe(r.id);
  });
});

describe("other people's talks", () => {
  async function talkOf(username: string) {
    const m = await t.db.member.findUniqueOrThrow({ where: { username } });
    return t.db.talk.create({ data: { talkerId: m.id, occurredOn: "2026-11-01", counterpartKind: "RESIDENT", counterpartName: "某人", content: "私密内容" } });
  }

  it("a cadre gets 404 opening, editing or posting to another person's talk", async () => {
    const other = await talkOf("ganbu2");
    const a = await t.loginAs("ganbu");
    expect((await a.get(`/talks/${other.id}`)).status).toBe(404);
    expect((await a.get(`/talks/${other.id}/edit`)).status).toBe(404);
    const csrf = await a.csrf();
    expect((await a.post(`/talks/${other.id}`).type("form").send({ _csrf: csrf, ...talk() })).status).toBe(404);
    expect((await a.post(`/talks/${other.id}/delete`).type("form").send({ _csrf: csrf })).status).toBe(404);
    const after = await t.db.talk.findUniqueOrThrow({ where: { id: other.id } });
    expect(after).toMatchObject({ counterpartName: "某人", deletedAt: null });
  });

  it("the secretary can read another person's talk but not edit it", async () => {
    await t.member({ username: "shuji", role: "SECRETARY" });
    const other = await talkOf("ganbu2");
    const a = await t.loginAs("shuji");
    const page = await a.get(`/talks/${other.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("私密内容");
    expect(page.text).not.toContain(`/talks/${other.id}/edit`);
    expect((await a.get(`/talks/${other.id}/edit`)).status).toBe(404);
  });

  it("an id that is not a number is a 404, not a 500", async () => {
    const a = await t.loginAs("ganbu");
    expect((await a.get("/talks/abc")).status).toBe(404);
    expect((await a.get("/talks/99999999999999")).status).toBe(404);
  });
});

describe("editing and deleting my own talk", () => {
  it("edit changes the record and audits before and after", async () => {
    const a = await t.loginAs("dangyuan");
    await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk() });
    const id = (await t.db.talk.findFirstOrThrow()).id;
    const res = await a.post(`/talks/${id}`).type("form").send({ _csrf: await a.csrf(), ...talk({ content: "改过的内容" }) });
    expect(res.status).toBe(303);
    expect((await t.db.talk.findUniqueOrThrow({ where: { id } })).content).toBe("改过的内容");
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "talk.update" } });
    expect(JSON.parse(entry.before!).content).toBe("了解家庭困难情况");
  });

  it("delete is soft: the row stays with deletedAt, leaves my list, and is audited", async () => {
    const a = await t.loginAs("dangyuan");
    await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk() });
    const id = (await t.db.talk.findFirstOrThrow()).id;
    expect((await a.post(`/talks/${id}/delete`).type("form").send({ _csrf: await a.csrf() })).status).toBe(303);
    expect((await t.db.talk.findUniqueOrThrow({ where: { id } })).deletedAt).not.toBeNull();
    expect((await a.get(`/talks/${id}`)).status).toBe(404);
    expect(await t.db.auditEntry.count({ where: { action: "talk.delete" } })).toBe(1);
  });

  it("records of a closed year are read-only: edit and delete are refused and say why", async () => {
    const me = await t.db.member.findUniqueOrThrow({ where: { username: "dangyuan" } });
    const old = await t.db.talk.create({ data: { talkerId: me.id, occurredOn: "2025-06-01", counterpartKind: "RESIDENT", counterpartName: "旧" } });
    await t.db.yearClosure.create({ data: { orgId: t.branchId, year: 2025, closedAt: new Date(), closedById: me.id } });
    const a = await t.loginAs("dangyuan");
    const show = await a.get(`/talks/${old.id}`);
    expect(show.text).toContain("已完成年终备查并关闭");
    const del = await a.post(`/talks/${old.id}/delete`).type("form").send({ _csrf: await a.csrf() });
    expect(del.status).toBe(303);
    expect((await t.db.talk.findUniqueOrThrow({ where: { id: old.id } })).deletedAt).toBeNull();
    const edit = await a.post(`/talks/${old.id}`).type("form").send({ _csrf: await a.csrf(), ...talk({ occurredOn: "2025-06-02" }) });
    expect(edit.status).toBe(422);
    expect(edit.text).toContain("2025 年度已由支部书记完成年终备查");
    const create = await a.post("/talks").type("form").send({ _csrf: await a.csrf(), ...talk({ occurredOn: "2025-12-31" }) });
    expect(create.status).toBe(422);
    expect(await t.db.talk.count()).toBe(1);
  });
});
