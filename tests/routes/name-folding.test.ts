/**
 * Names stored and compared folded, through the real app and the import (issue 11, item 10):
 * `第一　责任区` is `第一责任区`, `９号` is `9号`; searches fold the query the same way; a second
 * resident of the same folded name in a zone asks for confirmation (仍然保存) instead of being
 * saved silently.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type Agent, type TestApp } from "../support/app.ts";
import { resident, zone } from "../support/zones.ts";
import { commitImport } from "../../src/import/engine.ts";
import { csv } from "../import/files.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "dangyuan", name: "本区党员" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
  zoneId = (await zone(t, "第一责任区", ["dangyuan"])).id;
});
afterEach(() => t.close());

const listNames = async (a: Agent, qs: string) => [...(await a.get(`/residents?${qs}`)).text.matchAll(/href="\/residents\/\d+">([^<]+)</g)].map((m) => m[1]);

async function addResident(a: Agent, body: Record<string, string>) {
  return a.post("/residents").type("form").send({ _csrf: await a.csrf("/residents/new"), zoneId: String(zoneId), phone: "", idNumber: "", address: "", householdSize: "", otherTags: "", ...body });
}

describe("names are stored folded", () => {
  it("a zone typed with an ideographic space is stored without it, and the same name typed again is a duplicate", async () => {
    const admin = await t.loginAs("guanli");
    const csrf = await admin.csrf("/admin/zones/new");
    expect((await admin.post("/admin/zones").type("form").send({ _csrf: csrf, name: "第二　责任区", establishedOn: "2026-01-01" })).status).toBe(303);
    expect(await t.db.zone.count({ where: { name: "第二责任区" } })).toBe(1);
    const again = await admin.post("/admin/zones").type("form").send({ _csrf: csrf, name: "第二 责任区", establishedOn: "2026-01-01" });
    expect(again.status).toBe(422);
    expect(again.text).toContain("已有同名责任区");
    expect(await t.db.zone.count()).toBe(2);
  });

  it("a resident typed with full-width digits and spaces is stored folded", async () => {
    const a = await t.loginAs("dangyuan");
    expect((await addResident(a, { name: "９号楼　王伯" })).status).toBe(303);
    expect((await t.db.resident.findFirstOrThrow()).name).toBe("9号楼王伯");
  });

  it("an import folds zone and resident names and finds a zone typed with a full-width space", async () => {
    const admin = await t.db.member.findUniqueOrThrow({ where: { username: "guanli" } });
    const opts = { today: "2026-11-18", now: new Date("2026-11-18T10:00:00+08:00"), actorId: admin.id };
    const file = csv(["姓名", "责任区"], [["张　三", "第一　责任区"], ["１２号　李四", "第一 责任区"]]);
    const done = await commitImport(t.kx, "residents", file, "residents.csv", opts);
    expect(done.plan.errors).toEqual([]);
    expect((await t.db.resident.findMany({ where: { zoneId }, orderBy: { id: "asc" } })).map((r) => r.name)).toEqual(["张三", "12号李四"]);
  });
});

describe("searches fold the query", () => {
  it("full-width digits find the phone tail, a spaced name finds the folded one", async () => {
    await resident(t, zoneId, "王伯", { phone: "13900005678" });
    const a = await t.loginAs("dangyuan");
    expect(await listNames(a, `q=${encodeURIComponent("５６７８")}`)).toEqual(["王伯"]);
    expect(await listNames(a, `q=${encodeURIComponent("王　伯")}`)).toEqual(["王伯"]);
    const picked = await a.get(`/counterparts?kind=RESIDENT&q=${encodeURIComponent("王　伯")}`);
    expect(picked.body.map((r: { name: string }) => r.name)).toEqual(["王伯"]);
  });
});

describe("a second resident of the same name in a zone asks for confirmation", () => {
  it("the form comes back (422) with a warning and a 仍然保存 box, and nothing is saved", async () => {
    await resident(t, zoneId, "李大娘");
    const a = await t.loginAs("dangyuan");
    const res = await addResident(a, { name: "李　大娘", phone: "13900001111" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("本责任区已有同名群众「李大娘」");
    expect(res.text).toMatch(/<input type="checkbox" name="confirmDuplicate" value="1"[^>]*> 仍然保存/);
    expect(res.text).toContain('value="13900001111"'); // the typed values are kept
    expect(await t.db.resident.count()).toBe(1);
  });

  it("ticking 仍然保存 saves the second one", async () => {
    await resident(t, zoneId, "李大娘");
    const a = await t.loginAs("dangyuan");
    expect((await addResident(a, { name: "李大娘", confirmDuplicate: "1" })).status).toBe(303);
    expect(await t.db.resident.count({ where: { name: "李大娘" } })).toBe(2);
  });

  it("a namesake in another zone, or a deleted one, does not ask", async () => {
    const other = await zone(t, "第二责任区");
    await resident(t, other.id, "李大娘");
    await t.db.resident.create({ data: { zoneId, name: "李大娘", deletedAt: new Date() } });
    const a = await t.loginAs("dangyuan");
    expect((await addResident(a, { name: "李大娘" })).status).toBe(303);
  });

  it("editing an existing namesake's phone does not ask again; renaming into a namesake does", async () => {
    await resident(t, zoneId, "李大娘");
    const second = await t.db.resident.create({ data: { zoneId, name: "李大娘" } });
    const third = await resident(t, zoneId, "王伯");
    const a = await t.loginAs("dangyuan");
    const edit = async (id: number, name: string) =>
      a.post(`/residents/${id}`).type("form").send({ _csrf: await a.csrf(`/residents/${id}/edit`), zoneId: String(zoneId), name, phone: "13900002222", idNumber: "", address: "", householdSize: "", otherTags: "" });
    expect((await edit(second.id, "李大娘")).status).toBe(303);
    const renamed = await edit(third.id, "李大娘");
    expect(renamed.status).toBe(422);
    expect(renamed.text).toContain("仍然保存");
  });
});
