/**
 * Search boxes take `%` and `_` as characters, never as LIKE wildcards (QA finding 21): the talk
 * form's counterpart list, 群众台账 (name and tag), the admin's account list and the member picker.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../support/app.ts";
import { resident, zone } from "../support/zones.ts";

let t: TestApp;
let zoneId: number;
beforeEach(async () => {
  t = await testApp({ now: "2026-11-18T10:00:00+08:00" });
  await t.member({ username: "dangyuan", name: "党员甲" });
  await t.member({ username: "guanli", name: "管理员", role: "ADMIN" });
  await t.member({ username: "a_b", name: "下划线_同志" });
  await t.member({ username: "axb", name: "普通同志" });
  zoneId = (await zone(t, "第一责任区", ["dangyuan"])).id;
  await resident(t, zoneId, "张三", { tags: "困难户" });
  await resident(t, zoneId, "百分之100%", { tags: "50%残疾" });
  await resident(t, zoneId, "Tom Lee", { tags: "" });
});
afterEach(() => t.close());

const q = encodeURIComponent;

describe("search terms with % and _", () => {
  it("ASCII case is folded on either engine (SQLite's LIKE; PostgreSQL's ILIKE)", async () => {
    const a = await t.loginAs("dangyuan");
    const names = async (term: string) => ((await a.get(`/counterparts?kind=RESIDENT&q=${q(term)}`)).body as { name: string }[]).map((r) => r.name);
    expect(await names("tom")).toEqual(["Tom Lee"]);
    expect(await names("LEE")).toEqual(["Tom Lee"]);
    expect(await names("tom lee")).toEqual(["Tom Lee"]);
  });

  it("the counterpart list: % and _ match only names that contain them", async () => {
    const a = await t.loginAs("dangyuan");
    const names = async (kind: string, term: string) => ((await a.get(`/counterparts?kind=${kind}&q=${q(term)}`)).body as { name: string }[]).map((r) => r.name);
    expect(await names("RESIDENT", "%")).toEqual(["百分之100%"]);
    expect(await names("RESIDENT", "_")).toEqual([]);
    expect(await names("RESIDENT", "张")).toEqual(["张三"]);
    expect(await names("MEMBER", "_")).toEqual(["下划线_同志"]);
    expect(await names("MEMBER", "%")).toEqual([]);
  });

  it("群众台账: a name or tag of % finds only what holds a %", async () => {
    const a = await t.loginAs("dangyuan");
    const names = async (qs: string) => [...(await a.get(`/residents?zone=${zoneId}&${qs}`)).text.matchAll(/href="\/residents\/\d+">([^<]+)</g)].map((m) => m[1]);
    expect(await names(`q=${q("%")}`)).toEqual(["百分之100%"]);
    expect(await names(`q=${q("_")}`)).toEqual([]);
    expect(await names(`tag=${q("%")}`)).toEqual([]);
    expect(await names(`tag=${q("50%残疾")}`)).toEqual(["百分之100%"]);
    expect(await names(`tag=${q("困难户")}`)).toEqual(["张三"]);
  });

  it("the admin's account list and member picker: _ matches the login name with an underscore only", async () => {
    const a = await t.loginAs("guanli");
    const list = (await a.get(`/admin/accounts?q=${q("_")}`)).text;
    expect(list).toContain("a_b");
    expect(list).not.toContain(">axb<");
    expect(list).not.toContain("dangyuan");
    const none = (await a.get(`/admin/accounts?q=${q("%")}`)).text;
    expect(none).not.toContain("dangyuan");
    const picker = (await a.get(`/admin/zones/move?q=${q("_")}`)).text;
    expect(picker).toContain("a_b");
    expect(picker).not.toContain("dangyuan");
  });
});
