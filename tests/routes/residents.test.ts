import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { fakeIdNumber, resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
let residentId: number;
const ID = fakeIdNumber("0042");
const MASKED_ID = `${ID.slice(0, 4)}**********${ID.slice(14)}`;

beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "ganbu", name: "干部甲", role: "CADRE", cadreLevel: "MIDDLE" });
  await t.member({ username: "dangyuan", name: "本区党员" });
  await t.member({ username: "waiqu", name: "外区党员" });
  await t.member({ username: "shuji", name: "书记", role: "SECRETARY" });
  await t.member({ username: "admin", name: "管理员", role: "ADMIN" });
  zoneId = (await zone(t, "第一责任区", ["ganbu", "dangyuan"])).id;
  await zone(t, "第二责任区", ["waiqu"]);
  residentId = (await resident(t, zoneId, "李大娘", { phone: "13900001234", idNumber: ID, address: "幸福村三组二十八号", tags: "困难户、孤寡老人" })).id;
});
afterEach(() => t.close());

describe("masking residents' personal data, role by role", () => {
  it("a member outside the zone sees masked data only, on the list and on the resident's page", async () => {
    const a = await t.loginAs("waiqu");
    for (const page of [await a.get(`/residents?zone=${zoneId}`), await a.get(`/residents/${residentId}`)]) {
      expect(page.status).toBe(200);
      expect(page.text).toContain("139****1234");
      expect(page.text).toContain(MASKED_ID);
      expect(page.text).not.toContain("13900001234");
      expect(page.text).not.toContain(ID);
      expect(page.text).not.toContain("幸福村三组二十八号");
    }
    expect((await a.get(`/residents/${residentId}`)).text).not.toContain("显示完整身份证号");
  });

  it("a member outside the zone cannot reveal the ID number: 403 and no audit entry", async () => {
    const a = await t.loginAs("waiqu");
    const res = await a.post(`/residents/${residentId}/reveal`).type("form").send({ _csrf: await a.csrf() });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(ID);
    expect(await t.db.auditEntry.count({ where: { action: "resident.reveal" } })).toBe(0);
  });

  for (const username of ["dangyuan", "shuji", "admin"]) {
    it(`${username} sees phone and address in full on the resident's page, the ID number only after revealing it, which is audited`, async () => {
      const a = await t.loginAs(username);
      const list = await a.get(`/residents?zone=${zoneId}`);
      expect(list.text).toContain("139****1234"); // lists are masked for everyone
      expect(list.text).not.toContain("13900001234");
      const page = await a.get(`/residents/${residentId}`);
      expect(page.text).toContain("13900001234");
      expect(page.text).toContain("幸福村三组二十八号");
      expect(page.text).toContain(MASKED_ID);
      expect(page.text).not.toContain(ID);
      const shown = await a.post(`/residents/${residentId}/reveal`).type("form").send({ _csrf: await a.csrf(`/residents/${residentId}`) });
      expect(shown.status).toBe(200);
      expect(shown.text).toContain(ID);
      expect(shown.headers["cache-control"]).toContain("no-store");
      const entries = await t.db.auditEntry.findMany({ where: { action: "resident.reveal" }, include: { actor: true } });
      expect(entries.map((e) => [e.actor?.username, e.entityId])).toEqual([[username, String(residentId)]]);
      expect(entries[0].after).not.toContain(ID);
      expect((await a.get(`/residents/${residentId}`)).text).not.toContain(ID); // shown once
    });
  }
});

describe("keeping the residents' ledger", () => {
  it("a member of the zone adds a resident with normalised phone and ID number and tags; the audit keeps masked values", async () => {
    const a = await t.loginAs("dangyuan");
    const id = fakeIdNumber("0077");
    const res = await a.post("/residents").type("form").send({
      _csrf: await a.csrf(), zoneId: String(zoneId), name: "张师傅", phone: "+86 138-0000-5678", idNumber: id.toLowerCase(),
      address: "幸福村一组", householdSize: "4", tags: ["驾驶员", "低保户"], otherTags: "退役军人，驾驶员",
    });
    expect(res.status).toBe(303);
    const p = await t.db.resident.findFirstOrThrow({ where: { name: "张师傅" } });
    expect(p).toMatchObject({ zoneId, phone: "13800005678", idNumber: id, householdSize: 4, tags: "驾驶员、低保户、退役军人" });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "resident.create" } });
    expect(entry.after).toContain("138****5678");
    expect(entry.after).not.toContain("13800005678");
    expect(entry.after).not.toContain(id);
  });

  it("a bad phone or ID number re-renders the form with the values kept and writes nothing", async () => {
    const a = await t.loginAs("ganbu");
    const res = await a.post("/residents").type("form").send({ _csrf: await a.csrf(), zoneId: String(zoneId), name: "王五", phone: "12345", idNumber: "510104199001011235" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("手机号应为 11 位大陆手机号码");
    expect(res.text).toContain("身份证号格式或校验位不正确");
    expect(res.text).toContain("王五");
    expect(await t.db.resident.count()).toBe(1);
  });

  it("a member outside the zone can neither add a resident to it nor edit or delete one (403)", async () => {
    const a = await t.loginAs("waiqu");
    const csrf = await a.csrf();
    expect((await a.post("/residents").type("form").send({ _csrf: csrf, zoneId: String(zoneId), name: "某人" })).status).toBe(422);
    expect((await a.get(`/residents/${residentId}/edit`)).status).toBe(403);
    expect((await a.post(`/residents/${residentId}`).type("form").send({ _csrf: csrf, name: "改名" })).status).toBe(403);
    expect((await a.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: csrf })).status).toBe(403);
    expect(await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).toMatchObject({ name: "李大娘", deletedAt: null });
  });

  it("editing keeps the recorded ID number when the field is left empty; the edit form never shows it in full", async () => {
    const a = await t.loginAs("ganbu");
    const form = await a.get(`/residents/${residentId}/edit`);
    expect(form.text).toContain(MASKED_ID);
    expect(form.text).not.toContain(ID);
    const res = await a.post(`/residents/${residentId}`).type("form").send({ _csrf: await a.csrf(), zoneId: String(zoneId), name: "李大娘", phone: "13900001234", idNumber: "", tags: ["困难户"] });
    expect(res.status).toBe(303);
    expect(await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).toMatchObject({ idNumber: ID, tags: "困难户" });
  });

  it("search finds by name, phone tail and tag", async () => {
    await resident(t, zoneId, "张师傅", { phone: "13800005678", tags: "驾驶员" });
    await resident(t, zoneId, "非困难户老王", { tags: "非困难户" });
    const a = await t.loginAs("ganbu");
    const names = async (qs: string) => [...(await a.get(`/residents?${qs}`)).text.matchAll(/href="\/residents\/\d+">([^<]+)</g)].map((m) => m[1]);
    expect(await names("q=李")).toEqual(["李大娘"]);
    expect(await names("q=5678")).toEqual(["张师傅"]);
    expect(await names(`tag=${encodeURIComponent("困难户")}`)).toEqual(["李大娘"]);
    expect(await names(`tag=${encodeURIComponent("驾驶员")}`)).toEqual(["张师傅"]);
  });

  it("a deleted resident leaves the list and the page is a 404", async () => {
    const a = await t.loginAs("shuji");
    expect((await a.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: await a.csrf() })).status).toBe(303);
    expect((await a.get(`/residents/${residentId}`)).status).toBe(404);
    expect((await a.get("/residents")).text).not.toContain("李大娘");
    expect(await t.db.auditEntry.count({ where: { action: "resident.delete" } })).toBe(1);
  });

  it("members of the zone, cadres included, cannot delete a resident (403) and see no delete button; the secretary and the admin can", async () => {
    for (const username of ["dangyuan", "ganbu"]) {
      const a = await t.loginAs(username);
      expect((await a.get(`/residents/${residentId}`)).text).not.toContain(`/residents/${residentId}/delete`);
      expect((await a.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: await a.csrf() })).status).toBe(403);
    }
    expect(await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).toMatchObject({ deletedAt: null });
    const admin = await t.loginAs("admin");
    expect((await admin.get(`/residents/${residentId}`)).text).toContain(`/residents/${residentId}/delete`);
    expect((await admin.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: await admin.csrf() })).status).toBe(303);
    expect((await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).deletedAt).not.toBeNull();
  });

  it("a resident in a pairing still running cannot be deleted, even by the secretary, and says why; once the pairing ended it can", async () => {
    const ganbu = await t.db.member.findUniqueOrThrow({ where: { username: "ganbu" } });
    const p = await t.db.pairing.create({ data: { cadreId: ganbu.id, residentId, startedOn: "2026-03-01", endedOn: "2026-12-31" } });
    const a = await t.loginAs("shuji");
    const res = await a.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: await a.csrf() });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/residents/${residentId}`);
    expect((await a.get(`/residents/${residentId}`)).text).toContain("该群众与干部甲的结对尚未结束，不能删除；请先结束结对");
    expect(await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).toMatchObject({ deletedAt: null });
    expect(await t.db.auditEntry.count({ where: { action: "resident.delete" } })).toBe(0);
    await t.db.pairing.update({ where: { id: p.id }, data: { endedOn: "2026-11-18" } });
    expect((await a.post(`/residents/${residentId}/delete`).type("form").send({ _csrf: await a.csrf() })).status).toBe(303);
    expect((await t.db.resident.findUniqueOrThrow({ where: { id: residentId } })).deletedAt).not.toBeNull();
  });
});
